-- Shared SQL helpers of the source mappings: identifier keys, timestamp typing, numbers.
-- Every source's SQL calls these instead of repeating the parsing rules.

-- name: macros
-- An email as an identifier key: trimmed and lowercased; NULL when there is no address in it.
CREATE OR REPLACE MACRO email_key(address) AS
    CASE WHEN contains(coalesce(address, ''), '@') THEN 'email:' || lower(trim(address)) END;

-- Any other identifier: 'kind:value', NULL when the value is blank.
CREATE OR REPLACE MACRO id_key(kind, value) AS kind || ':' || nullif(trim(value), '');

-- The key as stored: in privacy mode an email becomes its SHA-256 (the hash ad platforms use).
CREATE OR REPLACE MACRO stored_key(key, hash_emails) AS
    CASE WHEN hash_emails AND starts_with(key, 'email:')
         THEN 'email_sha256:' || sha256(substr(key, 7)) ELSE key END;

-- A query parameter of a URL (gclid, fbclid, li_fat_id, utm_source ...), NULL when absent.
CREATE OR REPLACE MACRO url_param(url, name) AS
    CASE WHEN contains(url, name || '=')
         THEN nullif(regexp_extract(url, '[?&]' || name || '=([^&#]*)', 1), '') END;

-- The first segment of a path ('/product/a?b' -> 'product'), '' for '/'; `url_path_segment`
-- does the same for a full URL ('https://x.example/product/a').
CREATE OR REPLACE MACRO path_segment(path) AS
    split_part(split_part(split_part(path, '/', 2), '?', 1), '#', 1);
CREATE OR REPLACE MACRO url_path_segment(url) AS
    split_part(split_part(split_part(url, '/', 4), '?', 1), '#', 1);

-- How identifiers rank when naming a customer (lowest first: an email names a person best), and
-- which are weak (cookies, click ids, deals: they do not name a person).
CREATE OR REPLACE MACRO identifier_rank(key) AS
    CASE split_part(key, ':', 1)
         WHEN 'email' THEN 1 WHEN 'email_sha256' THEN 2 WHEN 'email_md5' THEN 3
         WHEN 'hubspot_contact' THEN 4 WHEN 'salesforce_contact' THEN 4
         WHEN 'salesforce_lead' THEN 4 WHEN 'user_id' THEN 5
         WHEN 'hubspot_deal' THEN 7 WHEN 'salesforce_opportunity' THEN 7
         WHEN 'anonymous_id' THEN 8 WHEN 'ga_client_id' THEN 8
         WHEN 'gclid' THEN 9 WHEN 'fbclid' THEN 9 WHEN 'li_fat_id' THEN 9
         ELSE 6 END;

CREATE OR REPLACE MACRO weak_identifier(key) AS identifier_rank(key) >= 7;

-- The customer a set of identifiers forms is named after its first identifier in rank order.
CREATE OR REPLACE MACRO customer_of(key) AS
    'cus_' || substr(md5(identifier_rank(key)::VARCHAR || key), 1, 16);

-- snake_case of a vendor label: 'Closed Won' -> closed_won.
CREATE OR REPLACE MACRO slug(label) AS
    trim(regexp_replace(lower(trim(label)), '[^a-z0-9]+', '_', 'g'), '_');

-- Seconds, milliseconds, microseconds or nanoseconds since 1970 (told apart by magnitude).
CREATE OR REPLACE MACRO epoch_time(n) AS
    timezone('UTC', CASE WHEN abs(n) < 1e11 THEN make_timestamp(CAST(round(n * 1e6) AS BIGINT))
                         WHEN abs(n) < 1e14 THEN make_timestamp(CAST(round(n * 1e3) AS BIGINT))
                         WHEN abs(n) < 1e17 THEN make_timestamp(CAST(n AS BIGINT))
                         ELSE make_timestamp(CAST(n / 1000 AS BIGINT)) END);

-- Wall-clock text without an offset: ISO forms by cast (fast), else the other formats exports
-- use (US month-first for slashes, X's 'Tue, Jul 14, 2026', GA4's 20260714).
CREATE OR REPLACE MACRO local_time(text) AS
    coalesce(TRY_CAST(trim(text) AS TIMESTAMP),
             TRY_STRPTIME(trim(text), ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y %I:%M %p',
                                       '%m/%d/%Y', '%Y%m%d', '%a, %b %d, %Y', '%b %d, %Y']));

-- Any exported time as UTC: epoch numbers, ISO text with an offset (Z, +02:00, +0000, UTC), or
-- wall-clock text in the file's time zone `tz`. NULL when the text does not parse.
CREATE OR REPLACE MACRO utc_time(text, tz) AS
    CASE WHEN nullif(trim(text), '') IS NULL THEN NULL
         WHEN length(trim(text)) >= 9 AND TRY_CAST(trim(text) AS DOUBLE) IS NOT NULL
              THEN epoch_time(TRY_CAST(trim(text) AS DOUBLE))
         WHEN regexp_matches(trim(text), '[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?|UTC|GMT)$')
              THEN coalesce(TRY_CAST(trim(text) AS TIMESTAMPTZ),
                            TRY_STRPTIME(trim(text), ['%Y-%m-%d %H:%M %z', '%Y-%m-%d %H:%M:%S %z']))
         ELSE timezone(tz, local_time(text)) END;

-- How precise an exported time is, from its text: epoch digits count, else the time of day.
CREATE OR REPLACE MACRO time_precision(text) AS
    CASE WHEN length(trim(text)) >= 9 AND TRY_CAST(trim(text) AS DOUBLE) IS NOT NULL
              THEN CASE WHEN length(split_part(trim(text), '.', 1)) <= 11 THEN 'second'
                        WHEN length(split_part(trim(text), '.', 1)) <= 14 THEN 'millisecond'
                        ELSE 'microsecond' END
         ELSE CASE length(regexp_extract(text, '[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]*)?)?', 0))
                   WHEN 0 THEN 'day' WHEN 4 THEN 'minute' WHEN 7 THEN 'second'
                   WHEN 8 THEN 'second' WHEN 9 THEN 'millisecond' WHEN 10 THEN 'millisecond'
                   WHEN 11 THEN 'millisecond' ELSE 'microsecond' END END;

-- The local day of an exported time or date ('Tue, Jul 14, 2026' included).
CREATE OR REPLACE MACRO local_day(text, tz) AS
    CAST(timezone(tz, utc_time(text, tz)) AS DATE);

-- Whether an aggregate export leaves a figure out: blank, '-', '--', 'N/A'.
CREATE OR REPLACE MACRO blank_figure(text) AS
    trim(coalesce(text, '')) IN ('', '-', '--', 'N/A', 'n/a');

-- A figure from an aggregate export: '1,234' -> 1234, '12.5%' -> 12.5; left out -> NULL.
CREATE OR REPLACE MACRO metric_value(text) AS
    CASE WHEN blank_figure(text) THEN NULL
         ELSE TRY_CAST(replace(replace(trim(text), ',', ''), '%', '') AS DOUBLE) END;

-- Text an export uses for true ('true', 'TRUE', '1', 'yes').
CREATE OR REPLACE MACRO is_true(text) AS
    lower(trim(coalesce(text, ''))) IN ('true', '1', 'yes', 'y', 't');
