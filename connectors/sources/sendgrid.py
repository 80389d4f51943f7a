from connectors.source import Source

SOURCE = Source(
    name="sendgrid",
    channel="email",
    format="ndjson",
    signature=frozenset({"sg_event_id", "event", "timestamp"}),
    description=("SendGrid Event Webhook events (NDJSON): email, unix timestamp, event, "
                "sg_event_id."),
)
