-- The functions of dialect.sql in Spark SQL: the same names, arguments and results. The mining
-- SQL is written once (DuckDB's dialect) and translated by journeymap.engines.dialect, which
-- inlines these bodies where a query calls the function, so any Spark from 3.4 runs them (no
-- SQL user-defined functions needed). Each body is one Spark SQL expression over its arguments.
-- Lists are 1-based in the queries: try_element_at is Spark's 1-based, NULL-when-absent index
-- (index 0 is an error in Spark and NULL in DuckDB, hence nullif).

-- name: seconds_between
-- DuckDB's epoch(b) - epoch(a) for TIMESTAMPTZ, bit for bit: epoch is whole milliseconds / 1e3
-- plus the microseconds left / 1e6, in double precision (unix_millis rounds down, as DuckDB).
CREATE OR REPLACE TEMP MACRO seconds_between(a, b) AS
    (CAST(unix_millis(b) AS DOUBLE) / 1000
     + CAST(unix_micros(b) - unix_millis(b) * 1000 AS DOUBLE) / 1000000)
    - (CAST(unix_millis(a) AS DOUBLE) / 1000
       + CAST(unix_micros(a) - unix_millis(a) * 1000 AS DOUBLE) / 1000000)

-- name: milliseconds_between
-- DuckDB's epoch_ms(b) - epoch_ms(a): both round down to the millisecond.
CREATE OR REPLACE TEMP MACRO milliseconds_between(a, b) AS unix_millis(b) - unix_millis(a)

-- name: touchpoint_names
CREATE OR REPLACE TEMP MACRO touchpoint_names(codes, names) AS
    transform(codes, code_ -> try_element_at(names, nullif(code_, 0)))

-- name: code_string
-- Spark's chr() is Latin-1 only: a code becomes its UTF-16 unit (codes stay below the surrogate
-- range, report.MAX_CHARACTER_CODE), decoded from four hex digits.
CREATE OR REPLACE TEMP MACRO code_string(codes) AS
    array_join(transform(codes, code_ -> decode(unhex(lpad(hex(code_), 4, '0')), 'UTF-16BE')),
               '')

-- name: codes_in_order
CREATE OR REPLACE TEMP MACRO codes_in_order(position, code) AS
    transform(sort_array(collect_list(shiftleft(CAST(position AS BIGINT), 24) | code)),
              packed_ -> CAST(packed_ & 16777215 AS INT))
