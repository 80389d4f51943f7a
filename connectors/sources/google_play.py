from connectors.source import Source, signature

SOURCE = Source(
    name="google_play",
    source="google_play",
    channel="feedback",
    formats=("csv",),
    signatures=(signature("Package Name", "Review Submit Date and Time", "Star Rating"),
                signature("Package Name", "Review Submit Millis Since Epoch", "Star Rating")),
    description=("Google Play Console reviews report (CSV in UTF-16LE with a BOM, from the "
                 "reviews/ folder of the reports bucket): Package Name (the subject), Reviewer "
                 "Language, Review Submit Date and Time / Millis Since Epoch, Star Rating (1-5), "
                 "Review Title, Review Text, Review Link. App reviews name no customer: "
                 "channel-level feedback."),
    columns={name: "VARCHAR" for name in (
        "App Version Code", "Reviewer Language", "Review Submit Date and Time",
        "Review Submit Millis Since Epoch", "Review Title", "Review Text", "Review Link")},
)
