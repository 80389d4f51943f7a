-- Conformance of observed journeys to designed maps, per persona and designed step.
--
-- Inputs: `observed_variant_periods` (mining's per-variant reduction: journeys per persona,
-- variant and month of journey start), the designed maps registered as `designed_steps`,
-- `designed_step_touchpoints` and `designed_journeys`, and the timing aggregates of timing.sql
-- (`timing_*`). Never the events or single journeys.
--
-- Everything that depends only on the order of touchpoints is computed once per variant and
-- weighted by its number of journeys, so the cost grows with the number of distinct paths, not
-- of customers. Timing (late steps, time to goal) needs each journey's event times: this file
-- makes the timing plan, the positions per variant (`timing_variants`, `timing_steps`), which
-- goes to where the journeys are; timing.sql runs there and sends back aggregates only.
--
-- A designed step of a journey is followed (one of its touchpoints is present), skipped (absent,
-- not optional, and a later designed step is present), not taken (an optional step left out), or
-- not reached (the journey ended before it). A present step is out of order when it comes before
-- a step of an earlier order rank (steps of an any-order stage share a rank), late when its wait
-- since the previous present designed step exceeds its target, and repeated when it happens more
-- than once without being repeatable. Touchpoints not in the design are unexpected, placed after
-- the last designed step seen before them.

-- name: designed_tables
CREATE OR REPLACE TABLE designed_steps (
    persona VARCHAR, step_index INTEGER, stage_index INTEGER, stage VARCHAR, step VARCHAR,
    touchpoint VARCHAR,  -- the step's touchpoints, joined by ' | ' (for display)
    channel VARCHAR, designed_emotion INTEGER, target_hours DOUBLE, optional BOOLEAN,
    repeatable BOOLEAN, order_rank INTEGER,
    action VARCHAR, customer_goal VARCHAR, expectation VARCHAR,  -- alternatives: ' | '-joined
    pain_points VARCHAR[], opportunities VARCHAR[], kpis VARCHAR[]);
CREATE OR REPLACE TABLE designed_step_touchpoints (
    persona VARCHAR, step_index INTEGER, touchpoint VARCHAR);
CREATE OR REPLACE TABLE designed_journeys (
    persona VARCHAR, designed_map VARCHAR, goal VARCHAR, owner VARCHAR, version INTEGER,
    steps INTEGER);

-- name: variant_periods
-- Journeys per persona, variant and month of journey start ('YYYY-MM'), as mining wrote them.
CREATE OR REPLACE TEMP VIEW conformance_variant_periods AS
SELECT persona, period, touchpoints, journeys FROM observed_variant_periods

-- name: variant_periods_from_journeys
-- The same for stores mined before `observed_variant_periods` existed: counted from journeys.
CREATE OR REPLACE TEMP VIEW conformance_variant_periods AS
SELECT persona, strftime(started_at, '%Y-%m') AS period, touchpoints, count(*) AS journeys
FROM journey_variants GROUP BY ALL

-- name: conformance_variants
-- Variants per persona and period: the whole time ('all', the sum over months), or the month
-- the journey started when $monthly (for drift between periods).
CREATE OR REPLACE TEMP TABLE conformance_variants AS
SELECT persona, period, touchpoints, journeys,
       ROW_NUMBER() OVER (ORDER BY persona, period, journeys DESC, touchpoints) AS variant_id
FROM (SELECT persona, CASE WHEN $monthly THEN period ELSE 'all' END AS period, touchpoints,
             CAST(sum(journeys) AS BIGINT) AS journeys
      FROM conformance_variant_periods
      WHERE persona IN (SELECT persona FROM designed_journeys)
      GROUP BY ALL)

-- name: fitness_variants
-- Journeys per variant and month of journey start of one persona (?), for fitness. Ordered: the
-- weighted means are summed in this order, so every run (and engine) gives the same last bits.
SELECT period, touchpoints, journeys FROM conformance_variant_periods WHERE persona = ?
ORDER BY period, touchpoints

-- name: variant_events
CREATE OR REPLACE TEMP TABLE variant_events AS
SELECT v.persona, v.variant_id, e.touchpoint, e.position
FROM conformance_variants v,
     LATERAL (SELECT unnest(v.touchpoints) AS touchpoint,
                     unnest(range(1, len(v.touchpoints) + 1)) AS position) AS e

-- name: step_hits
CREATE OR REPLACE TEMP TABLE step_hits AS
SELECT e.persona, e.variant_id, d.step_index, min(e.position) AS position,
       count(*) AS occurrences
FROM variant_events e
JOIN designed_step_touchpoints d ON d.persona = e.persona AND d.touchpoint = e.touchpoint
GROUP BY e.persona, e.variant_id, d.step_index

-- name: variant_reach
CREATE OR REPLACE TEMP TABLE variant_reach AS
SELECT v.persona, v.period, v.variant_id, v.journeys,
       coalesce((SELECT max(h.step_index) FROM step_hits h
                 WHERE h.variant_id = v.variant_id), 0) AS reached,
       (SELECT min(e.position) FROM variant_events e JOIN designed_journeys m
          ON m.persona = e.persona AND m.goal = e.touchpoint
        WHERE e.variant_id = v.variant_id) AS goal_position
FROM conformance_variants v

-- name: step_status
CREATE OR REPLACE TEMP TABLE step_status AS
WITH present AS (
    SELECT h.persona, h.variant_id, h.step_index, h.position, h.occurrences,
           LAG(h.position) OVER (PARTITION BY h.variant_id ORDER BY h.step_index)
               AS previous_position,
           max(h.position) OVER (PARTITION BY h.variant_id ORDER BY d.order_rank
                                 RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS max_earlier_position
    FROM step_hits h
    JOIN designed_steps d ON d.persona = h.persona AND d.step_index = h.step_index
)
SELECT r.persona, r.period, r.variant_id, r.journeys, d.step_index, r.reached, d.optional,
       d.target_hours, r.goal_position IS NOT NULL AS converted,
       p.position IS NOT NULL AS present, p.position, p.previous_position,
       coalesce(p.position < p.max_earlier_position, false) AS out_of_order,
       coalesce(p.occurrences > 1 AND NOT d.repeatable, false) AS repeated,
       p.position IS NULL AND d.step_index < r.reached AND NOT d.optional AS skipped
FROM variant_reach r
JOIN designed_steps d ON d.persona = r.persona
LEFT JOIN present p ON p.variant_id = r.variant_id AND p.step_index = d.step_index

-- name: unexpected_variants
CREATE OR REPLACE TEMP TABLE unexpected_variants AS
WITH tagged AS (
    SELECT e.persona, e.variant_id, e.touchpoint, e.position, d.step_index AS designed_index
    FROM variant_events e
    LEFT JOIN designed_step_touchpoints d
           ON d.persona = e.persona AND d.touchpoint = e.touchpoint
), placed AS (
    SELECT *, last_value(designed_index IGNORE NULLS) OVER (
                  PARTITION BY variant_id ORDER BY position
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS after_index
    FROM tagged
)
SELECT p.persona, v.period, p.variant_id, v.journeys, p.touchpoint,
       coalesce(p.after_index, 0) AS after_step_index, count(*) AS occurrences
FROM placed p JOIN conformance_variants v USING (variant_id)
WHERE p.designed_index IS NULL
GROUP BY ALL

-- name: timing_variants
-- The timing plan, part 1: each variant with the position of its first goal event, keyed by one
-- of its variant ids (positions do not depend on the period, so one id of any period will do).
-- Sent to where the journeys are (timing.sql).
CREATE OR REPLACE TEMP TABLE timing_variants AS
SELECT v.persona, v.touchpoints, any_value(r.goal_position) AS goal_position,
       min(v.variant_id) AS variant_key
FROM conformance_variants v JOIN variant_reach r USING (variant_id)
GROUP BY v.persona, v.touchpoints

-- name: timing_steps
-- The timing plan, part 2: per variant, each present designed step with a present designed step
-- before it: both positions in the journey, and the step's target.
CREATE OR REPLACE TEMP TABLE timing_steps AS
SELECT variant_id AS variant_key, step_index, position, previous_position, target_hours
FROM step_status
WHERE present AND previous_position IS NOT NULL
  AND variant_id IN (SELECT variant_key FROM timing_variants)

-- name: overlay_steps
CREATE OR REPLACE TABLE overlay_steps AS
WITH weighted AS (
    SELECT s.persona, s.period, s.step_index,
           sum(s.journeys) AS journeys,
           sum(s.journeys) FILTER (WHERE s.present) AS followed,
           sum(s.journeys) FILTER (WHERE s.present AND NOT s.out_of_order) AS in_order,
           sum(s.journeys) FILTER (WHERE s.out_of_order) AS out_of_order,
           sum(s.journeys) FILTER (WHERE s.skipped) AS skipped,
           sum(s.journeys) FILTER (WHERE NOT s.present AND s.step_index < s.reached
                                   AND s.optional) AS not_taken,
           sum(s.journeys) FILTER (WHERE s.repeated) AS repeated,
           sum(s.journeys) FILTER (WHERE NOT s.present AND s.step_index > s.reached)
               AS not_reached,
           sum(s.journeys) FILTER (WHERE s.reached = s.step_index AND s.step_index < m.steps)
               AS dropped_after
    FROM step_status s
    JOIN designed_journeys m USING (persona)
    GROUP BY s.persona, s.period, s.step_index
), periods AS (
    SELECT DISTINCT persona, period FROM conformance_variants
)
SELECT d.persona, p.period, d.step_index, d.stage_index, d.stage, d.step, d.touchpoint, d.channel,
       d.designed_emotion, d.target_hours, d.optional, d.repeatable,
       coalesce(w.journeys, 0) AS journeys, coalesce(w.followed, 0) AS followed,
       coalesce(w.in_order, 0) AS in_order, coalesce(w.out_of_order, 0) AS out_of_order,
       coalesce(t.late, 0) AS late, coalesce(w.skipped, 0) AS skipped,
       coalesce(w.not_taken, 0) AS not_taken, coalesce(w.repeated, 0) AS repeated,
       coalesce(w.not_reached, 0) AS not_reached, coalesce(w.dropped_after, 0) AS dropped_after,
       t.median_hours_from_previous
FROM designed_steps d
JOIN periods p ON p.persona = d.persona
LEFT JOIN weighted w
       ON w.persona = d.persona AND w.period = p.period AND w.step_index = d.step_index
LEFT JOIN timing_step_delays t
       ON t.persona = d.persona AND t.period = p.period AND t.step_index = d.step_index

-- name: overlay_unexpected
CREATE OR REPLACE TABLE overlay_unexpected AS
SELECT u.persona, u.period, u.touchpoint, u.after_step_index, d.step AS after_step,
       sum(u.journeys * u.occurrences) AS events, sum(u.journeys) AS journeys
FROM unexpected_variants u
LEFT JOIN designed_steps d ON d.persona = u.persona AND d.step_index = u.after_step_index
GROUP BY ALL

-- name: overlay_summary
CREATE OR REPLACE TABLE overlay_summary AS
WITH flags AS (
    SELECT persona, period, variant_id, any_value(journeys) AS journeys,
           bool_or(skipped OR out_of_order OR repeated) AS deviates,
           any_value(converted) AS converted
    FROM step_status GROUP BY persona, period, variant_id
)
SELECT m.persona, f.period, m.designed_map, m.goal, sum(f.journeys) AS journeys,
       coalesce(sum(f.journeys) FILTER (WHERE f.converted), 0) AS converted,
       coalesce(sum(f.journeys) FILTER (WHERE f.converted), 0) / sum(f.journeys)
           AS conversion_rate,
       coalesce(sum(f.journeys) FILTER (WHERE NOT f.deviates AND u.variant_id IS NULL), 0)
           AS fitting,
       coalesce(sum(f.journeys) FILTER (WHERE NOT f.deviates AND u.variant_id IS NULL), 0)
           / sum(f.journeys) AS fitting_share,
       coalesce(any_value(l.journeys), 0) AS with_late_step
FROM flags f
JOIN designed_journeys m USING (persona)
LEFT JOIN (SELECT DISTINCT variant_id FROM unexpected_variants) u USING (variant_id)
LEFT JOIN timing_late_journeys l ON l.persona = m.persona AND l.period = f.period
GROUP BY m.persona, f.period, m.designed_map, m.goal

-- name: overlay_stages
-- Stage funnel: journeys that reached each stage (any of its steps or a later one), and the
-- journeys whose last designed step lies in that stage without completing the map.
CREATE OR REPLACE TABLE overlay_stages AS
WITH stage_bounds AS (
    SELECT persona, stage_index, stage, min(step_index) AS first_step, max(step_index) AS last_step
    FROM designed_steps GROUP BY persona, stage_index, stage
)
SELECT b.persona, r.period, b.stage_index, b.stage,
       coalesce(sum(r.journeys) FILTER (WHERE r.reached >= b.first_step), 0) AS reached,
       coalesce(sum(r.journeys) FILTER (WHERE r.reached BETWEEN b.first_step AND b.last_step
                                        AND r.reached < m.steps), 0) AS dropped_in_stage
FROM stage_bounds b
JOIN variant_reach r ON r.persona = b.persona
JOIN designed_journeys m ON m.persona = b.persona
GROUP BY b.persona, r.period, b.stage_index, b.stage

-- name: variant_outcomes
CREATE OR REPLACE TEMP TABLE variant_outcomes AS
SELECT v.variant_id, t.milliseconds_to_goal_sum
FROM conformance_variants v
JOIN timing_variant_hours t ON t.persona = v.persona AND t.touchpoints = v.touchpoints

-- name: overlay_impact
-- (whole period only: run after the 'all' pass)
-- Outcome impact of each deviation: conversion and mean time to goal of journeys that show it
-- against comparable journeys that do not (a skip against journeys that did the step; late and
-- order against journeys that did the step; an unexpected touchpoint against all journeys), ranked
-- by the conversions it costs (positive: the deviation hurts).
CREATE OR REPLACE TABLE overlay_impact AS
WITH cases AS (
    SELECT s.persona, 'skipped' AS kind, s.step_index, NULL AS touchpoint, s.variant_id,
           s.journeys, s.converted, s.skipped AS deviates
    FROM step_status s WHERE NOT s.optional AND (s.present OR s.skipped)
    UNION ALL
    SELECT persona, 'out_of_order', step_index, NULL, variant_id, journeys, converted,
           out_of_order
    FROM step_status WHERE present
    UNION ALL
    SELECT s.persona, 'repeated', s.step_index, NULL, s.variant_id, s.journeys, s.converted,
           s.repeated
    FROM step_status s JOIN designed_steps d USING (persona, step_index)
    WHERE s.present AND NOT d.repeatable
    UNION ALL
    SELECT r.persona, 'unexpected', u.after_step_index, u.touchpoint, r.variant_id,
           r.journeys, r.goal_position IS NOT NULL,
           EXISTS (SELECT 1 FROM unexpected_variants x
                   WHERE x.variant_id = r.variant_id AND x.touchpoint = u.touchpoint)
    FROM variant_reach r
    JOIN (SELECT persona, touchpoint, min(after_step_index) AS after_step_index
          FROM unexpected_variants GROUP BY persona, touchpoint) u ON u.persona = r.persona
), by_variant AS (
    SELECT c.persona, c.kind, c.step_index, c.touchpoint, c.deviates,
           sum(c.journeys) AS journeys,
           sum(c.journeys) FILTER (WHERE c.converted) AS converted,
           sum(o.milliseconds_to_goal_sum) FILTER (WHERE c.converted) AS milliseconds_to_goal_sum
    FROM cases c JOIN variant_outcomes o USING (variant_id)
    GROUP BY c.persona, c.kind, c.step_index, c.touchpoint, c.deviates
    UNION ALL
    SELECT persona, 'late', step_index, NULL, late, journeys, converted, milliseconds_to_goal_sum
    FROM timing_late_outcomes JOIN designed_steps d USING (persona, step_index)
    WHERE d.target_hours IS NOT NULL
), compared AS (
    SELECT persona, kind, step_index, touchpoint AS unexpected_touchpoint,
           sum(journeys) FILTER (WHERE deviates) AS journeys_with,
           sum(journeys) FILTER (WHERE NOT deviates) AS journeys_without,
           coalesce(sum(converted) FILTER (WHERE deviates), 0)
               / sum(journeys) FILTER (WHERE deviates) AS conversion_with,
           coalesce(sum(converted) FILTER (WHERE NOT deviates), 0)
               / sum(journeys) FILTER (WHERE NOT deviates) AS conversion_without,
           sum(milliseconds_to_goal_sum) FILTER (WHERE deviates) / 3600000.0
               / sum(converted) FILTER (WHERE deviates) AS mean_hours_to_goal_with,
           sum(milliseconds_to_goal_sum) FILTER (WHERE NOT deviates) / 3600000.0
               / sum(converted) FILTER (WHERE NOT deviates) AS mean_hours_to_goal_without
    FROM by_variant
    GROUP BY persona, kind, step_index, touchpoint
)
SELECT c.persona, c.kind, c.step_index,
       coalesce(c.unexpected_touchpoint, d.step) AS subject,
       c.journeys_with, c.journeys_without, c.conversion_with, c.conversion_without,
       c.mean_hours_to_goal_with, c.mean_hours_to_goal_without,
       c.conversion_with - c.conversion_without AS conversion_difference,
       (c.conversion_without - c.conversion_with) * c.journeys_with AS conversions_lost,
       ROW_NUMBER() OVER (PARTITION BY c.persona
                          ORDER BY (c.conversion_without - c.conversion_with) * c.journeys_with
                                   DESC, c.kind, coalesce(c.unexpected_touchpoint, d.step))
           AS rank
FROM compared c
LEFT JOIN designed_steps d ON d.persona = c.persona AND d.step_index = c.step_index
WHERE c.journeys_with > 0 AND c.journeys_without > 0
