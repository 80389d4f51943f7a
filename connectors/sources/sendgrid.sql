-- name: touchpoints
WITH events AS (
    SELECT source_row,
           json_extract_string(record, '$.timestamp') AS ts,
           json_extract_string(record, '$.event') AS event,
           json_extract_string(record, '$.email') AS email,
           json_extract_string(record, '$.marketing_campaign_name') AS campaign,
           json_extract_string(record, '$.sg_event_id') AS sg_event_id
    FROM raw
)
SELECT source_row,
       'timestamp' AS timestamp_field,
       ts AS timestamp_raw,
       to_timestamp(TRY_CAST(ts AS DOUBLE)) AS occurred_at,
       'second' AS timestamp_precision,
       event AS vendor_event,
       'email_' || lower(event) AS default_touchpoint,
       'email' AS identifier_field,
       email_key(email) AS identifier_key,
       NULL AS click_id,
       campaign,
       sg_event_id AS event_key
FROM events
