-- name: touchpoints
-- `timestamp` is unix seconds (UTC); `category` is a string or a list of strings.
SELECT source_row,
       'timestamp' AS timestamp_field,
       "timestamp" AS timestamp_raw,
       epoch_time(TRY_CAST("timestamp" AS DOUBLE)) AS occurred_at,
       'second' AS timestamp_precision,
       event AS vendor_event,
       'email_' || slug(event) AS default_touchpoint,
       'email' AS identifier_field,
       email_key(email) AS identifier_key,
       coalesce(marketing_campaign_name, singlesend_name,
                CASE WHEN json_type(category) = 'ARRAY' THEN category->>'$[0]'
                     ELSE category->>'$' END) AS campaign,
       sg_event_id AS event_key,
       url_param(url, 'utm_source') AS utm_source,
       url_param(url, 'utm_medium') AS utm_medium
FROM raw
