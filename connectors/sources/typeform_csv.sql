-- name: feedback
-- Question columns are found by their text (macros.sql question_scale, comment_question); the
-- first rating question gives the score, the text questions the comment.
WITH answers AS (
    SELECT source_row,
           min(question) FILTER (WHERE question_scale(question) IS NOT NULL) AS score_field,
           arg_min(answer, question) FILTER (WHERE question_scale(question) IS NOT NULL)
               AS score_raw,
           question_scale(min(question) FILTER (WHERE question_scale(question) IS NOT NULL))
               AS score_scale,
           string_agg(answer, ' | ' ORDER BY question)
               FILTER (WHERE comment_question(question) AND question_scale(question) IS NULL)
               AS comment
    FROM raw_cells GROUP BY source_row
)
SELECT r.source_row,
       coalesce(nullif(trim(r."#"), ''), md5(concat_ws('|', r."Submit Date (UTC)", r."Network ID",
                                                      r.email, a.score_raw, a.comment)))
           AS feedback_key,
       'survey' AS kind,
       'response' AS vendor_event,
       'survey_answered' AS default_touchpoint,
       CASE WHEN nullif(trim(r."Submit Date (UTC)"), '') IS NULL THEN 'Stage Date (UTC)'
            ELSE 'Submit Date (UTC)' END AS timestamp_field,
       coalesce(nullif(trim(r."Submit Date (UTC)"), ''), r."Stage Date (UTC)") AS timestamp_raw,
       utc_time(coalesce(nullif(trim(r."Submit Date (UTC)"), ''), r."Stage Date (UTC)"), 'UTC')
           AS occurred_at,
       CASE WHEN email_key(r.email) IS NOT NULL THEN 'email'
            WHEN nullif(trim(r.customer_id), '') IS NOT NULL THEN 'customer_id'
            ELSE 'anonymous_id' END AS identifier_field,
       coalesce(email_key(r.email), id_key('user_id', r.customer_id),
                id_key('anonymous_id', r.anonymous_id)) AS identifier_key,
       a.score_field, a.score_raw, a.score_scale, a.comment,
       coalesce(r.step, r."trigger") AS about_step
FROM raw r
LEFT JOIN answers a USING (source_row)

-- name: edges
SELECT source_row, email_key(email) AS left_key,
       coalesce(id_key('user_id', customer_id), id_key('anonymous_id', anonymous_id)) AS right_key
FROM raw
