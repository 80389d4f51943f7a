-- Conformance of observed journeys to designed maps, per persona and designed step.
-- Inputs: `journeys` (mining), `designed_steps`, `designed_step_touchpoints` and
-- `designed_journeys` (registered from the YAML maps).
-- A designed step of a journey is followed (one of its touchpoints is present), skipped (absent,
-- not optional, and a later designed step is present), not taken (an optional step left out), or
-- not reached (the journey ended before it). A present step is out of order when it comes before
-- a step of an earlier order rank (steps of an any-order stage share a rank), late when its wait
-- since the previous present designed step exceeds its target, and repeated when it happens more
-- than once without being repeatable. Touchpoints not in the design are unexpected, placed after
-- the last designed step seen before them.

-- name: step_hits
CREATE OR REPLACE TEMP TABLE step_hits AS
SELECT j.persona, j.journey_id, d.step_index, min(j.occurred_at) AS first_at,
       min(j.step_index) AS position, count(*) AS occurrences
FROM journeys j
JOIN designed_step_touchpoints d ON d.persona = j.persona AND d.touchpoint = j.touchpoint
GROUP BY j.persona, j.journey_id, d.step_index

-- name: journey_reach
CREATE OR REPLACE TEMP TABLE journey_reach AS
SELECT v.persona, v.journey_id, coalesce(max(h.step_index), 0) AS reached
FROM journey_variants v
LEFT JOIN step_hits h ON h.persona = v.persona AND h.journey_id = v.journey_id
WHERE v.persona IN (SELECT persona FROM designed_journeys)
GROUP BY v.persona, v.journey_id

-- name: step_status
CREATE OR REPLACE TEMP TABLE step_status AS
WITH present AS (
    SELECT h.persona, h.journey_id, h.step_index, h.first_at, h.position, h.occurrences,
           LAG(h.first_at) OVER (PARTITION BY h.persona, h.journey_id ORDER BY h.step_index)
               AS previous_at,
           max(h.position) OVER (PARTITION BY h.persona, h.journey_id ORDER BY d.order_rank
                                 RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS max_earlier_position
    FROM step_hits h
    JOIN designed_steps d ON d.persona = h.persona AND d.step_index = h.step_index
)
SELECT r.persona, r.journey_id, d.step_index, r.reached, d.optional,
       p.first_at IS NOT NULL AS present,
       coalesce(p.position < p.max_earlier_position, false) AS out_of_order,
       coalesce(p.occurrences > 1 AND NOT d.repeatable, false) AS repeated,
       (epoch(p.first_at) - epoch(p.previous_at)) / 3600.0 AS hours_from_previous,
       coalesce((epoch(p.first_at) - epoch(p.previous_at)) / 3600.0 > d.target_hours, false) AS late
FROM journey_reach r
JOIN designed_steps d ON d.persona = r.persona
LEFT JOIN present p
       ON p.persona = r.persona AND p.journey_id = r.journey_id AND p.step_index = d.step_index

-- name: unexpected_events
CREATE OR REPLACE TEMP TABLE unexpected_events AS
WITH tagged AS (
    SELECT j.persona, j.journey_id, j.touchpoint, j.step_index, d.step_index AS designed_index
    FROM journeys j
    LEFT JOIN designed_step_touchpoints d
           ON d.persona = j.persona AND d.touchpoint = j.touchpoint
    WHERE j.persona IN (SELECT persona FROM designed_journeys)
), placed AS (
    SELECT *, last_value(designed_index IGNORE NULLS) OVER (
                  PARTITION BY journey_id ORDER BY step_index
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS after_index
    FROM tagged
)
SELECT persona, journey_id, touchpoint, coalesce(after_index, 0) AS after_step_index
FROM placed WHERE designed_index IS NULL

-- name: overlay_steps
CREATE OR REPLACE TABLE overlay_steps AS
SELECT d.persona, d.step_index, d.stage_index, d.stage, d.step, d.touchpoint, d.channel,
       d.designed_emotion, d.target_hours, d.optional, d.repeatable,
       count(*) AS journeys,
       count(*) FILTER (WHERE s.present) AS followed,
       count(*) FILTER (WHERE s.present AND NOT s.out_of_order) AS in_order,
       count(*) FILTER (WHERE s.out_of_order) AS out_of_order,
       count(*) FILTER (WHERE s.late) AS late,
       count(*) FILTER (WHERE NOT s.present AND s.step_index < s.reached AND NOT s.optional)
           AS skipped,
       count(*) FILTER (WHERE NOT s.present AND s.step_index < s.reached AND s.optional)
           AS not_taken,
       count(*) FILTER (WHERE s.repeated) AS repeated,
       count(*) FILTER (WHERE NOT s.present AND s.step_index > s.reached) AS not_reached,
       count(*) FILTER (WHERE s.reached = s.step_index AND s.step_index < m.steps)
           AS dropped_after,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY s.hours_from_previous)
           AS median_hours_from_previous
FROM step_status s
JOIN designed_steps d USING (persona, step_index)
JOIN designed_journeys m USING (persona)
GROUP BY ALL

-- name: overlay_unexpected
CREATE OR REPLACE TABLE overlay_unexpected AS
SELECT u.persona, u.touchpoint, u.after_step_index, d.step AS after_step,
       count(*) AS events, count(DISTINCT u.journey_id) AS journeys
FROM unexpected_events u
LEFT JOIN designed_steps d ON d.persona = u.persona AND d.step_index = u.after_step_index
GROUP BY ALL

-- name: overlay_summary
CREATE OR REPLACE TABLE overlay_summary AS
WITH flags AS (
    SELECT persona, journey_id,
           bool_or(NOT present AND step_index < reached AND NOT optional) AS has_skip,
           bool_or(out_of_order) AS has_out_of_order,
           bool_or(repeated) AS has_repeat,
           bool_or(late) AS has_late
    FROM step_status GROUP BY persona, journey_id
), goals AS (
    SELECT r.persona, r.journey_id,
           EXISTS (SELECT 1 FROM journeys j
                   WHERE j.journey_id = r.journey_id AND j.persona = r.persona
                     AND j.touchpoint = m.goal) AS converted
    FROM journey_reach r JOIN designed_journeys m ON m.persona = r.persona
)
SELECT m.persona, m.designed_map, m.goal, count(*) AS journeys,
       count(*) FILTER (WHERE g.converted) AS converted,
       count(*) FILTER (WHERE g.converted) / count(*) AS conversion_rate,
       count(*) FILTER (WHERE NOT f.has_skip AND NOT f.has_out_of_order AND NOT f.has_repeat
                        AND u.journey_id IS NULL) AS fitting,
       count(*) FILTER (WHERE NOT f.has_skip AND NOT f.has_out_of_order AND NOT f.has_repeat
                        AND u.journey_id IS NULL) / count(*) AS fitting_share,
       count(*) FILTER (WHERE f.has_late) AS with_late_step
FROM flags f
JOIN goals g USING (persona, journey_id)
JOIN designed_journeys m USING (persona)
LEFT JOIN (SELECT DISTINCT persona, journey_id FROM unexpected_events) u
       USING (persona, journey_id)
GROUP BY m.persona, m.designed_map, m.goal

-- name: overlay_stages
-- Stage funnel: journeys that reached each stage (any of its steps or a later one), and the
-- journeys whose last designed step lies in that stage without completing the map.
CREATE OR REPLACE TABLE overlay_stages AS
WITH stage_bounds AS (
    SELECT persona, stage_index, stage, min(step_index) AS first_step, max(step_index) AS last_step
    FROM designed_steps GROUP BY persona, stage_index, stage
)
SELECT b.persona, b.stage_index, b.stage,
       count(*) FILTER (WHERE r.reached >= b.first_step) AS reached,
       count(*) FILTER (WHERE r.reached BETWEEN b.first_step AND b.last_step
                        AND r.reached < m.steps) AS dropped_in_stage
FROM stage_bounds b
JOIN journey_reach r ON r.persona = b.persona
JOIN designed_journeys m ON m.persona = b.persona
GROUP BY b.persona, b.stage_index, b.stage

-- name: designed_tables
CREATE OR REPLACE TABLE designed_steps (
    persona VARCHAR, step_index INTEGER, stage_index INTEGER, stage VARCHAR, step VARCHAR,
    touchpoint VARCHAR,  -- the step's touchpoints, joined by ' | ' (for display)
    channel VARCHAR, designed_emotion INTEGER, target_hours DOUBLE, optional BOOLEAN,
    repeatable BOOLEAN, order_rank INTEGER);
CREATE OR REPLACE TABLE designed_step_touchpoints (
    persona VARCHAR, step_index INTEGER, touchpoint VARCHAR);
CREATE OR REPLACE TABLE designed_journeys (
    persona VARCHAR, designed_map VARCHAR, goal VARCHAR, owner VARCHAR, version INTEGER,
    steps INTEGER);

-- name: journey_outcomes
-- Whether each journey reached the map's goal, and how long after its start (hours).
CREATE OR REPLACE TEMP TABLE journey_outcomes AS
SELECT r.persona, r.journey_id,
       min(j.occurred_at) FILTER (WHERE j.touchpoint = m.goal) IS NOT NULL AS converted,
       (epoch(min(j.occurred_at) FILTER (WHERE j.touchpoint = m.goal))
        - epoch(min(j.occurred_at))) / 3600.0 AS hours_to_goal
FROM journey_reach r
JOIN designed_journeys m ON m.persona = r.persona
JOIN journeys j ON j.persona = r.persona AND j.journey_id = r.journey_id
GROUP BY r.persona, r.journey_id

-- name: deviation_cases
-- For each kind of deviation, the journeys it can be compared on and whether each shows it:
-- a skip against journeys that did the step, lateness and order against journeys that did the
-- step, an unexpected touchpoint against all journeys of the persona.
CREATE OR REPLACE TEMP TABLE deviation_cases AS
SELECT s.persona, 'skipped' AS kind, s.step_index, d.step AS subject, s.journey_id,
       NOT s.present AS deviates
FROM step_status s JOIN designed_steps d USING (persona, step_index)
WHERE NOT d.optional AND (s.present OR s.step_index < s.reached)
UNION ALL
SELECT s.persona, 'late', s.step_index, d.step, s.journey_id, s.late
FROM step_status s JOIN designed_steps d USING (persona, step_index)
WHERE s.present AND d.target_hours IS NOT NULL
UNION ALL
SELECT s.persona, 'out_of_order', s.step_index, d.step, s.journey_id, s.out_of_order
FROM step_status s JOIN designed_steps d USING (persona, step_index)
WHERE s.present
UNION ALL
SELECT s.persona, 'repeated', s.step_index, d.step, s.journey_id, s.repeated
FROM step_status s JOIN designed_steps d USING (persona, step_index)
WHERE s.present AND NOT d.repeatable
UNION ALL
SELECT r.persona, 'unexpected', u.after_step_index, u.touchpoint, r.journey_id,
       EXISTS (SELECT 1 FROM unexpected_events e
               WHERE e.persona = r.persona AND e.journey_id = r.journey_id
                 AND e.touchpoint = u.touchpoint) AS deviates
FROM journey_reach r
JOIN (SELECT persona, touchpoint, min(after_step_index) AS after_step_index
      FROM unexpected_events GROUP BY persona, touchpoint) u ON u.persona = r.persona

-- name: overlay_impact
-- Outcome impact of each deviation: conversion and time to goal of journeys that show it versus
-- those that do not, ranked by the conversions it costs (positive: the deviation hurts).
CREATE OR REPLACE TABLE overlay_impact AS
WITH compared AS (
    SELECT c.persona, c.kind, c.step_index, c.subject,
           count(*) FILTER (WHERE c.deviates) AS journeys_with,
           count(*) FILTER (WHERE NOT c.deviates) AS journeys_without,
           avg(CASE WHEN o.converted THEN 1.0 ELSE 0.0 END) FILTER (WHERE c.deviates)
               AS conversion_with,
           avg(CASE WHEN o.converted THEN 1.0 ELSE 0.0 END) FILTER (WHERE NOT c.deviates)
               AS conversion_without,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY o.hours_to_goal)
               FILTER (WHERE c.deviates) AS median_hours_to_goal_with,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY o.hours_to_goal)
               FILTER (WHERE NOT c.deviates) AS median_hours_to_goal_without
    FROM deviation_cases c
    JOIN journey_outcomes o ON o.persona = c.persona AND o.journey_id = c.journey_id
    GROUP BY c.persona, c.kind, c.step_index, c.subject
)
SELECT *, conversion_with - conversion_without AS conversion_difference,
       (conversion_without - conversion_with) * journeys_with AS conversions_lost,
       ROW_NUMBER() OVER (PARTITION BY persona
                          ORDER BY (conversion_without - conversion_with) * journeys_with DESC,
                                   kind, subject) AS rank
FROM compared
WHERE journeys_with > 0 AND journeys_without > 0
