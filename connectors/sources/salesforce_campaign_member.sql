-- name: touchpoints
WITH steps AS (
    SELECT *, 'CreatedDate' AS timestamp_field, "CreatedDate" AS timestamp_raw,
           'Member Added' AS vendor_event FROM raw
    UNION ALL
    SELECT *, 'FirstRespondedDate', "FirstRespondedDate", 'Responded'
    FROM raw WHERE "FirstRespondedDate" IS NOT NULL
)
SELECT source_row, timestamp_field, timestamp_raw,
       vendor_event,
       'campaign_' || slug(replace(vendor_event, 'Member ', 'member_')) AS default_touchpoint,
       'ContactId' AS identifier_field,
       coalesce(id_key('salesforce_contact', "ContactId"), id_key('salesforce_lead', "LeadId"))
           AS identifier_key,
       "CampaignId" AS campaign,
       "Id" || '|' || timestamp_field AS event_key
FROM steps

-- name: edges
SELECT source_row, id_key('salesforce_lead', "LeadId") AS left_key,
       id_key('salesforce_contact', "ContactId") AS right_key
FROM raw
