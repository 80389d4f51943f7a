from connectors.source import Source, signature

SOURCE = Source(
    name="generic",
    source="generic",
    channel="web",
    channel_from_settings=True,  # sources.yaml says it (`channel:`)
    formats=("csv", "parquet", "xes"),
    signatures=(signature("case", "activity", "timestamp"),),
    description=("Any event log: CSV or Parquet with a column mapping in sources.yaml "
                 "(columns: {case: ..., activity: ..., timestamp: ...}, optionally event_id and "
                 "campaign), or XES (.xes, .xes.gz) with its standard attributes."),
    columns={name: "VARCHAR" for name in ("event_id", "campaign")},
)
