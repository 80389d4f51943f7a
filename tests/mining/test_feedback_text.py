"""Text parts of the voice of the customer: masking, languages, sentiment, settings, intervals."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from mining.feedback import FeedbackSettings, Masker
from mining.feedback.masking import name_parts
from mining.feedback.summary import CI_METHOD, t_half_width, with_intervals
from mining.feedback.text import detect_languages, english_emotion, normalise_language


def test_masking_replaces_emails_phones_and_names_after_cues() -> None:
    mask = Masker()
    text = ("Hi Anna, the parcel never came. Call me on +49 170 1234567 or write to "
            "ada.meyer@example.com. Herr Müller was kind, grazie Giulia Rossi!")
    masked = mask(text)
    assert masked == ("Hi [name], the parcel never came. Call me on [phone] or write to "
                      "[email]. Herr [name] was kind, grazie [name]!")


def test_masking_keeps_dates_short_numbers_and_unknown_lowercase_words() -> None:
    mask = Masker()
    assert mask("Ordered on 2026-05-01, paid 49.90, ticket 12345") == \
        "Ordered on 2026-05-01, paid 49.90, ticket 12345"
    assert mask("on 01.05.2026 I called 030 1234 5678") == "on 01.05.2026 I called [phone]"


def test_masking_replaces_names_the_store_knows_anywhere() -> None:
    mask = Masker(["Meyer", "Okafor", "Al"])
    assert mask("Meyer and Okafor solved it, Al too") == "[name] and [name] solved it, Al too"


def test_name_parts_come_from_email_local_parts() -> None:
    assert name_parts("ada.meyer12") == ["ada", "meyer"]
    assert name_parts("jean-luc_picard") == ["jean", "luc", "picard"]


@pytest.mark.parametrize(("hint", "code"), [("de", "de"), ("de-DE", "de"), ("DA_dk", "da"),
                                            ("", None), (None, None), ("German", None)])
def test_export_languages_are_normalised_to_iso_codes(hint: object, code: str | None) -> None:
    assert normalise_language(hint) == code


def test_languages_are_detected_among_the_configured_candidates() -> None:
    texts = ["The parcel arrived late and support never answered",
             "Das Paket kam zu spät und niemand hat geantwortet",
             "Il pacco è arrivato in ritardo e nessuno ha risposto",
             "Paketet kom för sent och ingen svarade på mina mejl",
             "Pakken kom for sent og ingen svarede på mine mails", "12345 !!"]
    assert detect_languages(texts, ("en", "de", "it", "sv", "da")) == \
        ["en", "de", "it", "sv", "da", "und"]


def test_english_sentiment_is_vader_compound_on_the_emotion_scale() -> None:
    emotion = english_emotion(["I love it, great service!", "Terrible, I hate it.", "It is a box."])
    assert emotion[0] > 1.0 and emotion[1] < -1.0 and emotion[2] == 0.0
    assert np.all(np.abs(emotion) <= 2.0)


def test_settings_parse_windows_and_refuse_bad_values() -> None:
    assert FeedbackSettings(window="3 days").window.days == 3
    assert FeedbackSettings(window="12h").window.total_seconds() == 12 * 3600
    with pytest.raises(ValidationError):
        FeedbackSettings(window="0 days")
    with pytest.raises(ValidationError):
        FeedbackSettings(scorer="magic")
    settings = FeedbackSettings()
    assert [settings.band(e) for e in (-2, -0.6, -0.5, 0, 0.5, 0.6, 2)] == [-1, -1, 0, 0, 0, 1, 1]


def test_t_interval_matches_the_textbook_formula() -> None:
    values = [-1.0, -0.5, 0.0, 0.5, 2.0]
    sd = statistics.stdev(values)
    # t(0.975, 4) = 2.776445...
    assert t_half_width(sd, 5, 0.95) == pytest.approx(2.7764451 * sd / math.sqrt(5), rel=1e-6)
    assert t_half_width(sd, 1, 0.95) is None
    assert t_half_width(None, 5, 0.95) is None


def test_intervals_are_added_around_the_mean_and_absent_for_one_answer() -> None:
    frame = pd.DataFrame({"measured_emotion": [0.5, 1.0], "sd": [1.0, None], "n": [10, 1]})
    result = with_intervals(frame, 0.9)
    half = t_half_width(1.0, 10, 0.9)
    assert result["ci_low"][0] == pytest.approx(0.5 - half)
    assert result["ci_high"][0] == pytest.approx(0.5 + half)
    assert pd.isna(result["ci_low"][1]) and pd.isna(result["ci_high"][1])
    assert set(result["ci_method"]) == {CI_METHOD}
