-- name: touchpoints
-- page and track calls are touchpoints; identify calls only link identifiers (see edges).
WITH events AS (
    SELECT source_row,
           json_extract_string(record, '$.type') AS type,
           json_extract_string(record, '$.timestamp') AS ts,
           json_extract_string(record, '$.event') AS event,
           coalesce(json_extract_string(record, '$.context.page.path'),
                    json_extract_string(record, '$.properties.path')) AS path,
           coalesce(json_extract_string(record, '$.context.page.url'),
                    json_extract_string(record, '$.properties.url')) AS url,
           json_extract_string(record, '$.context.campaign.name') AS campaign,
           json_extract_string(record, '$.anonymousId') AS anonymous_id,
           json_extract_string(record, '$.userId') AS user_id,
           json_extract_string(record, '$.messageId') AS message_id
    FROM raw
)
SELECT source_row,
       'timestamp' AS timestamp_field,
       ts AS timestamp_raw,
       TRY_CAST(ts AS TIMESTAMPTZ) AS occurred_at,
       'millisecond' AS timestamp_precision,
       CASE WHEN type = 'track' THEN event ELSE type || ':' || coalesce(path, '') END AS vendor_event,
       CASE WHEN type = 'track'
            THEN trim(lower(regexp_replace(event, '[^A-Za-z0-9]+', '_', 'g')), '_')
            ELSE 'page_viewed:' || coalesce(nullif(split_part(path, '/', 2), ''), 'home')
       END AS default_touchpoint,
       'anonymousId' AS identifier_field,
       coalesce(id_key('user_id', user_id), id_key('anonymous_id', anonymous_id)) AS identifier_key,
       id_key('gclid', nullif(regexp_extract(url, '[?&]gclid=([^&#]+)', 1), '')) AS click_id,
       campaign,
       message_id AS event_key
FROM events
WHERE type IN ('page', 'screen', 'track')
-- name: edges
WITH events AS (
    SELECT source_row,
           id_key('anonymous_id', json_extract_string(record, '$.anonymousId')) AS anonymous_key,
           id_key('user_id', json_extract_string(record, '$.userId')) AS user_key,
           email_key(coalesce(json_extract_string(record, '$.traits.email'),
                              json_extract_string(record, '$.context.traits.email'))) AS email_key,
           id_key('gclid', nullif(regexp_extract(
               coalesce(json_extract_string(record, '$.context.page.url'),
                        json_extract_string(record, '$.properties.url')),
               '[?&]gclid=([^&#]+)', 1), '')) AS gclid_key
    FROM raw
)
SELECT source_row, anonymous_key AS left_key, user_key AS right_key FROM events
UNION ALL
SELECT source_row, coalesce(user_key, anonymous_key), email_key FROM events
UNION ALL
SELECT source_row, coalesce(user_key, anonymous_key), gclid_key FROM events
