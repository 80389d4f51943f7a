from connectors.source import Source, signature

SOURCE = Source(
    name="salesforce_opportunity",
    source="salesforce",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Id", "AccountId", "StageName", "CloseDate"),),
    description=("Salesforce Opportunity (CSV): its creation; ContactId (or lead conversion) "
                 "ties it to a person. Stage changes come from OpportunityHistory."),
    columns={name: "VARCHAR" for name in ("ContactId", "CampaignId", "Name", "LeadSource")},
)
