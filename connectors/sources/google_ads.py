from connectors.source import Source

SOURCE = Source(
    name="google_ads",
    channel="ads",
    format="csv",
    signature=frozenset({"click_view.gclid", "segments.date"}),
    description="Google Ads click view (CSV): gclid per click, date-only in the account time zone.",
)
