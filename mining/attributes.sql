-- Customer attributes that persona rules can test: the first touch (from `journey_events`) and
-- the latest value of each trait a CRM or analytics export carried (from `traits`, joined to
-- customers through `identities`).

-- name: first_touch
CREATE OR REPLACE TEMP TABLE first_touch_attributes AS
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

-- name: latest_traits
-- One row per customer and trait name: the value observed last. Values observed at the same
-- instant resolve to the later file and row, so every run picks the same one; blank values are
-- not values.
CREATE OR REPLACE TEMP TABLE latest_traits AS
SELECT customer_id, name, value
FROM (
    SELECT i.customer_id, t.name, trim(t.value) AS value,
           ROW_NUMBER() OVER (PARTITION BY i.customer_id, t.name
                              ORDER BY t.observed_at DESC NULLS LAST, t.source_file DESC,
                                       t.source_row DESC) AS recency
    FROM traits t
    JOIN identities i ON i.identifier_key = t.identifier_key
    WHERE nullif(trim(t.value), '') IS NOT NULL
) ranked
WHERE recency = 1

-- name: no_traits
-- Stores made before traits were loaded: the same relation, empty.
CREATE OR REPLACE TEMP TABLE latest_traits (customer_id VARCHAR, name VARCHAR, value VARCHAR)

-- name: trait_names
SELECT DISTINCT name FROM latest_traits ORDER BY name
