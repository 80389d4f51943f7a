"""Recognising a file's source, and what `sources.yaml` can say about a file."""

from __future__ import annotations

import shutil

import pytest

from connectors.detect import detect_source
from connectors.settings import FileSettings
from journeymap.errors import JourneymapError
from tests.connectors.conftest import FIXTURES
from tests.connectors.helpers import one, rows


@pytest.mark.parametrize(("relative", "export"), [
    ("sendgrid/sendgrid_webhook_batch.json", "sendgrid"),
    ("mailchimp/members_export_subscribed.csv", "mailchimp_audience"),
    ("mailchimp/member_activity.ndjson", "mailchimp_activity"),
    ("klaviyo/klaviyo_profiles.json", "klaviyo"),
    ("google_ads/click_view_excel.csv", "google_ads"),
    ("meta_ads/leads_book_a_demo.csv", "meta_ads"),
    ("hubspot/hubspot-crm-exports-all-deals-2026-07-05.csv", "hubspot_deals"),
    ("salesforce/OpportunityHistory.csv", "salesforce_opportunity_history"),
    ("salesforce/Opportunity.csv", "salesforce_opportunity"),
    ("ga4/events_20260504.ndjson", "ga4"),
    ("x/account_analytics_content_2026-06-01_2026-06-30.csv", "x_analytics"),
    ("generic/running-example.xes", "generic"),
])
def test_source_is_recognised_from_header_or_json_keys(relative, export):
    source, layout = detect_source(FIXTURES / relative, FileSettings())
    assert source is not None and source.name == export


def test_preamble_lines_and_delimiter_are_found():
    _, layout = detect_source(FIXTURES / "google_ads/click_view_excel.csv", FileSettings())
    assert (layout.header_line, layout.delimiter, layout.encoding) == (2, "\t", "utf-16")


def test_a_generic_csv_is_never_guessed(tmp_path):
    shutil.copy(FIXTURES / "generic/support_ticket_events.csv", tmp_path / "tickets.csv")
    source, _ = detect_source(tmp_path / "tickets.csv", FileSettings())
    assert source is None


def test_sources_yaml_sets_time_zone_encoding_delimiter_and_column_names(tmp_path, load, con):
    folder = tmp_path / "exports"
    folder.mkdir()
    # a German HubSpot portal: semicolons, Windows-1252, translated headers, Berlin wall time
    (folder / "kontakte.csv").write_bytes(
        "Datensatz-ID;E-Mail;Lebenszyklusphase;Became a Lead Date;Firmenname\n"
        "7;j\xfcrgen@m\xfcller.example;lead;2026-07-01 12:00;M\xfcller GmbH\n".encode("cp1252"))
    (folder / "sources.yaml").write_text(
        "files:\n"
        "  kontakte.csv:\n"
        "    source: hubspot\n"
        "    timezone: Europe/Berlin\n"
        "    encoding: cp1252\n"
        "    delimiter: ';'\n"
        "    columns: {Record ID: Datensatz-ID, Email: E-Mail, Lifecycle Stage: "
        "Lebenszyklusphase, Company Name: Firmenname}\n")
    files, _ = load(folder)
    assert files["kontakte.csv"].status == "loaded"
    assert rows(con, "SELECT identifier_key, occurred_at::VARCHAR FROM touchpoints") == [
        ("email:jürgen@müller.example", "2026-07-01 10:00:00+00")]
    assert one(con, "SELECT value FROM traits WHERE name = 'company'") == "Müller GmbH"


def test_sources_yaml_naming_a_tool_picks_its_export_by_header(tmp_path, load):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "hubspot", folder)
    (folder / "sources.yaml").write_text("files:\n  '*.csv': {source: hubspot}\n")
    files, _ = load(folder)
    assert {f.export for f in files.values()} == {"hubspot_contacts", "hubspot_deals"}


def test_a_file_named_as_the_wrong_source_fails_and_says_what_is_missing(tmp_path, load, con):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "x", folder)
    (folder / "sources.yaml").write_text("files:\n  '*.csv': {source: salesforce_lead}\n")
    files, _ = load(folder)
    for report in files.values():
        assert report.status == "failed"
        assert "not a salesforce_lead export: missing columns" in report.message
    assert one(con, "SELECT count(*) FROM ingested_files") == 0


@pytest.mark.parametrize(("text", "field"), [
    ("files:\n  a.csv: {source: nosuchtool}\n", "files.a.csv.source"),
    ("files:\n  a.csv: {timezone: Mars/Olympus}\n", "files.a.csv.timezone"),
    ("files:\n  a.csv: {colour: red}\n", "files.a.csv.colour"),
    ("privacy: maybe\n", "privacy"),
])
def test_bad_sources_yaml_is_refused_with_the_field(tmp_path, load, text, field):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "sources.yaml").write_text(text)
    with pytest.raises(JourneymapError) as error:
        load(folder)
    assert "sources.yaml" in str(error.value) and field in str(error.value)


def test_vocabulary_yaml_renames_and_ignores_events(tmp_path, load, con):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "sendgrid", folder)
    (folder / "vocabulary.yaml").write_text(
        "sendgrid:\n  delivered: email_received\n  processed: ~\n")
    files, _ = load(folder)
    assert sum(f.touchpoints_ignored for f in files.values()) == 1
    touchpoints = {t for (t,) in rows(con, "SELECT DISTINCT touchpoint FROM touchpoints")}
    assert "email_received" in touchpoints and "email_processed" not in touchpoints
