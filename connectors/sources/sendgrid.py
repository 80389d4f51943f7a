from connectors.source import Source, signature

SOURCE = Source(
    name="sendgrid",
    source="sendgrid",
    channel="email",
    formats=("json",),
    signatures=(signature("sg_event_id", "event", "timestamp"),),
    description=("SendGrid Event Webhook events (NDJSON, or the JSON array a webhook posts): "
                 "email, unix timestamp, event, sg_event_id, url, category, campaign."),
    columns={"email": "VARCHAR", "timestamp": "VARCHAR", "event": "VARCHAR",
             "sg_event_id": "VARCHAR", "sg_message_id": "VARCHAR", "url": "VARCHAR",
             "category": "JSON", "marketing_campaign_name": "VARCHAR",
             "singlesend_name": "VARCHAR"},
)
