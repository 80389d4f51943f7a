-- name: metrics
SELECT source_row,
       CASE WHEN "time" IS NOT NULL THEN 'time' ELSE 'Date' END AS day_field,
       coalesce("time", "Date") AS day_raw,
       coalesce("Tweet id", "Post id") AS item_id,
       coalesce("Tweet text", "Post text") AS item_name,
       slug(metric) AS metric, value_raw
FROM (SELECT *, coalesce("retweets", "Reposts") AS reposts_,
             "url clicks" AS clicks,
             coalesce("user profile clicks", "Profile visits") AS profile_visits,
             coalesce("follows", "New follows") AS follows_,
             "detail expands" AS detail_expands, "media views" AS media_views
      FROM raw)
UNPIVOT (value_raw FOR metric IN (impressions, engagements, reposts_ AS 'reposts', replies, likes, clicks,
                                  profile_visits, follows_ AS 'follows', bookmarks, shares,
                                  detail_expands, media_views))

-- name: problems
SELECT source_row, 'Post id' AS field, 'missing post id' AS reason
FROM raw WHERE coalesce("Tweet id", "Post id") IS NULL
