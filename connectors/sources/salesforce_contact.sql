-- name: touchpoints
SELECT source_row,
       'CreatedDate' AS timestamp_field,
       "CreatedDate" AS timestamp_raw,
       'Contact Created' AS vendor_event,
       'contact_created' AS default_touchpoint,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('salesforce_contact', "Id")) AS identifier_key,
       "Id" || '|created' AS event_key
FROM raw

-- name: edges
SELECT source_row, id_key('salesforce_contact', "Id") AS left_key, email_key("Email") AS right_key
FROM raw

-- name: traits
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row,
             coalesce(email_key("Email"), id_key('salesforce_contact', "Id")) AS identifier_key,
             utc_time(coalesce("LastModifiedDate", "CreatedDate"), $timezone) AS observed_at,
             "LeadSource" AS lead_source, "MailingCountry" AS country, "Title" AS job_title,
             "Department" AS department
      FROM raw)
UNPIVOT (value FOR name IN (lead_source, country, job_title, department))
