from connectors.source import Source, signature

SOURCE = Source(
    name="salesforce_campaign_member",
    source="salesforce",
    channel="crm",
    formats=("csv",),
    signatures=(signature("Id", "CampaignId", "Status", "HasResponded"),),
    description=("Salesforce CampaignMember (CSV): joining a campaign (CreatedDate) and "
                 "responding (date-only FirstRespondedDate); the member is a lead or a contact."),
    columns={name: "VARCHAR" for name in ("LeadId", "ContactId", "CreatedDate",
                                          "FirstRespondedDate")},
)
