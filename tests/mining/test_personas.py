import duckdb
import pytest

from journeymap.errors import JourneymapError
from mining import load_persona_rules


def test_every_customer_has_exactly_one_persona_with_its_rule(sample_store, ground_truth):
    con = duckdb.connect(str(sample_store), read_only=True)
    counts = dict(con.execute("SELECT persona, count(*) FROM customers GROUP BY 1").fetchall())
    rules = dict(con.execute("SELECT persona, any_value(persona_rule) FROM customers "
                             "GROUP BY 1").fetchall())
    con.close()
    assert counts == {p: t["customers"] for p, t in ground_truth["personas"].items()}
    assert "B2B" in rules["b2b_evaluator"]


def test_bad_rule_names_file_and_field(tmp_path):
    path = tmp_path / "personas.yaml"
    path.write_text("personas:\n  - name: x\n    when: {country: {equals: DE}}\n")
    with pytest.raises(JourneymapError) as error:
        load_persona_rules(path)
    assert str(path) in str(error.value) and "personas.0.when" in str(error.value)
    assert "country" in str(error.value)
