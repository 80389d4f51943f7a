-- name: touchpoints
-- page and track calls are touchpoints; identify calls link identifiers and carry traits.
WITH events AS (
    SELECT source_row, type, "timestamp" AS ts, event,
           coalesce(context.page.path, properties.path) AS path,
           coalesce(context.page.url, properties.url) AS url,
           context.campaign AS utm,
           id_key('user_id', "userId") AS user_key,
           id_key('anonymous_id', "anonymousId") AS anonymous_key,
           "messageId" AS message_id
    FROM raw
    WHERE type IN ('page', 'screen', 'track')
)
SELECT source_row,
       'timestamp' AS timestamp_field,
       ts AS timestamp_raw,
       TRY_CAST(ts AS TIMESTAMPTZ) AS occurred_at,
       'millisecond' AS timestamp_precision,
       CASE WHEN type = 'track' THEN event ELSE type || ':' || coalesce(path, '') END AS vendor_event,
       CASE WHEN type = 'track' THEN slug(event)
            ELSE 'page_viewed:' || coalesce(nullif(path_segment(path), ''), 'home')
       END AS default_touchpoint,
       'anonymousId' AS identifier_field,
       coalesce(user_key, anonymous_key) AS identifier_key,
       coalesce(id_key('gclid', url_param(url, 'gclid')), id_key('fbclid', url_param(url, 'fbclid')),
                id_key('li_fat_id', url_param(url, 'li_fat_id'))) AS click_id,
       coalesce(utm.name, url_param(url, 'utm_campaign')) AS campaign,
       message_id AS event_key,
       coalesce(utm.source, url_param(url, 'utm_source')) AS utm_source,
       coalesce(utm.medium, url_param(url, 'utm_medium')) AS utm_medium
FROM events

-- name: edges
WITH events AS (
    SELECT source_row,
           id_key('anonymous_id', "anonymousId") AS anonymous_key,
           id_key('user_id', "userId") AS user_key,
           email_key(coalesce(traits->>'$.email', context.traits.email)) AS email,
           coalesce(context.page.url, properties.url) AS url
    FROM raw
)
SELECT source_row, anonymous_key AS left_key, user_key AS right_key
FROM events WHERE user_key IS NOT NULL
UNION ALL
SELECT source_row, coalesce(user_key, anonymous_key), email FROM events WHERE email IS NOT NULL
UNION ALL
SELECT source_row, coalesce(user_key, anonymous_key), unnest([
           id_key('gclid', url_param(url, 'gclid')), id_key('fbclid', url_param(url, 'fbclid')),
           id_key('li_fat_id', url_param(url, 'li_fat_id'))])
FROM events WHERE contains(url, 'clid=') OR contains(url, 'li_fat_id=')

-- name: traits
-- identify traits; `company` may be a name or an object with one.
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row,
             coalesce(id_key('user_id', "userId"), id_key('anonymous_id', "anonymousId"))
                 AS identifier_key,
             TRY_CAST("timestamp" AS TIMESTAMPTZ) AS observed_at,
             coalesce(traits->>'$.company.name', traits->>'$.company') AS company,
             traits->>'$.plan' AS plan,
             coalesce(traits->>'$.address.country', traits->>'$.country') AS country,
             traits->>'$.industry' AS industry,
             traits->>'$.title' AS job_title
      FROM raw WHERE type = 'identify' AND traits IS NOT NULL)
UNPIVOT (value FOR name IN (company, plan, country, industry, job_title))
