-- name: feedback
SELECT source_row,
       id AS feedback_key,
       'review' AS kind,
       'review' AS vendor_event,
       'review_posted' AS default_touchpoint,
       'attributes.createdDate' AS timestamp_field,
       attributes.createdDate AS timestamp_raw,
       'attributes.rating' AS score_field,
       attributes.rating AS score_raw,
       'stars_1_5' AS score_scale,
       title_and_text(attributes.title, attributes.body) AS comment,
       nullif(regexp_extract(document->>'$.links.self', '/apps/([0-9]+)/', 1), '') AS subject
FROM raw
WHERE type = 'customerReviews'
