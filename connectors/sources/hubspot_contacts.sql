-- name: touchpoints
-- One touchpoint per filled lifecycle date column, legacy ('Became a Lead Date') or current
-- ('Date entered "Lead (Lifecycle Stage Pipeline)"'); both name the same step once.
WITH lifecycle AS (
    UNPIVOT (SELECT source_row, "Record ID", "Email",
                    COLUMNS('^(Became an? .+ Date|Date entered ".+ \(Lifecycle Stage Pipeline\)")$')
             FROM raw)
    ON COLUMNS('^(Became an? .+ Date|Date entered ".+ \(Lifecycle Stage Pipeline\)")$')
    INTO NAME vendor_event VALUE timestamp_raw
), staged AS (
    SELECT *, replace(replace(slug(coalesce(
                  nullif(regexp_extract(vendor_event, '^Became an? (.+) Date$', 1), ''),
                  regexp_extract(vendor_event, '^Date entered "(.+) \(Lifecycle', 1))),
              'marketing_qualified_lead', 'mql'), 'sales_qualified_lead', 'sql') AS stage
    FROM lifecycle
)
SELECT source_row,
       vendor_event AS timestamp_field,
       timestamp_raw,
       vendor_event,
       'lifecycle_' || stage AS default_touchpoint,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('hubspot_contact', "Record ID")) AS identifier_key,
       "Record ID" || '|' || stage AS event_key
FROM staged

-- name: edges
SELECT source_row, id_key('hubspot_contact', "Record ID") AS left_key,
       email_key("Email") AS right_key
FROM raw
UNION ALL
SELECT source_row, id_key('hubspot_contact', "Record ID"), id_key('gclid', "Google ad click id")
FROM raw WHERE "Google ad click id" IS NOT NULL
UNION ALL
SELECT source_row, id_key('hubspot_contact', "Record ID"), id_key('fbclid', "Facebook click id")
FROM raw WHERE "Facebook click id" IS NOT NULL

-- name: traits
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row,
             coalesce(email_key("Email"), id_key('hubspot_contact', "Record ID")) AS identifier_key,
             utc_time(coalesce("Last Modified Date", "Create Date"), $timezone) AS observed_at,
             "Lifecycle Stage" AS lifecycle_stage, "Company Name" AS company,
             "Country/Region" AS country, "Original Source" AS original_source,
             "Industry" AS industry, "Job Title" AS job_title
      FROM raw)
UNPIVOT (value FOR name IN (lifecycle_stage, company, country, original_source, industry,
                            job_title))

-- name: problems
SELECT source_row, 'Record ID' AS field, 'missing identifier (no Record ID, no Email)' AS reason
FROM raw WHERE id_key('hubspot_contact', "Record ID") IS NULL AND email_key("Email") IS NULL
