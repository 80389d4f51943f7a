-- name: feedback
-- The review's id is in its Review Link (reviewId=...); older reports lack the link.
SELECT source_row,
       coalesce(nullif(url_param("Review Link", 'reviewId'), ''),
                md5(concat_ws('|', "Package Name", "Review Submit Millis Since Epoch",
                              "Review Submit Date and Time", "Review Text"))) AS feedback_key,
       'review' AS kind,
       'review' AS vendor_event,
       'review_posted' AS default_touchpoint,
       CASE WHEN nullif(trim("Review Submit Date and Time"), '') IS NOT NULL
            THEN 'Review Submit Date and Time' ELSE 'Review Submit Millis Since Epoch' END
           AS timestamp_field,
       coalesce(nullif(trim("Review Submit Date and Time"), ''),
                "Review Submit Millis Since Epoch") AS timestamp_raw,
       'Star Rating' AS score_field,
       "Star Rating" AS score_raw,
       'stars_1_5' AS score_scale,
       title_and_text("Review Title", "Review Text") AS comment,
       "Reviewer Language" AS language_hint,
       "Package Name" AS subject
FROM raw
