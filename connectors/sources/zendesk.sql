-- A page holds tickets (with requester_id), side-loaded metric sets (with ticket_id) and users
-- (with role); the users export holds users only. A ticket is two feedback items: the request
-- itself (the customer's words, no score) when it was opened, and the satisfaction rating
-- (good/bad, with its comment) once given; solving it is a touchpoint of its own.

-- name: feedback
WITH tickets AS (
    SELECT t.*, u.locale AS requester_locale,
           satisfaction_rating->>'$.score' AS rating
    FROM raw t
    LEFT JOIN (SELECT id, any_value(locale) AS locale FROM raw WHERE role IS NOT NULL
               GROUP BY id) u ON u.id = t.requester_id
    WHERE t.requester_id IS NOT NULL
)
SELECT source_row, 'ticket:' || id AS feedback_key, 'support' AS kind,
       'ticket_created' AS vendor_event, 'support_ticket_opened' AS default_touchpoint,
       'created_at' AS timestamp_field, created_at AS timestamp_raw,
       'requester_id' AS identifier_field, id_key('zendesk_user', requester_id) AS identifier_key,
       coalesce(nullif(trim(description), ''), subject) AS comment,
       requester_locale AS language_hint
FROM tickets
UNION ALL BY NAME
-- a rating has no time of its own in the ticket export: the ticket's last update gave it
SELECT source_row,
       'satisfaction_rating:' || coalesce(satisfaction_rating->>'$.id', id) AS feedback_key,
       'support' AS kind, 'satisfaction_rating' AS vendor_event,
       'csat_rated' AS default_touchpoint,
       'updated_at' AS timestamp_field,
       coalesce(satisfaction_rating->>'$.updated_at', updated_at) AS timestamp_raw,
       'requester_id' AS identifier_field, id_key('zendesk_user', requester_id) AS identifier_key,
       'satisfaction_rating.score' AS score_field, rating AS score_raw,
       CASE rating WHEN 'good' THEN 1 WHEN 'bad' THEN 0 END AS score,
       'good_bad' AS score_scale,
       satisfaction_rating->>'$.comment' AS comment,
       requester_locale AS language_hint
FROM tickets
WHERE rating NOT IN ('offered', 'unoffered')

-- name: touchpoints
-- Solved: when the side-loaded metric set says, else the last update of a solved ticket.
SELECT t.source_row,
       CASE WHEN m.solved_at IS NOT NULL THEN 'metric_sets.solved_at' ELSE 'updated_at' END
           AS timestamp_field,
       coalesce(m.solved_at, t.updated_at) AS timestamp_raw,
       'ticket_solved' AS vendor_event,
       'support_ticket_solved' AS default_touchpoint,
       'requester_id' AS identifier_field,
       id_key('zendesk_user', t.requester_id) AS identifier_key,
       'solved:' || t.id AS event_key
FROM raw t
LEFT JOIN (SELECT ticket_id, max(solved_at) AS solved_at FROM raw
           WHERE ticket_id IS NOT NULL GROUP BY ticket_id) m ON m.ticket_id = t.id
WHERE t.requester_id IS NOT NULL AND (t.status IN ('solved', 'closed') OR m.solved_at IS NOT NULL)

-- name: edges
-- End users only: agents and admins answer tickets, they are no customers.
SELECT source_row, id_key('zendesk_user', id) AS left_key, email_key(email) AS right_key
FROM raw
WHERE role = 'end-user'
