-- name: touchpoints
-- One touchpoint per filled lifecycle date column; times are in the portal's time zone.
WITH lifecycle AS (
    UNPIVOT (SELECT source_row, "Record ID", "Email", COLUMNS('^Became an? .+ Date$') FROM raw)
    ON COLUMNS('^Became an? .+ Date$')
    INTO NAME vendor_event VALUE timestamp_raw
)
SELECT source_row,
       vendor_event AS timestamp_field,
       timestamp_raw,
       timezone($timezone, TRY_STRPTIME(timestamp_raw,
                ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d'])) AS occurred_at,
       'minute' AS timestamp_precision,
       vendor_event,
       'lifecycle_' || lower(replace(regexp_extract(vendor_event, 'Became an? (.+) Date', 1),
                                     ' ', '_')) AS default_touchpoint,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('hubspot_contact', "Record ID")) AS identifier_key,
       NULL AS click_id,
       NULL AS campaign,
       "Record ID" || '|' || vendor_event AS event_key
FROM lifecycle
-- name: edges
SELECT source_row, id_key('hubspot_contact', "Record ID") AS left_key,
       email_key("Email") AS right_key
FROM raw
