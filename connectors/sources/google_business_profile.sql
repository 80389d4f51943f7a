-- name: feedback
SELECT source_row,
       coalesce(reviewId, name) AS feedback_key,
       'review' AS kind,
       'review' AS vendor_event,
       'review_posted' AS default_touchpoint,
       'createTime' AS timestamp_field,
       createTime AS timestamp_raw,
       'starRating' AS score_field,
       starRating AS score_raw,
       CASE starRating WHEN 'ONE' THEN 1 WHEN 'TWO' THEN 2 WHEN 'THREE' THEN 3
                       WHEN 'FOUR' THEN 4 WHEN 'FIVE' THEN 5 END AS score,
       'stars_1_5' AS score_scale,
       comment,
       nullif(regexp_extract(name, 'locations/[^/]+', 0), '') AS subject
FROM raw
