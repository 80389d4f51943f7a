import re
import shutil
from pathlib import Path

import pytest

from connectors import connect, ingest


@pytest.fixture()
def exports(sample_project, tmp_path) -> Path:
    """A private copy of the sample exports, free to alter."""
    return Path(shutil.copytree(sample_project / "exports", tmp_path / "exports"))


@pytest.fixture()
def con(tmp_path):
    connection = connect(tmp_path / "store.duckdb")
    yield connection
    connection.close()


def _count(con, sql: str, params=()) -> int:
    return con.execute(sql, list(params)).fetchall()[0][0]


def test_every_row_is_loaded_or_quarantined(exports, con, ground_truth):
    report = ingest(exports, con)
    by_name = {Path(f.file).name: f for f in report.files}
    assert set(by_name) == set(ground_truth["files"])
    for name, expected in ground_truth["files"].items():
        got = by_name[name]
        assert got.status == "loaded" and got.source == expected["source"]
        assert got.rows_read == expected["rows"]
        assert got.rows_quarantined == expected["quarantined"]
        assert got.rows_loaded + got.rows_quarantined == got.rows_read
    assert report.totals()["touchpoints_added"] == ground_truth["touchpoint_events"]
    assert _count(con, "SELECT count(*) FROM touchpoints") == ground_truth["touchpoint_events"]


def test_identities_stitch_into_one_customer_per_person(exports, con, ground_truth):
    report = ingest(exports, con)
    assert report.identities["customers"] == ground_truth["customers"]
    assert _count(con, "SELECT count(*) FROM touchpoints WHERE customer_id IS NULL") == 0


def test_quarantine_names_file_row_field_and_reason(exports, con):
    ingest(exports, con)
    rows = con.execute("SELECT source_file, source_row, field, reason, record FROM quarantine "
                       "ORDER BY source_file, source_row").fetchall()
    reasons = {(Path(f).name, field, re.split(r" '|:", reason)[0])
               for f, _, field, reason, _ in rows}
    assert reasons == {
        ("google_ads_click_view.csv", "segments.date", "unparseable timestamp"),
        ("segment_events.ndjson", "(line)", "malformed JSON line"),
        ("sendgrid_events.ndjson", "email", "missing identifier"),
        ("delighted_survey_responses.json", "score",
         "score 11 outside its scale nps_0_10 (0 to 10)"),
        ("trustpilot_reviews.csv", "Review Created (UTC)", "missing timestamp"),
    }
    assert all(row > 0 and record for _, row, _, _, record in rows)


def test_reingest_adds_nothing(exports, con):
    ingest(exports, con)
    before = _count(con, "SELECT count(*) FROM touchpoints")
    quarantined = _count(con, "SELECT count(*) FROM quarantine")
    again = ingest(exports, con)
    assert {f.status for f in again.files} == {"already loaded"}
    assert _count(con, "SELECT count(*) FROM touchpoints") == before
    assert _count(con, "SELECT count(*) FROM quarantine") == quarantined


def test_overlapping_file_dedupes_on_vendor_event_id(exports, con):
    ingest(exports, con)
    before = _count(con, "SELECT count(*) FROM touchpoints")
    lines = (exports / "sendgrid_events.ndjson").read_text().splitlines()
    (exports / "sendgrid_resend.ndjson").write_text("\n".join(lines[:100]) + "\n")
    report = ingest(exports, con)
    resend = next(f for f in report.files if f.file.endswith("sendgrid_resend.ndjson"))
    assert resend.status == "loaded" and resend.touchpoints_added == 0
    assert resend.touchpoints_duplicate + resend.rows_quarantined == 100
    assert _count(con, "SELECT count(*) FROM touchpoints") == before


def test_unknown_file_is_reported_and_skipped(exports, con):
    (exports / "notes.csv").write_text("who,what\nme,something\n")
    report = ingest(exports, con)
    skipped = next(f for f in report.files if f.file.endswith("notes.csv"))
    assert skipped.status == "skipped" and "no known source" in skipped.message


def test_failed_file_leaves_store_as_it_was(exports, con):
    (exports / "sources.yaml").write_text(
        "files:\n  broken.csv: {source: hubspot}\n")  # forced source, wrong columns
    (exports / "broken.csv").write_text("a,b\n1,2\n")
    report = ingest(exports, con)
    broken = next(f for f in report.files if f.file.endswith("broken.csv"))
    assert broken.status == "failed" and "broken.csv" in broken.message
    assert _count(con, "SELECT count(*) FROM ingested_files WHERE path LIKE '%broken.csv'") == 0
    assert _count(con, "SELECT count(*) FROM touchpoints WHERE source_file LIKE '%broken.csv'") == 0


def test_date_only_ad_clicks_take_their_landing_time(exports, con):
    ingest(exports, con)
    precision = dict(con.execute("SELECT timestamp_precision, count(*) FROM touchpoints "
                                 "WHERE source = 'google_ads' GROUP BY 1").fetchall())
    assert set(precision) == {"landing"}
    assert _count(con, """
        SELECT count(*) FROM touchpoints ad JOIN touchpoints web
          ON web.click_id = ad.click_id AND web.channel = 'web'
        WHERE ad.source = 'google_ads' AND ad.occurred_at <> web.occurred_at""") == 0


def test_timestamps_are_utc_from_the_files_time_zone(exports, con):
    ingest(exports, con)
    # HubSpot writes Europe/Berlin wall time; summer offset is +2 h
    local, utc = con.execute("""
        SELECT q."Became a Customer Date", t.occurred_at
        FROM read_csv(?, all_varchar = true) q
        JOIN touchpoints t ON t.source = 'hubspot'
         AND t.identifier_key = 'email:' || lower(q."Email")
         AND t.touchpoint = 'lifecycle_customer'
        WHERE q."Became a Customer Date" LIKE '2026-07-%' LIMIT 1""",
                             [str(exports / "hubspot_contacts.csv")]).fetchall()[0]
    assert utc.strftime("%Y-%m-%d %H:%M") != local
    assert (utc.hour + 2) % 24 == int(local[11:13])
