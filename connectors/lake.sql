-- The store's touchpoints as the lake's Parquet dataset, partitioned by event date (UTC).
-- Ingest rewrites only the dates whose touchpoints changed since the last export: each date has
-- a fingerprint (rows, and the XOR of a hash of what mining reads of each row), kept beside the
-- dataset.

-- name: fingerprints
SELECT CAST(CAST(occurred_at AS DATE) AS VARCHAR) AS event_date, count(*) AS touchpoint_events,
       CAST(bit_xor(hash(touchpoint_event_id, customer_id, occurred_at, touchpoint, channel,
                         source, campaign, source_file, source_row)) AS VARCHAR) AS fingerprint
FROM touchpoints
GROUP BY CAST(occurred_at AS DATE)

-- name: changed_touchpoints
-- The touchpoints of the dates in $dates, with their partition column.
SELECT *, CAST(occurred_at AS DATE) AS event_date
FROM touchpoints
WHERE list_contains(CAST($dates AS VARCHAR[]), CAST(CAST(occurred_at AS DATE) AS VARCHAR))
