-- name: feedback
-- `person` is the person's id, or the person itself when the export expanded it (email, name).
-- Without an email the answer belongs to the Delighted person id, linked to a customer by a
-- `customer_id` person property when there is one.
SELECT source_row,
       coalesce(id, md5(concat_ws('|', expanded(person, 'id'), created_at, score)))
           AS feedback_key,
       'survey' AS kind,
       survey_type AS vendor_event,
       'survey_answered' AS default_touchpoint,
       'created_at' AS timestamp_field,
       created_at AS timestamp_raw,
       CASE WHEN email_key(expanded(person, 'email')) IS NOT NULL THEN 'person.email'
            ELSE 'person' END AS identifier_field,
       coalesce(email_key(expanded(person, 'email')),
                id_key('user_id', person_properties->>'$.customer_id'),
                id_key('delighted_person', expanded(person, 'id'))) AS identifier_key,
       'score' AS score_field,
       score AS score_raw,
       CASE survey_type WHEN 'nps' THEN 'nps_0_10' WHEN 'enps' THEN 'nps_0_10'
                        WHEN 'csat' THEN 'csat_1_5' WHEN 'smileys' THEN 'csat_1_5'
                        WHEN 'ces' THEN 'ces_1_7' WHEN 'five_star' THEN 'stars_1_5'
                        WHEN 'thumbs' THEN 'good_bad' END AS score_scale,
       comment,
       person_properties->>'$.locale' AS language_hint,
       coalesce(person_properties->>'$.trigger', person_properties->>'$.step',
                person_properties->>'$.touchpoint') AS about_step,
       person_properties->>'$.product' AS subject
FROM raw

-- name: edges
SELECT source_row, id_key('delighted_person', expanded(person, 'id')) AS left_key,
       unnest([email_key(expanded(person, 'email')),
               id_key('user_id', person_properties->>'$.customer_id')]) AS right_key
FROM raw
