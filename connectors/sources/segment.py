from connectors.source import Source, signature

SOURCE = Source(
    name="segment",
    source="segment",
    channel="web",
    formats=("json",),
    signatures=(signature("messageId", "anonymousId", "type", "timestamp"),),
    description=("Segment track/page/identify events (NDJSON): anonymousId linked to userId and "
                 "traits.email, ISO timestamps, context.campaign (UTM), click ids in page URLs."),
    columns={
        "type": "VARCHAR", "messageId": "VARCHAR", "anonymousId": "VARCHAR",
        "userId": "VARCHAR", "timestamp": "VARCHAR", "event": "VARCHAR",
        "properties": "STRUCT(path VARCHAR, url VARCHAR)",
        "context": ("STRUCT(page STRUCT(path VARCHAR, url VARCHAR), "
                    "campaign STRUCT(name VARCHAR, source VARCHAR, medium VARCHAR), "
                    "traits STRUCT(email VARCHAR))"),
        "traits": "JSON",
    },
)
