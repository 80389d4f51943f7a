-- name: feedback
-- Column names ignore case in DuckDB, so "Review Id" and "Review ID" are one column here.
SELECT source_row,
       coalesce(nullif(trim("Review Id"), ''),
                md5(concat_ws('|', "Review Created (UTC)", "Review Created", "Review Content")))
           AS feedback_key,
       'review' AS kind,
       'review' AS vendor_event,
       'review_posted' AS default_touchpoint,
       CASE WHEN "Review Created" IS NOT NULL THEN 'Review Created'
            ELSE 'Review Created (UTC)' END AS timestamp_field,
       coalesce("Review Created (UTC)", "Review Created") AS timestamp_raw,
       utc_time(coalesce("Review Created (UTC)", "Review Created"), 'UTC') AS occurred_at,
       'Review User Email' AS identifier_field,
       email_key(coalesce("Review User Email", "Consumer Email", "Email")) AS identifier_key,
       'Review Stars' AS score_field,
       "Review Stars" AS score_raw,
       'stars_1_5' AS score_scale,
       title_and_text("Review Title", "Review Content") AS comment,
       "Review Language" AS language_hint,
       coalesce(nullif(trim("Location Name"), ''), "Webshop Name", "Domain Url",
                "Business Unit Id") AS subject
FROM raw
