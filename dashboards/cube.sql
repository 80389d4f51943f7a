-- The explorer's cube: the observed map of every filter the explorer offers (persona x month of
-- journey start x channel touched), computed once when a snapshot is published, so a filter
-- change reads a few hundred rows instead of the journeys' events.
--
-- A NULL period or channel means "all"; the (all, all) cell is the pipeline's own observed_*
-- tables and is not repeated. Same choice of journeys as explorer.sql (which serves snapshots
-- published before the cube existed): a journey's month is that of its first touchpoint, it
-- touched a channel when any of its events has it, and a step's time is the time to the next
-- event of the journey ordered by step_index.
--
-- How it stays cheap: journeys are first reduced to classes that share persona, month, set of
-- channels touched, variant and duration bucket, and steps to classes that share persona,
-- month, channels, edge and time bucket (one pass over the events each). Only those classes
-- are spread over the cells they belong to. Counts, sums, means, first and last starts are
-- exact. Medians and 90th percentiles are read from the buckets, interpolated like
-- quantile_cont: a bucket spans 2% of time (log-spaced) and stands for the mean of its own
-- values, so an estimate is within 2% of the exact figure (exact when a bucket's values are
-- equal).

-- name: cube_macros
-- time_bucket: a time's log-spaced bucket (2% wide). bucket_quantile: the q-quantile of the
-- values summarised by buckets (mean `value` and running count `upto` of `total`, in bucket
-- order), interpolated between the two ranks around it the way quantile_cont does.
CREATE OR REPLACE TEMP MACRO time_bucket(seconds) AS
    CAST(round(ln(1 + greatest(seconds, 0)) / ln(1.02)) AS INTEGER);
CREATE OR REPLACE TEMP MACRO bucket_quantile(value, bucket, upto, total, q) AS
    arg_min(value, bucket) FILTER (WHERE upto > floor(q * (total - 1)))
    + (q * (any_value(total) - 1) - floor(q * (any_value(total) - 1)))
    * (arg_min(value, bucket) FILTER (WHERE upto > ceil(q * (total - 1)))
       - arg_min(value, bucket) FILTER (WHERE upto > floor(q * (total - 1))));

-- name: cube_journeys
CREATE OR REPLACE TEMP TABLE cube_journeys AS
SELECT v.persona, v.journey_id, strftime(v.started_at, '%Y-%m') AS period, v.touchpoints,
       v.duration_seconds, v.started_at, coalesce(c.channels, []) AS channels
FROM journey_variants v
LEFT JOIN (
    SELECT persona, journey_id,
           list(DISTINCT channel ORDER BY channel) FILTER (WHERE channel IS NOT NULL) AS channels
    FROM journeys GROUP BY persona, journey_id
) c USING (persona, journey_id);

-- name: cube_journeys_without_channels
CREATE OR REPLACE TEMP TABLE cube_journeys AS
SELECT persona, journey_id, strftime(started_at, '%Y-%m') AS period, touchpoints,
       duration_seconds, started_at, []::VARCHAR[] AS channels
FROM journey_variants;

-- name: cube_journey_classes
CREATE OR REPLACE TEMP TABLE cube_journey_classes AS
SELECT persona, period, channels, touchpoints, time_bucket(duration_seconds) AS bucket,
       count(*) AS journeys, sum(duration_seconds) AS seconds,
       min(started_at) AS first_started_at, max(started_at) AS last_started_at
FROM cube_journeys GROUP BY ALL;

-- name: cube_step_classes
CREATE OR REPLACE TEMP TABLE cube_step_classes AS
WITH steps AS (
    SELECT persona, journey_id, touchpoint AS source,
           lead(touchpoint) OVER w AS target,
           epoch(lead(occurred_at) OVER w) - epoch(occurred_at) AS seconds
    FROM journeys
    WINDOW w AS (PARTITION BY persona, journey_id ORDER BY step_index)
    QUALIFY target IS NOT NULL
)
SELECT j.persona, j.period, j.channels, s.source, s.target, time_bucket(s.seconds) AS bucket,
       count(*) AS count, sum(s.seconds) AS seconds
FROM steps s JOIN cube_journeys j USING (persona, journey_id)
GROUP BY ALL;

-- name: cube_cells
-- Each journey class in every cell it belongs to: its month or all months, times each channel
-- it touched or all channels; the (all, all) cell left out.
CREATE OR REPLACE TEMP TABLE cube_cells AS
SELECT k.persona, m.period, t.channel, k.touchpoints, k.bucket, k.journeys, k.seconds,
       k.first_started_at, k.last_started_at
FROM cube_journey_classes k, unnest([k.period, NULL]) AS m(period),
     unnest(list_prepend(NULL, k.channels)) AS t(channel)
WHERE m.period IS NOT NULL OR t.channel IS NOT NULL;

-- name: explorer_summary
CREATE OR REPLACE TABLE explorer_summary AS
WITH buckets AS (
    SELECT persona, period, channel, bucket, sum(journeys) AS journeys, sum(seconds) AS seconds
    FROM cube_cells GROUP BY ALL
), running AS (
    SELECT *, sum(journeys) OVER cell AS total,
           sum(journeys) OVER (cell ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS upto
    FROM buckets WINDOW cell AS (PARTITION BY persona, period, channel)
), medians AS (
    SELECT persona, period, channel,
           bucket_quantile(seconds / journeys, bucket, upto, total, 0.5)
               AS median_duration_seconds
    FROM running GROUP BY ALL
)
SELECT c.persona, c.period, c.channel, CAST(sum(c.journeys) AS BIGINT) AS journeys,
       CAST(sum(len(c.touchpoints) * c.journeys) AS BIGINT) AS events,
       count(DISTINCT c.touchpoints) AS variants, any_value(m.median_duration_seconds)
           AS median_duration_seconds,
       min(c.first_started_at) AS first_started_at, max(c.last_started_at) AS last_started_at
FROM cube_cells c JOIN medians m
  ON m.persona = c.persona AND m.period IS NOT DISTINCT FROM c.period
 AND m.channel IS NOT DISTINCT FROM c.channel
GROUP BY c.persona, c.period, c.channel ORDER BY ALL;

-- name: explorer_endpoints
CREATE OR REPLACE TABLE explorer_endpoints AS
SELECT persona, period, channel, kind, touchpoint, CAST(sum(journeys) AS BIGINT) AS count FROM (
    SELECT persona, period, channel, 'start' AS kind, touchpoints[1] AS touchpoint, journeys
    FROM cube_cells
    UNION ALL
    SELECT persona, period, channel, 'end' AS kind, touchpoints[-1] AS touchpoint, journeys
    FROM cube_cells
) GROUP BY ALL ORDER BY persona, period, channel, kind, count DESC, touchpoint;

-- name: explorer_variants
-- The top $top variants of each cell (share: of all the cell's journeys).
CREATE OR REPLACE TABLE explorer_variants AS
WITH buckets AS (
    SELECT persona, period, channel, touchpoints, bucket, sum(journeys) AS journeys,
           sum(seconds) AS seconds
    FROM cube_cells GROUP BY ALL
), running AS (
    SELECT *, sum(journeys) OVER variant AS total,
           sum(journeys) OVER (variant ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS upto
    FROM buckets WINDOW variant AS (PARTITION BY persona, period, channel, touchpoints)
), variants AS (
    SELECT persona, period, channel, touchpoints, CAST(any_value(total) AS BIGINT) AS count,
           bucket_quantile(seconds / journeys, bucket, upto, total, 0.5)
               AS median_duration_seconds
    FROM running GROUP BY ALL
)
SELECT * FROM (
    SELECT persona, period, channel, touchpoints, count,
           count / sum(count) OVER cell AS share, median_duration_seconds,
           row_number() OVER (cell ORDER BY count DESC, touchpoints) AS rank
    FROM variants WINDOW cell AS (PARTITION BY persona, period, channel)
) WHERE rank <= $top
ORDER BY persona, period, channel, rank;

-- name: explorer_dfg
CREATE OR REPLACE TABLE explorer_dfg AS
WITH buckets AS (
    SELECT k.persona, m.period, t.channel, k.source, k.target, k.bucket,
           sum(k.count) AS count, sum(k.seconds) AS seconds
    FROM cube_step_classes k, unnest([k.period, NULL]) AS m(period),
         unnest(list_prepend(NULL, k.channels)) AS t(channel)
    WHERE m.period IS NOT NULL OR t.channel IS NOT NULL
    GROUP BY ALL
), running AS (
    SELECT *, sum(count) OVER edge AS total,
           sum(count) OVER (edge ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS upto
    FROM buckets WINDOW edge AS (PARTITION BY persona, period, channel, source, target)
)
SELECT persona, period, channel, source, target, CAST(any_value(total) AS BIGINT) AS count,
       sum(seconds) / any_value(total) AS mean_seconds,
       bucket_quantile(seconds / count, bucket, upto, total, 0.5) AS median_seconds,
       bucket_quantile(seconds / count, bucket, upto, total, 0.9) AS p90_seconds
FROM running GROUP BY ALL
ORDER BY persona, period, channel, count DESC, source, target;

-- name: cell_summary
SELECT journeys, events, variants, median_duration_seconds, first_started_at, last_started_at
FROM explorer_summary
WHERE persona = $persona AND period IS NOT DISTINCT FROM $period
  AND channel IS NOT DISTINCT FROM $channel;

-- name: cell_endpoints
SELECT kind, touchpoint, count FROM explorer_endpoints
WHERE persona = $persona AND period IS NOT DISTINCT FROM $period
  AND channel IS NOT DISTINCT FROM $channel
ORDER BY kind, count DESC, touchpoint;

-- name: cell_variants
SELECT touchpoints, count, share, median_duration_seconds, rank FROM explorer_variants
WHERE persona = $persona AND period IS NOT DISTINCT FROM $period
  AND channel IS NOT DISTINCT FROM $channel AND rank <= $top
ORDER BY rank;

-- name: cell_dfg
SELECT source, target, count, mean_seconds, median_seconds, p90_seconds FROM explorer_dfg
WHERE persona = $persona AND period IS NOT DISTINCT FROM $period
  AND channel IS NOT DISTINCT FROM $channel
ORDER BY count DESC, source, target;

-- name: cube_periods
SELECT DISTINCT period FROM explorer_summary
WHERE persona = $persona AND period IS NOT NULL ORDER BY period;

-- name: cube_channels
SELECT DISTINCT channel FROM explorer_summary
WHERE persona = $persona AND channel IS NOT NULL ORDER BY channel;
