from connectors.source import Source, signature

SOURCE = Source(
    name="salesforce_opportunity_history",
    source="salesforce",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Id", "OpportunityId", "StageName", "CreatedDate"),),
    description="Salesforce OpportunityHistory (CSV): one stage change per row.",
)
