"""Persona rules: first-touch and trait attributes, evaluated in SQL with bound values."""

import duckdb
import pytest
import yaml

from journeymap.errors import JourneymapError
from journeymap.samples.generate import persona_rules
from mining import PersonaRules, assign_personas, load_persona_rules
from tests.mining.conftest import make_store

EVENTS = [
    ("ana", "ad_clicked", "ads", "2024-03-01 09:00:00+00", "Spring sale"),
    ("ana", "signed_up", "web", "2024-03-01 09:05:00+00", None),
    ("ben", "page_viewed:pricing", "web", "2024-03-02 10:00:00+00", None),
    ("cho", "lifecycle_subscriber", "crm", "2024-03-03 11:00:00+00", "B2B webinar"),
    ("dan", "email_opened", "email", "2024-03-04 12:00:00+00", None),
]
TRAITS = [  # (customer, name, value, observed_at, row): later observations win
    ("ana", "country", "DE", "2024-01-01 00:00:00+00", 1),
    ("ana", "country", "AT", "2024-02-01 00:00:00+00", 2),
    ("ben", "country", "US", "2024-01-01 00:00:00+00", 3),
    ("ben", "plan", "enterprise", "2024-01-01 00:00:00+00", 4),
    ("cho", "company", "O'Reilly Media", "2024-01-01 00:00:00+00", 5),
    ("cho", "crm_score", "87", "2024-01-01 00:00:00+00", 6),
    ("dan", "Not A Column", "x", "2024-01-01 00:00:00+00", 7),
    ("dan", "plan", "   ", "2024-05-01 00:00:00+00", 8),
]


def _rules(tmp_path, rules: dict) -> PersonaRules:
    path = tmp_path / "personas.yaml"
    path.write_text(yaml.safe_dump(rules))
    return load_persona_rules(path)


def _personas(con) -> dict[str, tuple[str, str]]:
    return {c: (p, r) for c, p, r in con.execute(
        "SELECT customer_id, persona, persona_rule FROM customers ORDER BY 1").fetchall()}


def test_every_customer_has_exactly_one_persona_with_its_rule(sample_store, ground_truth):
    con = duckdb.connect(str(sample_store), read_only=True)
    counts = dict(con.execute("SELECT persona, count(*) FROM customers GROUP BY 1").fetchall())
    rules = dict(con.execute("SELECT persona, any_value(persona_rule) FROM customers "
                             "GROUP BY 1").fetchall())
    con.close()
    assert counts == {p: t["customers"] for p, t in ground_truth["personas"].items()}
    assert "B2B" in rules["b2b_evaluator"]


def test_rules_over_traits_use_the_latest_value(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS, TRAITS)
    rules = _rules(tmp_path, {"fallback": "other", "personas": [
        {"name": "dach", "when": {"country": {"in": ["DE", "AT", "CH"]}}},
        {"name": "enterprise", "when": {"plan": {"equals": "enterprise"}}},
        {"name": "publisher", "when": {"company": {"equals": "O'Reilly Media"},
                                       "crm_score": {"matches": "^[0-9]+$"}}},
    ]})
    assert assign_personas(con, rules) == {"dach": 1, "enterprise": 1, "other": 1,
                                           "publisher": 1}
    got = _personas(con)
    assert got["ana"][0] == "dach"  # AT (February) replaced DE (January)
    assert got["dan"] == ("other", "fallback")  # a blank plan is no plan
    assert "O'Reilly" in got["cho"][1]


def test_two_rules_with_one_name_are_an_or_and_not_in_counts_missing_values(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS, TRAITS)
    rules = _rules(tmp_path, {"personas": [
        {"name": "paid", "when": {"first_channel": {"equals": "ads"}}},
        {"name": "paid", "when": {"first_campaign": {"starts_with": "B2B"}}},
        {"name": "rest_of_world", "when": {"country": {"not_in": ["DE", "AT"]},
                                           "plan": {"exists": False}}},
    ]})
    assert assign_personas(con, rules) == {"paid": 2, "rest_of_world": 1, "unassigned": 1}
    got = _personas(con)
    assert got["dan"][0] == "rest_of_world"  # no country, no plan
    assert got["ben"][0] == "unassigned"  # US but has a plan


def test_a_store_without_traits_still_has_the_trait_attributes(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS)
    rules = _rules(tmp_path, {"personas": [
        {"name": "dach", "when": {"country": {"equals": "DE"}}},
        {"name": "clickers", "when": {"first_touchpoint": {"equals": "ad_clicked"}}}]})
    assert assign_personas(con, rules) == {"clickers": 1, "unassigned": 3}
    columns = {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = 'customers'").fetchall()}
    assert {"country", "plan", "lifecycle_stage", "industry", "lead_source"} <= columns


def test_the_sample_rules_keep_their_format(tmp_path):
    rules = PersonaRules.model_validate(persona_rules())
    assert [r.name for r in rules.personas] == ["b2b_evaluator", "bargain_hunter",
                                                "newsletter_reader"]
    assert not rules.journeys.enabled


@pytest.mark.parametrize("attribute", ['country" = \'DE\' OR "1', "Country", "first touch"])
def test_an_attribute_that_is_not_a_name_is_refused_with_file_and_field(tmp_path, attribute):
    path = tmp_path / "personas.yaml"
    path.write_text(yaml.safe_dump({"personas": [{"name": "x",
                                                  "when": {attribute: {"equals": "DE"}}}]}))
    with pytest.raises(JourneymapError) as error:
        load_persona_rules(path)
    assert str(path) in str(error.value) and "personas.0.when" in str(error.value)


@pytest.mark.parametrize("test, message", [({"equals_ish": "x"}, "unknown test"),
                                           ({"in": []}, "non-empty list"),
                                           ({"exists": "yes"}, "true or false"),
                                           ({"matches": "("}, "regular expression"),
                                           ({}, "no test")])
def test_a_bad_test_is_refused(tmp_path, test, message):
    path = tmp_path / "personas.yaml"
    path.write_text(yaml.safe_dump({"personas": [{"name": "x", "when": {"plan": test}}]}))
    with pytest.raises(JourneymapError, match=message):
        load_persona_rules(path)


def test_an_unknown_attribute_is_refused_when_rules_meet_the_store(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS, TRAITS)
    rules = _rules(tmp_path, {"personas": [{"name": "x", "when": {"countyr": {"equals": "DE"}}}]})
    with pytest.raises(JourneymapError) as error:
        assign_personas(con, rules)
    assert "countyr" in str(error.value) and "personas.0.when.countyr" in str(error.value)
    assert str(tmp_path / "personas.yaml") in str(error.value)
    assert "customers" not in {t for (t,) in con.execute("SHOW TABLES").fetchall()}


def test_values_are_bound_not_pasted(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS, TRAITS)
    rules = _rules(tmp_path, {"personas": [{"name": "x", "when": {
        "company": {"equals": "x'; DROP TABLE touchpoints; --"}}}]})
    assert assign_personas(con, rules) == {"unassigned": 4}
    assert con.execute("SELECT count(*) FROM touchpoints").fetchall() == [(5,)]
