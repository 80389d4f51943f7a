from connectors.source import Source, signature

SOURCE = Source(
    name="hubspot_deals",
    source="hubspot",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Record ID", "Deal Name", "Deal Stage"),),
    description=("HubSpot deals export with stage history (CSV): 'Create Date' and each "
                 "'Date entered \"<stage> (<pipeline>)\"' column; the deal belongs to its first "
                 "associated contact."),
    columns={name: "VARCHAR" for name in (
        "Create Date", "Pipeline", "Associated Contact IDs", "Associated Contact",
        'Date entered "Closed Won (Sales Pipeline)"')},
)
