-- name: touchpoints
-- Click view rows carry only the date, in the account's time zone: the click is placed at that
-- local midnight with precision 'day' until the landing page view refines it (identity.sql).
SELECT source_row,
       'segments.date' AS timestamp_field,
       "segments.date" AS timestamp_raw,
       timezone($timezone, TRY_STRPTIME("segments.date", '%Y-%m-%d')) AS occurred_at,
       'day' AS timestamp_precision,
       'click' AS vendor_event,
       'ad_clicked' AS default_touchpoint,
       'click_view.gclid' AS identifier_field,
       id_key('gclid', "click_view.gclid") AS identifier_key,
       id_key('gclid', "click_view.gclid") AS click_id,
       "campaign.name" AS campaign,
       "click_view.gclid" AS event_key
FROM raw
