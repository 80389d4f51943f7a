-- name: touchpoints
SELECT source_row,
       'CreatedDate' AS timestamp_field,
       "CreatedDate" AS timestamp_raw,
       "StageName" AS vendor_event,
       'deal_stage_changed:' || slug("StageName") AS default_touchpoint,
       'OpportunityId' AS identifier_field,
       id_key('salesforce_opportunity', "OpportunityId") AS identifier_key,
       "Id" AS event_key
FROM raw
