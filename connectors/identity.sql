-- Identity stitching: identifiers linked by edges form one customer (connected components by
-- label propagation). The label is the component's smallest identifier, ranked so that an email
-- wins over CRM ids, user ids, anonymous ids and click ids: a customer's id stays the same when
-- new anonymous visits join a known person.

-- name: labels
CREATE OR REPLACE TEMP TABLE stitch_label AS
SELECT key,
       CASE split_part(key, ':', 1)
            WHEN 'email' THEN '1' WHEN 'email_sha256' THEN '2' WHEN 'hubspot_contact' THEN '3'
            WHEN 'user_id' THEN '4' WHEN 'anonymous_id' THEN '5' ELSE '6' END || key AS label
FROM (SELECT identifier_key AS key FROM touchpoints
      UNION SELECT left_key FROM identifier_edges
      UNION SELECT right_key FROM identifier_edges)

-- name: undirected_edges
CREATE OR REPLACE TEMP TABLE stitch_edge AS
SELECT left_key AS a, right_key AS b FROM identifier_edges
UNION
SELECT right_key, left_key FROM identifier_edges

-- name: propagate
UPDATE stitch_label SET label = m.label
FROM (SELECT e.a AS key, min(l.label) AS label
      FROM stitch_edge e JOIN stitch_label l ON l.key = e.b
      GROUP BY e.a) AS m
WHERE stitch_label.key = m.key AND m.label < stitch_label.label

-- name: identities
INSERT OR REPLACE INTO identities
SELECT key, 'cus_' || substr(md5(label), 1, 16) FROM stitch_label

-- name: assign_customers
UPDATE touchpoints SET customer_id = i.customer_id
FROM identities i
WHERE touchpoints.identifier_key = i.identifier_key
  AND touchpoints.customer_id IS DISTINCT FROM i.customer_id

-- name: refine_click_times
-- Ad platforms export clicks by date only; the landing page view that carries the same click id
-- (within that local day) gives the click its time.
UPDATE touchpoints AS ad SET occurred_at = landing.first_at, timestamp_precision = 'landing'
FROM (SELECT click_id, min(occurred_at) AS first_at
      FROM touchpoints WHERE channel = 'web' AND click_id IS NOT NULL
      GROUP BY click_id) AS landing
WHERE ad.timestamp_precision = 'day' AND ad.click_id = landing.click_id
  AND landing.first_at >= ad.occurred_at
  AND landing.first_at < ad.occurred_at + INTERVAL 1 DAY
