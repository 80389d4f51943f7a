from connectors.source import Source, signature

SOURCE = Source(
    name="salesforce_lead",
    source="salesforce",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Id", "Company", "Status", "IsConverted"),),
    description=("Salesforce Lead (CSV, API field names): CreatedDate (ISO with offset) and the "
                 "date-only ConvertedDate are steps; conversion links the lead to its contact "
                 "and opportunity."),
    columns={name: "VARCHAR" for name in (
        "Email", "CreatedDate", "LastModifiedDate", "ConvertedDate", "ConvertedContactId",
        "ConvertedOpportunityId", "LeadSource", "Industry", "Country", "Title")},
)
