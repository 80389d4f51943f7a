-- name: touchpoints
-- The case column holds identifiers of the kind `$identifier` names (email, or any kind).
-- Without an event id, the n-th identical event of a case in a file stays the n-th, so that
-- identical events are kept and an overlapping file still dedupes.
SELECT source_row,
       'timestamp' AS timestamp_field,
       CAST("timestamp" AS VARCHAR) AS timestamp_raw,
       CAST(activity AS VARCHAR) AS vendor_event,
       CAST(activity AS VARCHAR) AS default_touchpoint,
       'case' AS identifier_field,
       CASE WHEN $identifier = 'email' THEN email_key(CAST("case" AS VARCHAR))
            ELSE id_key($identifier, CAST("case" AS VARCHAR)) END AS identifier_key,
       CAST(campaign AS VARCHAR) AS campaign,
       coalesce(CAST(event_id AS VARCHAR), concat_ws('|', "case", activity, "timestamp",
                row_number() OVER (PARTITION BY "case", activity, "timestamp"
                                   ORDER BY source_row))) AS event_key
FROM raw
