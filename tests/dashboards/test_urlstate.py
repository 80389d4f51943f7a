"""A view's state survives the trip through its URL."""

from __future__ import annotations

from dashboards.urlstate import encode, number, parse


def test_state_round_trips_through_the_query_string():
    state = {"persona": "b2b evaluator & co", "period": "2026-06", "min_share": 0.05}
    assert parse(encode(state)) == {k: str(v) for k, v in state.items()}


def test_unset_values_stay_out_of_the_url():
    assert encode({"persona": "a", "period": None, "channel": ""}) == "?persona=a"
    assert encode({}) == ""


def test_numbers_are_clamped_and_garbage_falls_back():
    assert number({"top": "500"}, "top", 10, 1, 50) == 50
    assert number({"top": "ten"}, "top", 10, 1, 50) == 10
