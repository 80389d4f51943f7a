-- Reads of the mined_* temp tables (observed.sql, funnel.sql) of one map, for the JSON output.

-- name: summary
SELECT journeys, events, variants, mean_duration_seconds, median_duration_seconds,
       p90_duration_seconds, first_started_at, last_started_at
FROM mined_summary

-- name: dfg
SELECT source, target, count, mean_seconds, median_seconds, p90_seconds, share
FROM mined_dfg
WHERE share >= $min_share
ORDER BY count DESC, source, target

-- name: endpoints
SELECT kind, touchpoint, count FROM mined_endpoints ORDER BY kind, count DESC, touchpoint

-- name: variants
-- One character per touchpoint code (see dialect.sql): report.py decodes it with the names.
SELECT code_string(codes) AS codes, count, share FROM mined_variants ORDER BY rank

-- name: variant_lists
-- The same as lists of names, for logs with more touchpoints than characters can stand for.
SELECT touchpoint_names(v.codes, n.names) AS touchpoints, v.count, v.share
FROM mined_variants v
CROSS JOIN mined_touchpoint_list n
ORDER BY v.rank

-- name: touchpoint_names
SELECT code, touchpoint FROM mined_touchpoints

-- name: periods
SELECT period_start, journeys, events, variants, median_duration_seconds
FROM mined_periods
ORDER BY period_start

-- name: conversion
SELECT journeys, converted, conversion_rate, mean_seconds_to_convert, median_seconds_to_convert,
       p90_seconds_to_convert
FROM mined_conversion

-- name: funnel
SELECT stage_index, stage, reached, reached_share, dropped FROM mined_funnel ORDER BY stage_index

-- name: dropoff
SELECT touchpoint, stage, journeys, share FROM mined_dropoff ORDER BY journeys DESC, touchpoint

-- name: personas
SELECT DISTINCT persona FROM event_source ORDER BY persona
