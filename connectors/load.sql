-- Loading one export file. Every statement runs inside the file's transaction, over the temp
-- relations the reader (`raw`, `read_problems`) and the source's mapping made:
-- `mapped` (touchpoints), `edges`, `traits_out`, `metrics_out`, `feedback_out`,
-- `source_problems`.

-- name: feedback_touchpoints
-- Feedback with a person is also a touchpoint event of that person, its id the item's key.
INSERT INTO mapped BY NAME
SELECT source_row, timestamp_field, timestamp_raw, occurred_at, timestamp_precision,
       vendor_event, default_touchpoint, identifier_field, identifier_key, campaign,
       feedback_key AS event_key, score, CASE WHEN score IS NOT NULL THEN score_scale END
           AS score_scale
FROM feedback_out
WHERE identifier_key IS NOT NULL

-- name: problems
-- One row per problem found; a record with any problem is quarantined whole.
CREATE OR REPLACE TEMP TABLE problems AS
SELECT source_row, field, reason FROM read_problems
UNION ALL
SELECT source_row, timestamp_field, timestamp_problem(timestamp_raw)
FROM mapped WHERE occurred_at IS NULL
UNION ALL
SELECT source_row, identifier_field, 'missing identifier'
FROM mapped WHERE identifier_key IS NULL
UNION ALL
SELECT source_row, day_field,
       CASE WHEN nullif(trim(day_raw), '') IS NULL THEN 'missing date'
            ELSE 'unparseable date ''' || day_raw || '''' END
FROM metrics_out WHERE day IS NULL
UNION ALL
SELECT source_row, metric, 'not a number ''' || value_raw || ''''
FROM metrics_out WHERE value IS NULL AND NOT blank_figure(value_raw)
UNION ALL
-- feedback without a person (with one, it was checked as a touchpoint above)
SELECT source_row, timestamp_field, timestamp_problem(timestamp_raw)
FROM feedback_out WHERE occurred_at IS NULL AND identifier_key IS NULL
UNION ALL
SELECT source_row, score_field,
       CASE WHEN score IS NULL THEN 'unparseable score ''' || score_raw || ''''
            WHEN scale_low(score_scale) IS NULL
                 THEN 'score ''' || score_raw || ''' on an unknown scale ''' || coalesce(score_scale, '') || ''''
            ELSE 'score ' || score_raw || ' outside its scale ' || score_scale || ' ('
                 || scale_low(score_scale) || ' to ' || scale_high(score_scale) || ')' END
FROM feedback_out
WHERE (score IS NULL AND nullif(trim(score_raw), '') IS NOT NULL)
   OR (score IS NOT NULL AND NOT coalesce(score BETWEEN scale_low(score_scale)
                                                  AND scale_high(score_scale), false))
UNION ALL
SELECT source_row, field, reason FROM source_problems

-- name: bad_rows
CREATE OR REPLACE TEMP TABLE bad_rows AS SELECT DISTINCT source_row FROM problems

-- name: insert_touchpoints
-- Touchpoints of the good records, named through the vocabulary, once per event id: the id
-- hashes the vendor's event id, or the event's content when the tool has none. A repeated id in
-- the file keeps its first row; an id already in the store is a duplicate. The customer is the
-- identifier's current one (new_identities ran first), joined in `named`: there DuckDB knows how
-- many rows the file has and builds its hash table on `identities`, not on the file's rows.
INSERT INTO touchpoints BY NAME
WITH named AS (
    SELECT md5($source || '|' || coalesce(m.event_key, concat_ws('|', m.vendor_event,
               m.occurred_at::VARCHAR, m.identifier_key, m.campaign))) AS touchpoint_event_id,
           coalesce(v.touchpoint, m.default_touchpoint) AS touchpoint,
           m.vendor_event, m.occurred_at, m.timestamp_precision,
           m.stored_identifier_key AS identifier_key,
           m.click_id, m.campaign, m.utm_source, m.utm_medium, m.score, m.score_scale,
           score_emotion(m.score, m.score_scale) AS emotion, m.source_row,
           i.customer_id, m.mapped_row
    FROM (SELECT *, stored_key(identifier_key, $hash_emails) AS stored_identifier_key,
                 rowid AS mapped_row
          FROM mapped) m
    LEFT JOIN vocabulary v ON v.source = $source AND v.vendor_event = m.vendor_event
    LEFT JOIN identities i ON i.identifier_key = m.stored_identifier_key
    WHERE m.source_row NOT IN (SELECT source_row FROM bad_rows)
      AND NOT coalesce(v.ignored, false)
      AND coalesce(v.touchpoint, m.default_touchpoint) IS NOT NULL
), repeated AS (
    SELECT touchpoint_event_id, min(mapped_row) AS first_row
    FROM named GROUP BY touchpoint_event_id HAVING count(*) > 1
)
SELECT n.* EXCLUDE (mapped_row),
       $source AS source, $channel AS channel, $file AS source_file, now() AS loaded_at
FROM named n
LEFT JOIN repeated r USING (touchpoint_event_id)
WHERE (r.first_row IS NULL OR r.first_row = n.mapped_row)
  AND n.touchpoint_event_id NOT IN (SELECT touchpoint_event_id FROM touchpoints
                                    WHERE source = $source)

-- name: insert_feedback
-- Feedback items of the good records, once per item: the id hashes the vendor's id of the
-- response, review, ticket or rating. `about_step` (a survey's trigger, a hidden field) is named
-- through the vocabulary like an event, else kept as exported. In privacy mode comments keep no
-- email address. The touchpoint event id is the one insert_touchpoints gave the same item.
INSERT INTO feedback BY NAME
WITH named AS (
    SELECT md5($source || '|' || f.feedback_key) AS feedback_id,
           CASE WHEN f.identifier_key IS NOT NULL AND NOT coalesce(v.ignored, false)
                THEN md5($source || '|' || f.feedback_key) END AS touchpoint_event_id,
           f.kind, coalesce(v.touchpoint, f.default_touchpoint) AS touchpoint,
           stored_key(f.identifier_key, $hash_emails) AS identifier_key, f.occurred_at,
           f.score, CASE WHEN f.score IS NOT NULL THEN f.score_scale END AS score_scale,
           score_emotion(f.score, f.score_scale) AS score_emotion,
           CASE WHEN $hash_emails THEN mask_emails(nullif(trim(f.comment), ''))
                ELSE nullif(trim(f.comment), '') END AS comment,
           language_tag(f.language_hint) AS language_hint,
           coalesce(s.touchpoint, nullif(trim(f.about_step), '')) AS about_step,
           nullif(trim(f.subject), '') AS subject, f.source_row, f.rowid AS mapped_row
    FROM feedback_out f
    LEFT JOIN vocabulary v ON v.source = $source AND v.vendor_event = f.vendor_event
    LEFT JOIN vocabulary s ON s.source = $source AND s.vendor_event = trim(f.about_step)
    WHERE f.source_row NOT IN (SELECT source_row FROM bad_rows)
), repeated AS (
    SELECT feedback_id, min(mapped_row) AS first_row
    FROM named GROUP BY feedback_id HAVING count(*) > 1
)
SELECT n.* EXCLUDE (mapped_row), $source AS source, $file AS source_file, now() AS loaded_at
FROM named n
LEFT JOIN repeated r USING (feedback_id)
WHERE (r.first_row IS NULL OR r.first_row = n.mapped_row)
  AND n.feedback_id NOT IN (SELECT feedback_id FROM feedback WHERE source = $source)

-- name: feedback_count
-- Feedback items of good records (added + already in the store).
SELECT count(*) FROM feedback_out WHERE source_row NOT IN (SELECT source_row FROM bad_rows)

-- name: touchpoint_counts
-- Touchpoints of good records, and those the vocabulary says are no touchpoint.
SELECT count(*),
       count(*) FILTER (WHERE coalesce(v.ignored, false)
                           OR coalesce(v.touchpoint, m.default_touchpoint) IS NULL)
FROM mapped m
LEFT JOIN vocabulary v ON v.source = $source AND v.vendor_event = m.vendor_event
WHERE m.source_row NOT IN (SELECT source_row FROM bad_rows)

-- name: insert_edges
-- In privacy mode an email's MD5 (Mailchimp's subscriber hash) is linked here to the SHA-256
-- kept in its place; with plain emails stitching finds the hashes itself (identity.sql).
INSERT INTO identifier_edges BY NAME
SELECT e.*, $source AS source, $file AS source_file
FROM (
    SELECT least(l, r) AS left_key, greatest(l, r) AS right_key, min(source_row) AS source_row
    FROM (SELECT source_row, stored_key(left_key, $hash_emails) AS l,
                 stored_key(right_key, $hash_emails) AS r
          FROM edges WHERE source_row NOT IN (SELECT source_row FROM bad_rows)
          UNION ALL
          SELECT source_row, stored_key(key, true), 'email_md5:' || md5(substr(key, 7))
          FROM (SELECT identifier_key AS key, source_row FROM mapped
                UNION ALL SELECT left_key, source_row FROM edges
                UNION ALL SELECT right_key, source_row FROM edges
                UNION ALL SELECT identifier_key, source_row FROM traits_out)
          WHERE $hash_emails AND starts_with(key, 'email:')
            AND source_row NOT IN (SELECT source_row FROM bad_rows))
    WHERE l IS NOT NULL AND r IS NOT NULL AND l <> r
    GROUP BY ALL
) e
ANTI JOIN identifier_edges x USING (left_key, right_key)

-- name: new_identities
-- Identifiers first seen in this file: each is its own customer until stitching says more.
INSERT INTO identities
SELECT key, customer_of(key)
FROM (SELECT DISTINCT key FROM (
          SELECT stored_key(identifier_key, $hash_emails) AS key FROM mapped
          WHERE source_row NOT IN (SELECT source_row FROM bad_rows)
          UNION ALL SELECT stored_key(identifier_key, $hash_emails) FROM traits_out
          WHERE source_row NOT IN (SELECT source_row FROM bad_rows)
          UNION ALL SELECT left_key FROM identifier_edges WHERE source_file = $file
          UNION ALL SELECT right_key FROM identifier_edges WHERE source_file = $file
      ) WHERE key IS NOT NULL) k
ANTI JOIN identities i ON i.identifier_key = k.key

-- name: insert_traits
-- One row per identifier, attribute and value in the file (its earliest observation).
INSERT INTO traits BY NAME
SELECT t.*, $source AS source, $file AS source_file
FROM (SELECT stored_key(identifier_key, $hash_emails) AS identifier_key, name, trim(value) AS value,
             min(observed_at) AS observed_at, min(source_row) AS source_row
      FROM traits_out
      WHERE identifier_key IS NOT NULL AND nullif(trim(value), '') IS NOT NULL
        AND source_row NOT IN (SELECT source_row FROM bad_rows)
      GROUP BY ALL) t
ANTI JOIN traits x ON x.identifier_key = t.identifier_key AND x.source = $source
                  AND x.name = t.name AND x.value = t.value
                  AND x.observed_at IS NOT DISTINCT FROM t.observed_at

-- name: new_metrics
-- Figures of the good records; a repeated (item, day, metric) keeps the file's last row.
CREATE OR REPLACE TEMP TABLE new_metrics AS
SELECT day, campaign, item_id, left(item_name, 200) AS item_name, metric, value, source_row
FROM metrics_out
WHERE value IS NOT NULL AND source_row NOT IN (SELECT source_row FROM bad_rows)
QUALIFY row_number() OVER (PARTITION BY item_id, day, metric ORDER BY source_row DESC) = 1

-- name: replace_metrics
-- A later export of the same item and day replaces the figures (lifetime counts grow).
DELETE FROM channel_metrics c USING new_metrics n
WHERE c.source = $source AND c.item_id = n.item_id AND c.day = n.day AND c.metric = n.metric

-- name: insert_metrics
INSERT INTO channel_metrics BY NAME
SELECT n.*, $source AS source, $channel AS channel, $file AS source_file, now() AS loaded_at
FROM new_metrics n

-- name: insert_quarantine
-- In privacy mode the raw record keeps no email address.
INSERT INTO quarantine
SELECT $file, p.source_row, $source, p.field, p.reason,
       CASE WHEN $hash_emails THEN mask_emails(coalesce(rp.record, r.record))
            ELSE coalesce(rp.record, r.record) END,
       now()
FROM (SELECT source_row, field, reason FROM problems GROUP BY ALL) p
LEFT JOIN (SELECT source_row, any_value(record) AS record FROM read_problems GROUP BY 1) rp
       USING (source_row)
LEFT JOIN (SELECT source_row, json_merge_patch(to_json(raw), '{"source_row": null}')::VARCHAR
                  AS record
           FROM raw WHERE source_row IN (SELECT source_row FROM bad_rows)) r
       USING (source_row)

-- name: insert_manifest
INSERT INTO ingested_files BY NAME
SELECT $sha AS file_sha256, $file AS path, $source AS source, $export AS export,
       $rows_read AS rows_read, $rows_loaded AS rows_loaded,
       $rows_quarantined AS rows_quarantined, $added AS touchpoints_added,
       $duplicate AS touchpoints_duplicate, $metrics_added AS metrics_added,
       $traits_added AS traits_added, $feedback_added AS feedback_added,
       $encoding AS encoding, $privacy AS privacy,
       $load_seconds AS load_seconds, now() AS loaded_at

-- name: earlier_load
SELECT source, export, rows_read, rows_loaded, rows_quarantined, touchpoints_added, path
FROM ingested_files WHERE file_sha256 = $sha
