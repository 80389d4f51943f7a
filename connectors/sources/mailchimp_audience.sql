-- name: touchpoints
WITH steps AS (
    UNPIVOT (SELECT source_row, "Email Address", "LEID", "UNSUB_CAMPAIGN_TITLE",
                    "CLEAN_CAMPAIGN_TITLE", "OPTIN_TIME", "CONFIRM_TIME", "UNSUB_TIME",
                    "CLEAN_TIME" FROM raw)
    ON "OPTIN_TIME", "CONFIRM_TIME", "UNSUB_TIME", "CLEAN_TIME"
    INTO NAME vendor_event VALUE timestamp_raw
)
SELECT source_row,
       vendor_event AS timestamp_field,
       timestamp_raw,
       vendor_event,
       'email_' || slug(replace(vendor_event, '_TIME', '')) AS default_touchpoint,
       'Email Address' AS identifier_field,
       email_key("Email Address") AS identifier_key,
       CASE vendor_event WHEN 'UNSUB_TIME' THEN "UNSUB_CAMPAIGN_TITLE"
                         WHEN 'CLEAN_TIME' THEN "CLEAN_CAMPAIGN_TITLE" END AS campaign,
       coalesce("LEID", "Email Address") || '|' || vendor_event AS event_key
FROM steps

-- name: traits
SELECT source_row, identifier_key, name, value, observed_at
FROM (SELECT source_row, email_key("Email Address") AS identifier_key,
             utc_time("LAST_CHANGED", $timezone) AS observed_at,
             "CC" AS country, "REGION" AS region, "TIMEZONE" AS timezone,
             "MEMBER_RATING" AS member_rating, "TAGS" AS tags
      FROM raw)
UNPIVOT (value FOR name IN (country, region, timezone, member_rating, tags))

-- name: problems
SELECT source_row, 'Email Address' AS field, 'missing identifier' AS reason
FROM raw WHERE email_key("Email Address") IS NULL
