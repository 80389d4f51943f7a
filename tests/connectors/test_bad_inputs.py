"""A corpus of bad exports: every record is loaded or quarantined, each problem says what it is.

The corpus is written by the test from the fixture exports, so it stays real-shaped: truncated
files, wrong encodings, broken JSON lines, empty files, duplicate files, wrong column counts,
unknown files and identities that point at more than one person; and feedback exports with
their own faults (a time zone nobody knows, a cut API page, UTF-16 rows that do not fit).
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
from pathlib import Path

import pytest

from connectors import connect, ingest
from tests.connectors.conftest import FIXTURES
from tests.connectors.helpers import one, rows

HUBSPOT = FIXTURES / "hubspot" / "hubspot-crm-exports-all-contacts-2026-06-01.csv"
SENDGRID_BATCH = FIXTURES / "sendgrid" / "sendgrid_webhook_batch.json"
SEGMENT = FIXTURES / "segment" / "segment_export.ndjson"
MAILCHIMP = FIXTURES / "mailchimp" / "members_export_subscribed.csv"
QUALTRICS = FIXTURES / "qualtrics" / "Trail Runner NPS_May 2026_numeric.csv"
ZENDESK = FIXTURES / "zendesk" / "incremental_tickets_cursor_1.json"
GOOGLE_PLAY = FIXTURES / "google_play" / "reviews_com.trailrunner.app_202605.csv"


def _truncate(source: Path, target: Path, keep: float) -> None:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])


def _mailchimp_rows(count: int, bad_row: int | None = None) -> bytes:
    header = MAILCHIMP.read_text(encoding="utf-8-sig").splitlines()[0]
    lines = [header.encode()]
    for n in range(1, count + 1):
        name = "M\xfcller".encode("cp1252") if n == bad_row else b"Mueller"
        lines.append(b"p%d@mail.example,Paul,%s,,2,\"2026-05-02 07:58:01\",,,,,,,,,,DE,BE,"
                     b"\"2026-05-20 11:00:00\",%d,e%d,," % (n, name, 400000000 + n, n))
    return b"\n".join(lines) + b"\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    # truncated files: a CSV cut inside a quoted field, an NDJSON and a JSON array cut mid-record
    _truncate(HUBSPOT, folder / "hubspot_contacts_truncated.csv", 0.8)
    _truncate(SEGMENT, folder / "segment_truncated.ndjson", 0.9)
    _truncate(SENDGRID_BATCH, folder / "sendgrid_batch_truncated.json", 0.6)
    # wrong encodings: a whole Windows-1252 export, and a UTF-8 export with one Latin-1 row past
    # the part read to detect the encoding
    (folder / "mailchimp_cp1252.csv").write_bytes(_mailchimp_rows(3, bad_row=2))
    (folder / "mailchimp_mixed.csv").write_bytes(_mailchimp_rows(1500, bad_row=1400))
    # broken JSON lines: garbage, an array, invalid bytes, an object of no known field
    good = SEGMENT.read_text().splitlines()
    (folder / "segment_broken_lines.ndjson").write_bytes(b"\n".join([
        good[0].encode(), b"{this is not json", b"[1, 2, 3]", good[2].encode(),
        b'{"type":"page","messageId":"ajs-x","anonymousId":"a\xff","timestamp":"2026-05-01"}',
        b'{"unrelated": true}', b"", good[3].encode()]) + b"\n")
    # wrong column counts
    lines = HUBSPOT.read_text().splitlines()
    (folder / "hubspot_wrong_columns.csv").write_text("\n".join(
        [lines[0], lines[1], lines[2] + ',"extra"', '"100009","Too","Short"', lines[3]]) + "\n")
    # empty files
    (folder / "empty.csv").write_bytes(b"")
    (folder / "header_only.csv").write_text(lines[0] + "\n")
    (folder / "blank_lines.ndjson").write_text("\n\n   \n")
    # a duplicate file under another name
    shutil.copy(FIXTURES / "sendgrid" / "sendgrid_events.ndjson", folder / "sendgrid_a.ndjson")
    shutil.copy(FIXTURES / "sendgrid" / "sendgrid_events.ndjson", folder / "sendgrid_b.ndjson")
    # files of no known source
    (folder / "notes.csv").write_text("who,what\nme,something\n")
    (folder / "report.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    # conflicting identities: one browser used by two signed-in people, one CRM contact whose
    # email differs between two exports
    (folder / "segment_shared_browser.ndjson").write_text("\n".join(json.dumps(event) for event in [
        {"type": "identify", "messageId": "m1", "anonymousId": "shared-kiosk", "userId": "u_ana",
         "timestamp": "2026-05-01T10:00:00Z", "traits": {"email": "ana@x.example"}},
        {"type": "identify", "messageId": "m2", "anonymousId": "shared-kiosk", "userId": "u_bo",
         "timestamp": "2026-05-01T11:00:00Z", "traits": {"email": "bo@x.example"}},
        {"type": "page", "messageId": "m3", "anonymousId": "shared-kiosk",
         "timestamp": "2026-05-01T12:00:00Z", "properties": {"path": "/pricing"}}]) + "\n")
    (folder / "hubspot_email_changed.csv").write_text(
        '"Record ID","Email","Lifecycle Stage","Became a Lead Date"\n'
        '"100001","ada.meyer@acme-logistics.example","lead","2026-05-04 10:15"\n')
    shutil.copy(HUBSPOT, folder / "hubspot_contacts.csv")
    _feedback_faults(folder)
    return folder


def _feedback_faults(folder: Path) -> None:
    # a survey whose ImportId line names a zone this machine does not know; one with its three
    # header lines and no answer yet
    qualtrics = QUALTRICS.read_text()
    (folder / "qualtrics_unknown_zone.csv").write_text(
        qualtrics.replace("America/Denver", "Mars/Olympus"))
    (folder / "qualtrics_no_answers.csv").write_text("".join(
        qualtrics.splitlines(keepends=True)[:4]))  # the label line spans two lines
    # an API page cut mid-ticket
    _truncate(ZENDESK, folder / "zendesk_tickets_truncated.json", 0.6)
    # a UTF-16 Play Console report with a row of one column too many
    text = GOOGLE_PLAY.read_bytes()[2:].decode("utf-16-le")
    lines = text.splitlines()
    lines.insert(2, lines[1] + ',"one more"')
    (folder / "google_play_wrong_columns.csv").write_bytes(
        codecs.BOM_UTF16_LE + ("\n".join(lines) + "\n").encode("utf-16-le"))


@pytest.fixture(scope="module")
def loaded(corpus, tmp_path_factory):
    """The corpus ingested once: (reports by file name, the run's report, the store)."""
    con = connect(tmp_path_factory.mktemp("store") / "store.duckdb")
    report = ingest(corpus, con)
    yield {Path(f.file).name: f for f in report.files}, report, con
    con.close()


def test_every_record_is_loaded_or_quarantined_with_a_reason(loaded):
    files, report, con = loaded
    assert not [f for f in files.values() if f.status == "failed"], files
    for name, f in files.items():
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, name
    totals = report.totals()
    assert totals["rows_read"] == totals["rows_loaded"] + totals["rows_quarantined"]
    assert one(con, "SELECT count(DISTINCT (source_file, source_row)) FROM quarantine") == \
        totals["rows_quarantined"]
    assert one(con, "SELECT count(*) FROM quarantine WHERE nullif(reason, '') IS NULL "
                    "OR source_row < 1 OR record IS NULL") == 0


def _reasons(con, name: str) -> list[tuple[int, str, str]]:
    return rows(con, "SELECT source_row, field, reason FROM quarantine "
                     "WHERE source_file LIKE ? ORDER BY source_row", ["%/" + name])


def test_truncated_files_keep_their_complete_records(loaded):
    files, _, con = loaded
    csv_file = files["hubspot_contacts_truncated.csv"]
    assert csv_file.rows_loaded >= 2 and csv_file.rows_quarantined >= 1
    assert files["segment_truncated.ndjson"].rows_quarantined == 1
    assert re.match(r"malformed JSON line", _reasons(con, "segment_truncated.ndjson")[0][2])
    array = files["sendgrid_batch_truncated.json"]
    assert array.rows_loaded >= 3 and array.rows_quarantined == 1
    reason = _reasons(con, "sendgrid_batch_truncated.json")[0][2]
    assert "truncated or malformed JSON array" in reason


def test_wrong_encodings_are_read_or_quarantined_and_said(loaded):
    files, _, con = loaded
    cp1252 = files["mailchimp_cp1252.csv"]
    assert cp1252.encoding == "cp1252" and "not UTF-8" in cp1252.message
    assert cp1252.rows_loaded == 3
    mixed = files["mailchimp_mixed.csv"]
    assert (mixed.rows_read, mixed.rows_quarantined) == (1500, 1)
    assert _reasons(con, "mailchimp_mixed.csv")[0][0] == 1400
    assert "invalid bytes" in _reasons(con, "mailchimp_mixed.csv")[0][2]


def test_broken_json_lines_are_quarantined_each_with_its_reason(loaded):
    files, _, con = loaded
    broken = files["segment_broken_lines.ndjson"]
    assert (broken.rows_read, broken.rows_loaded, broken.rows_quarantined) == (7, 3, 4)
    reasons = {row: reason for row, _, reason in _reasons(con, "segment_broken_lines.ndjson")}
    assert reasons[2].startswith("malformed JSON line")
    assert reasons[3] == "JSON line is not an object"
    assert reasons[5] == "invalid UTF-8 bytes in JSON line"
    assert reasons[6] == "record has none of the source's fields"


def test_wrong_column_counts_are_quarantined(loaded):
    files, _, con = loaded
    f = files["hubspot_wrong_columns.csv"]
    assert (f.rows_read, f.rows_quarantined) == (4, 2)
    got = _reasons(con, "hubspot_wrong_columns.csv")
    assert [(row, reason.split(":")[0]) for row, _, reason in got] == [
        (2, "wrong column count"), (3, "wrong column count")]


def test_empty_duplicate_and_unknown_files_are_reported(loaded):
    files, _, con = loaded
    assert files["empty.csv"].status == "skipped" and "empty" in files["empty.csv"].message
    assert files["header_only.csv"].status == "loaded" and files["header_only.csv"].rows_read == 0
    assert files["blank_lines.ndjson"].rows_read == 0
    assert files["sendgrid_b.ndjson"].status == "already loaded"
    assert "sendgrid_a.ndjson" in files["sendgrid_b.ndjson"].message
    assert files["notes.csv"].status == "skipped"
    assert "matches no known source" in files["notes.csv"].message
    assert "who" in files["notes.csv"].message
    assert files["report.xlsx"].status == "skipped" and ".xlsx" in files["report.xlsx"].message


def test_conflicting_identities_are_reported_and_resolved(loaded):
    _, report, con = loaded
    kiosk = [m for m in report.conflicts if m.startswith("anonymous_id:shared-kiosk")]
    assert kiosk and "2 user_id identifiers" in kiosk[0] and "not merged" in kiosk[0]
    ana, bo = (one(con, "SELECT customer_id FROM identities WHERE identifier_key = ?", [k])
               for k in ("email:ana@x.example", "email:bo@x.example"))
    assert ana != bo  # the shared browser did not merge them
    contact = [m for m in report.conflicts if m.startswith("hubspot_contact:100001")]
    assert contact and "2 email identifiers" in contact[0] and "merged" in contact[0]
    assert one(con, "SELECT count(DISTINCT customer_id) FROM identities WHERE identifier_key IN "
                    "('email:ada@acme.example', 'email:ada.meyer@acme-logistics.example')") == 1
    assert report.identities["conflicts"] == len(report.conflicts)


def test_feedback_exports_keep_the_same_rules(loaded):
    files, _, con = loaded
    zone = files["qualtrics_unknown_zone.csv"]
    assert (zone.rows_read, zone.rows_loaded) == (6, 0)
    assert "in unknown time zone Mars/Olympus" in _reasons(con, "qualtrics_unknown_zone.csv")[0][2]
    empty = files["qualtrics_no_answers.csv"]
    assert (empty.status, empty.rows_read) == ("loaded", 0)
    cut = files["zendesk_tickets_truncated.json"]
    assert cut.rows_loaded >= 2 and cut.rows_quarantined == 1
    assert "truncated or malformed JSON array" in _reasons(con, "zendesk_tickets_truncated.json")[
        0][2]
    play = files["google_play_wrong_columns.csv"]
    assert (play.encoding, play.rows_read, play.rows_quarantined) == ("utf-16", 4, 1)
    assert _reasons(con, "google_play_wrong_columns.csv")[0][:1] == (2,)
    assert one(con, "SELECT count(*) FROM feedback f JOIN quarantine q USING (source_file, "
                    "source_row)") == 0
