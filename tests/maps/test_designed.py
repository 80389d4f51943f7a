import json
from pathlib import Path

import pytest
import yaml

from journeymap.errors import JourneymapError
from maps.compile import compile_designed_map, export_process_model, load_process_model
from maps.designed import parse_designed_map, schema
from maps.templates_library import new_designed_map, templates

MAPS = Path(__file__).resolve().parents[2] / "maps"
BUSINESS_GOALS = {"b2c_awareness_to_purchase", "b2b_lead_to_deal", "saas_trial_onboarding",
                  "subscription_renewal_retention", "support_issue_to_resolution",
                  "win_back_lapsed"}


def _map(**stage) -> dict:
    return {"name": "m", "persona": "p", "goal": "b",
            "stages": [{"name": "s", **stage}]}


def test_published_schema_is_current():
    published = json.loads((MAPS / "designed_map.schema.json").read_text())
    assert published == schema(), "run maps.designed.write_schema to refresh the published schema"


def test_template_library_covers_the_business_goals_and_compiles():
    library = templates()
    assert set(library) == BUSINESS_GOALS
    for template in library.values():
        model = compile_designed_map(template.designed)
        assert template.designed.goal in model.activities()


def test_new_map_from_template_is_valid_and_names_the_persona(tmp_path):
    out = new_designed_map("b2b_lead_to_deal", "enterprise_buyer", tmp_path / "ent.yaml")
    data = yaml.safe_load(out.read_text())
    assert data["persona"] == "enterprise_buyer"
    parse_designed_map(data)
    with pytest.raises(JourneymapError, match="exists"):
        new_designed_map("b2b_lead_to_deal", "enterprise_buyer", out)
    with pytest.raises(JourneymapError, match="unknown template"):
        new_designed_map("nope", "x", tmp_path / "x.yaml")


def test_error_path_reaches_into_alternatives():
    data = _map(steps=[{"name": "a", "touchpoint": "a", "channel": "web"},
                       {"name": "pay", "one_of": [
                           {"name": "b", "touchpoint": "b", "channel": "web"},
                           {"name": "c", "touchpoint": "c", "channel": "web", "emotion": 7}]}])
    with pytest.raises(JourneymapError) as error:
        parse_designed_map(data, "m.yaml")
    assert "stages.0.steps.1.one_of.1.emotion" in str(error.value)


def test_a_step_needs_exactly_one_way_to_name_its_touchpoints():
    data = _map(steps=[{"name": "b", "touchpoint": "b", "touchpoints": ["x"], "channel": "web"}])
    with pytest.raises(JourneymapError, match="either 'touchpoint'"):
        parse_designed_map(data)


def test_compiles_optional_repeatable_alternatives_and_any_order():
    designed = parse_designed_map({
        "name": "m", "persona": "p", "goal": "d",
        "stages": [
            {"name": "one", "steps": [
                {"name": "a", "touchpoint": "a", "channel": "web", "optional": True},
                {"name": "b", "touchpoint": "b", "channel": "web", "repeatable": True}]},
            {"name": "two", "order": "any", "steps": [
                {"name": "c", "touchpoints": ["c1", "c2"], "channel": "web"},
                {"name": "alt", "one_of": [{"name": "d", "touchpoint": "d", "channel": "web"},
                                           {"name": "e", "touchpoint": "e", "channel": "web"}]}]},
        ]})
    tree = str(compile_designed_map(designed).tree)
    assert tree == ("->( ->( X( 'a', tau ), *( 'b', tau ) ), "
                    "+( X( 'c1', 'c2' ), X( 'd', 'e' ) ) )")
    steps = designed.steps()
    assert [s.order_rank for s in steps] == [1, 2, 3, 3]


def test_process_model_round_trips_through_bpmn_and_pnml(tmp_path):
    designed = templates()["b2c_awareness_to_purchase"].designed
    paths = export_process_model(designed, tmp_path)
    expected = compile_designed_map(designed).activities()
    assert load_process_model(paths["bpmn"]).activities() == expected
    assert load_process_model(paths["pnml"]).activities() == expected


def test_unreadable_model_names_the_file(tmp_path):
    bad = tmp_path / "broken.bpmn"
    bad.write_text("<definitions")
    with pytest.raises(JourneymapError, match="broken.bpmn"):
        load_process_model(bad)
