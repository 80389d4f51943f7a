from connectors.source import Source, signature

SOURCE = Source(
    name="google_ads",
    source="google_ads",
    channel="ads",
    formats=("csv",),
    signatures=(signature("click_view.gclid", "segments.date"),),
    description=("Google Ads click view (CSV, API field names): gclid per click, date-only "
                 "`segments.date` in the account time zone, campaign, ad group, keyword."),
    columns={"campaign.name": "VARCHAR", "ad_group.name": "VARCHAR",
             "click_view.keyword_info.text": "VARCHAR"},
)
