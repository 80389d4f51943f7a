-- Feedback and the designed maps (see maps/feedback.py).

-- name: registered_steps
-- The designed steps a conformance run registered, with their touchpoints, in order.
SELECT s.persona, s.step_index, s.stage_index, s.stage, s.step,
       list(t.touchpoint ORDER BY t.touchpoint) AS touchpoints, s.designed_emotion
FROM designed_steps s
JOIN designed_step_touchpoints t USING (persona, step_index)
GROUP BY ALL
ORDER BY s.persona, s.step_index

-- name: drop_feedback_impact
DELETE FROM overlay_impact WHERE list_contains($kinds, kind)

-- name: insert_feedback_impact
-- Only personas with a designed map: the others have no overlay to rank against.
INSERT INTO overlay_impact BY NAME
SELECT * EXCLUDE (rank), 0 AS rank FROM feedback_impact
WHERE persona IN (SELECT persona FROM designed_journeys)

-- name: rerank_impact
-- The same rule as conformance's ranking: conversions lost, then kind, then subject.
CREATE OR REPLACE TABLE overlay_impact AS
SELECT * EXCLUDE (rank),
       ROW_NUMBER() OVER (PARTITION BY persona ORDER BY conversions_lost DESC, kind, subject)
           AS rank
FROM overlay_impact
