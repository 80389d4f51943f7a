-- The observed map of the journeys an explorer view chooses: one persona, optionally the month
-- its journeys started ($period, 'YYYY-MM') and a channel they touched ($channel).
-- Each statement is named by its `-- name:` line; parameters are bound, never pasted.

-- name: chosen
CREATE OR REPLACE TEMP TABLE chosen AS
SELECT journey_id, touchpoints, duration_seconds, started_at
FROM journey_variants
WHERE persona = $persona
  AND ($period IS NULL OR strftime(started_at, '%Y-%m') = $period)
  AND ($channel IS NULL OR journey_id IN (
      SELECT journey_id FROM journeys WHERE persona = $persona AND channel = $channel));

-- name: summary
SELECT count(*) AS journeys, coalesce(sum(len(touchpoints)), 0) AS events,
       count(DISTINCT touchpoints) AS variants,
       median(duration_seconds) AS median_duration_seconds,
       min(started_at) AS first_started_at, max(started_at) AS last_started_at
FROM chosen;

-- name: endpoints
SELECT kind, touchpoint, count(*) AS count FROM (
    SELECT 'start' AS kind, touchpoints[1] AS touchpoint FROM chosen
    UNION ALL
    SELECT 'end' AS kind, touchpoints[-1] AS touchpoint FROM chosen
) GROUP BY ALL ORDER BY kind, count DESC, touchpoint;

-- name: variants
SELECT touchpoints, count(*) AS count, count(*) / sum(count(*)) OVER () AS share,
       median(duration_seconds) AS median_duration_seconds,
       row_number() OVER (ORDER BY count(*) DESC, touchpoints) AS rank
FROM chosen GROUP BY touchpoints ORDER BY rank LIMIT $top;

-- name: dfg
WITH steps AS (
    SELECT touchpoint AS source,
           lead(touchpoint) OVER w AS target,
           epoch(lead(occurred_at) OVER w) - epoch(occurred_at) AS seconds
    FROM journeys SEMI JOIN chosen USING (journey_id)
    WHERE persona = $persona
    WINDOW w AS (PARTITION BY journey_id ORDER BY step_index)
)
SELECT source, target, count(*) AS count, avg(seconds) AS mean_seconds,
       median(seconds) AS median_seconds, quantile_cont(seconds, 0.9) AS p90_seconds
FROM steps WHERE target IS NOT NULL
GROUP BY source, target ORDER BY count DESC, source, target;

-- name: periods
SELECT DISTINCT strftime(started_at, '%Y-%m') AS period
FROM journey_variants WHERE persona = $persona ORDER BY period;

-- name: channels
SELECT DISTINCT channel FROM journeys WHERE persona = $persona AND channel IS NOT NULL
ORDER BY channel;
