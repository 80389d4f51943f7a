-- name: touchpoints
SELECT source_row,
       'Submitted At' AS timestamp_field,
       "Submitted At" AS timestamp_raw,
       'lead' AS vendor_event,
       'lead_form_submitted' AS default_touchpoint,
       'Email Address' AS identifier_field,
       coalesce(email_key("Email Address"), id_key('linkedin_lead', "Lead ID")) AS identifier_key,
       coalesce("Campaign Name", "Form Name") AS campaign,
       coalesce("Lead ID", md5(concat_ws('|', "Email Address", "Form Name", "Submitted At")))
           AS event_key,
       'linkedin' AS utm_source,
       CASE WHEN lower("Lead Type") = 'organic' THEN 'social' ELSE 'paid_social' END AS utm_medium
FROM raw

-- name: edges
SELECT source_row, id_key('linkedin_lead', "Lead ID") AS left_key,
       email_key("Email Address") AS right_key
FROM raw

-- name: traits
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row,
             coalesce(email_key("Email Address"), id_key('linkedin_lead', "Lead ID"))
                 AS identifier_key,
             utc_time("Submitted At", $timezone) AS observed_at,
             "Company Name" AS company, "Job Title" AS job_title, "Country/Region" AS country
      FROM raw)
UNPIVOT (value FOR name IN (company, job_title, country))
