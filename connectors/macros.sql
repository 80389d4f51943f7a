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
-- does the same for a full URL ('https://x.example/product/a'). One regular expression, not
-- nested split_part: inside a CASE that form costs DuckDB 2.0 four times as much.
CREATE OR REPLACE MACRO path_segment(path) AS regexp_extract(path, '^[^/]*/([^/?#]*)', 1);
CREATE OR REPLACE MACRO url_path_segment(url) AS regexp_extract(url, '^[^/]*//[^/]*/([^/?#]*)', 1);

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

-- Seconds, milliseconds, microseconds or nanoseconds since 1970 (told apart by magnitude), as
-- an instant: make_timestamptz of microseconds needs no time-zone arithmetic (timezone('UTC',
-- make_timestamp(..)) gives the same instant at ten times the cost).
CREATE OR REPLACE MACRO epoch_time(n) AS
    make_timestamptz(CASE WHEN abs(n) < 1e11 THEN CAST(round(n * 1e6) AS BIGINT)
                          WHEN abs(n) < 1e14 THEN CAST(round(n * 1e3) AS BIGINT)
                          WHEN abs(n) < 1e17 THEN CAST(n AS BIGINT)
                          ELSE CAST(n / 1000 AS BIGINT) END);

-- Wall-clock text without an offset: ISO forms by cast (fast), else the other formats exports
-- use (US month-first for slashes, SurveyMonkey's '05/04/2026 10:15:32 AM', X's
-- 'Tue, Jul 14, 2026', GA4's 20260714).
CREATE OR REPLACE MACRO local_time(text) AS
    coalesce(TRY_CAST(trim(text) AS TIMESTAMP),
             TRY_STRPTIME(trim(text), ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y %I:%M %p',
                                       '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y', '%Y%m%d',
                                       '%a, %b %d, %Y', '%b %d, %Y']));

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

-- Why an exported time was not loaded: blank, or text that does not parse.
CREATE OR REPLACE MACRO timestamp_problem(text) AS
    CASE WHEN nullif(trim(text), '') IS NULL THEN 'missing timestamp'
         ELSE 'unparseable timestamp ''' || text || '''' END;

-- Text with every email address replaced (privacy mode: raw records, comments).
CREATE OR REPLACE MACRO mask_emails(text) AS
    regexp_replace(text, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '<email removed>', 'g');

-- Text an export uses for true ('true', 'TRUE', '1', 'yes').
CREATE OR REPLACE MACRO is_true(text) AS
    lower(trim(coalesce(text, ''))) IN ('true', '1', 'yes', 'y', 't');

-- ------------------------------------------------------------------------------ feedback
-- A score as exported ('9', '4.0', '4,5'); NULL when blank or not a number.
CREATE OR REPLACE MACRO score_value(text) AS
    TRY_CAST(replace(nullif(trim(text), ''), ',', '.') AS DOUBLE);

-- The lowest and highest score of a scale (good_bad: bad = 0, good = 1).
CREATE OR REPLACE MACRO scale_low(scale) AS
    CASE scale WHEN 'nps_0_10' THEN 0 WHEN 'good_bad' THEN 0
               WHEN 'csat_1_5' THEN 1 WHEN 'stars_1_5' THEN 1 WHEN 'rating_1_5' THEN 1
               WHEN 'ces_1_7' THEN 1 END;
CREATE OR REPLACE MACRO scale_high(scale) AS
    CASE scale WHEN 'nps_0_10' THEN 10 WHEN 'good_bad' THEN 1
               WHEN 'csat_1_5' THEN 5 WHEN 'stars_1_5' THEN 5 WHEN 'rating_1_5' THEN 5
               WHEN 'ces_1_7' THEN 7 END;

-- The measured emotion of a score on the designed maps' -2..+2 scale (connectors/README.md
-- explains each row). NPS keeps its bands: detractors 0-6 are negative (-2 .. -0.5), passives
-- 7-8 neutral to mildly positive (0, +0.5), promoters 9-10 positive (+1.5, +2). Five-point
-- scales are linear around their middle. CES is the agreement form ('made it easy', 7 = least
-- effort = best), linear around 4. good/bad sits at the ends: the mean of a step's ratings is
-- then twice the net share of good ones.
CREATE OR REPLACE MACRO score_emotion(score, scale) AS
    CASE scale
        WHEN 'nps_0_10' THEN CASE WHEN score <= 6 THEN -2 + 0.25 * score
                                  WHEN score <= 8 THEN 0.5 * (score - 7)
                                  ELSE 1.5 + 0.5 * (score - 9) END
        WHEN 'csat_1_5' THEN score - 3
        WHEN 'stars_1_5' THEN score - 3
        WHEN 'rating_1_5' THEN score - 3
        WHEN 'ces_1_7' THEN (score - 4) * 2 / 3
        WHEN 'good_bad' THEN 4 * score - 2
    END;

-- The scale a survey question asks on, from its text; NULL when it is no rating question.
CREATE OR REPLACE MACRO question_scale(question) AS
    CASE WHEN regexp_matches(question, '(?i)recommend|empfehlen|consiglier|raccomand|rekommendera|anbefale')
              THEN 'nps_0_10'
         WHEN regexp_matches(question, '(?i)easy|effort') THEN 'ces_1_7'
         WHEN regexp_matches(question, '(?i)satisf|zufrieden|soddisfatt|nöjd|tilfreds')
              THEN 'csat_1_5' END;

-- Whether a survey question asks for the customer's own words.
CREATE OR REPLACE MACRO comment_question(question) AS
    regexp_matches(question, '(?i)\bwhy\b|comment|reason|improve|better|feedback|tell us|warum|perch|varför|hvorfor');

-- Text of an HTML fragment (Intercom message bodies): tags dropped, common entities decoded.
CREATE OR REPLACE MACRO html_text(html) AS
    nullif(trim(regexp_replace(
        replace(replace(replace(replace(replace(
            regexp_replace(html, '<[^>]*>', ' ', 'g'),
            '&nbsp;', ' '), '&amp;', '&'), '&lt;', '<'), '&gt;', '>'), '&#39;', ''''),
        '\s+', ' ', 'g')), '');

-- A review's title and text as one comment (either may be blank).
CREATE OR REPLACE MACRO title_and_text(title, body) AS
    nullif(concat_ws(E'\n\n', nullif(trim(title), ''), nullif(trim(body), '')), '');

-- The customer who wrote a message, by its author (Intercom: users and leads are customers,
-- admins and bots are not).
CREATE OR REPLACE MACRO customer_author_key(author_type, email) AS
    CASE WHEN author_type IN ('user', 'lead', 'contact') THEN email_key(email) END;

-- An expandable API reference (Delighted's `person`): a field of the object when the export
-- expanded it, else the bare id itself (for field 'id').
CREATE OR REPLACE MACRO expanded(ref, field) AS
    CASE WHEN json_type(ref) = 'OBJECT' THEN json_extract_string(ref, '$.' || field)
         WHEN field = 'id' THEN json_extract_string(ref, '$') END;

-- A language an export states ('DE', 'de-AT', 'pt_BR') as its primary subtag ('de', 'pt').
CREATE OR REPLACE MACRO language_tag(text) AS
    nullif(lower(split_part(replace(trim(text), '_', '-'), '-', 1)), '');
