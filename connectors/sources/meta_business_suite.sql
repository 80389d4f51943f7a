-- name: metrics
SELECT source_row, 'Publish time' AS day_field, "Publish time" AS day_raw,
       "Custom labels" AS campaign, "Post ID" AS item_id,
       coalesce("Title", "Description") AS item_name, slug(metric) AS metric, value_raw
FROM raw
UNPIVOT (value_raw FOR metric IN ("Impressions", "Views", "Reach",
                                  "Reactions, comments and shares" AS 'engagements', "Reactions",
                                  "Comments", "Shares", "Total clicks" AS 'clicks', "Link clicks",
                                  "Likes", "Saves", "Follows"))

-- name: problems
SELECT source_row, 'Post ID' AS field, 'missing post id' AS reason
FROM raw WHERE nullif(trim("Post ID"), '') IS NULL
