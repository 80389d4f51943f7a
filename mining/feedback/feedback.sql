-- Voice of the customer: feedback items scored, attributed to a journey step and summarised.
--
-- Inputs: `feedback` (connectors: one row per survey answer, review or support conversation),
-- `identities` and `customers` (who gave it, their persona), `journeys` (what they did), and
-- from the caller the designed steps as plain data: `fb_design` (persona, step_index,
-- stage_index, stage, step, designed_emotion), `fb_design_touchpoints` (persona, step_index,
-- touchpoint) and `fb_goals` (persona, goal), plus the text results `fb_text` computed in Python.

-- name: items
-- Each feedback item with its customer and persona (NULL for channel-level reviews).
CREATE OR REPLACE TEMP TABLE fb_items AS
SELECT f.feedback_id, f.touchpoint_event_id, f.source, f.kind, f.touchpoint, f.identifier_key,
       i.customer_id, c.persona, f.occurred_at, f.score, f.score_scale, f.score_emotion,
       nullif(trim(f.comment), '') AS comment, f.language_hint, f.about_step, f.subject
FROM feedback f
LEFT JOIN (SELECT identifier_key, min(customer_id) AS customer_id FROM identities GROUP BY 1) i
       USING (identifier_key)
LEFT JOIN customers c ON c.customer_id = i.customer_id

-- name: distinct_comments
-- The comments whose text is used: those of items without a score (their text is the measured
-- emotion), or every comment when $every.
SELECT comment, language_hint FROM fb_items
WHERE comment IS NOT NULL AND ($every OR score_emotion IS NULL)
GROUP BY ALL

-- name: training_rows
-- Rated comments to learn from: a seeded sample of at most $max_rows (cut per language later);
-- `grp` is the customer (so a held-out split keeps each customer on one side), else the item.
SELECT comment, language_hint, score_emotion,
       coalesce(customer_id, identifier_key, feedback_id) AS grp
FROM fb_items
WHERE score_emotion IS NOT NULL AND comment IS NOT NULL
ORDER BY hash(feedback_id, $seed)
LIMIT $max_rows

-- name: scored
CREATE OR REPLACE TEMP TABLE fb_scored AS
SELECT i.*, t.language, t.language_source, t.text_emotion, t.text_scorer,
       coalesce(i.score_emotion, t.text_emotion) AS measured_emotion,
       CASE WHEN i.score_emotion IS NOT NULL THEN 'score'
            WHEN t.text_emotion IS NOT NULL THEN 'text' END AS emotion_source
FROM fb_items i
LEFT JOIN fb_text t ON t.comment = i.comment
                   AND t.language_hint IS NOT DISTINCT FROM i.language_hint

-- name: journey_events
-- What a feedback item can be about: the customer's touchpoints that are not feedback.
CREATE OR REPLACE TEMP TABLE fb_events AS
SELECT j.customer_id, j.journey_id, j.touchpoint, j.occurred_at, j.touchpoint_event_id,
       j.step_index
FROM journeys j
WHERE j.channel <> 'feedback'
  AND j.touchpoint NOT IN (SELECT DISTINCT touchpoint FROM feedback WHERE touchpoint IS NOT NULL)
  AND j.touchpoint_event_id NOT IN (SELECT touchpoint_event_id FROM feedback
                                    WHERE touchpoint_event_id IS NOT NULL)

-- name: attributed
-- The step an item is about: the one the export states (about_step), else its own touchpoint
-- when the persona's map designs it as a step, else the customer's latest touchpoint at or
-- before the item within $window (an ASOF join; of events at the same instant, the later in
-- journey order). The journey is that
-- of the stated step's latest occurrence, else of the preceding touchpoint (whatever its age).
-- A touchpoint at several steps of a persona's map counts for the first of them.
CREATE OR REPLACE TEMP TABLE fb_attributed AS
WITH people AS (
    SELECT * FROM fb_scored WHERE customer_id IS NOT NULL
), stated AS (
    SELECT p.feedback_id, e.journey_id, e.touchpoint_event_id, e.occurred_at AS step_at
    FROM (SELECT * FROM people WHERE about_step IS NOT NULL) p
    ASOF LEFT JOIN fb_events e
        ON p.customer_id = e.customer_id AND p.about_step = e.touchpoint
       AND p.occurred_at >= e.occurred_at
), last_at_instant AS (
    -- of events at the same instant (an ad click takes its landing page's time), the later
    -- in journey order is the one a feedback item follows
    SELECT * FROM fb_events
    QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id, occurred_at
                               ORDER BY step_index DESC) = 1
), preceding AS (
    SELECT p.feedback_id, e.journey_id, e.touchpoint, e.touchpoint_event_id,
           e.occurred_at AS step_at
    FROM people p
    ASOF LEFT JOIN last_at_instant e
        ON p.customer_id = e.customer_id AND p.occurred_at >= e.occurred_at
), own AS (
    -- an item whose own touchpoint is a step of its persona's map (a support ticket, when the
    -- map designs the support contact) is about that step
    SELECT DISTINCT p.feedback_id FROM people p
    JOIN fb_design_touchpoints d ON d.persona = p.persona AND d.touchpoint = p.touchpoint
), placed AS (
    SELECT p.*,
           coalesce(s.journey_id, r.journey_id) AS journey_id,
           CASE WHEN p.about_step IS NOT NULL THEN 'export'
                WHEN o.feedback_id IS NOT NULL THEN 'own touchpoint'
                WHEN r.step_at >= p.occurred_at - $window THEN 'preceding' END AS attributed_by,
           CASE WHEN p.about_step IS NOT NULL THEN p.about_step
                WHEN o.feedback_id IS NOT NULL THEN p.touchpoint
                WHEN r.step_at >= p.occurred_at - $window THEN r.touchpoint END
               AS about_touchpoint,
           CASE WHEN p.about_step IS NOT NULL THEN s.touchpoint_event_id
                WHEN o.feedback_id IS NOT NULL THEN p.touchpoint_event_id
                WHEN r.step_at >= p.occurred_at - $window THEN r.touchpoint_event_id END
               AS about_event_id,
           CASE WHEN o.feedback_id IS NOT NULL AND p.about_step IS NULL THEN 0.0
                ELSE epoch(p.occurred_at - CASE WHEN p.about_step IS NOT NULL THEN s.step_at
                                                ELSE r.step_at END) / 3600.0 END
               AS hours_after_step
    FROM people p
    LEFT JOIN stated s USING (feedback_id)
    LEFT JOIN preceding r USING (feedback_id)
    LEFT JOIN own o USING (feedback_id)
), first_step AS (
    SELECT persona, touchpoint, min(step_index) AS step_index
    FROM fb_design_touchpoints GROUP BY persona, touchpoint
)
SELECT a.*, d.step_index, d.stage_index, d.stage, d.step
FROM placed a
LEFT JOIN first_step f ON f.persona = a.persona AND f.touchpoint = a.about_touchpoint
LEFT JOIN fb_design d ON d.persona = f.persona AND d.step_index = f.step_index

-- name: grouped
-- Per persona, per stage and per step (GROUPING SETS): n, mean and spread of the measured
-- emotion (score first, text where no score), NPS (promoters 9-10 minus detractors 0-6, in
-- points), CSAT (share of satisfied answers: 4-5 on a 1-5 CSAT, 'good' on good/bad), mean stars,
-- mean CES and the share of comments whose item is negative.
CREATE OR REPLACE TEMP TABLE fb_grouped AS
SELECT persona, stage_index, any_value(stage) AS stage, step_index, any_value(step) AS step,
       CASE WHEN GROUPING(step_index) = 0 THEN 'step'
            WHEN GROUPING(stage_index) = 0 THEN 'stage' ELSE 'persona' END AS level,
       count(measured_emotion) AS n,
       count(score_emotion) AS from_score,
       count(measured_emotion) - count(score_emotion) AS from_text,
       avg(measured_emotion) AS measured_emotion,
       stddev_samp(measured_emotion) AS sd,
       median(measured_emotion) AS median_emotion,
       count(*) FILTER (WHERE score_scale = 'nps_0_10') AS nps_n,
       100.0 * (count(*) FILTER (WHERE score_scale = 'nps_0_10' AND score >= 9)
                - count(*) FILTER (WHERE score_scale = 'nps_0_10' AND score <= 6))
             / nullif(count(*) FILTER (WHERE score_scale = 'nps_0_10'), 0) AS nps,
       count(*) FILTER (WHERE score_scale IN ('csat_1_5', 'good_bad')) AS csat_n,
       (count(*) FILTER (WHERE (score_scale = 'csat_1_5' AND score >= 4)
                            OR (score_scale = 'good_bad' AND score > 0.5)))
             / nullif(count(*) FILTER (WHERE score_scale IN ('csat_1_5', 'good_bad')), 0)
           AS csat,
       count(*) FILTER (WHERE score_scale IN ('stars_1_5', 'rating_1_5')) AS stars_n,
       avg(score) FILTER (WHERE score_scale IN ('stars_1_5', 'rating_1_5')) AS stars,
       avg(score) FILTER (WHERE score_scale = 'ces_1_7') AS ces,
       count(comment) AS comments,
       count(comment) FILTER (WHERE measured_emotion < $negative) AS negative_comments,
       count(comment) FILTER (WHERE measured_emotion < $negative)
             / nullif(count(comment), 0) AS negative_share
FROM fb_attributed
WHERE persona IS NOT NULL
GROUP BY GROUPING SETS ((persona), (persona, stage_index), (persona, stage_index, step_index))
HAVING GROUPING(stage_index) = 1 OR stage_index IS NOT NULL

-- name: step_rows
-- Every designed step (with or without feedback) and its figures; the gap is measured minus
-- designed emotion, ranked from the most negative among steps with at least $min_n answers.
SELECT d.persona, d.stage_index, d.stage, d.step_index, d.step, d.designed_emotion,
       coalesce(g.n, 0) AS n, coalesce(g.from_score, 0) AS from_score,
       coalesce(g.from_text, 0) AS from_text, g.measured_emotion, g.sd, g.median_emotion,
       coalesce(g.n, 0) >= $min_n AS enough,
       g.nps, coalesce(g.nps_n, 0) AS nps_n, g.csat, coalesce(g.csat_n, 0) AS csat_n,
       g.stars, coalesce(g.stars_n, 0) AS stars_n, g.ces, coalesce(g.comments, 0) AS comments,
       coalesce(g.negative_comments, 0) AS negative_comments, g.negative_share,
       g.measured_emotion - d.designed_emotion AS gap,
       CASE WHEN coalesce(g.n, 0) >= $min_n THEN
           ROW_NUMBER() OVER (PARTITION BY d.persona, coalesce(g.n, 0) >= $min_n
                              ORDER BY g.measured_emotion - d.designed_emotion, g.n DESC,
                                       d.step_index) END AS gap_rank
FROM fb_design d
LEFT JOIN fb_grouped g
       ON g.level = 'step' AND g.persona = d.persona AND g.step_index = d.step_index
ORDER BY d.persona, d.step_index

-- name: stage_rows
SELECT persona, stage_index, stage, n, from_score, from_text, measured_emotion, sd,
       median_emotion, n >= $min_n AS enough, nps, nps_n, csat, csat_n, stars, stars_n, ces,
       comments, negative_comments, negative_share
FROM fb_grouped WHERE level = 'stage' ORDER BY persona, stage_index

-- name: persona_rows
SELECT persona, n, from_score, from_text, measured_emotion, sd, median_emotion,
       n >= $min_n AS enough, nps, nps_n, csat, csat_n, stars, stars_n, ces, comments,
       negative_comments, negative_share
FROM fb_grouped WHERE level = 'persona' ORDER BY persona

-- name: channel
-- Feedback with no person in it (public reviews): per source, subject (location, app) and day.
CREATE OR REPLACE TEMP TABLE fb_channel AS
SELECT source, subject, CAST(occurred_at AS DATE) AS day, count(*) AS items,
       count(measured_emotion) AS n, avg(measured_emotion) AS measured_emotion,
       avg(score) FILTER (WHERE score_scale IN ('stars_1_5', 'rating_1_5')) AS stars,
       count(comment) AS comments,
       count(comment) FILTER (WHERE measured_emotion < $negative) AS negative_comments
FROM fb_scored WHERE customer_id IS NULL
GROUP BY ALL

-- name: outcomes
-- Per journey that gave feedback: converted (reached a goal of its persona's map), hours from
-- its first event to its first goal event (whole milliseconds, so that means of it are exact and
-- the same on every run), and when its last non-feedback touchpoint was.
CREATE OR REPLACE TEMP TABLE fb_outcomes AS
SELECT j.persona, j.journey_id,
       count(g.goal) > 0 AS converted,
       epoch_ms(min(j.occurred_at) FILTER (WHERE g.goal IS NOT NULL))
           - epoch_ms(min(j.occurred_at)) AS milliseconds_to_goal,
       max(j.occurred_at) FILTER (WHERE e.touchpoint_event_id IS NOT NULL) AS last_active_at
FROM journeys j
LEFT JOIN fb_goals g ON g.persona = j.persona AND g.goal = j.touchpoint
LEFT JOIN fb_events e ON e.touchpoint_event_id = j.touchpoint_event_id
WHERE j.persona IN (SELECT persona FROM fb_goals)
GROUP BY j.persona, j.journey_id

-- name: impact
-- Does bad feedback go with fewer conversions? Per step: journeys with a negative item at the
-- step against journeys whose items there were not negative; for support: journeys with a
-- negative support item against journeys with only non-negative support items. Same columns
-- and ranking rule as `overlay_impact` (conversions lost = the conversion gap times journeys
-- with). Associations, not causes.
CREATE OR REPLACE TEMP TABLE fb_impact AS
WITH flagged AS (
    SELECT persona, journey_id, 'negative_feedback' AS kind, step_index, any_value(step) AS subject,
           bool_or(measured_emotion < $negative) AS deviates
    FROM fb_attributed
    WHERE step_index IS NOT NULL AND journey_id IS NOT NULL AND measured_emotion IS NOT NULL
    GROUP BY persona, journey_id, step_index
    UNION ALL
    SELECT persona, journey_id, 'negative_support', NULL, 'support conversations',
           bool_or(measured_emotion < $negative)
    FROM fb_attributed
    WHERE kind = 'support' AND journey_id IS NOT NULL AND measured_emotion IS NOT NULL
    GROUP BY persona, journey_id
), compared AS (
    SELECT f.persona, f.kind, f.step_index, any_value(f.subject) AS subject,
           count(*) FILTER (WHERE f.deviates) AS journeys_with,
           count(*) FILTER (WHERE NOT f.deviates) AS journeys_without,
           avg(o.converted::INTEGER) FILTER (WHERE f.deviates) AS conversion_with,
           avg(o.converted::INTEGER) FILTER (WHERE NOT f.deviates) AS conversion_without,
           avg(o.milliseconds_to_goal) FILTER (WHERE f.deviates) / 3600000.0
               AS mean_hours_to_goal_with,
           avg(o.milliseconds_to_goal) FILTER (WHERE NOT f.deviates) / 3600000.0
               AS mean_hours_to_goal_without
    FROM flagged f JOIN fb_outcomes o USING (persona, journey_id)
    GROUP BY f.persona, f.kind, f.step_index
)
SELECT persona, kind, step_index, subject, journeys_with, journeys_without, conversion_with,
       conversion_without, mean_hours_to_goal_with, mean_hours_to_goal_without,
       conversion_with - conversion_without AS conversion_difference,
       (conversion_without - conversion_with) * journeys_with AS conversions_lost,
       ROW_NUMBER() OVER (PARTITION BY persona
                          ORDER BY (conversion_without - conversion_with) * journeys_with DESC,
                                   kind, subject) AS rank
FROM compared
WHERE journeys_with > 0 AND journeys_without > 0

-- name: support
-- Support and outcomes per persona: journeys with a negative support item, with support items
-- that were not negative, and without support contact; how many converted and how many were
-- active again (a non-feedback touchpoint) after their first support item.
CREATE OR REPLACE TEMP TABLE fb_support AS
WITH contact AS (
    SELECT persona, journey_id, min(occurred_at) AS first_support_at,
           bool_or(measured_emotion < $negative) AS negative
    FROM fb_attributed
    WHERE kind = 'support' AND journey_id IS NOT NULL
    GROUP BY persona, journey_id
), journeys_all AS (
    SELECT j.persona, j.journey_id, bool_or(g.goal IS NOT NULL) AS converted
    FROM journeys j LEFT JOIN fb_goals g ON g.persona = j.persona AND g.goal = j.touchpoint
    WHERE j.persona IN (SELECT persona FROM fb_goals)
    GROUP BY ALL
)
SELECT a.persona,
       CASE WHEN c.negative THEN 'negative support feedback'
            WHEN c.journey_id IS NOT NULL THEN 'other support contact'
            ELSE 'no support contact' END AS support_group,
       count(*) AS journeys,
       count(*) FILTER (WHERE a.converted) AS converted,
       avg(a.converted::INTEGER) AS conversion_rate,
       count(*) FILTER (WHERE o.last_active_at > c.first_support_at) AS active_after,
       CASE WHEN any_value(c.journey_id) IS NOT NULL
            THEN count(*) FILTER (WHERE o.last_active_at > c.first_support_at) / count(*)
           END AS active_after_rate
FROM journeys_all a
LEFT JOIN contact c USING (persona, journey_id)
LEFT JOIN fb_outcomes o USING (persona, journey_id)
GROUP BY ALL
ORDER BY a.persona, support_group

-- name: complaints
-- Negative comments per persona and stage, for the pain points: at most $max_rows per persona
-- and stage (a seeded sample), with the stage's total.
SELECT feedback_id, persona, stage_index, stage, step_index, comment, language, language_hint,
       total FROM (
    SELECT feedback_id, persona, stage_index, stage, step_index, comment, language, language_hint,
           count(*) OVER (PARTITION BY persona, stage_index) AS total,
           ROW_NUMBER() OVER (PARTITION BY persona, stage_index
                              ORDER BY hash(feedback_id, $seed)) AS nth
    FROM fb_attributed
    WHERE comment IS NOT NULL AND measured_emotion < $negative AND stage_index IS NOT NULL)
WHERE nth <= $max_rows
ORDER BY persona, stage_index, feedback_id

-- name: quote_candidates
-- Comments per persona and step to choose quotes from (at most $max_rows, a seeded sample),
-- with the step's median measured emotion.
SELECT feedback_id, persona, step_index, comment, measured_emotion, text_emotion, language,
       language_hint, source, kind, median_emotion FROM (
    SELECT feedback_id, persona, step_index, comment, measured_emotion, text_emotion, language,
           language_hint, source, kind,
           median(measured_emotion) OVER (PARTITION BY persona, step_index) AS median_emotion,
           ROW_NUMBER() OVER (PARTITION BY persona, step_index
                              ORDER BY hash(feedback_id, $seed)) AS nth
    FROM fb_attributed
    WHERE step_index IS NOT NULL AND measured_emotion IS NOT NULL)
WHERE nth <= $max_rows AND comment IS NOT NULL
ORDER BY persona, step_index, feedback_id
