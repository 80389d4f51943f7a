from connectors.source import Source

SOURCE = Source(
    name="segment",
    channel="web",
    format="ndjson",
    signature=frozenset({"messageId", "anonymousId", "type", "timestamp"}),
    description="Segment track/page/identify events (NDJSON): anonymousId linked to userId/email.",
)
