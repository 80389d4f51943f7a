-- A ticket is the request (its subject: the export has no description) and, when the customer
-- answered the satisfaction survey, their rating. The survey's labels on the CSAT scale:
-- Extremely happy / Very happy / Awesome 5, Happy 4, Neutral / Just okay 3, Unhappy 2,
-- Very unhappy / Extremely unhappy / Not good 1. The answer's time is not exported: the
-- ticket's close (or resolve, or last update) stands for it.

-- name: feedback
SELECT source_row, 'ticket:' || "Ticket ID" AS feedback_key, 'support' AS kind,
       'ticket_created' AS vendor_event, 'support_ticket_opened' AS default_touchpoint,
       'Created time' AS timestamp_field, "Created time" AS timestamp_raw,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('freshdesk_contact', "Contact ID")) AS identifier_key,
       "Subject" AS comment
FROM raw
UNION ALL BY NAME
SELECT source_row, 'survey:' || "Ticket ID" AS feedback_key, 'support' AS kind,
       'survey_result' AS vendor_event, 'csat_rated' AS default_touchpoint,
       CASE WHEN nullif(trim("Closed time"), '') IS NOT NULL THEN 'Closed time'
            WHEN nullif(trim("Resolved time"), '') IS NOT NULL THEN 'Resolved time'
            ELSE 'Last update time' END AS timestamp_field,
       coalesce(nullif(trim("Closed time"), ''), nullif(trim("Resolved time"), ''),
                "Last update time") AS timestamp_raw,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('freshdesk_contact', "Contact ID")) AS identifier_key,
       'Survey results' AS score_field, "Survey results" AS score_raw,
       CASE lower(trim("Survey results"))
            WHEN 'extremely happy' THEN 5 WHEN 'very happy' THEN 5 WHEN 'awesome' THEN 5
            WHEN 'happy' THEN 4 WHEN 'neutral' THEN 3 WHEN 'just okay' THEN 3
            WHEN 'unhappy' THEN 2 WHEN 'very unhappy' THEN 1 WHEN 'extremely unhappy' THEN 1
            WHEN 'not good' THEN 1 END AS score,
       'csat_1_5' AS score_scale
FROM raw
WHERE nullif(trim("Survey results"), '') IS NOT NULL

-- name: touchpoints
SELECT source_row, 'Resolved time' AS timestamp_field, "Resolved time" AS timestamp_raw,
       'ticket_resolved' AS vendor_event, 'support_ticket_solved' AS default_touchpoint,
       'Email' AS identifier_field,
       coalesce(email_key("Email"), id_key('freshdesk_contact', "Contact ID")) AS identifier_key,
       'resolved:' || "Ticket ID" AS event_key
FROM raw
WHERE nullif(trim("Resolved time"), '') IS NOT NULL

-- name: edges
SELECT source_row, id_key('freshdesk_contact', "Contact ID") AS left_key,
       email_key("Email") AS right_key
FROM raw
