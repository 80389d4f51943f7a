-- The observed map, per persona: directly-follows graph with times between steps, start and end
-- touchpoints, variants with counts and shares, journey durations, journeys per period.
--
-- Input: the temp view `event_log(persona, journey_id, touchpoint, occurred_at, step_index)`.
-- Events of a journey are ordered by occurred_at, then step_index: store journeys number their
-- events in that order already (ties by channel, source, file, row); generic logs number events by
-- their position in the file, which is how pm4py orders events at the same instant.
-- Output: temp tables `mined_*`, which observed.py persists as `observed_*` / `journey_variants`
-- or reads into the JSON map. Durations in seconds, instants UTC. seconds_between and
-- touchpoint_names are the engine-specific functions of dialect.sql.
--
-- Portable on purpose (a later engine runs the same text): standard window functions, FILTER,
-- ARRAY_AGG ... ORDER BY, percentile_cont ... WITHIN GROUP; no GROUP BY ALL, no list lambdas.
-- The two percentiles of a group are one percentile_cont over an array of fractions: it is one
-- sort instead of two (and DuckDB 2.0 is pathologically slow with two on the same column).

-- name: source_by_persona
CREATE OR REPLACE TEMP VIEW event_log AS
SELECT persona, journey_id, touchpoint, occurred_at, step_index FROM event_source

-- name: source_all_personas
-- Every journey in one map, whatever its persona ('(all)' is eventlog.GENERIC_PERSONA).
CREATE OR REPLACE TEMP VIEW event_log AS
SELECT '(all)' AS persona, journey_id, touchpoint, occurred_at, step_index FROM event_source

-- name: scope
-- The journeys of one persona ($persona; NULL: all, mapped as one) that started within
-- [$since, $until) (NULL: open). A journey is in or out as a whole, by its first event.
CREATE OR REPLACE TEMP TABLE scoped_events AS
WITH events AS (
    SELECT CASE WHEN CAST($by_persona AS BOOLEAN) THEN persona
                ELSE coalesce(CAST($persona AS VARCHAR), '(all)') END AS persona,
           journey_id, touchpoint, occurred_at, step_index
    FROM event_source
    WHERE CAST($persona AS VARCHAR) IS NULL OR persona = CAST($persona AS VARCHAR)
), started AS (
    SELECT journey_id FROM events
    GROUP BY journey_id
    HAVING (CAST($since AS TIMESTAMPTZ) IS NULL OR min(occurred_at) >= CAST($since AS TIMESTAMPTZ))
       AND (CAST($until AS TIMESTAMPTZ) IS NULL OR min(occurred_at) < CAST($until AS TIMESTAMPTZ))
)
SELECT * FROM events WHERE journey_id IN (SELECT journey_id FROM started)

-- name: source_scoped
CREATE OR REPLACE TEMP VIEW event_log AS SELECT * FROM scoped_events

-- name: touchpoint_codes
-- Touchpoints are mined as small integer codes (1, 2, ... in name order, so lists of codes sort
-- like lists of names): sorting, grouping and building lists of integers is several times
-- faster than of text, and names come back once per edge and per variant.
CREATE OR REPLACE TEMP TABLE mined_touchpoints AS
SELECT touchpoint, CAST(ROW_NUMBER() OVER (ORDER BY touchpoint) AS INTEGER) AS code
FROM (SELECT DISTINCT touchpoint FROM event_log) t

-- name: touchpoint_count
SELECT count(*) FROM mined_touchpoints

-- name: touchpoint_list
-- The names by code as one list (names[code]), to turn codes back into names.
CREATE OR REPLACE TEMP TABLE mined_touchpoint_list AS
SELECT ARRAY_AGG(touchpoint ORDER BY code) AS names FROM mined_touchpoints

-- name: journey_keys
-- Journeys get an integer key for the same reason: the window sorts, and the aggregates group,
-- fixed-width rows instead of text ids (a journey has one persona, so the id is the key).
CREATE OR REPLACE TEMP TABLE mined_journey_keys AS
SELECT journey_id, CAST(ROW_NUMBER() OVER () AS INTEGER) AS journey_key
FROM (SELECT DISTINCT journey_id FROM event_log) j

-- name: events
-- One pass over the log: each event with its position in the journey and the touchpoint and
-- seconds to the event that directly follows it (NULL for the journey's last event).
CREATE OR REPLACE TEMP TABLE mined_events AS
SELECT e.persona, k.journey_key, t.code, e.occurred_at,
       ROW_NUMBER() OVER w AS position,
       LEAD(t.code) OVER w AS next_code,
       seconds_between(e.occurred_at, LEAD(e.occurred_at) OVER w) AS seconds_to_next
FROM event_log e
JOIN mined_touchpoints t ON t.touchpoint = e.touchpoint
JOIN mined_journey_keys k ON k.journey_id = e.journey_id
WINDOW w AS (PARTITION BY k.journey_key ORDER BY e.occurred_at, e.step_index)

-- name: journeys
CREATE OR REPLACE TEMP TABLE mined_journeys AS
SELECT j.persona, k.journey_id, j.*
FROM (
    SELECT persona, journey_key,
           codes_in_order(position, code) AS codes,
           count(*) AS events,
           min(occurred_at) AS started_at,
           max(occurred_at) AS ended_at,
           seconds_between(min(occurred_at), max(occurred_at)) AS duration_seconds
    FROM mined_events
    GROUP BY persona, journey_key
) j
JOIN mined_journey_keys k ON k.journey_key = j.journey_key

-- name: variants
-- rank: by journeys, ties broken by the touchpoints in order, so top-k is the same on every run.
-- Variants keep their codes; the lists of names are made only for what is stored
-- (named_variants) or read as names (report.sql).
CREATE OR REPLACE TEMP TABLE mined_variants AS
SELECT v.persona, v.codes,
       n.names[v.codes[1]] AS first_touchpoint, n.names[v.last_code] AS last_touchpoint,
       v.count, v.share, v.mean_duration_seconds,
       v.durations[1] AS median_duration_seconds, v.durations[2] AS p90_duration_seconds, v.rank
FROM (
    SELECT persona, codes, max(codes[events]) AS last_code,
           count(*) AS count,
           CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (PARTITION BY persona) AS share,
           avg(duration_seconds) AS mean_duration_seconds,
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY duration_seconds) AS durations,
           ROW_NUMBER() OVER (PARTITION BY persona ORDER BY count(*) DESC, codes) AS rank
    FROM mined_journeys
    GROUP BY persona, codes
) v
CROSS JOIN mined_touchpoint_list n

-- name: top_journeys
-- The journeys that follow one of the $top most frequent variants of their persona.
CREATE OR REPLACE TEMP TABLE mined_kept AS
SELECT j.journey_key
FROM mined_journeys j
JOIN mined_variants v ON v.persona = j.persona AND v.codes = j.codes
WHERE v.rank <= $top

-- name: keep_top_journeys
DELETE FROM mined_journeys WHERE journey_key NOT IN (SELECT journey_key FROM mined_kept)

-- name: keep_top_events
DELETE FROM mined_events WHERE journey_key NOT IN (SELECT journey_key FROM mined_kept)

-- name: dfg
-- share: of all directly-follows pairs of the persona.
CREATE OR REPLACE TEMP TABLE mined_dfg AS
SELECT e.persona, s.touchpoint AS source, t.touchpoint AS target, e.count,
       CAST(e.count AS DOUBLE) / sum(e.count) OVER (PARTITION BY e.persona) AS share,
       e.mean_seconds, e.seconds[1] AS median_seconds, e.seconds[2] AS p90_seconds
FROM (
    SELECT persona, code, next_code, count(*) AS count,
           avg(seconds_to_next) AS mean_seconds,
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY seconds_to_next) AS seconds
    FROM mined_events
    WHERE next_code IS NOT NULL
    GROUP BY persona, code, next_code
) e
JOIN mined_touchpoints s ON s.code = e.code
JOIN mined_touchpoints t ON t.code = e.next_code

-- name: endpoints
CREATE OR REPLACE TEMP TABLE mined_endpoints AS
SELECT persona, 'start' AS kind, first_touchpoint AS touchpoint, CAST(sum(count) AS BIGINT) AS count
FROM mined_variants
GROUP BY persona, first_touchpoint
UNION ALL
SELECT persona, 'end' AS kind, last_touchpoint AS touchpoint, CAST(sum(count) AS BIGINT) AS count
FROM mined_variants
GROUP BY persona, last_touchpoint

-- name: summary
CREATE OR REPLACE TEMP TABLE mined_summary AS
SELECT j.persona, j.journeys, j.events, v.variants, j.mean_duration_seconds,
       j.durations[1] AS median_duration_seconds, j.durations[2] AS p90_duration_seconds,
       j.first_started_at, j.last_started_at
FROM (
    SELECT persona, count(*) AS journeys, CAST(sum(events) AS BIGINT) AS events,
           avg(duration_seconds) AS mean_duration_seconds,
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY duration_seconds) AS durations,
           min(started_at) AS first_started_at, max(started_at) AS last_started_at
    FROM mined_journeys
    GROUP BY persona
) j
JOIN (SELECT persona, count(*) AS variants FROM mined_variants GROUP BY persona) v
  ON v.persona = j.persona

-- name: periods
-- Journeys by the $grain ('day', 'week', 'month', 'quarter', 'year') in which they started.
CREATE OR REPLACE TEMP TABLE mined_periods AS
SELECT persona, CAST($grain AS VARCHAR) AS grain, period_start, count(*) AS journeys,
       CAST(sum(events) AS BIGINT) AS events, count(DISTINCT codes) AS variants,
       avg(duration_seconds) AS mean_duration_seconds,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) AS median_duration_seconds
FROM (SELECT j.*, date_trunc(CAST($grain AS VARCHAR), started_at) AS period_start
      FROM mined_journeys j) p
GROUP BY persona, period_start

-- name: named_variants
-- The variants with their touchpoints' names, for the stored tables below.
CREATE OR REPLACE TEMP TABLE mined_named_variants AS
SELECT v.*, touchpoint_names(v.codes, n.names) AS touchpoints
FROM mined_variants v
CROSS JOIN mined_touchpoint_list n

-- name: persisted_variants
SELECT persona, touchpoints, first_touchpoint, last_touchpoint, count, share,
       mean_duration_seconds, median_duration_seconds, p90_duration_seconds, rank
FROM mined_named_variants

-- name: persisted_journey_variants
-- Each journey with its touchpoints (the names of its variant), for conformance and the maps.
SELECT j.persona, j.journey_id, v.touchpoints, j.events, j.started_at, j.ended_at,
       j.duration_seconds
FROM mined_journeys j
JOIN mined_named_variants v ON v.persona = j.persona AND v.codes = j.codes

-- name: persisted_variant_periods
-- The per-variant reduction conformance reads (fitness is computed once per variant and weighed
-- by these counts): journeys per persona, variant and month of journey start ('YYYY-MM').
SELECT v.persona, p.period, v.touchpoints, p.journeys
FROM (SELECT persona, codes, strftime(started_at, '%Y-%m') AS period, count(*) AS journeys
      FROM mined_journeys
      GROUP BY persona, codes, strftime(started_at, '%Y-%m')) p
JOIN mined_named_variants v ON v.persona = p.persona AND v.codes = p.codes
