from connectors.source import Source, signature

SOURCE = Source(
    name="mailchimp_audience",
    source="mailchimp",
    channel="email",
    formats=("csv",),
    signatures=(signature("Email Address", "MEMBER_RATING", "LEID"),
                signature("Email Address", "OPTIN_TIME", "LEID")),
    description=("Mailchimp audience export (subscribed, unsubscribed or cleaned CSV): "
                 "OPTIN_TIME, CONFIRM_TIME, UNSUB_TIME, CLEAN_TIME are steps (UTC); CC, REGION, "
                 "TIMEZONE, MEMBER_RATING, TAGS are traits."),
    columns={name: "VARCHAR" for name in (
        "OPTIN_TIME", "CONFIRM_TIME", "UNSUB_TIME", "CLEAN_TIME", "LAST_CHANGED", "EUID", "CC",
        "REGION", "TIMEZONE", "MEMBER_RATING", "TAGS", "UNSUB_CAMPAIGN_TITLE",
        "CLEAN_CAMPAIGN_TITLE")},
)
