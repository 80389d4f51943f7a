import filecmp
import json

from journeymap.samples import write_samples
from maps import load_designed_maps
from mining import load_persona_rules


def test_same_seed_writes_identical_exports(tmp_path):
    write_samples(tmp_path / "a", customers=60, seed=3)
    write_samples(tmp_path / "b", customers=60, seed=3)
    exports_a, exports_b = tmp_path / "a" / "exports", tmp_path / "b" / "exports"
    names = sorted(p.name for p in exports_a.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(exports_a, exports_b, names, shallow=False)
    assert match == names and not mismatch and not errors


def test_other_seed_writes_other_exports(tmp_path):
    write_samples(tmp_path / "a", customers=60, seed=3)
    write_samples(tmp_path / "b", customers=60, seed=4)
    a = (tmp_path / "a" / "exports" / "segment_events.ndjson").read_text()
    assert a != (tmp_path / "b" / "exports" / "segment_events.ndjson").read_text()


def test_ground_truth_accounts_for_every_customer(ground_truth):
    personas = ground_truth["personas"]
    assert sum(p["customers"] for p in personas.values()) == ground_truth["customers"] == 400
    assert len(personas) == 3
    for persona in personas.values():
        assert sum(v["count"] for v in persona["variants"]) == persona["customers"]
        dropped = sum(persona["dropped_after"].values())
        assert dropped + persona["completed"] == persona["customers"]


def test_ground_truth_plants_every_kind_of_deviation(ground_truth):
    planted = {kind: sum(d["count"] for p in ground_truth["personas"].values()
                         for d in p[kind].values())
               for kind in ("skipped", "unexpected", "late")}
    assert all(count > 0 for count in planted.values()), planted
    assert ground_truth["files"]["segment_events.ndjson"]["quarantined"] == 2


def test_sample_project_has_valid_designed_maps_and_rules(sample_project):
    maps = load_designed_maps(sample_project / "designed")
    assert set(maps) == {"bargain_hunter", "newsletter_reader", "b2b_evaluator"}
    rules = load_persona_rules(sample_project / "personas.yaml")
    assert {r.name for r in rules.personas} == set(maps)
    json.loads((sample_project / "ground_truth.json").read_text())
