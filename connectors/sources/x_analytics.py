from connectors.source import Source, signature

SOURCE = Source(
    name="x_analytics",
    source="x",
    channel="social",
    formats=("csv",),
    signatures=(signature("Tweet id", "Tweet permalink", "impressions"),
                signature("Post id", "Post Link", "Impressions")),
    description=("X (Twitter) analytics post export (CSV), the classic tweet activity columns "
                 "('time' as 2026-08-15 13:12 +0000) or the current content export ('Date' as "
                 "'Tue, Jul 14, 2026') -> channel_metrics."),
    columns={name: "VARCHAR" for name in (  # DuckDB column names ignore case
        "Tweet id", "Tweet text", "time", "Post id", "Post text", "Date", "impressions",
        "engagements", "retweets", "Reposts", "replies", "likes", "url clicks",
        "user profile clicks", "Profile visits", "follows", "New follows", "Bookmarks",
        "Shares", "detail expands", "media views")},
)
