from connectors.source import Source, signature

LIFECYCLE_DATES = ("Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead",
                   "Opportunity", "Customer", "Evangelist", "Other")

SOURCE = Source(
    name="hubspot_contacts",
    source="hubspot",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Record ID", "Email", "Lifecycle Stage"),
                signature("Record ID", "Email", "Create Date", "First Name")),
    description=("HubSpot contacts export (CSV): each 'Became a ... Date' (or 'Date entered "
                 "\"... (Lifecycle Stage Pipeline)\"') column is a lifecycle step in the portal's "
                 "time zone; CRM fields become traits, click id fields link ad clicks."),
    columns={name: "VARCHAR" for name in (
        "Create Date", "Last Modified Date", "Lifecycle Stage", "Company Name", "Country/Region",
        "Original Source", "Industry", "Job Title", "Google ad click id", "Facebook click id",
        *(f"Became {'an' if s[0] in 'AEIOU' else 'a'} {s} Date" for s in LIFECYCLE_DATES))},
)
