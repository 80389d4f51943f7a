-- name: feedback
-- The second header line names each answer column: 'Response' under a single-answer question,
-- 'Open-Ended Response' under a text box. A rating question is found by its text
-- (macros.sql question_scale); text boxes give the comment.
WITH options AS (
    SELECT question, answer AS option
    FROM (UNPIVOT (SELECT * EXCLUDE (header_row) FROM raw_header_rows WHERE header_row = 2)
          ON COLUMNS(*) INTO NAME question VALUE answer)
), answers AS (
    SELECT c.source_row,
           min(c.question) FILTER (WHERE question_scale(c.question) IS NOT NULL
                                     AND o.option = 'Response') AS score_field,
           arg_min(c.answer, c.question) FILTER (WHERE question_scale(c.question) IS NOT NULL
                                                   AND o.option = 'Response') AS score_raw,
           string_agg(c.answer, ' | ' ORDER BY c.question)
               FILTER (WHERE o.option = 'Open-Ended Response') AS comment
    FROM raw_cells c JOIN options o USING (question)
    GROUP BY c.source_row
)
SELECT r.source_row,
       r."Respondent ID" AS feedback_key,
       'survey' AS kind,
       'response' AS vendor_event,
       'survey_answered' AS default_touchpoint,
       'End Date' AS timestamp_field,
       r."End Date" AS timestamp_raw,
       'Email Address' AS identifier_field,
       email_key(r."Email Address") AS identifier_key,
       a.score_field, a.score_raw, question_scale(a.score_field) AS score_scale, a.comment,
       coalesce(r.step, r."trigger", r."Custom Data 1") AS about_step
FROM raw r
LEFT JOIN answers a USING (source_row)
