-- The overlay's timing: late steps, hours from the previous designed step, hours to the goal.
--
-- Runs where the journeys are (the DuckDB store, or the lake on Spark), the only overlay queries
-- that read events. Inputs: the event log `journeys(persona, journey_id, touchpoint, occurred_at,
-- step_index)` and the timing plan conformance.sql makes per variant from the designed maps:
-- `timing_variants(persona, touchpoints, goal_position, variant_key)` and
-- `timing_steps(variant_key, step_index, position, previous_position, target_hours)` (the present
-- designed steps that have a present designed step before them). Outputs: only aggregates,
-- `timing_step_delays`, `timing_late_journeys`, `timing_variant_hours`, `timing_late_outcomes`,
-- so what leaves the engine grows with variants and steps, not with customers. Each per-period
-- aggregate has a row per month of journey start and one for the whole time (period 'all').
--
-- Portable on purpose, like mining/observed.sql: written in DuckDB's dialect and translated for
-- Spark by journeymap.engines.dialect (ARRAY_AGG ... ORDER BY, list indexes, percentile_cont
-- WITHIN GROUP, FILTER, UNION ALL; seconds_between from mining/dialect.sql). No GROUP BY ALL.

-- name: timing_journeys
-- One pass over the events: each journey's event instants in journey order (as mining orders
-- them: time, then step_index), tied to its variant by its touchpoints, with the hours from its
-- first event to its first goal event in whole milliseconds (an integer, so that the sums below
-- are exact and the same on every run and engine).
CREATE OR REPLACE TEMP TABLE timing_journeys AS
SELECT l.persona, l.journey_id, l.month, v.variant_key, v.goal_position IS NOT NULL AS converted,
       l.instants,
       milliseconds_between(l.instants[1], l.instants[v.goal_position]) AS milliseconds_to_goal
FROM (
    SELECT persona, journey_id, strftime(min(occurred_at), '%Y-%m') AS month,
           ARRAY_AGG(touchpoint ORDER BY occurred_at, step_index) AS touchpoints,
           ARRAY_AGG(occurred_at ORDER BY occurred_at, step_index) AS instants
    FROM journeys
    WHERE persona IN (SELECT DISTINCT persona FROM timing_variants)
    GROUP BY persona, journey_id
) l
JOIN timing_variants v ON v.persona = l.persona AND v.touchpoints = l.touchpoints

-- name: timing_delays
-- Per journey and timed step: hours since the previous present designed step, and whether that
-- is more than the step's target.
CREATE OR REPLACE TEMP TABLE timing_delays AS
SELECT d.*, coalesce(d.hours_from_previous > d.target_hours, false) AS late
FROM (
    SELECT j.persona, j.journey_id, j.month, j.converted, j.milliseconds_to_goal, s.step_index,
           s.target_hours,
           seconds_between(j.instants[s.previous_position], j.instants[s.position]) / 3600.0
               AS hours_from_previous
    FROM timing_journeys j
    JOIN timing_steps s ON s.variant_key = j.variant_key
) d

-- name: timing_step_delays
-- Per persona, period and designed step: journeys late at it, median hours from the previous
-- designed step (exact, on both engines).
CREATE OR REPLACE TABLE timing_step_delays AS
SELECT persona, month AS period, step_index, count(*) FILTER (WHERE late) AS late,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_from_previous)
           AS median_hours_from_previous
FROM timing_delays
GROUP BY persona, month, step_index
UNION ALL
SELECT persona, 'all' AS period, step_index, count(*) FILTER (WHERE late) AS late,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_from_previous)
           AS median_hours_from_previous
FROM timing_delays
GROUP BY persona, step_index

-- name: timing_late_journeys
-- Per persona and period: journeys with at least one late step.
CREATE OR REPLACE TABLE timing_late_journeys AS
WITH late AS (
    SELECT persona, journey_id, month FROM timing_delays WHERE late
    GROUP BY persona, journey_id, month
)
SELECT persona, month AS period, count(*) AS journeys FROM late GROUP BY persona, month
UNION ALL
SELECT persona, 'all' AS period, count(*) AS journeys FROM late GROUP BY persona

-- name: timing_variant_hours
-- Per variant (whole time): the journeys timed and the sum of their milliseconds to the goal
-- (NULL when the variant never reaches it), for the mean time to goal of each deviation's
-- journeys.
CREATE OR REPLACE TABLE timing_variant_hours AS
SELECT v.persona, v.touchpoints, h.journeys, h.milliseconds_to_goal_sum
FROM (SELECT variant_key, count(*) AS journeys,
             CAST(sum(milliseconds_to_goal) AS BIGINT) AS milliseconds_to_goal_sum
      FROM timing_journeys GROUP BY variant_key) h
JOIN timing_variants v ON v.variant_key = h.variant_key

-- name: timing_late_outcomes
-- Per persona, designed step and late or not (whole time): journeys, those converted, and their
-- milliseconds to the goal, for the impact of being late at a step.
CREATE OR REPLACE TABLE timing_late_outcomes AS
SELECT persona, step_index, late, count(*) AS journeys,
       count(*) FILTER (WHERE converted) AS converted,
       CAST(sum(milliseconds_to_goal) FILTER (WHERE converted) AS BIGINT)
           AS milliseconds_to_goal_sum
FROM timing_delays
GROUP BY persona, step_index, late

-- name: timing_done
-- The per-journey tables are only steps on the way: free them (the aggregates stay).
DROP TABLE timing_delays;
DROP TABLE timing_journeys
