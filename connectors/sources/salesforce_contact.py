from connectors.source import Source, signature

SOURCE = Source(
    name="salesforce_contact",
    source="salesforce",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Id", "AccountId", "LastName", "Email"),),
    description="Salesforce Contact (CSV, API field names): contact id linked to email, traits.",
    columns={name: "VARCHAR" for name in (
        "CreatedDate", "LastModifiedDate", "LeadSource", "MailingCountry", "Title",
        "Department")},
)
