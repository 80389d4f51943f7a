from connectors.source import Source, signature

SOURCE = Source(
    name="linkedin",
    source="linkedin",
    channel="ads",
    formats=("csv",),
    signatures=(signature("Lead ID", "Email Address", "Submitted At"),
                signature("Email Address", "Form Name", "Submitted At")),
    description=("LinkedIn lead gen form leads downloaded from Campaign Manager (CSV): contact "
                 "answers, campaign, form and submission time. If your download names columns "
                 "differently, map them with `columns:` in sources.yaml."),
    columns={name: "VARCHAR" for name in (
        "Lead ID", "Campaign Name", "Form Name", "Company Name", "Job Title", "Country/Region",
        "Lead Type")},
)
