"""Each source reads its vendor's real export shape (fixtures under tests/fixtures/connectors/)."""

from datetime import date

import pytest

from connectors import registry
from connectors.source import OUTPUTS
from tests.connectors.conftest import FIXTURES
from tests.connectors.helpers import assert_accounted, one, rows, utc


def touchpoints(con, source: str) -> list[tuple]:
    return rows(con, "SELECT touchpoint, occurred_at, timestamp_precision, identifier_key "
                     "FROM touchpoints WHERE source = ? ORDER BY occurred_at, touchpoint", [source])


def traits(con, key: str) -> dict[str, str]:
    return dict(rows(con, "SELECT name, value FROM traits WHERE identifier_key = ?", [key]))


def test_every_declaration_has_a_fixture_that_it_reads(con, load):
    files, _ = load(FIXTURES, stitch=False)  # sources.yaml of each folder speaks for it
    assert {f.export for f in files.values() if f.status == "loaded"} == set(registry())


def test_sendgrid_webhook_array_and_ndjson(con, load):
    files, _ = load("sendgrid")
    assert_accounted(files)
    batch = files["sendgrid_webhook_batch.json"]
    # a webhook retry in the batch, and an event the NDJSON file (loaded first) already had:
    # both deduped on sg_event_id
    assert (batch.rows_read, batch.rows_quarantined, batch.touchpoints_duplicate) == (7, 1, 2)
    got = touchpoints(con, "sendgrid")
    assert got[0] == ("email_processed", utc(2026, 5, 5, 10, 0), "second", "email:ada@acme.example")
    assert ("email_opened", utc(2026, 5, 5, 11, 0, 0, 500000), "second",
            "email:ada@acme.example") in got  # " Ada@Acme.example ", float seconds
    assert one(con, "SELECT campaign FROM touchpoints WHERE touchpoint = 'email_clicked'") == \
        "Welcome series"
    assert one(con, "SELECT reason FROM quarantine") == "unparseable timestamp 'not a time'"


def test_mailchimp_audience_and_activity_by_subscriber_hash(con, load):
    files, report = load("mailchimp")
    assert_accounted(files)
    audience = files["members_export_subscribed.csv"]
    assert audience.encoding == "utf-8-sig" and audience.rows_quarantined == 1
    assert ("email_subscribed", utc(2026, 5, 2, 7, 58, 1), "second", "email:ada@acme.example") \
        in touchpoints(con, "mailchimp")
    assert traits(con, "email:ada@acme.example")["country"] == "DE"
    # activity knows Ada and Ben only by md5(lowercased email); stitching ties them to the email
    assert report.identities["customers"] == 2
    assert one(con, """SELECT count(DISTINCT customer_id) FROM touchpoints
                       WHERE source = 'mailchimp' AND identifier_key LIKE 'email_md5:%'""") == 2
    assert one(con, """SELECT count(*) FROM touchpoints t JOIN identities i
                         ON i.customer_id = t.customer_id
                       WHERE t.touchpoint = 'email_clicked'
                         AND i.identifier_key = 'email:ada@acme.example'""") == 1


def test_klaviyo_events_named_by_metric_objects_and_profiles(con, load):
    files, report = load("klaviyo")
    assert_accounted(files)
    got = touchpoints(con, "klaviyo")
    assert [tp for tp, *_ in got] == ["email_delivered", "email_opened", "klaviyo_y8cwr5"]
    assert got[0][1] == utc(2026, 5, 8, 8, 0)
    profile = "klaviyo_profile:01GDDKASAP8TKDDA2GRZDSVP4H"
    assert traits(con, profile) == {
        "country": "Germany", "region": "Berlin", "city": "Berlin", "company": "Acme Logistics",
        "job_title": "Head of Operations", "plan": "pro", "preferred_category": "trail running",
        "source": "signup form"}
    assert report.identities["customers"] == 1  # events joined to the profile's email


def test_google_ads_date_only_clicks_and_utf16_excel_download(con, load):
    files, _ = load("google_ads")
    assert_accounted(files)
    excel = files["click_view_excel.csv"]
    assert excel.encoding == "utf-16" and excel.rows_read == 2  # two title lines skipped
    got = touchpoints(con, "google_ads")
    assert ("ad_clicked", utc(2026, 5, 9), "day", "gclid:Cj0KCQjwUtf16000000000000004") in got
    assert one(con, "SELECT campaign FROM touchpoints WHERE identifier_key LIKE '%Utf160%4'") == \
        "Sommer – Laufschuhe"
    assert one(con, "SELECT reason FROM quarantine") == "unparseable timestamp '2026-02-30'"


def test_meta_lead_ads_utf16_tsv_with_offsets(con, load):
    files, _ = load("meta_ads")
    assert_accounted(files)
    leads = files["leads_book_a_demo.csv"]
    assert (leads.encoding, leads.rows_read, leads.rows_quarantined) == ("utf-16", 3, 1)
    got = rows(con, "SELECT occurred_at, identifier_key, utm_source, utm_medium FROM touchpoints "
                    "ORDER BY occurred_at")
    assert got == [(utc(2026, 5, 5, 5, 50, 45), "email:ada@acme.example", "instagram",
                    "paid_social"),
                   (utc(2026, 5, 6, 16, 2, 11), "email:carla@copperleaf.example", "facebook",
                    "social")]
    assert traits(con, "email:ada@acme.example")["company"] == "Acme Logistics"
    assert one(con, "SELECT count(*) FROM identifier_edges WHERE left_key LIKE 'meta_lead:l:%' "
                    "OR right_key LIKE 'meta_lead:l:%'") == 2


def test_linkedin_lead_gen_form_leads(con, load):
    files, _ = load("linkedin")
    assert_accounted(files)
    got = rows(con, "SELECT touchpoint, utm_medium FROM touchpoints ORDER BY occurred_at")
    assert got == [("lead_form_submitted", "paid_social"), ("lead_form_submitted", "social")]
    assert traits(con, "email:elif@evergreen.example")["company"] == "Evergreen SpA"


def test_hubspot_contacts_lifecycle_columns_old_and_new(con, load):
    files, _ = load("hubspot")
    assert_accounted(files)
    contacts = files["hubspot-crm-exports-all-contacts-2026-06-01.csv"]
    # Ada's MQL date is in both the legacy and the current column: one touchpoint
    assert (contacts.rows_quarantined, contacts.touchpoints_duplicate) == (1, 1)
    assert one(con, "SELECT reason FROM quarantine") == "unparseable timestamp '31/05/2026'"
    got = [r for r in touchpoints(con, "hubspot") if r[3] == "email:ada@acme.example"]
    assert [r[0] for r in got] == ["lifecycle_lead", "lifecycle_mql", "lifecycle_customer"]
    assert ("lifecycle_lead", utc(2026, 5, 12), "day", "email:ben@brightwave.example") in \
        touchpoints(con, "hubspot")  # date-only value
    assert traits(con, "email:ada@acme.example") == {
        "lifecycle_stage": "customer", "company": "Acme Logistics", "country": "Germany",
        "original_source": "Paid Search", "industry": "Logistics",
        "job_title": "Head of Operations"}
    gclid = "gclid:Cj0KCQjwAda0000000000000001"  # the 'Google ad click id' field
    assert rows(con, "SELECT left_key, right_key FROM identifier_edges WHERE ? IN "
                     "(left_key, right_key)", [gclid]) == [(gclid, "hubspot_contact:100001")]


def test_hubspot_deal_stage_history_belongs_to_the_contact(con, load):
    load("hubspot")
    deals = rows(con, "SELECT touchpoint FROM touchpoints WHERE identifier_key = "
                      "'hubspot_deal:9001' ORDER BY occurred_at, touchpoint")
    assert [d for (d,) in deals] == ["deal_created", "deal_stage_changed:appointment_scheduled",
                                     "deal_stage_changed:contract_sent", "deal_won"]
    ada = one(con, "SELECT customer_id FROM identities WHERE identifier_key = "
                   "'email:ada@acme.example'")
    assert one(con, "SELECT customer_id FROM identities WHERE identifier_key = "
                    "'hubspot_deal:9001'") == ada
    ben = one(con, "SELECT customer_id FROM identities WHERE identifier_key = "
                   "'email:ben@brightwave.example'")
    assert one(con, "SELECT DISTINCT customer_id FROM touchpoints WHERE touchpoint = "
                    "'deal_lost'") == ben  # tied by the email in 'Associated Contact'


def test_salesforce_objects_tie_lead_contact_and_opportunity(con, load):
    files, report = load("salesforce")
    assert_accounted(files)
    assert {f.export for f in files.values()} == {
        "salesforce_lead", "salesforce_contact", "salesforce_opportunity",
        "salesforce_opportunity_history", "salesforce_campaign_member"}
    elif_ = one(con, "SELECT customer_id FROM identities WHERE identifier_key = "
                     "'email:elif@evergreen.example'")
    journey = rows(con, "SELECT touchpoint, occurred_at, timestamp_precision FROM touchpoints "
                        "WHERE customer_id = ? ORDER BY occurred_at, touchpoint", [elif_])
    assert [tp for tp, *_ in journey] == [
        "lifecycle_lead", "campaign_member_added", "campaign_responded", "lead_converted",
        "contact_created", "deal_created", "deal_stage_changed:prospecting",
        "deal_stage_changed:proposal_price_quote", "deal_won"]
    assert journey[0][1] == utc(2026, 5, 13, 9, 31, 5)
    assert ("lead_converted", utc(2026, 5, 20), "day") in journey  # date-only ConvertedDate
    femi = rows(con, "SELECT occurred_at FROM touchpoints WHERE identifier_key = "
                     "'email:femi@fjord.example'")
    assert femi == [(utc(2026, 5, 23, 1, 45),)]  # -0700 offset
    assert traits(con, "email:elif@evergreen.example")["lead_source"] == "LinkedIn"
    assert report.identities["customers"] == 2


def test_ga4_microseconds_click_ids_and_ignored_events(con, load):
    files, _ = load("ga4")
    assert_accounted(files)
    ga4 = files["events_20260504.ndjson"]
    assert (ga4.touchpoints_ignored, ga4.touchpoints_duplicate, ga4.rows_quarantined) == (2, 1, 1)
    got = rows(con, "SELECT touchpoint, occurred_at, click_id, utm_source, campaign "
                    "FROM touchpoints ORDER BY occurred_at")
    assert got[0] == ("page_viewed:solutions", utc(2026, 5, 4, 10, 12, 0, 123999),
                      "gclid:Cj0KCQjwAda0000000000000001", "google", "B2B - Logistics software")
    assert got[1][0] == "lead_form_submitted"
    assert got[2][:3] == ("page_viewed:home", utc(2026, 5, 5, 10, 1, 40), "fbclid:IwAR2xYz")
    assert traits(con, "ga_client_id:1404723871.1777889520") == {"country": "Germany"}
    assert one(con, "SELECT count(DISTINCT customer_id) FROM touchpoints WHERE identifier_key "
                    "IN ('user_id:usr_4f2a9c', 'ga_client_id:1404723871.1777889520')") == 1


def test_segment_identify_traits_and_social_click_ids(con, load):
    files, report = load("segment")
    assert_accounted(files)
    assert files["segment_export.ndjson"].touchpoints_duplicate == 1  # repeated messageId
    page = rows(con, "SELECT touchpoint, click_id, utm_source, utm_medium, campaign "
                     "FROM touchpoints WHERE vendor_event LIKE 'page:%'")
    assert page == [("page_viewed:pricing", "fbclid:IwAR0bEnFbClId", "facebook", "paid_social",
                     "b2b_retarget")]
    assert traits(con, "user_id:usr_b3n") == {"company": "Brightwave GmbH", "plan": "team",
                                              "country": "DE"}
    assert report.identities["customers"] == 1


def test_meta_business_suite_posts_to_channel_metrics(con, load):
    files, _ = load("meta_business_suite")
    assert_accounted(files)
    posts = files["posts_may_2026.csv"]
    assert (posts.rows_read, posts.rows_quarantined, posts.metrics_added) == (3, 1, 14)
    figures = dict(rows(con, "SELECT metric, value FROM channel_metrics "
                             "WHERE item_id = '1827720132094663'"))
    assert figures["reach"] == 4102 and figures["engagements"] == 233
    assert figures["clicks"] == 311 and figures["link_clicks"] == 187
    assert one(con, "SELECT DISTINCT day FROM channel_metrics WHERE item_id = "
                    "'1827720132094663'") == date(2026, 5, 4)
    assert one(con, "SELECT item_name FROM channel_metrics LIMIT 1").startswith("Trail Runner X")
    assert "engagements" not in dict(rows(
        con, "SELECT metric, value FROM channel_metrics WHERE item_id = '1827720132094664'"))
    assert one(con, "SELECT count(*) FROM touchpoints") == 0


def test_x_analytics_classic_and_current_exports(con, load):
    files, _ = load("x")
    assert_accounted(files)
    current = dict(rows(con, "SELECT metric, value FROM channel_metrics "
                             "WHERE item_id = '1799000000000000001'"))
    assert current["impressions"] == 12480 and current["engagements"] == 1022
    assert one(con, "SELECT DISTINCT day FROM channel_metrics WHERE item_id = "
                    "'1799000000000000001'") == date(2026, 6, 2)
    classic = dict(rows(con, "SELECT metric, value FROM channel_metrics "
                             "WHERE item_id = '1787001122334455667'"))
    assert classic["reposts"] == 31 and classic["clicks"] == 77
    assert one(con, "SELECT reason FROM quarantine") == "unparseable date 'someday'"
    assert {c for (c,) in rows(con, "SELECT DISTINCT channel FROM channel_metrics")} == {"social"}


def test_generic_csv_with_column_mapping_and_xes(con, load):
    files, _ = load("generic")
    assert_accounted(files)
    tickets = rows(con, "SELECT touchpoint, occurred_at, timestamp_precision, channel, campaign "
                        "FROM touchpoints WHERE identifier_key = 'email:ada@acme.example' "
                        "ORDER BY occurred_at")
    assert tickets == [("Ticket Opened", utc(2026, 7, 1, 10), "millisecond", "crm", "onboarding"),
                       ("Ticket Solved", utc(2026, 7, 2, 10, 0, 0, 123000), "millisecond", "crm",
                        "onboarding")]
    xes = rows(con, "SELECT touchpoint, occurred_at FROM touchpoints WHERE identifier_key = "
                    "'case:2' ORDER BY occurred_at, source_row")
    # identical events of a case are both kept; +01:00 read as UTC
    assert xes == [("register request", utc(2010, 12, 30, 10, 32)),
                   ("check ticket", utc(2010, 12, 30, 11, 12)),
                   ("check ticket", utc(2010, 12, 30, 11, 12))]


def test_generic_parquet_with_column_mapping(con, load, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    con.execute(f"""COPY (SELECT 'c' || (i % 3) AS journey, ['visit', 'buy'][i % 2 + 1] AS step,
                                 TIMESTAMPTZ '2026-05-01 10:00:00+00' + to_hours(i) AS at
                          FROM range(6) t(i)) TO '{folder / 'log.parquet'}' (FORMAT parquet)""")
    (folder / "sources.yaml").write_text(
        "files:\n  '*.parquet': {source: generic, columns: {case: journey, activity: step, "
        "timestamp: at}}\n")
    files, _ = load(folder)
    assert files["log.parquet"].rows_loaded == 6
    assert rows(con, "SELECT touchpoint, occurred_at FROM touchpoints WHERE identifier_key = "
                     "'case:c1' ORDER BY occurred_at") == [("buy", utc(2026, 5, 1, 11)),
                                                           ("visit", utc(2026, 5, 1, 14))]


@pytest.mark.parametrize("name", sorted(registry()))
def test_declaration_is_small_data_plus_sql(name):
    source = registry()[name]
    assert source.description and source.signatures and source.formats
    assert set(source.queries) <= set(OUTPUTS)
    assert source.queries, f"{name}.sql has no named query"
