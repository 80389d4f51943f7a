-- name: touchpoints
-- The deal's creation and every stage it entered. Deals name no person: they are tied to their
-- first associated contact by an edge (more contacts would merge different people).
WITH stages AS (
    UNPIVOT (SELECT source_row, "Record ID", "Deal Name", "Create Date",
                    COLUMNS('^Date entered ".+ \(.+\)"$') FROM raw)
    ON "Create Date", COLUMNS('^Date entered ".+ \(.+\)"$')
    INTO NAME timestamp_field VALUE timestamp_raw
), named AS (
    SELECT *, CASE WHEN timestamp_field = 'Create Date' THEN 'Create Date'
                   ELSE regexp_extract(timestamp_field, '^Date entered "(.+) \([^()]+\)"$', 1)
              END AS vendor_event
    FROM stages
)
SELECT source_row,
       timestamp_field,
       timestamp_raw,
       vendor_event,
       CASE WHEN vendor_event = 'Create Date' THEN 'deal_created'
            ELSE 'deal_stage_changed:' || slug(vendor_event) END AS default_touchpoint,
       'Record ID' AS identifier_field,
       id_key('hubspot_deal', "Record ID") AS identifier_key,
       "Deal Name" AS campaign,
       "Record ID" || '|' || timestamp_field AS event_key
FROM named

-- name: edges
SELECT source_row, id_key('hubspot_deal', "Record ID") AS left_key,
       coalesce(id_key('hubspot_contact', split_part("Associated Contact IDs", ';', 1)),
                email_key(regexp_extract("Associated Contact", '\(([^()]+@[^()]+)\)', 1)))
           AS right_key
FROM raw
