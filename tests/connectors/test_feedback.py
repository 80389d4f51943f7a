"""Survey, review and support exports read as the vendors write them, into `feedback` and
`touchpoints` (fixtures under tests/fixtures/connectors/)."""

import hashlib
import json
import shutil
from datetime import date

import pytest

from tests.connectors.conftest import FIXTURES
from tests.connectors.helpers import assert_accounted, one, rows, utc

FEEDBACK_SOURCES = ("qualtrics", "typeform", "surveymonkey", "delighted", "trustpilot",
                    "google_business_profile", "google_play", "app_store", "zendesk", "intercom",
                    "freshdesk")


def feedback(con, source: str) -> list[tuple]:
    """(touchpoint, identifier_key, occurred_at, score, scale, emotion, comment, language,
    about_step, subject) of a source's items in time order."""
    return rows(con, "SELECT touchpoint, identifier_key, occurred_at, score, score_scale, "
                     "score_emotion, comment, language_hint, about_step, subject FROM feedback "
                     "WHERE source = ? ORDER BY occurred_at, touchpoint", [source])


def quarantined(con) -> list[tuple]:
    return rows(con, "SELECT source_row, field, reason FROM quarantine "
                     "ORDER BY source_file, source_row")


def customer(con, key: str) -> str:
    return one(con, "SELECT customer_id FROM identities WHERE identifier_key = ?", [key])


def test_qualtrics_three_header_lines_and_the_time_zone_they_state(con, load):
    files, _ = load("qualtrics")
    assert_accounted(files)
    report = files["Trail Runner NPS_May 2026_numeric.csv"]
    # the label and ImportId lines are no records
    assert (report.rows_read, report.rows_quarantined, report.feedback_added) == (6, 2, 4)
    got = feedback(con, "qualtrics")
    # 08:15:32 in America/Denver (the ImportId line's zone, MDT) is 14:15:32 UTC
    assert got[0] == ("survey_answered", "email:ada@acme.example", utc(2026, 5, 4, 14, 15, 32),
                      10.0, "nps_0_10", 2.0, "Fast delivery, great shoes.", "en", "order_placed",
                      None)
    # ExternalReference is a user id; the trigger `post_purchase` is named by the folder's
    # vocabulary.yaml
    assert got[1][1:6] == ("user_id:usr_b3n", utc(2026, 5, 12, 8, 3), 6.0, "nps_0_10", -0.5)
    assert got[1][7:9] == ("de", "order_placed")
    assert got[2][1] is None  # an anonymous link: channel-level feedback
    assert got[3][3:7] == (None, None, None, "Svært at finde rabatkoden.")  # partial, no score
    assert quarantined(con) == [(4, "Q1", "score 11 outside its scale nps_0_10 (0 to 10)"),
                                (5, "RecordedDate", "missing timestamp")]
    assert rows(con, "SELECT touchpoint, channel, score, emotion FROM touchpoints "
                     "WHERE identifier_key = 'email:ada@acme.example'") == [
        ("survey_answered", "feedback", 10.0, 2.0)]


def test_qualtrics_zone_unknown_to_this_machine_quarantines_the_dates(con, load, tmp_path):
    folder = tmp_path / "exports"
    source = FIXTURES / "qualtrics" / "Trail Runner NPS_May 2026_numeric.csv"
    folder.mkdir()
    (folder / "nps.csv").write_text(source.read_text().replace("America/Denver", "Mars/Olympus"))
    files, _ = load(folder)
    assert files["nps.csv"].rows_loaded == 0
    assert {r for _, _, r in quarantined(con)} >= {
        "unparseable timestamp '2026-05-04 08:15:32 in unknown time zone Mars/Olympus'"}


def test_typeform_csv_hidden_fields_and_partial_responses(con, load):
    files, _ = load("typeform")
    assert_accounted(files)
    got = {r[2]: r for r in feedback(con, "typeform")}
    assert got[utc(2026, 5, 4, 15)][:2] == ("survey_answered", "email:ada@acme.example")
    ben = got[utc(2026, 5, 11, 11, 4, 41)]
    assert ben[1] == "user_id:usr_b3n" and ben[3:6] == (3.0, "nps_0_10", -1.25)
    assert ben[8] == "signed_up"  # hidden field `step`
    # a visitor known by Segment's anonymous id, who gave only words
    visitor = got[utc(2026, 5, 11, 11, 1, 30)]
    assert visitor[1].startswith("anonymous_id:") and visitor[3] is None and visitor[6]
    assert got[utc(2026, 5, 16, 9, 0, 20)][1] is None  # no hidden field: channel-level
    assert got[utc(2026, 5, 22, 7, 0, 40)][3] == 8.0  # partial: its Stage Date
    csv_problems = [q for q in quarantined(con) if q[1].startswith("How likely")]
    assert csv_problems == [(5, "How likely are you to recommend Trail Runner Co to a friend?",
                             "unparseable score 'ten'")]


def test_typeform_api_items_with_typed_answers_and_rfc3339_times(con, load):
    load("typeform")
    got = {r[2]: r for r in feedback(con, "typeform")}
    carla = got[utc(2026, 5, 20, 8, 30, 12)]
    assert carla[1] == "email:carla@copperleaf.example" and carla[3:5] == (4.0, "nps_0_10")
    assert carla[6].startswith("Non trovo") and carla[8] == "page_viewed:pricing"
    rating = got[utc(2026, 5, 11, 11, 2, 30)]  # 13:02:30+02:00
    assert rating[3:6] == (5.0, "stars_1_5", 2.0)
    assert got[utc(2026, 5, 18, 17, 45, 3, 120000)][1] is None
    assert ("recommend", "score 12 outside its scale nps_0_10 (0 to 10)") in [
        q[1:] for q in quarantined(con)]
    # the web visitor's answers belong to the customer Segment knows by that anonymous id
    load("segment")
    assert customer(con, "anonymous_id:b7c4e3d2-1a2b-4c3d-9e8f-0a1b2c3d4e5f") == \
        customer(con, "user_id:usr_b3n")


def test_surveymonkey_two_header_lines_and_am_pm_times(con, load):
    files, _ = load("surveymonkey")
    assert_accounted(files)
    got = feedback(con, "surveymonkey")
    # 10:02:45 AM in America/Los_Angeles (sources.yaml): PDT is UTC-7
    assert got[0][:9] == ("survey_answered", "email:ada@acme.example", utc(2026, 5, 4, 17, 2, 45),
                          10.0, "nps_0_10", 2.0, "Great fit and fast delivery", None,
                          "order_placed")
    assert got[1][1] is None and got[1][6] == "Zu teuer für die Qualität."
    assert quarantined(con) == [(3, "End Date", "unparseable timestamp '13/06/2026 07:01:00 AM'")]


def test_delighted_unix_times_people_and_survey_types(con, load):
    files, _ = load("delighted")
    assert_accounted(files)
    page = files["delighted_survey_responses.json"]
    assert (page.feedback_added, page.feedback_duplicate, page.touchpoints_duplicate) == (4, 1, 1)
    got = feedback(con, "delighted")
    assert got[0][:9] == ("csat_rated", "email:ada@acme.example", utc(2026, 5, 4, 10, 30), 5.0,
                          "csat_1_5", 2.0, "Smooth checkout, the confirmation came right away.",
                          "en", "order_placed")
    assert got[0][9] == "Trail Runner X"
    assert got[1][:6] == ("survey_answered", "user_id:usr_b3n", utc(2026, 5, 12, 9, 46, 40), 2.0,
                          "nps_0_10", -1.5)
    assert got[2][4:6] == ("ces_1_7", pytest.approx(-4 / 3))
    assert got[3][1] == "delighted_person:5504"  # a bare person id, no email
    assert quarantined(con) == [(5, "score", "score 11 outside its scale nps_0_10 (0 to 10)")]
    assert customer(con, "delighted_person:5503") == customer(con, "email:carla@copperleaf.example")


def test_trustpilot_header_variants_dedupe_and_channel_level_reviews(con, load):
    files, _ = load("trustpilot")
    assert_accounted(files)
    v2 = files["trustpilot_reviews_export_v2.csv"]
    assert v2.encoding == "utf-8-sig" and v2.feedback_duplicate == 1  # Ada's review again
    got = feedback(con, "trustpilot")
    assert [(r[1], r[3], r[7], r[9]) for r in got] == [
        ("email:ada@acme.example", 5.0, "en", "Trail Runner Co"),
        (None, 2.0, "sv", "Trail Runner Co"), (None, 5.0, "de", "Berlin Store")]
    assert got[1][6] == ("Rabattkod fungerade inte\n\nKoden från nyhetsbrevet gick inte att "
                         "använda i kassan.")
    assert one(con, "SELECT count(*) FROM touchpoints") == 1  # only the invited review
    assert quarantined(con) == [(3, "Review Created (UTC)", "missing timestamp"),
                                (3, "Review Stars", "unparseable score 'six'")]


def test_google_business_profile_star_enums_and_nanosecond_times(con, load):
    files, _ = load("google_business_profile")
    assert_accounted(files)
    got = feedback(con, "google_business_profile")
    assert [(r[1], r[2], r[3], r[9]) for r in got] == [
        (None, utc(2026, 5, 9, 14, 22, 5, 123456), 4.0, "locations/5566778899"),
        (None, utc(2026, 5, 10, 7), 1.0, "locations/5566778899")]
    assert "(Translated by Google)" in got[0][6]
    assert quarantined(con) == [(3, "starRating", "unparseable score 'STAR_RATING_UNSPECIFIED'")]
    assert one(con, "SELECT count(*) FROM touchpoints") == 0


def test_google_play_utf16_report_is_app_feedback_per_day(con, load):
    files, _ = load("google_play")
    assert_accounted(files)
    report = files["reviews_com.trailrunner.app_202605.csv"]
    assert (report.encoding, report.rows_read, report.feedback_added) == ("utf-16", 3, 3)
    got = feedback(con, "google_play")
    assert [(r[2], r[3], r[7], r[9]) for r in got] == [
        (utc(2026, 5, 5, 8, 0, 1), 1.0, "de", "com.trailrunner.app"),
        (utc(2026, 5, 6, 8), 4.0, "da", "com.trailrunner.app"),  # only the millis column
        (utc(2026, 5, 7, 19, 30), None, "it", "com.trailrunner.app")]  # words, no stars
    assert got[1][6] == "Fin app\n\nNem at bruge, men lidt langsom."
    daily = rows(con, "SELECT day, feedback_count, rated_count, mean_score_emotion "
                      "FROM feedback_channel_daily WHERE source = 'google_play' ORDER BY day")
    assert daily == [(date(2026, 5, 5), 1, 1, -2.0), (date(2026, 5, 6), 1, 1, 1.0),
                     (date(2026, 5, 7), 1, 0, None)]
    assert one(con, "SELECT count(*) FROM identities") == 0  # never guessed onto a customer


def test_app_store_reviews_name_the_app_from_the_page_links(con, load):
    files, _ = load("app_store")
    assert_accounted(files)
    got = feedback(con, "app_store")
    assert [(r[2], r[3], r[9]) for r in got] == [(utc(2026, 5, 8, 13, 12, 44), 5.0, "1488977222"),
                                                 (utc(2026, 5, 9, 19, 40), 2.0, "1488977222")]


def test_zendesk_requesters_are_tied_to_their_email_by_the_users_export(con, load):
    files, report = load("zendesk")
    assert_accounted(files)
    got = feedback(con, "zendesk")
    assert [(r[0], r[1], r[3], r[5]) for r in got] == [
        ("support_ticket_opened", "zendesk_user:381000000001", None, None),
        ("csat_rated", "zendesk_user:381000000001", 1.0, 2.0),  # good
        ("support_ticket_opened", "zendesk_user:381000000002", None, None),
        ("csat_rated", "zendesk_user:381000000002", 0.0, -2.0),  # bad
        ("support_ticket_opened", "zendesk_user:381000000003", None, None)]  # only offered
    assert got[3][6] == "Zwei Tage ohne Antwort."
    ada = customer(con, "email:ada@acme.example")
    assert customer(con, "zendesk_user:381000000001") == ada
    journey = rows(con, "SELECT touchpoint, occurred_at FROM touchpoints WHERE customer_id = ? "
                        "ORDER BY occurred_at", [ada])
    assert journey == [("support_ticket_opened", utc(2026, 5, 4, 16, 2, 11)),
                       ("support_ticket_solved", utc(2026, 5, 4, 18, 45)),  # metric_sets
                       ("csat_rated", utc(2026, 5, 5, 9, 30))]
    # agents answer tickets: no customer is made of them
    assert one(con, "SELECT count(*) FROM identities WHERE identifier_key LIKE '%trailrunner%'") \
        == 0
    assert quarantined(con) == [(4, "satisfaction_rating.score", "unparseable score 'great'"),
                                (5, "created_at", "unparseable timestamp 'not a date'")]
    assert report.identities["customers"] == 3


def test_intercom_conversations_ratings_and_close_parts(con, load):
    files, _ = load("intercom")
    assert_accounted(files)
    got = feedback(con, "intercom")
    assert got[0][:7] == ("support_ticket_opened", "email:ben@brightwave.example",
                          utc(2026, 5, 12, 10), None, None, None,
                          "Hi! Can I get a demo for our fleet team & finance?")
    assert got[1][:7] == ("csat_rated", "email:ben@brightwave.example", utc(2026, 5, 14, 12),
                          2.0, "rating_1_5", -1.0, "Took days to get an answer.")
    assert got[2][1] == "intercom_contact:6650dada01"  # a lead without an email
    closed = rows(con, "SELECT occurred_at FROM touchpoints WHERE touchpoint = "
                       "'support_ticket_solved' ORDER BY 1")
    assert closed == [(utc(2026, 5, 14, 9, 13, 20),), (utc(2026, 5, 17, 8, 40),)]  # close part
    assert customer(con, "intercom_contact:6650c0ffee") == customer(con, "user_id:usr_b3n")
    assert quarantined(con) == [(3, "conversation_rating.rating",
                                 "score 9 outside its scale rating_1_5 (1 to 5)")]


def test_freshdesk_tickets_in_the_helpdesk_time_zone(con, load):
    files, _ = load("freshdesk")
    assert_accounted(files)
    got = feedback(con, "freshdesk")
    # 09:00 in Asia/Kolkata (+05:30)
    assert got[0][:4] == ("support_ticket_opened", "email:femi@fjord.example",
                          utc(2026, 5, 6, 3, 30), None)
    assert [(r[0], r[3], r[4]) for r in got if r[3] is not None] == [
        ("csat_rated", 5.0, "csat_1_5"), ("csat_rated", 1.0, "csat_1_5")]
    assert quarantined(con) == [(3, "Survey results", "unparseable score 'Delighted!'")]
    assert customer(con, "freshdesk_contact:80012345678") == \
        customer(con, "email:femi@fjord.example")


def test_every_feedback_fixture_folder_loads_feedback(con, load):
    for source in FEEDBACK_SOURCES:
        files, _ = load(source)
        assert all(f.status == "loaded" and f.channel == "feedback" for f in files.values())
    by_source = dict(rows(con, "SELECT source, count(*) FROM feedback GROUP BY 1"))
    assert set(by_source) == set(FEEDBACK_SOURCES)
    assert one(con, "SELECT count(*) FROM feedback WHERE kind NOT IN ('survey', 'review', "
                    "'support')") == 0


def test_reingest_never_duplicates_feedback_and_a_later_rating_is_added(con, load, tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "zendesk", folder)
    load(folder)
    before = one(con, "SELECT count(*) FROM feedback")
    again, _ = load(folder)
    assert {f.status for f in again.values()} == {"already loaded"}
    assert one(con, "SELECT count(*) FROM feedback") == before
    # the next incremental page has Carla's ticket again, now rated
    page = json.loads((folder / "incremental_tickets_cursor_1.json").read_text())
    carla = next(t for t in page["tickets"] if t["id"] == 4103)
    carla.update(status="solved", updated_at="2026-05-21T08:00:00Z",
                 satisfaction_rating={"id": 7700003, "score": "good", "comment": "Grazie!"})
    (folder / "incremental_tickets_cursor_2.json").write_text(json.dumps(
        {"tickets": [carla], "end_of_stream": True}))
    files, _ = load(folder)
    page2 = files["incremental_tickets_cursor_2.json"]
    assert (page2.feedback_added, page2.feedback_duplicate) == (1, 1)
    assert one(con, "SELECT count(*) FROM feedback") == before + 1
    assert one(con, "SELECT comment FROM feedback WHERE touchpoint = 'csat_rated' "
                    "AND identifier_key = 'zendesk_user:381000000003'") == "Grazie!"


def test_privacy_mode_hashes_people_and_masks_emails_in_comments(con, load, tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "delighted", folder)
    (folder / "responses_more.ndjson").write_text(json.dumps({
        "id": "91234099", "person": {"id": "5599", "email": "gus@grove.example"},
        "survey_type": "nps", "score": 3, "created_at": 1779400000, "person_properties": {},
        "comment": "Write to gus@grove.example, not to my old address."}) + "\n")
    load(folder, privacy="hash_emails")
    assert one(con, "SELECT count(*) FROM feedback WHERE identifier_key LIKE '%@%' "
                    "OR comment LIKE '%@%'") == 0
    assert one(con, "SELECT comment FROM feedback WHERE score = 3") == \
        "Write to <email removed>, not to my old address."
    gus = "email_sha256:" + hashlib.sha256(b"gus@grove.example").hexdigest()
    assert one(con, "SELECT count(*) FROM feedback WHERE identifier_key = ?", [gus]) == 1


def test_feedback_touchpoints_join_the_customers_journey(con, load):
    _, report = load(FIXTURES)  # every fixture: Ada across ads, CRM, email, surveys, support
    ada = customer(con, "email:ada@acme.example")
    sources = {s for (s,) in rows(con, "SELECT DISTINCT source FROM touchpoints "
                                       "WHERE customer_id = ? AND channel = 'feedback'", [ada])}
    assert {"qualtrics", "typeform", "surveymonkey", "delighted", "trustpilot",
            "zendesk"} <= sources
    # each feedback item with a person is one touchpoint event, the same id in both tables
    assert one(con, """SELECT count(*) FROM feedback f
                       LEFT JOIN touchpoints t USING (touchpoint_event_id)
                       WHERE f.identifier_key IS NOT NULL AND t.touchpoint IS DISTINCT FROM
                             f.touchpoint""") == 0
    assert one(con, "SELECT count(*) FROM feedback WHERE identifier_key IS NULL "
                    "AND touchpoint_event_id IS NOT NULL") == 0
    assert one(con, "SELECT count(*) FROM touchpoints WHERE customer_id IS NULL") == 0
