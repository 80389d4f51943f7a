-- Journeys as an event log. case = journey, activity = touchpoint, timestamp = occurred_at.
-- step_index gives events of one journey a stable, documented order: by time, then for events at
-- the same instant by channel (an ad click comes before the page it lands on, a web action before
-- the email and CRM updates it causes), then by source, file and row.
--
-- A journey is the whole history of a customer unless a split rule is set (table
-- `journey_split`): then a customer's next touchpoint event starts a new journey when it comes
-- more than `inactivity` after the previous one, or right after one of the `after` touchpoints
-- (say, a won deal). Split journeys are named `<customer_id>#<n>`, n = 1, 2, ... in time order.

-- name: journey_feedback_steps
-- Feedback touchpoints (channel 'feedback') that are steps of the journey; any other feedback
-- is left out of the event log (see JourneySplit.feedback_steps).
CREATE OR REPLACE TABLE journey_feedback_steps (touchpoint VARCHAR NOT NULL)

-- name: journey_events
CREATE OR REPLACE VIEW journey_events AS
SELECT customer_id, touchpoint, channel, source, campaign, occurred_at, touchpoint_event_id,
       ROW_NUMBER() OVER (
           PARTITION BY customer_id
           ORDER BY occurred_at,
                    CASE channel WHEN 'ads' THEN 1 WHEN 'social' THEN 2 WHEN 'web' THEN 3
                                 WHEN 'email' THEN 4 WHEN 'crm' THEN 5 ELSE 6 END,
                    source, source_file, source_row) AS step_index
FROM touchpoints
WHERE customer_id IS NOT NULL
  AND (channel <> 'feedback'
       OR touchpoint IN (SELECT touchpoint FROM journey_feedback_steps))

-- name: journey_split
-- The split rule in force, one row per part of it; no rows: one journey per customer.
CREATE OR REPLACE TABLE journey_split (
    rule       VARCHAR NOT NULL,   -- 'inactivity' or 'after'
    inactivity INTERVAL,           -- rule 'inactivity': the pause that starts a new journey
    touchpoint VARCHAR             -- rule 'after': the touchpoint after which a new journey starts
)

-- name: journey_windows_whole
CREATE OR REPLACE VIEW journey_windows AS
SELECT customer_id AS journey_id, 1 AS journey_number, customer_id, touchpoint, channel, source,
       campaign, occurred_at, touchpoint_event_id, step_index
FROM journey_events

-- name: journey_windows_split
CREATE OR REPLACE VIEW journey_windows AS
WITH previous AS (
    SELECT e.*, LAG(occurred_at) OVER w AS previous_at, LAG(touchpoint) OVER w AS previous_touchpoint
    FROM journey_events e
    WINDOW w AS (PARTITION BY customer_id ORDER BY step_index)
), starts AS (
    SELECT p.*,
           CASE WHEN p.previous_at IS NULL THEN 0
                WHEN p.occurred_at > p.previous_at
                                     + (SELECT min(inactivity) FROM journey_split
                                        WHERE rule = 'inactivity') THEN 1
                WHEN p.previous_touchpoint IN (SELECT touchpoint FROM journey_split
                                               WHERE rule = 'after') THEN 1
                ELSE 0 END AS starts_journey
    FROM previous p
), numbered AS (
    SELECT s.*, 1 + sum(starts_journey) OVER (
                    PARTITION BY customer_id ORDER BY step_index
                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS journey_number
    FROM starts s
)
SELECT customer_id || '#' || CAST(journey_number AS VARCHAR) AS journey_id, journey_number,
       customer_id, touchpoint, channel, source, campaign, occurred_at, touchpoint_event_id,
       ROW_NUMBER() OVER (PARTITION BY customer_id, journey_number ORDER BY step_index)
           AS step_index
FROM numbered

-- name: journeys
CREATE OR REPLACE VIEW journeys AS
SELECT c.persona, w.journey_id, w.customer_id, w.touchpoint, w.channel, w.source, w.campaign,
       w.occurred_at, w.step_index, w.journey_number, w.touchpoint_event_id
FROM journey_windows w JOIN customers c USING (customer_id)
