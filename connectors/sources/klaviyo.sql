-- name: touchpoints
-- An event names its metric by id; the metric objects of the same export give the name.
WITH metrics AS (
    SELECT id, attributes->>'$.name' AS name FROM raw WHERE type = 'metric'
), events AS (
    SELECT e.*, coalesce(m.name, e.relationships.metric.data.id) AS metric,
           e.attributes->'$.event_properties' AS props
    FROM raw e LEFT JOIN metrics m ON m.id = e.relationships.metric.data.id
    WHERE e.type = 'event'
)
SELECT source_row,
       'attributes.datetime' AS timestamp_field,
       coalesce(attributes->>'$.datetime', attributes->>'$.timestamp') AS timestamp_raw,
       metric AS vendor_event,
       'klaviyo_' || slug(metric) AS default_touchpoint,
       'relationships.profile' AS identifier_field,
       id_key('klaviyo_profile', relationships.profile.data.id) AS identifier_key,
       coalesce(props->>'$."Campaign Name"', props->>'$."$flow"') AS campaign,
       id AS event_key,
       url_param(props->>'$.URL', 'utm_source') AS utm_source,
       url_param(props->>'$.URL', 'utm_medium') AS utm_medium
FROM events

-- name: edges
SELECT source_row, id_key('klaviyo_profile', id) AS left_key,
       email_key(attributes->>'$.email') AS right_key
FROM raw WHERE type = 'profile'

-- name: traits
-- Standard profile fields, then every custom property under its snake_case name.
WITH profiles AS (
    SELECT source_row, id_key('klaviyo_profile', id) AS identifier_key, attributes AS a,
           utc_time(coalesce(attributes->>'$.updated', attributes->>'$.created'), $timezone)
               AS observed_at
    FROM raw WHERE type = 'profile'
)
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row, identifier_key, observed_at,
             a->>'$.location.country' AS country, a->>'$.location.region' AS region,
             a->>'$.location.city' AS city, a->>'$.organization' AS company,
             a->>'$.title' AS job_title
      FROM profiles)
UNPIVOT (value FOR name IN (country, region, city, company, job_title))
UNION ALL
SELECT source_row, identifier_key, slug(k),
       json_extract_string(a, '/properties/' || replace(replace(k, '~', '~0'), '/', '~1')),
       observed_at
FROM (SELECT *, unnest(json_keys(a, '$.properties')) AS k FROM profiles)
