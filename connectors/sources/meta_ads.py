from connectors.source import Source, signature

SOURCE = Source(
    name="meta_ads",
    source="meta_ads",
    channel="ads",
    formats=("csv",),
    signatures=(signature("id", "created_time", "ad_id", "form_id", "is_organic"),),
    description=("Meta lead ads export (UTF-16 TSV from Ads Manager / Leads Center): id "
                 "('l:...'), created_time with offset, ad/adset/campaign/form names, is_organic, "
                 "platform, and the form's answers (email, company_name, country ...)."),
    columns={name: "VARCHAR" for name in (
        "email", "work_email", "campaign_name", "ad_name", "form_name", "platform",
        "company_name", "job_title", "country", "city")},
)
