-- name: touchpoints
-- page_view is named by the first segment of its page path; GA4 has no event id, so the event
-- is keyed by client id, microsecond time, name and bundle.
WITH events AS (
    SELECT source_row, event_timestamp, event_name, user_id, user_pseudo_id,
           event_bundle_sequence_id, collected_traffic_source AS cts,
           list_filter(event_params, lambda p: p.key = 'page_location')[1].value.string_value AS url
    FROM raw
)
SELECT source_row,
       'event_timestamp' AS timestamp_field,
       event_timestamp AS timestamp_raw,
       epoch_time(TRY_CAST(event_timestamp AS BIGINT)) AS occurred_at,
       'microsecond' AS timestamp_precision,
       event_name AS vendor_event,
       CASE WHEN event_name = 'page_view'
            THEN 'page_viewed:' || coalesce(nullif(url_path_segment(url), ''), 'home')
            ELSE slug(event_name) END AS default_touchpoint,
       'user_pseudo_id' AS identifier_field,
       coalesce(id_key('user_id', user_id), id_key('ga_client_id', user_pseudo_id))
           AS identifier_key,
       coalesce(id_key('gclid', coalesce(cts.gclid, url_param(url, 'gclid'))),
                id_key('fbclid', url_param(url, 'fbclid')),
                id_key('li_fat_id', url_param(url, 'li_fat_id'))) AS click_id,
       coalesce(cts.manual_campaign_name, url_param(url, 'utm_campaign')) AS campaign,
       concat_ws('|', user_pseudo_id, event_timestamp, event_name, event_bundle_sequence_id)
           AS event_key,
       coalesce(cts.manual_source, url_param(url, 'utm_source')) AS utm_source,
       coalesce(cts.manual_medium, url_param(url, 'utm_medium')) AS utm_medium
FROM events

-- name: edges
WITH events AS (
    SELECT source_row, id_key('ga_client_id', user_pseudo_id) AS client_key,
           id_key('user_id', user_id) AS user_key, collected_traffic_source.gclid AS gclid,
           list_filter(event_params, lambda p: p.key = 'page_location')[1].value.string_value AS url
    FROM raw
)
SELECT source_row, client_key AS left_key, user_key AS right_key
FROM events WHERE user_key IS NOT NULL
UNION ALL
SELECT source_row, coalesce(user_key, client_key), unnest([
           id_key('gclid', coalesce(gclid, url_param(url, 'gclid'))),
           id_key('fbclid', url_param(url, 'fbclid')),
           id_key('li_fat_id', url_param(url, 'li_fat_id'))])
FROM events WHERE gclid IS NOT NULL OR contains(url, 'clid=') OR contains(url, 'li_fat_id=')

-- name: traits
-- The visitor's country, once per session.
SELECT source_row,
       coalesce(id_key('user_id', user_id), id_key('ga_client_id', user_pseudo_id))
           AS identifier_key,
       'country' AS name, geo.country AS value,
       epoch_time(TRY_CAST(event_timestamp AS BIGINT)) AS observed_at
FROM raw WHERE event_name IN ('session_start', 'first_visit') AND geo.country IS NOT NULL
