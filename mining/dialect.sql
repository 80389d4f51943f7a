-- The only engine-specific functions the mining SQL uses. Everything else in observed.sql and
-- funnel.sql is standard SQL (window functions, FILTER, ARRAY_AGG ... ORDER BY, percentile_cont
-- WITHIN GROUP, UNION ALL); a port to another engine redefines these and nothing else.

-- name: seconds_between
-- Seconds (with microseconds) from instant a to instant b; NULL when either is NULL.
CREATE OR REPLACE TEMP MACRO seconds_between(a, b) AS epoch(b) - epoch(a)

-- name: milliseconds_between
-- Whole milliseconds from instant a to instant b, an integer: sums of it are exact, so totals
-- do not depend on the order a parallel engine adds them in (sums of doubles do).
CREATE OR REPLACE TEMP MACRO milliseconds_between(a, b) AS epoch_ms(b) - epoch_ms(a)

-- name: touchpoint_names
-- The touchpoint names of a list of touchpoint codes, given the list of names by code
-- (1-based). Standard SQL would unnest, join and aggregate again: 20 times slower here.
CREATE OR REPLACE TEMP MACRO touchpoint_names(codes, names) AS
    list_transform(codes, lambda code: names[code])

-- name: code_string
-- A list of touchpoint codes as one string, one character per code: the cheapest way to send
-- hundreds of thousands of variants to Python (report.py turns characters back into names).
CREATE OR REPLACE TEMP MACRO code_string(codes) AS
    array_to_string(list_transform(codes, lambda code: chr(code)), '')

-- name: codes_in_order
-- An aggregate: the touchpoint codes of a group's events in the order of their positions. Each
-- (position, code) is packed into one integer and the integers sorted: several times cheaper
-- than ARRAY_AGG(code ORDER BY position). Codes stay below 2^24 (observed.py checks).
CREATE OR REPLACE TEMP MACRO codes_in_order(position, code) AS
    list_transform(list_sort(list((CAST(position AS BIGINT) << 24) | code)),
                   lambda packed: CAST(packed & 16777215 AS INTEGER))
