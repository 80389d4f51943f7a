-- Journeys as an event log. case = customer, activity = touchpoint, timestamp = occurred_at.
-- step_index gives events of one journey a stable, documented order: by time, then for events at
-- the same instant by channel (an ad click comes before the page it lands on, a web action before
-- the email and CRM updates it causes), then by source, file and row.

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

-- name: customer_attributes
-- What persona rules can test: the customer's first touch and first campaign, and their extent.
CREATE OR REPLACE TEMP TABLE customer_attributes AS
SELECT e.customer_id,
       min(e.occurred_at) AS first_seen,
       max(e.occurred_at) AS last_seen,
       count(*) AS touchpoint_events,
       max(CASE WHEN e.step_index = 1 THEN e.touchpoint END) AS first_touchpoint,
       max(CASE WHEN e.step_index = 1 THEN e.channel END) AS first_channel,
       max(CASE WHEN e.step_index = 1 THEN e.source END) AS first_source,
       max(CASE WHEN e.step_index = c.first_campaign_step THEN e.campaign END) AS first_campaign
FROM journey_events e
LEFT JOIN (SELECT customer_id, min(step_index) AS first_campaign_step
           FROM journey_events WHERE campaign IS NOT NULL GROUP BY customer_id) c
       USING (customer_id)
GROUP BY e.customer_id

-- name: journeys
CREATE OR REPLACE VIEW journeys AS
SELECT c.persona, e.customer_id AS journey_id, e.customer_id, e.touchpoint, e.channel, e.source,
       e.campaign, e.occurred_at, e.step_index
FROM journey_events e JOIN customers c USING (customer_id)
