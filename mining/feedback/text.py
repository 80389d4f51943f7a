"""Language and English sentiment of free-text comments, offline.

Both models ship inside their PyPI packages and nothing is fetched at run time:
- language: py3langid (langid.py's naive Bayes over byte n-grams, model in the wheel), choosing
  among the configured candidate languages; a language the export states wins over detection;
- English sentiment: VADER's lexicon and rules (vaderSentiment, lexicon in the wheel). Its
  compound score (-1..+1) times two is the comment's emotion on the maps' -2..+2 scale.
Other languages are scored by the classifier trained on the data's own rated feedback
(`mining.feedback.classifier`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

UNDETERMINED = "und"  # no letters to go by (empty, digits, emoji only)


@cache
def _identifier(languages: tuple[str, ...]):  # noqa: ANN202 (py3langid has no types)
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    known = set(identifier.labels)
    identifier.set_languages([code for code in languages if code in known])
    return identifier


@cache
def _vader():  # noqa: ANN202
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def normalise_language(value: object) -> str | None:
    """An export's language ('de', 'de-DE', 'DE_ch', 'German'?) as a lower-case ISO 639-1 code,
    or None when it names none."""
    if value is None or not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def detect_languages(texts: Sequence[str], languages: tuple[str, ...]) -> list[str]:
    """The language of each text among `languages` ('und' when a text has no letters)."""
    identifier = _identifier(tuple(languages))
    return [identifier.classify(text)[0] if any(c.isalpha() for c in text) else UNDETERMINED
            for text in texts]


def english_emotion(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound score of each text, times two: -2 (very negative) .. +2."""
    vader = _vader()
    return np.fromiter((2.0 * vader.polarity_scores(text)["compound"] for text in texts),
                       dtype=np.float64, count=len(texts))
