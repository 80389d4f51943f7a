from connectors.source import Source, signature

SOURCE = Source(
    name="meta_business_suite",
    source="meta_business_suite",
    channel="social",
    formats=("csv",),
    signatures=(signature("Post ID", "Publish time", "Permalink"),),
    description=("Meta Business Suite posts export (CSV with BOM, Facebook or Instagram): "
                 "lifetime figures per post, dated by its publish day (MM/DD/YYYY HH:MM, page "
                 "time zone) -> channel_metrics."),
    columns={name: "VARCHAR" for name in (
        "Title", "Description", "Custom labels", "Impressions", "Views", "Reach",
        "Reactions, comments and shares", "Reactions", "Comments", "Shares", "Total clicks",
        "Link clicks", "Likes", "Saves", "Follows")},
)
