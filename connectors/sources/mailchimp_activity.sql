-- name: touchpoints
-- Without an address the member is known by Mailchimp's subscriber hash (email_md5), which
-- stitching ties to the email seen in the audience export or elsewhere.
WITH flat AS (
    SELECT source_row, action, "timestamp" AS ts, url, campaign_id, title, email_id, member_id,
           email_address
    FROM raw WHERE activity IS NULL
    UNION ALL
    SELECT source_row, a.action, a."timestamp", a.url, campaign_id, title, email_id, member_id,
           email_address
    FROM (SELECT *, unnest(activity) AS a FROM raw WHERE activity IS NOT NULL)
)
SELECT source_row,
       'timestamp' AS timestamp_field,
       ts AS timestamp_raw,
       action AS vendor_event,
       'email_' || slug(action) AS default_touchpoint,
       'email_id' AS identifier_field,
       coalesce(email_key(email_address),
                id_key('email_md5', lower(coalesce(email_id, member_id)))) AS identifier_key,
       coalesce(title, campaign_id) AS campaign,
       url_param(url, 'utm_source') AS utm_source,
       url_param(url, 'utm_medium') AS utm_medium
FROM flat
