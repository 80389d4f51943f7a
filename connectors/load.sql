-- Loading one export file. Every statement runs inside the file's transaction.

-- name: raw_csv
CREATE OR REPLACE TEMP TABLE raw AS
SELECT ordinality AS source_row, * EXCLUDE (ordinality)
FROM read_csv($path, header = true, all_varchar = true, auto_detect = true) WITH ORDINALITY

-- name: raw_ndjson_lines
CREATE OR REPLACE TEMP TABLE raw_lines AS
SELECT ordinality AS source_row, line AS record, json_valid(line) AS valid
FROM read_csv($path, columns = {'line': 'VARCHAR'}, header = false, delim = $delim,
              quote = '', escape = '', auto_detect = false) WITH ORDINALITY
WHERE nullif(trim(line), '') IS NOT NULL

-- name: raw_ndjson
CREATE OR REPLACE TEMP TABLE raw AS
SELECT source_row, record FROM raw_lines WHERE valid

-- name: problems
-- One row per problem found; a record with any problem is quarantined whole.
CREATE OR REPLACE TEMP TABLE problems AS
SELECT source_row, '(line)' AS field, 'malformed JSON line' AS reason
FROM raw_lines WHERE $is_ndjson AND NOT valid
UNION ALL
SELECT source_row, timestamp_field,
       CASE WHEN nullif(trim(timestamp_raw), '') IS NULL THEN 'missing timestamp'
            ELSE 'unparseable timestamp ''' || timestamp_raw || '''' END
FROM mapped WHERE occurred_at IS NULL
UNION ALL
SELECT source_row, identifier_field, 'missing identifier'
FROM mapped WHERE identifier_key IS NULL

-- name: insert_touchpoints
INSERT INTO touchpoints
SELECT md5($source || '|' || coalesce(m.event_key, md5(concat_ws('|', m.vendor_event,
           m.timestamp_raw, m.identifier_key, m.campaign)))) AS touchpoint_event_id,
       $source, $channel,
       coalesce(v.touchpoint, m.default_touchpoint),
       m.vendor_event, m.occurred_at, m.timestamp_precision, m.identifier_key, m.click_id,
       m.campaign, NULL, $file, m.source_row, now()
FROM mapped m
LEFT JOIN vocabulary v ON v.source = $source AND v.vendor_event = m.vendor_event
WHERE m.source_row NOT IN (SELECT source_row FROM problems)
ON CONFLICT DO NOTHING

-- name: insert_edges
INSERT INTO identifier_edges
SELECT least(left_key, right_key), greatest(left_key, right_key), $source, $file, min(source_row)
FROM edges
WHERE left_key IS NOT NULL AND right_key IS NOT NULL AND left_key <> right_key
  AND source_row NOT IN (SELECT source_row FROM problems)
GROUP BY ALL
ON CONFLICT DO NOTHING

-- name: insert_quarantine
INSERT INTO quarantine
SELECT p.source_file, p.source_row, $source, p.field, p.reason, r.record, now()
FROM (SELECT DISTINCT $file AS source_file, source_row, field, reason FROM problems) p
LEFT JOIN raw_records r USING (source_row)

-- name: counts
SELECT (SELECT count(*) FROM raw_records) AS rows_read,
       (SELECT count(DISTINCT source_row) FROM problems) AS rows_quarantined,
       (SELECT count(*) FROM mapped WHERE source_row NOT IN (SELECT source_row FROM problems))
           AS touchpoints_mapped

-- name: insert_manifest
INSERT INTO ingested_files VALUES ($sha, $file, $source, $rows_read, $rows_loaded,
                                   $rows_quarantined, $added, $duplicate, now())

-- name: records_csv
CREATE OR REPLACE TEMP VIEW raw_records AS SELECT source_row, to_json(raw)::VARCHAR AS record FROM raw

-- name: records_ndjson
CREATE OR REPLACE TEMP VIEW raw_records AS SELECT source_row, record FROM raw_lines
