-- name: touchpoints
SELECT source_row,
       'CreatedDate' AS timestamp_field,
       "CreatedDate" AS timestamp_raw,
       'Opportunity Created' AS vendor_event,
       'deal_created' AS default_touchpoint,
       'Id' AS identifier_field,
       id_key('salesforce_opportunity', "Id") AS identifier_key,
       coalesce("CampaignId", "Name") AS campaign,
       "Id" || '|created' AS event_key
FROM raw

-- name: edges
SELECT source_row, id_key('salesforce_opportunity', "Id") AS left_key,
       id_key('salesforce_contact', "ContactId") AS right_key
FROM raw
