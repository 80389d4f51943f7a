-- Identity stitching: identifiers linked by edges form one customer (connected components by
-- min-label propagation with pointer jumping, over integer ids). A component is named after its
-- first identifier in rank order (macros.sql `customer_of`): an email wins over CRM ids, user ids,
-- anonymous ids and click ids, so a customer's id stays the same when new anonymous visits join
-- a known person. Identifiers in no edge are their own customer from the moment they are loaded.
--
-- Weak identifiers (cookies, click ids, deals) do not name a person. One that links directly to
-- two or more person identifiers of one kind (a shared browser seen with two user ids) is
-- ambiguous: it is recorded in `identity_conflicts` and does not merge them. A person identifier
-- linked to two of a kind (a CRM contact whose email changed) merges them, and is recorded too.

-- name: hashed_keys
SELECT count(*) FROM identities
WHERE starts_with(identifier_key, 'email_md5:') OR starts_with(identifier_key, 'email_sha256:')

-- name: hash_edges
-- Tools that know a person by a hash of their email (Mailchimp's MD5, ad platforms' SHA-256):
-- each hash in the store is linked to the email it was computed from.
CREATE OR REPLACE TEMP TABLE hash_edges AS
WITH hashes AS (
    SELECT identifier_key AS email, 'email_md5:' || md5(substr(identifier_key, 7)) AS md5_key,
           'email_sha256:' || sha256(substr(identifier_key, 7)) AS sha256_key
    FROM identities WHERE starts_with(identifier_key, 'email:')
)
SELECT h.email AS left_key, i.identifier_key AS right_key
FROM hashes h JOIN identities i ON i.identifier_key = h.md5_key
UNION ALL
SELECT h.email, i.identifier_key
FROM hashes h JOIN identities i ON i.identifier_key = h.sha256_key

-- name: no_hash_edges
CREATE OR REPLACE TEMP TABLE hash_edges (left_key VARCHAR, right_key VARCHAR)

-- name: nodes
CREATE OR REPLACE TEMP TABLE stitch_node AS
SELECT key, split_part(key, ':', 1) AS kind, weak_identifier(key) AS weak,
       row_number() OVER (ORDER BY identifier_rank(key), key) AS id
FROM (SELECT left_key AS key FROM identifier_edges UNION SELECT right_key FROM identifier_edges
      UNION SELECT left_key FROM hash_edges UNION SELECT right_key FROM hash_edges)

-- name: edge_ids
CREATE OR REPLACE TEMP TABLE stitch_link AS
WITH pairs AS (
    SELECT a.id AS a, b.id AS b
    FROM (SELECT left_key, right_key FROM identifier_edges
          UNION SELECT left_key, right_key FROM hash_edges) e
    JOIN stitch_node a ON a.key = e.left_key
    JOIN stitch_node b ON b.key = e.right_key
)
SELECT a, b FROM pairs UNION SELECT b, a FROM pairs

-- name: conflicts
CREATE OR REPLACE TABLE identity_conflicts AS
WITH crowded AS (
    SELECT l.a, o.kind
    FROM stitch_link l JOIN stitch_node o ON o.id = l.b
    WHERE NOT o.weak AND o.kind NOT IN ('email_md5', 'email_sha256')
    GROUP BY l.a, o.kind
    HAVING count(*) > 1
)
SELECT k.key AS identifier_key, c.kind AS linked_kind,
       list(o.key ORDER BY o.key) AS linked_keys,
       CASE WHEN k.weak THEN 'not merged' ELSE 'merged' END AS resolution,
       k.key || ' is linked to ' || count(*) || ' ' || c.kind || ' identifiers ('
           || array_to_string(list(o.key ORDER BY o.key)[1:5], ', ') || '): '
           || CASE WHEN k.weak THEN 'not merged, it stays apart from them'
                   ELSE 'merged into one customer' END AS message
FROM crowded c
JOIN stitch_node k ON k.id = c.a
JOIN stitch_link l ON l.a = c.a
JOIN stitch_node o ON o.id = l.b AND o.kind = c.kind
GROUP BY k.key, k.weak, c.kind

-- name: usable_links
-- An ambiguous weak identifier keeps its links to other weak ones only.
CREATE OR REPLACE TEMP TABLE stitch_edge AS
WITH ambiguous AS (
    SELECT n.id FROM identity_conflicts c JOIN stitch_node n ON n.key = c.identifier_key
    WHERE c.resolution = 'not merged'
)
SELECT l.a, l.b
FROM stitch_link l JOIN stitch_node na ON na.id = l.a JOIN stitch_node nb ON nb.id = l.b
WHERE NOT (l.a IN (SELECT id FROM ambiguous) AND NOT nb.weak)
  AND NOT (l.b IN (SELECT id FROM ambiguous) AND NOT na.weak)

-- name: labels
CREATE OR REPLACE TEMP TABLE stitch_label AS SELECT id, id AS label FROM stitch_node

-- name: propagate
-- One round: take the smallest label among neighbours, then jump to the label's own label.
CREATE OR REPLACE TEMP TABLE stitch_next AS
SELECT l.id, least(l.label, coalesce(m.label, l.label)) AS label
FROM stitch_label l
LEFT JOIN (SELECT e.a AS id, min(n.label) AS label
           FROM stitch_edge e JOIN stitch_label n ON n.id = e.b
           GROUP BY e.a) m USING (id)

-- name: jump
CREATE OR REPLACE TEMP TABLE stitch_label AS
SELECT n.id, least(n.label, p.label) AS label
FROM stitch_next n JOIN stitch_next p ON p.id = n.label

-- name: label_sum
SELECT coalesce(sum(label), 0)::HUGEINT FROM stitch_label

-- name: changes
-- Identifiers whose customer differs from the one `identities` holds.
CREATE OR REPLACE TEMP TABLE stitch_changes AS
WITH named AS (
    SELECT d.label, customer_of(w.key) AS customer_id
    FROM (SELECT DISTINCT label FROM stitch_label) d JOIN stitch_node w ON w.id = d.label
)
SELECT n.key, c.customer_id
FROM stitch_label l
JOIN stitch_node n USING (id)
JOIN named c USING (label)
LEFT JOIN identities i ON i.identifier_key = n.key
WHERE i.customer_id IS DISTINCT FROM c.customer_id

-- name: apply_identities
DELETE FROM identities WHERE identifier_key IN (SELECT key FROM stitch_changes);
INSERT INTO identities SELECT key, customer_id FROM stitch_changes;

-- name: apply_touchpoints
UPDATE touchpoints SET customer_id = c.customer_id
FROM stitch_changes c
WHERE touchpoints.identifier_key = c.key
  AND touchpoints.customer_id IS DISTINCT FROM c.customer_id

-- name: unassigned
SELECT count(*) FROM touchpoints WHERE customer_id IS NULL

-- name: repair_unassigned
-- Stores loaded before identities were kept per file: give every touchpoint its customer.
INSERT INTO identities
SELECT DISTINCT t.identifier_key, customer_of(t.identifier_key)
FROM touchpoints t ANTI JOIN identities i ON i.identifier_key = t.identifier_key;
UPDATE touchpoints SET customer_id = i.customer_id
FROM identities i
WHERE touchpoints.customer_id IS NULL AND touchpoints.identifier_key = i.identifier_key;

-- name: counts
SELECT count(*), count(DISTINCT customer_id), (SELECT count(*) FROM identity_conflicts)
FROM identities

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
