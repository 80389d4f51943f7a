-- name: touchpoints
WITH steps AS (
    SELECT source_row, "Id", "Email", 'CreatedDate' AS timestamp_field,
           'Lead Created' AS vendor_event, "CreatedDate" AS timestamp_raw FROM raw
    UNION ALL
    SELECT source_row, "Id", "Email", 'ConvertedDate', 'Lead Converted', "ConvertedDate"
    FROM raw WHERE is_true("IsConverted") OR "ConvertedDate" IS NOT NULL
)
SELECT source_row, timestamp_field, timestamp_raw,
       vendor_event,
       slug(vendor_event) AS default_touchpoint,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('salesforce_lead', "Id")) AS identifier_key,
       "Id" || '|' || vendor_event AS event_key
FROM steps

-- name: edges
SELECT source_row, id_key('salesforce_lead', "Id") AS left_key, email_key("Email") AS right_key
FROM raw
UNION ALL
SELECT source_row, id_key('salesforce_lead', "Id"),
       id_key('salesforce_contact', "ConvertedContactId")
FROM raw WHERE "ConvertedContactId" IS NOT NULL
UNION ALL
SELECT source_row, id_key('salesforce_lead', "Id"),
       id_key('salesforce_opportunity', "ConvertedOpportunityId")
FROM raw WHERE "ConvertedOpportunityId" IS NOT NULL

-- name: traits
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row,
             coalesce(email_key("Email"), id_key('salesforce_lead', "Id")) AS identifier_key,
             utc_time(coalesce("LastModifiedDate", "CreatedDate"), $timezone) AS observed_at,
             "Company" AS company, "Industry" AS industry, "LeadSource" AS lead_source,
             "Country" AS country, "Title" AS job_title, "Status" AS lead_status
      FROM raw)
UNPIVOT (value FOR name IN (company, industry, lead_source, country, job_title, lead_status))
