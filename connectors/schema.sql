-- The store's canonical tables. Timestamps are UTC TIMESTAMPTZ; every row keeps where it came from.
CREATE TABLE IF NOT EXISTS touchpoints (
    touchpoint_event_id VARCHAR PRIMARY KEY,  -- md5(source | vendor event id or content key)
    source              VARCHAR NOT NULL,     -- the tool: sendgrid, segment, hubspot, google_ads ...
    channel             VARCHAR NOT NULL,     -- email, ads, social, crm, web
    touchpoint          VARCHAR NOT NULL,     -- canonical name (vocabulary.yaml)
    vendor_event        VARCHAR,              -- the tool's own name for the event
    occurred_at         TIMESTAMPTZ NOT NULL,
    timestamp_precision VARCHAR NOT NULL,     -- 'second', 'minute', 'day', or 'landing' (day refined by the landing page view)
    identifier_key      VARCHAR NOT NULL,     -- type:value of the identifier the row carries
    click_id            VARCHAR,              -- gclid:... / fbclid:... seen on the event
    campaign            VARCHAR,
    customer_id         VARCHAR,              -- set by identity stitching
    source_file         VARCHAR NOT NULL,
    source_row          BIGINT NOT NULL,      -- 1-based record number in the file (NDJSON: line)
    loaded_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS identifier_edges (
    left_key    VARCHAR NOT NULL,
    right_key   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  BIGINT NOT NULL,
    PRIMARY KEY (left_key, right_key)
);

CREATE TABLE IF NOT EXISTS identities (
    identifier_key VARCHAR PRIMARY KEY,
    customer_id    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    source_file    VARCHAR NOT NULL,
    source_row     BIGINT NOT NULL,
    source         VARCHAR,
    field          VARCHAR,
    reason         VARCHAR NOT NULL,
    record         VARCHAR,               -- the raw record, as JSON or the raw line
    quarantined_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ingested_files (
    file_sha256      VARCHAR PRIMARY KEY,
    path             VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    touchpoints_added     BIGINT NOT NULL,
    touchpoints_duplicate BIGINT NOT NULL,
    loaded_at        TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE MACRO email_key(address) AS
    CASE WHEN nullif(trim(address), '') IS NULL THEN NULL
         ELSE 'email:' || lower(trim(address)) END;

CREATE OR REPLACE MACRO id_key(kind, value) AS
    CASE WHEN nullif(trim(value), '') IS NULL THEN NULL ELSE kind || ':' || trim(value) END;
