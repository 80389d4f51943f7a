"""Thoughts: representative quotes per persona and step, with personal data masked.

How they are chosen (never the extremes): among the step's comments (a seeded sample of at most
`QUOTE_POOL`), those whose words say what the step's typical customer felt come first: the text's
sentiment nearest the step's median measured emotion (distance rounded to quarter points, so
near-ties count as ties; the item's measured emotion where no scorer reads its language); among
those, the most typical comment, the one nearest the centroid of the step's comments in TF-IDF
space. A comment much
like one already chosen (cosine above `DUPLICATE`) is passed over, so the quotes say different
things. Quotes are cut to `MAX_CHARACTERS`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from mining.feedback.scoring import TextScorer
from mining.feedback.settings import FeedbackSettings
from mining.feedback.vectors import tfidf, typicality

QUOTE_POOL = 400
DUPLICATE = 0.6
MAX_CHARACTERS = 280
MIN_WORDS = 3  # shorter comments ("ok", "great!") are quoted only when nothing longer is left
COLUMNS = ["persona", "step_index", "rank", "feedback_id", "quote", "language",
           "measured_emotion", "text_emotion", "median_emotion", "source", "kind", "typicality"]
HOW_CHOSEN = ("text sentiment nearest the step's median measured emotion, then the most typical "
              "comment of the step (nearest the TF-IDF centroid); near-duplicates skipped")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CHARACTERS else text[:MAX_CHARACTERS - 1].rstrip() + "…"


def _step_quotes(group: pd.DataFrame, count: int, mask: Callable[[str], str]) -> list[dict]:
    texts = [mask(text) for text in group["comment"]]
    matrix, _ = tfidf(texts)
    typical = typicality(matrix) if matrix is not None else np.zeros(len(texts))
    said = group["text_emotion"].fillna(group["measured_emotion"]).to_numpy()
    distance = np.round(np.abs(said - group["median_emotion"].to_numpy()) * 4) / 4
    short = np.array([len(text.split()) < MIN_WORDS for text in texts])
    order = np.lexsort((group["feedback_id"].to_numpy(), -typical, distance, short))
    chosen: list[int] = []
    for index in order:
        if len(chosen) == count:
            break
        if any(texts[index] == texts[c] for c in chosen):
            continue
        if matrix is not None and chosen and max(
                float(matrix[index].multiply(matrix[c]).sum()) for c in chosen) > DUPLICATE:
            continue
        chosen.append(int(index))
    rows = []
    for rank, index in enumerate(chosen, start=1):
        row = group.iloc[index]
        rows.append({"persona": row["persona"], "step_index": int(row["step_index"]),
                     "rank": rank, "feedback_id": row["feedback_id"], "quote": _cut(texts[index]),
                     "language": row["language"], "measured_emotion": row["measured_emotion"],
                     "text_emotion": row["text_emotion"],
                     "median_emotion": row["median_emotion"], "source": row["source"],
                     "kind": row["kind"], "typicality": float(typical[index])})
    return rows


def pick_quotes(candidates: pd.DataFrame, settings: FeedbackSettings,
                mask: Callable[[str], str], scorer: TextScorer) -> pd.DataFrame:
    """Up to `quotes_per_step` quotes per persona and step (columns: `COLUMNS`).

    candidates: feedback_id, persona, step_index, comment, measured_emotion, median_emotion (of
    the step), source, kind, language_hint, language and text_emotion (missing ones are
    filled by `scorer`)."""
    if not settings.quotes_per_step or candidates.empty:
        return pd.DataFrame(columns=COLUMNS)
    candidates = scorer.complete(candidates)
    rows = [quote for _, group in candidates.groupby(["persona", "step_index"], sort=True)
            for quote in _step_quotes(group.reset_index(drop=True), settings.quotes_per_step,
                                      mask)]
    return pd.DataFrame(rows, columns=COLUMNS)
