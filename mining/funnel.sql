-- Conversion, stage funnel and drop-off of the observed journeys, per persona.
--
-- Inputs: `mined_events`, `mined_journeys`, `mined_variants` and `mined_touchpoints`
-- (observed.sql) and the parameters funnel.py writes:
-- `mined_goals(persona, touchpoint)`: reaching any of these touchpoints converts a journey;
-- `mined_stage_map(persona, stage_index, stage, touchpoint)`: the stage a touchpoint belongs to.
-- A NULL persona applies to every persona. Only personas with a goal are reported.
-- Portable SQL, like observed.sql.

-- name: goals
CREATE OR REPLACE TEMP TABLE mined_goals (persona VARCHAR, touchpoint VARCHAR NOT NULL)

-- name: stage_map
CREATE OR REPLACE TEMP TABLE mined_stage_map (
    persona VARCHAR, stage_index INTEGER NOT NULL, stage VARCHAR NOT NULL,
    touchpoint VARCHAR NOT NULL)

-- name: outcomes
-- Per journey: where (position) and when it first reached a goal touchpoint (NULL: never), and
-- the furthest stage any of its touchpoints belongs to (NULL: none mapped).
CREATE OR REPLACE TEMP TABLE mined_outcomes AS
SELECT s.persona, s.journey_key,
       min(CASE WHEN g.touchpoint IS NOT NULL THEN s.position END) AS converted_position,
       min(CASE WHEN g.touchpoint IS NOT NULL THEN s.occurred_at END) AS converted_at,
       max(m.stage_index) AS reached_stage_index
FROM mined_events s
JOIN mined_touchpoints t ON t.code = s.code
LEFT JOIN mined_goals g
       ON g.touchpoint = t.touchpoint AND (g.persona IS NULL OR g.persona = s.persona)
LEFT JOIN mined_stage_map m
       ON m.touchpoint = t.touchpoint AND (m.persona IS NULL OR m.persona = s.persona)
WHERE EXISTS (SELECT 1 FROM mined_goals p WHERE p.persona IS NULL OR p.persona = s.persona)
GROUP BY s.persona, s.journey_key

-- name: conversion
-- Time to convert: seconds from the journey's first event to its first goal touchpoint.
CREATE OR REPLACE TEMP TABLE mined_conversion AS
SELECT persona, journeys, converted, CAST(converted AS DOUBLE) / journeys AS conversion_rate,
       mean_seconds_to_convert, to_convert[1] AS median_seconds_to_convert,
       to_convert[2] AS p90_seconds_to_convert
FROM (
    SELECT j.persona, count(*) AS journeys, count(o.converted_position) AS converted,
           avg(seconds_between(j.started_at, o.converted_at)) AS mean_seconds_to_convert,
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
               ORDER BY seconds_between(j.started_at, o.converted_at)) AS to_convert
    FROM mined_outcomes o
    JOIN mined_journeys j ON j.journey_key = o.journey_key
    GROUP BY j.persona
) c

-- name: funnel
-- Of each persona's journeys: how many reached each stage (one of its touchpoints, or a later
-- stage's), and how many went no further than that stage without converting (dropped).
CREATE OR REPLACE TEMP TABLE mined_funnel AS
WITH stages AS (
    SELECT DISTINCT persona AS stage_persona, stage_index, stage FROM mined_stage_map
)
SELECT o.persona, s.stage_index, s.stage, count(*) AS journeys,
       count(*) FILTER (WHERE o.reached_stage_index >= s.stage_index) AS reached,
       CAST(count(*) FILTER (WHERE o.reached_stage_index >= s.stage_index) AS DOUBLE)
           / count(*) AS reached_share,
       count(*) FILTER (WHERE o.reached_stage_index = s.stage_index
                        AND o.converted_position IS NULL) AS dropped
FROM mined_outcomes o
JOIN stages s ON s.stage_persona IS NULL OR s.stage_persona = o.persona
GROUP BY o.persona, s.stage_index, s.stage

-- name: dropoff
-- Where the journeys that never converted ended: their last touchpoint and its stage.
-- share: of the persona's journeys that did not convert.
CREATE OR REPLACE TEMP TABLE mined_dropoff AS
SELECT persona, touchpoint, stage_index, stage, journeys,
       CAST(journeys AS DOUBLE) / sum(journeys) OVER (PARTITION BY persona) AS share
FROM (
    SELECT j.persona, v.last_touchpoint AS touchpoint, m.stage_index, m.stage,
           count(*) AS journeys
    FROM mined_outcomes o
    JOIN mined_journeys j ON j.journey_key = o.journey_key
    JOIN mined_variants v ON v.persona = j.persona AND v.codes = j.codes
    LEFT JOIN mined_stage_map m
           ON m.touchpoint = v.last_touchpoint AND (m.persona IS NULL OR m.persona = j.persona)
    WHERE o.converted_position IS NULL
    GROUP BY j.persona, v.last_touchpoint, m.stage_index, m.stage
) d
