"""Text results of comments: language, and sentiment as an emotion, where the text is used.

A comment's language is the one its export states, else the detected one. Its sentiment (-2..+2)
comes from VADER when it is English, else from the classifier trained on the data's own rated
comments (`classifier`), else it stays unknown (too few rated comments to train on). Both are
computed for the comments whose text is used: comments of items without a score (there the text
is the measured emotion), the classifier's training and test comments, the quote pools (to pick
quotes that say what the step's typical customer felt) and the complaints grouped into pain
points. A scored item's measured emotion is its score's, so at a million rows the other
comments are not read by a model unless `language_of_every_comment` asks for it (then every
comment gets its language and sentiment, at several times the cost). The same comment text is
handled once however often it occurs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from journeymap.sql import query
from mining.feedback.classifier import (
    ENGLISH,
    Evaluation,
    TextClassifier,
    evaluate_and_train,
    training_sample,
)
from mining.feedback.settings import FeedbackSettings
from mining.feedback.text import UNDETERMINED, detect_languages, english_emotion, normalise_language

SQL = ("mining.feedback", "feedback.sql")
TRAINING_LANGUAGES = 6  # rated comments drawn: max_training_rows times this, cut per language


@dataclass
class TextReport:
    """What the text scoring did: comments read, languages, comments scored per scorer, and the
    classifier's held-out accuracy."""

    comments: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    by_scorer: dict[str, int] = field(default_factory=dict)
    evaluations: list[Evaluation] = field(default_factory=list)


class TextScorer:
    """Language and sentiment of comments: VADER for English, the trained classifier else."""

    def __init__(self, settings: FeedbackSettings, model: TextClassifier | None = None) -> None:
        self.settings = settings
        self.model = model

    def languages(self, texts: list[str], hints: list[object]) -> tuple[list[str], list[str]]:
        """(language, 'export' or 'detected') of each text: the stated one, else detected."""
        stated = [normalise_language(hint) for hint in hints]
        source = ["detected" if code is None else "export" for code in stated]
        missing = [i for i, code in enumerate(stated) if code is None]
        detected = detect_languages([texts[i] for i in missing], self.settings.languages)
        for i, code in zip(missing, detected, strict=True):
            stated[i] = code
        return stated, source

    def score(self, texts: list[str], languages: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(emotion, scorer name) per text; NaN and None where no scorer reads the language."""
        language = np.asarray(languages, dtype=object)
        emotion = np.full(len(texts), np.nan)
        scorer = np.full(len(texts), None, dtype=object)
        english = language == ENGLISH
        if english.any():
            emotion[english] = english_emotion(
                [t for t, e in zip(texts, english, strict=True) if e])
            scorer[english] = "vader"
        others = ~english & (language != UNDETERMINED)
        if self.model is not None and others.any():
            _, emotion[others] = self.model.predict(
                [t for t, o in zip(texts, others, strict=True) if o])
            scorer[others] = self.settings.scorer
        return emotion, scorer

    def complete(self, frame: pd.DataFrame, sentiment: bool = True) -> pd.DataFrame:
        """`frame` (comment, language_hint, language and, with `sentiment`, text_emotion;
        NaN/None where not yet known) with the missing values filled in."""
        frame = frame.reset_index(drop=True)
        language = frame["language"].astype(object).to_numpy(copy=True)
        unknown = pd.isna(language)
        if unknown.any():
            language[unknown], _ = self.languages(frame["comment"][unknown].tolist(),
                                                  frame["language_hint"][unknown].tolist())
        if not sentiment:
            return frame.assign(language=language)
        emotion = frame["text_emotion"].to_numpy(dtype=float, copy=True)
        unscored = np.isnan(emotion)
        if unscored.any():
            emotion[unscored], _ = self.score(frame["comment"][unscored].tolist(),
                                              language[unscored].tolist())
        return frame.assign(language=language, text_emotion=emotion)


def _training(con: duckdb.DuckDBPyConnection, settings: FeedbackSettings,
              scorer: TextScorer) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The labelled sample (non-English, cut per language) and the rated English comments with
    their VADER emotion, both with languages."""
    rated = con.execute(query(*SQL, "training_rows"), {
        "max_rows": settings.max_training_rows * TRAINING_LANGUAGES,
        "seed": settings.seed}).df().rename(columns={"grp": "group"})
    languages, sources = scorer.languages(rated["comment"].tolist(),
                                          rated["language_hint"].tolist())
    rated = rated.assign(language=languages, language_source=sources)
    english = rated[rated["language"] == ENGLISH].head(settings.max_training_rows)
    english = english.assign(text_emotion=english_emotion(english["comment"].tolist()))
    return training_sample(rated[rated["language"] != UNDETERMINED], settings), english


def score_comments(con: duckdb.DuckDBPyConnection,
                   settings: FeedbackSettings) -> tuple[TextScorer, TextReport]:
    """Train and test the classifier; create `fb_text` (comment, language_hint, language,
    language_source, text_emotion, text_scorer) for the comments whose text is used."""
    scorer = TextScorer(settings)
    sample, english = _training(con, settings, scorer)
    evaluations, scorer.model = evaluate_and_train(sample, settings, settings.scorer, english)
    frame = con.execute(query(*SQL, "distinct_comments"),
                        {"every": settings.language_of_every_comment}).df()
    languages, sources = scorer.languages(frame["comment"].tolist(),
                                          frame["language_hint"].tolist())
    emotion, names = scorer.score(frame["comment"].tolist(), languages)
    frame = frame.assign(language=languages, language_source=sources, text_emotion=emotion,
                         text_scorer=names)
    learned = pd.concat([sample, english]).assign(text_emotion=np.nan, text_scorer=None)
    columns = ["comment", "language_hint", "language", "language_source", "text_emotion",
               "text_scorer"]
    known = pd.concat([frame[columns], learned[columns]]).drop_duplicates(
        ["comment", "language_hint"])
    _register(con, known)
    return scorer, TextReport(comments=len(known),
                              languages=known["language"].value_counts().to_dict(),
                              by_scorer=frame["text_scorer"].dropna().value_counts().to_dict(),
                              evaluations=evaluations)


def _register(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    con.register("fb_text_frame", frame)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE fb_text AS SELECT comment, language_hint, "
                    "language, language_source, CAST(text_emotion AS DOUBLE) AS text_emotion, "
                    "CAST(text_scorer AS VARCHAR) AS text_scorer FROM fb_text_frame")
    finally:
        con.unregister("fb_text_frame")
