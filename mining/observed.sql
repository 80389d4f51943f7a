-- The observed map per persona, from an event log relation `event_log` with columns
-- (persona, journey_id, touchpoint, occurred_at, step_index). Durations in seconds.

-- name: dfg
CREATE OR REPLACE TABLE observed_dfg AS
WITH steps AS (
    SELECT persona, touchpoint AS source, occurred_at,
           LEAD(touchpoint) OVER w AS target,
           LEAD(occurred_at) OVER w AS target_at
    FROM event_log
    WINDOW w AS (PARTITION BY journey_id ORDER BY step_index)
)
SELECT persona, source, target, count(*) AS count,
       avg(epoch(target_at) - epoch(occurred_at)) AS mean_seconds,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY epoch(target_at) - epoch(occurred_at))
           AS median_seconds,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY epoch(target_at) - epoch(occurred_at))
           AS p90_seconds
FROM steps
WHERE target IS NOT NULL
GROUP BY persona, source, target

-- name: endpoints
CREATE OR REPLACE TABLE observed_endpoints AS
WITH bounds AS (
    SELECT persona, journey_id, touchpoint, step_index,
           max(step_index) OVER (PARTITION BY journey_id) AS last_index
    FROM event_log
)
SELECT persona, 'start' AS kind, touchpoint, count(*) AS count
FROM bounds WHERE step_index = 1 GROUP BY persona, touchpoint
UNION ALL
SELECT persona, 'end', touchpoint, count(*)
FROM bounds WHERE step_index = last_index GROUP BY persona, touchpoint

-- name: journey_variants
CREATE OR REPLACE TABLE journey_variants AS
SELECT persona, journey_id,
       list(touchpoint ORDER BY step_index) AS touchpoints,
       min(occurred_at) AS started_at,
       epoch(max(occurred_at)) - epoch(min(occurred_at)) AS duration_seconds
FROM event_log
GROUP BY persona, journey_id

-- name: variants
CREATE OR REPLACE TABLE observed_variants AS
SELECT persona, touchpoints, count(*) AS count,
       count(*) / sum(count(*)) OVER (PARTITION BY persona) AS share,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) AS median_duration_seconds,
       ROW_NUMBER() OVER (PARTITION BY persona ORDER BY count(*) DESC, touchpoints) AS rank
FROM journey_variants
GROUP BY persona, touchpoints

-- name: summary
CREATE OR REPLACE TABLE observed_summary AS
SELECT persona, count(*) AS journeys, sum(len(touchpoints)) AS events,
       count(DISTINCT touchpoints) AS variants,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) AS median_duration_seconds,
       min(started_at) AS first_started_at, max(started_at) AS last_started_at
FROM journey_variants
GROUP BY persona
