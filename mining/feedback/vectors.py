"""Comments as vectors for grouping and for picking typical ones: TF-IDF over words (stop words of
the data's languages and the masking tags left out), or multilingual sentence embeddings."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import numpy as np
import yaml

TOKEN = r"(?u)\b[^\W\d_]{3,}\b"  # words of three letters or more, no digits


@cache
def stop_words() -> frozenset[str]:
    """Stop words of every language in stopwords.yaml, with the masking tags."""
    blocks = yaml.safe_load(files("mining.feedback").joinpath("stopwords.yaml").read_text())
    return frozenset(word for block in blocks.values() for word in block.split())


def tfidf(texts: list[str]):  # noqa: ANN201 (scipy sparse matrix, the fitted vectorizer)
    """TF-IDF of words and word pairs (rows L2-normalised); None when no word survives."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(token_pattern=TOKEN, ngram_range=(1, 2), sublinear_tf=True,
                                 stop_words=sorted(stop_words()),
                                 min_df=2 if len(texts) >= 20 else 1)
    try:
        return vectorizer.fit_transform(texts), vectorizer
    except ValueError:  # empty vocabulary: nothing but stop words, digits or tags
        return None, None


def typicality(matrix) -> np.ndarray:  # noqa: ANN001
    """Cosine of each (L2-normalised) row with the rows' centroid: 1 = most typical."""
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(matrix.shape[0])
    return np.asarray(matrix @ (centroid / norm)).ravel()


def top_terms(matrix, vectorizer, rows: np.ndarray, count: int = 3) -> list[str]:  # noqa: ANN001
    """The `count` terms with the highest mean weight over `rows`; a pair only when it is not
    just its two top words again."""
    weights = np.asarray(matrix[rows].mean(axis=0)).ravel()
    names = vectorizer.get_feature_names_out()
    chosen: list[str] = []
    for index in np.argsort(-weights):
        if weights[index] <= 0 or len(chosen) == count:
            break
        term = str(names[index])
        words = set(term.split())
        if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
            continue
        chosen.append(term)
    return chosen
