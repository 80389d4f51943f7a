"""What the voice-of-the-customer mining can be told: one typed settings object with defaults
that work on a laptop (attribution window, how few answers are too few, the text scorer)."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mining.journeys import parse_duration

# Languages the detector chooses among when an export does not state one. A short comment is
# told apart far better among a few candidates than among a hundred; Norwegian is left out on
# purpose (written Bokmål and Danish are too close for short texts).
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "fi", "pl")


class FeedbackSettings(BaseModel):
    """How feedback is scored, attributed to steps and summarised."""

    model_config = ConfigDict(extra="forbid")
    window: timedelta = Field(
        timedelta(days=7), description="feedback without a stated step attaches to the "
                                       "customer's preceding touchpoint within this window")
    min_n: int = Field(5, ge=1, description="a step's measured emotion needs this many answers "
                                           "to be drawn as a value (fewer: marked too few)")
    confidence: float = Field(0.95, gt=0, lt=1, description="level of the t-interval of a mean")
    negative_below: float = Field(-0.5, description="an item below this emotion is negative")
    positive_above: float = Field(0.5, description="an item above this emotion is positive")
    scorer: Literal["ngram", "embedding"] = Field(
        "ngram", description="features of the non-English text classifier: character n-grams "
                             "(fast, the default) or multilingual sentence embeddings")
    cluster_features: Literal["embedding", "tfidf"] = Field(
        "embedding", description="pain points: cluster multilingual embeddings joined with "
                                 "word TF-IDF, or word TF-IDF alone")
    languages: tuple[str, ...] = Field(DEFAULT_LANGUAGES, min_length=1)
    language_of_every_comment: bool = Field(
        False, description="detect the language and sentiment of every comment, not only of "
                           "those whose text is used (several times slower at scale)")
    quotes_per_step: int = Field(3, ge=0)
    max_pain_points: int = Field(5, ge=1, description="pain points per persona and stage")
    min_pain_point_size: int = Field(3, ge=1, description="complaints a pain point needs")
    max_training_rows: int = Field(5_000, ge=10, description="rated comments per language the "
                                                             "classifier trains on (a sample)")
    max_cluster_rows: int = Field(400, ge=10, description="complaints per persona and stage "
                                                           "the clustering is fitted on")
    test_share: float = Field(0.25, gt=0, lt=1, description="customers held out to measure the "
                                                           "classifier's accuracy")
    seed: int = 7

    _parse = field_validator("window", mode="before")(parse_duration)

    @field_validator("window")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("the attribution window must be longer than zero")
        return value

    @field_validator("languages")
    @classmethod
    def _codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(code.strip().lower() for code in value if code.strip()))

    def band(self, emotion: float) -> int:
        """-1 negative, 0 neutral, +1 positive: the label the classifier learns."""
        return -1 if emotion < self.negative_below else 1 if emotion > self.positive_above else 0
