-- The store's canonical tables. Timestamps are UTC TIMESTAMPTZ; every row keeps where it came from
-- (source_file, source_row). Tables carry no primary-key index: the loader dedupes with anti-joins,
-- which DuckDB runs in a fraction of the time an index insert takes on millions of rows.
CREATE TABLE IF NOT EXISTS touchpoints (
    touchpoint_event_id VARCHAR NOT NULL,     -- md5(source | vendor event id or content key); unique
    source              VARCHAR NOT NULL,     -- the tool: sendgrid, segment, hubspot, google_ads ...
    channel             VARCHAR NOT NULL,     -- email, ads, social, crm, web
    touchpoint          VARCHAR NOT NULL,     -- canonical name (vocabulary.yaml)
    vendor_event        VARCHAR,              -- the tool's own name for the event
    occurred_at         TIMESTAMPTZ NOT NULL,
    timestamp_precision VARCHAR NOT NULL,     -- 'day', 'minute', 'second', 'millisecond', 'microsecond', or 'landing' (day refined by the landing page view)
    identifier_key      VARCHAR NOT NULL,     -- kind:value of the identifier the row carries
    click_id            VARCHAR,              -- gclid:... / fbclid:... / li_fat_id:... seen on the event
    campaign            VARCHAR,
    customer_id         VARCHAR,              -- set by identity stitching
    source_file         VARCHAR NOT NULL,
    source_row          BIGINT NOT NULL,      -- 1-based record number in the file (see connectors/read.py)
    loaded_at           TIMESTAMPTZ NOT NULL
);
ALTER TABLE touchpoints ADD COLUMN IF NOT EXISTS utm_source VARCHAR;  -- web visits: the UTM source
ALTER TABLE touchpoints ADD COLUMN IF NOT EXISTS utm_medium VARCHAR;  -- and medium (social, cpc ...)
-- Feedback touchpoints (survey answers, reviews, support ratings): the score as exported, its
-- scale, and the measured emotion on the designed maps' -2..+2 scale (macros.sql score_emotion).
ALTER TABLE touchpoints ADD COLUMN IF NOT EXISTS score DOUBLE;
ALTER TABLE touchpoints ADD COLUMN IF NOT EXISTS score_scale VARCHAR;
ALTER TABLE touchpoints ADD COLUMN IF NOT EXISTS emotion DOUBLE;

-- Pairs of identifiers an export says belong to one person (left_key < right_key).
CREATE TABLE IF NOT EXISTS identifier_edges (
    left_key    VARCHAR NOT NULL,
    right_key   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  BIGINT NOT NULL
);

-- identifier_key -> customer_id, rebuilt by every stitching run.
CREATE TABLE IF NOT EXISTS identities (
    identifier_key VARCHAR NOT NULL,
    customer_id    VARCHAR NOT NULL
);

-- Identifiers that point at more than one person of the same kind (see identity.sql).
CREATE TABLE IF NOT EXISTS identity_conflicts (
    identifier_key VARCHAR NOT NULL,
    linked_kind    VARCHAR NOT NULL,
    linked_keys    VARCHAR[] NOT NULL,
    resolution     VARCHAR NOT NULL,  -- 'not merged' (weak identifier) or 'merged' (strong one)
    message        VARCHAR NOT NULL
);

-- Customer attributes found in exports: CRM fields, identify traits, profile properties.
-- identifier_key has the touchpoints' format, so `identities` maps it to customer_id.
CREATE TABLE IF NOT EXISTS traits (
    identifier_key VARCHAR,
    source         VARCHAR,
    name           VARCHAR,       -- snake_case: company, country, plan, lifecycle_stage ...
    value          VARCHAR,
    observed_at    TIMESTAMPTZ,   -- when the export says the value held (NULL when it does not say)
    source_file    VARCHAR,
    source_row     BIGINT
);

-- Aggregates with no person in them (organic social posts): long format, one row per
-- (source, item, day, metric). A later export of the same item and day replaces the value.
CREATE TABLE IF NOT EXISTS channel_metrics (
    day         DATE NOT NULL,      -- the day the figures belong to (a post's publish day, local)
    source      VARCHAR NOT NULL,   -- meta_business_suite, x ...
    channel     VARCHAR NOT NULL,   -- social
    campaign    VARCHAR,            -- campaign or label the export gives, else NULL
    item_id     VARCHAR NOT NULL,   -- the post (or row key) the figures are about
    item_name   VARCHAR,            -- its title or text, cut to 200 characters
    metric      VARCHAR NOT NULL,   -- reach, impressions, clicks, spend, engagements, likes ...
    value       DOUBLE NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  BIGINT NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL
);

-- Voice of the customer: one row per survey answer, review, support conversation or rating.
-- An item with a person is also a touchpoint event (touchpoint_event_id); one without a person
-- (an anonymous app or shop review) stays channel-level feedback and is never guessed onto a
-- customer. Re-ingesting never duplicates: feedback_id = md5(source | the vendor's id).
CREATE TABLE IF NOT EXISTS feedback (
    feedback_id         VARCHAR NOT NULL,   -- md5(source | vendor id of the item): dedupe key
    touchpoint_event_id VARCHAR,            -- the touchpoint it became; NULL: no person
    source              VARCHAR NOT NULL,   -- qualtrics, typeform, trustpilot, zendesk ...
    kind                VARCHAR NOT NULL,   -- 'survey', 'review' or 'support'
    touchpoint          VARCHAR NOT NULL,   -- survey_answered, review_posted, csat_rated ...
    identifier_key      VARCHAR,            -- the person's identifier; NULL: channel-level
    occurred_at         TIMESTAMPTZ NOT NULL,
    score               DOUBLE,             -- as exported (good_bad: good = 1, bad = 0)
    score_scale         VARCHAR,            -- nps_0_10, csat_1_5, ces_1_7, stars_1_5, rating_1_5, good_bad
    score_emotion       DOUBLE,             -- the score on the -2..+2 scale (score_emotion macro)
    comment             VARCHAR,            -- the customer's words as exported
    language_hint       VARCHAR,            -- a language the export states ('de'), else NULL
    about_step          VARCHAR,            -- the step the export says it is about (a touchpoint name)
    subject             VARCHAR,            -- location, app or product of the item
    source_file         VARCHAR NOT NULL,
    source_row          BIGINT NOT NULL,
    loaded_at           TIMESTAMPTZ NOT NULL
);

-- Channel-level feedback (no person in it) per UTC day, source and subject.
CREATE OR REPLACE VIEW feedback_channel_daily AS
SELECT CAST(timezone('UTC', occurred_at) AS DATE) AS day, source, kind, subject,
       count(*) AS feedback_count, count(score_emotion) AS rated_count,
       avg(score_emotion) AS mean_score_emotion
FROM feedback
WHERE identifier_key IS NULL
GROUP BY ALL;

CREATE TABLE IF NOT EXISTS quarantine (
    source_file    VARCHAR NOT NULL,
    source_row     BIGINT NOT NULL,
    source         VARCHAR,
    field          VARCHAR,
    reason         VARCHAR NOT NULL,
    record         VARCHAR,               -- the raw record, as JSON or the raw line
    quarantined_at TIMESTAMPTZ NOT NULL
);

-- The manifest: one row per file loaded.
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
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS export VARCHAR;      -- the declaration used
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS load_seconds DOUBLE;
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS encoding VARCHAR;
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS privacy VARCHAR;     -- 'none' or 'hash_emails'
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS metrics_added BIGINT;
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS traits_added BIGINT;
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS feedback_added BIGINT;
