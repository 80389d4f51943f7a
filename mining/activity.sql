-- Daily activity by event date: events and customers per persona, channel and touchpoint.
-- Sound to partition by day: each row counts events of that UTC day only (journeys that span
-- days are analysed whole by the observed maps, not here).

-- name: create
CREATE TABLE IF NOT EXISTS daily_activity (
    day DATE, persona VARCHAR, channel VARCHAR, touchpoint VARCHAR,
    events BIGINT, customers BIGINT);

-- name: delete_day
DELETE FROM daily_activity WHERE day = CAST($day AS DATE)

-- name: insert_day
INSERT INTO daily_activity
SELECT CAST($day AS DATE), coalesce(c.persona, 'unassigned'), t.channel, t.touchpoint,
       count(*), count(DISTINCT t.customer_id)
FROM touchpoints t
LEFT JOIN customers c USING (customer_id)
WHERE t.occurred_at >= CAST(CAST($day AS DATE) AS TIMESTAMP) AT TIME ZONE 'UTC'
  AND t.occurred_at < CAST(CAST($day AS DATE) + INTERVAL 1 DAY AS TIMESTAMP) AT TIME ZONE 'UTC'
GROUP BY ALL
