from connectors.source import Source, signature

SOURCE = Source(
    name="mailchimp_activity",
    source="mailchimp",
    channel="email",
    formats=("json",),
    signatures=(signature("action", "timestamp", "campaign_id"),
                signature("email_id", "activity", "campaign_id")),
    description=("Mailchimp member activity (NDJSON/JSON): flat records (action, timestamp, url, "
                 "campaign_id, member_id = MD5 of the lowercased email) or email-activity "
                 "reports with an `activity` list."),
    columns={
        "action": "VARCHAR", "timestamp": "VARCHAR", "url": "VARCHAR", "campaign_id": "VARCHAR",
        "title": "VARCHAR", "email_id": "VARCHAR", "member_id": "VARCHAR",
        "email_address": "VARCHAR",
        "activity": 'STRUCT(action VARCHAR, "timestamp" VARCHAR, url VARCHAR)[]',
    },
)
