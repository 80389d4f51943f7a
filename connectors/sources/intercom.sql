-- A conversation is the customer's first message (no score) and, once given, their rating of
-- it (1-5 with a remark); closing it is a touchpoint of its own. The person is the author's
-- email, else the first contact.

-- name: feedback
WITH conversations AS (
    SELECT *, contacts.contacts[1].id AS contact_id,
           customer_author_key(source.author.type, source.author.email) AS author_key
    FROM raw
)
SELECT source_row, 'conversation:' || id AS feedback_key, 'support' AS kind,
       'conversation_started' AS vendor_event, 'support_ticket_opened' AS default_touchpoint,
       'created_at' AS timestamp_field, created_at AS timestamp_raw,
       'source.author.email' AS identifier_field,
       coalesce(author_key, id_key('intercom_contact', contact_id)) AS identifier_key,
       coalesce(html_text(source.body), title) AS comment
FROM conversations
UNION ALL BY NAME
SELECT source_row, 'conversation_rating:' || id AS feedback_key, 'support' AS kind,
       'conversation_rating' AS vendor_event, 'csat_rated' AS default_touchpoint,
       'conversation_rating.created_at' AS timestamp_field,
       conversation_rating.created_at AS timestamp_raw,
       'source.author.email' AS identifier_field,
       coalesce(author_key, id_key('intercom_contact', contact_id)) AS identifier_key,
       'conversation_rating.rating' AS score_field,
       conversation_rating.rating AS score_raw, 'rating_1_5' AS score_scale,
       conversation_rating.remark AS comment
FROM conversations
WHERE conversation_rating IS NOT NULL

-- name: touchpoints
SELECT source_row,
       'statistics.last_close_at' AS timestamp_field,
       coalesce(statistics.last_close_at,
                list_max([p.created_at for p in conversation_parts.conversation_parts
                          if p.part_type = 'close']),
                updated_at) AS timestamp_raw,
       'conversation_closed' AS vendor_event,
       'support_ticket_solved' AS default_touchpoint,
       'source.author.email' AS identifier_field,
       coalesce(customer_author_key(source.author.type, source.author.email),
                id_key('intercom_contact', contacts.contacts[1].id)) AS identifier_key,
       'closed:' || id AS event_key
FROM raw
WHERE state = 'closed'

-- name: edges
SELECT source_row, id_key('intercom_contact', c.id) AS left_key,
       unnest([customer_author_key(source.author.type, source.author.email),
               id_key('user_id', c.external_id)]) AS right_key
FROM (SELECT source_row, source, unnest(contacts.contacts) AS c FROM raw)
