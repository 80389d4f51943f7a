-- Qualtrics says in its third header line what each column is: {"ImportId":"QID1"} for the NPS
-- question, {"ImportId":"QID1_NPS_GROUP"} for its group, {"ImportId":"QID2_TEXT"} for a text
-- answer, {"ImportId":"recordedDate","timeZone":"America/Denver"} for the zone the dates are in
-- (it wins over a `timezone:` in sources.yaml, which serves exports that do not say).

-- name: feedback
WITH import_ids AS (
    SELECT question,
           CASE WHEN json_valid(answer) THEN json_extract_string(answer, '$.ImportId') END
               AS import_id,
           CASE WHEN json_valid(answer) THEN json_extract_string(answer, '$.timeZone') END AS zone
    FROM (UNPIVOT (SELECT * EXCLUDE (header_row) FROM raw_header_rows WHERE header_row = 3)
          ON COLUMNS(*) INTO NAME question VALUE answer)
), nps AS (
    SELECT q.question FROM import_ids q JOIN import_ids g ON g.import_id = q.import_id || '_NPS_GROUP'
), texts AS (
    SELECT question FROM import_ids WHERE ends_with(import_id, '_TEXT')
), answers AS (
    SELECT source_row,
           min(question) FILTER (WHERE question IN (SELECT question FROM nps)) AS score_field,
           arg_min(answer, question) FILTER (WHERE question IN (SELECT question FROM nps))
               AS score_raw,
           string_agg(answer, ' | ' ORDER BY question)
               FILTER (WHERE question IN (SELECT question FROM texts)) AS comment
    FROM raw_cells GROUP BY source_row
), zone AS (  -- a zone this machine does not know leaves the dates unplaced (quarantined)
    SELECT max(zone) AS zone, bool_and(zone IN (SELECT name FROM pg_timezone_names())) AS known
    FROM import_ids WHERE import_id = 'recordedDate' AND zone IS NOT NULL
)
SELECT r.source_row,
       coalesce(nullif(trim(r."ResponseId"), ''),
                md5(concat_ws('|', r."RecordedDate", r."RecipientEmail", r."ExternalReference",
                              a.score_raw, a.comment))) AS feedback_key,
       'survey' AS kind,
       'response' AS vendor_event,
       'survey_answered' AS default_touchpoint,
       'RecordedDate' AS timestamp_field,
       r."RecordedDate" || CASE WHEN NOT z.known THEN ' in unknown time zone ' || z.zone
                                ELSE '' END AS timestamp_raw,
       CASE WHEN z.known IS DISTINCT FROM false
            THEN utc_time(r."RecordedDate", coalesce(z.zone, $timezone)) END AS occurred_at,
       CASE WHEN email_key(r."RecipientEmail") IS NOT NULL THEN 'RecipientEmail'
            ELSE 'ExternalReference' END AS identifier_field,
       coalesce(email_key(r."RecipientEmail"), id_key('user_id', r."ExternalReference"))
           AS identifier_key,
       a.score_field, a.score_raw,
       'nps_0_10' AS score_scale,
       a.comment,
       r."UserLanguage" AS language_hint,
       coalesce(r."trigger", r."touchpoint", r."journey_step", r."step") AS about_step
FROM raw r
LEFT JOIN answers a USING (source_row)
CROSS JOIN zone z

-- name: edges
-- A response with both says the recipient's email and the external reference are one person.
SELECT source_row, email_key("RecipientEmail") AS left_key,
       id_key('user_id', "ExternalReference") AS right_key
FROM raw
