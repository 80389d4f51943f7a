-- name: feedback
-- A rating answer's field type says its scale; text answers (short_text, long_text) are the
-- comment. The first rating answer counts.
WITH answers AS (
    SELECT source_row, a.field.ref AS ref, a.field.type AS field_type, a.number, a.text,
           a.email, ordinality
    FROM (SELECT source_row, unnest(answers) AS a, generate_subscripts(answers, 1) AS ordinality
          FROM raw)
), rated AS (
    SELECT source_row,
           arg_min(coalesce(ref, field_type), ordinality)
               FILTER (WHERE field_type IN ('nps', 'rating', 'opinion_scale')) AS score_field,
           arg_min(number, ordinality)
               FILTER (WHERE field_type IN ('nps', 'rating', 'opinion_scale')) AS score_raw,
           arg_min(CASE field_type WHEN 'nps' THEN 'nps_0_10' WHEN 'rating' THEN 'stars_1_5'
                                   WHEN 'opinion_scale' THEN 'rating_1_5' END, ordinality)
               FILTER (WHERE field_type IN ('nps', 'rating', 'opinion_scale')) AS score_scale,
           string_agg(text, ' | ' ORDER BY ordinality)
               FILTER (WHERE field_type IN ('short_text', 'long_text')) AS comment,
           arg_min(email, ordinality) FILTER (WHERE email IS NOT NULL) AS answered_email
    FROM answers GROUP BY source_row
)
SELECT r.source_row,
       coalesce(r.token, r.response_id) AS feedback_key,
       'survey' AS kind,
       'response' AS vendor_event,
       'survey_answered' AS default_touchpoint,
       'submitted_at' AS timestamp_field,
       r.submitted_at AS timestamp_raw,
       CASE WHEN email_key(r.hidden->>'$.email') IS NOT NULL THEN 'hidden.email'
            WHEN email_key(a.answered_email) IS NOT NULL THEN 'answers.email'
            WHEN r.hidden->>'$.customer_id' IS NOT NULL THEN 'hidden.customer_id'
            ELSE 'hidden.anonymous_id' END AS identifier_field,
       coalesce(email_key(r.hidden->>'$.email'), email_key(a.answered_email),
                id_key('user_id', r.hidden->>'$.customer_id'),
                id_key('anonymous_id', r.hidden->>'$.anonymous_id')) AS identifier_key,
       a.score_field, a.score_raw, a.score_scale, a.comment,
       coalesce(r.hidden->>'$.step', r.hidden->>'$.trigger') AS about_step
FROM raw r
LEFT JOIN rated a USING (source_row)

-- name: edges
SELECT source_row, email_key(hidden->>'$.email') AS left_key,
       coalesce(id_key('user_id', hidden->>'$.customer_id'),
                id_key('anonymous_id', hidden->>'$.anonymous_id')) AS right_key
FROM raw
