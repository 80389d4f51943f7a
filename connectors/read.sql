-- Reading one export (see read.py). `raw_input` keeps the reader's own order: DuckDB preserves
-- insertion order on a parallel read, so a row's `rowid + 1` is its record number. (WITH
-- ORDINALITY would say the same but makes the read single-threaded: twice the time.)

-- name: no_problems
CREATE OR REPLACE TEMP TABLE read_problems
    (source_row BIGINT, field VARCHAR, reason VARCHAR, record VARCHAR)

-- name: raw_csv
-- Every column as text; rows DuckDB cannot split (wrong column count, bad bytes, broken quotes)
-- go to `file_rejects` instead of failing the file.
CREATE OR REPLACE TEMP TABLE raw_input AS
SELECT *
FROM read_csv($path, header = true, skip = $skip, delim = $delim, quote = '"', escape = '"',
              columns = $columns, auto_detect = false, ignore_errors = true,
              store_rejects = true, rejects_table = 'file_rejects',
              rejects_scan = 'file_reject_scans', max_line_size = 10000000)

-- name: csv_rejects
-- A rejected row's number is its line below the header (exact unless a quoted field above it
-- spans lines).
INSERT INTO read_problems
SELECT line - $header_line AS source_row,
       coalesce(any_value(column_name), '(line)'),
       CASE any_value(error_type)
            WHEN 'TOO MANY COLUMNS' THEN 'wrong column count'
            WHEN 'MISSING COLUMNS' THEN 'wrong column count'
            WHEN 'INVALID ENCODING' THEN 'invalid bytes for the file''s encoding'
            WHEN 'INVALID UNICODE' THEN 'invalid bytes for the file''s encoding'
            WHEN 'UNQUOTED VALUE' THEN 'broken quoting'
            ELSE lower(any_value(error_type)) END || ': ' || any_value(error_message),
       any_value(csv_line)
FROM file_rejects
GROUP BY line

-- name: rejected_header_lines
-- Header lines (after the first) DuckDB could not split: the file's layout is not understood.
SELECT line, error_message FROM file_rejects WHERE line <= $last ORDER BY line LIMIT 1

-- name: header_rows_apart
-- Exports with several header lines (Qualtrics: export tags, labels, ImportIds): the lines after
-- the header are kept apart (header_row 2, 3 ...); the records are copied in order so that their
-- rowid is their number again.
CREATE OR REPLACE TEMP TABLE raw_header_input AS
SELECT rowid + 2 AS header_row, * FROM raw_input WHERE rowid < $extra

-- name: records_apart
CREATE OR REPLACE TEMP TABLE raw_records AS
SELECT * FROM raw_input WHERE rowid >= $extra ORDER BY rowid

-- name: records_only
DROP TABLE raw_input;
ALTER TABLE raw_records RENAME TO raw_input;

-- name: csv_numbering
-- Record numbers of the rows read: 1..n, skipping the numbers of rejected rows.
CREATE OR REPLACE TEMP TABLE numbering AS
WITH numbers AS (
    SELECT range + 1 AS source_row
    FROM range((SELECT count(*) FROM raw_input) + (SELECT count(*) FROM read_problems))
)
SELECT row_number() OVER (ORDER BY source_row) - 1 AS input_rowid, source_row
FROM numbers WHERE source_row NOT IN (SELECT source_row FROM read_problems)

-- name: raw_json_array
CREATE OR REPLACE TEMP TABLE raw_input AS
SELECT *
FROM read_json($path, format = 'array', records = true, columns = $columns)

-- name: raw_ndjson
-- Typed read of the declared fields; a line that is not a JSON object comes back all NULL and
-- is explained by read.py.
CREATE OR REPLACE TEMP TABLE raw_input AS
SELECT *
FROM read_json($path, format = 'newline_delimited', records = true, columns = $columns,
               ignore_errors = true, maximum_object_size = 67108864)

-- name: raw_parquet
CREATE OR REPLACE TEMP TABLE raw_input AS
SELECT *
FROM read_parquet($path)

-- name: raw_frame
CREATE OR REPLACE TEMP TABLE raw_input AS
SELECT * FROM xes_frame

-- name: rows_read
-- CSV rows DuckDB rejected are not in raw_input; NDJSON lines that failed are (as NULL rows).
SELECT (SELECT count(*) FROM raw_input)
       + CASE WHEN $rejected_apart THEN (SELECT count(*) FROM read_problems) ELSE 0 END

-- name: raw_cells
-- A CSV export in long form, one row per record and column: surveys name their questions in the
-- header, so a mapping finds the score and comment columns by their text.
CREATE OR REPLACE TEMP VIEW raw_cells AS
UNPIVOT raw ON COLUMNS(* EXCLUDE source_row) INTO NAME question VALUE answer
