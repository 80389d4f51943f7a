-- Event logs from outside the store, in the shape the observed-map SQL reads. Input: a relation
-- `generic_events(case_value, activity_value, timestamp_value, occurred_at, file_order)` made by
-- eventlog.py from an XES, CSV or Parquet file or a dataframe: the file's own columns renamed,
-- occurred_at the timestamp read as a UTC instant (NULL when it cannot be read).

-- name: generic_log
-- Events without a case or a touchpoint, or without a readable timestamp when the log has
-- timestamps, are left out, as pm4py's format_dataframe does. step_index is the event's position
-- in the file: events of a journey are ordered by time, and events at the same instant keep their
-- order in the file (pm4py's tie order).
CREATE OR REPLACE TABLE generic_log AS
SELECT CAST($persona AS VARCHAR) AS persona,
       CAST(case_value AS VARCHAR) AS journey_id,
       CAST(activity_value AS VARCHAR) AS touchpoint,
       occurred_at,
       file_order AS step_index
FROM generic_events
WHERE case_value IS NOT NULL AND activity_value IS NOT NULL
  AND (occurred_at IS NOT NULL OR NOT CAST($timed AS BOOLEAN))

-- name: generic_counts
SELECT (SELECT count(*) FROM generic_events) AS events_read,
       (SELECT count(*) FROM generic_log) AS events

-- name: unreadable_timestamp
-- One timestamp text that could not be read (NULL: none), for the error message.
SELECT min(CAST(timestamp_value AS VARCHAR)) FROM generic_events
WHERE occurred_at IS NULL AND timestamp_value IS NOT NULL

-- name: drop_sources
-- The file or dataframe behind the views is gone once generic_log holds the events.
DROP VIEW IF EXISTS generic_events; DROP VIEW IF EXISTS generic_source
