-- name: touchpoints
SELECT source_row,
       'created_time' AS timestamp_field,
       created_time AS timestamp_raw,
       CASE WHEN is_true(is_organic) THEN 'organic_lead' ELSE 'lead' END AS vendor_event,
       'lead_form_submitted' AS default_touchpoint,
       'email' AS identifier_field,
       coalesce(email_key(coalesce(email, work_email)), id_key('meta_lead', id))
           AS identifier_key,
       coalesce(campaign_name, form_name) AS campaign,
       id AS event_key,
       CASE platform WHEN 'ig' THEN 'instagram' WHEN 'fb' THEN 'facebook' ELSE platform END
           AS utm_source,
       CASE WHEN is_true(is_organic) THEN 'social' ELSE 'paid_social' END AS utm_medium
FROM raw

-- name: edges
SELECT source_row, id_key('meta_lead', id) AS left_key,
       email_key(coalesce(email, work_email)) AS right_key
FROM raw

-- name: traits
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row,
             coalesce(email_key(coalesce(email, work_email)), id_key('meta_lead', id))
                 AS identifier_key,
             utc_time(created_time, $timezone) AS observed_at,
             company_name AS company, job_title, country, city
      FROM raw)
UNPIVOT (value FOR name IN (company, job_title, country, city))
