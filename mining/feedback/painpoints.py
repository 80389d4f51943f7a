"""Pain points measured in feedback: negative comments grouped into recurring problems per
persona and stage.

Per persona and stage, the negative comments (a seeded sample of at most `max_cluster_rows`) are
masked, turned into vectors and clustered with k-means; k (up to `max_pain_points`) is the one
with the best silhouette (cosine). Vectors (`cluster_features`):
- `embedding` (default): the multilingual sentence embedding joined with the TF-IDF of the words,
  each L2-normalised. The embedding puts the same complaint written in English, German or
  Italian together (languages the encoder was trained on); the words split topics within
  languages it was not trained on (Swedish and Danish, which it lumps together by language);
- `tfidf`: the words alone (fast; complaints then also group by language). A cluster with at
least `min_pain_point_size` comments is a pain point, labelled with its three top TF-IDF terms,
placed at the step most of its comments are about, and shown with its most typical comment
(nearest its centroid). Its size in the sample is scaled to the stage's complaints as
`estimated_complaints`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from mining.feedback.classifier import embed
from mining.feedback.settings import FeedbackSettings
from mining.feedback.vectors import tfidf, top_terms, typicality

COLUMNS = ["persona", "stage_index", "stage", "rank", "label", "terms", "languages",
           "step_index", "complaints", "share", "estimated_complaints", "stage_complaints",
           "example", "example_feedback_id"]
SILHOUETTE_ROWS = 500


def _choose_k(features, settings: FeedbackSettings) -> np.ndarray:  # noqa: ANN001
    """Cluster labels of the rows: k-means with the k of the best silhouette (1 when too few)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    rows = features.shape[0]
    most = min(settings.max_pain_points, rows // settings.min_pain_point_size)
    if most < 2:
        return np.zeros(rows, dtype=int)
    best, best_labels = -1.0, np.zeros(rows, dtype=int)
    for k in range(2, most + 1):
        labels = KMeans(n_clusters=k, n_init=2, random_state=settings.seed).fit_predict(features)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(features, labels, metric="cosine",
                                 sample_size=min(rows, SILHOUETTE_ROWS),
                                 random_state=settings.seed)
        if score > best:
            best, best_labels = score, labels
    return best_labels


def _group_pain_points(group: pd.DataFrame, settings: FeedbackSettings,
                       mask: Callable[[str], str]) -> list[dict]:
    texts = [mask(text) for text in group["comment"]]
    matrix, vectorizer = tfidf(texts)
    if matrix is None:
        return []
    features = matrix
    if settings.cluster_features == "embedding":
        from scipy.sparse import csr_matrix, hstack
        from sklearn.preprocessing import normalize

        # dense: a few hundred rows, and k-means on dense rows is many times faster
        features = normalize(hstack([csr_matrix(embed(texts)), matrix]).tocsr()).toarray()
    labels = _choose_k(features, settings)
    first = group.iloc[0]
    total = int(first["total"])
    found = []
    for cluster in np.unique(labels):
        rows = np.flatnonzero(labels == cluster)
        if len(rows) < settings.min_pain_point_size:
            continue
        terms = top_terms(matrix, vectorizer, rows)
        if not terms:
            continue
        typical = rows[int(np.argmax(typicality(features[rows])))]
        steps = group["step_index"].iloc[rows]
        share = len(rows) / len(group)
        found.append({
            "persona": first["persona"], "stage_index": int(first["stage_index"]),
            "stage": first["stage"], "label": " · ".join(terms), "terms": terms,
            "languages": group["language"].iloc[rows].value_counts().index.tolist(),
            "step_index": int(steps.mode().iloc[0]), "complaints": len(rows), "share": share,
            "estimated_complaints": int(round(share * total)), "stage_complaints": total,
            "example": texts[typical], "example_feedback_id": group["feedback_id"].iloc[typical],
        })
    found.sort(key=lambda p: (-p["complaints"], p["label"]))
    return [{**p, "rank": rank} for rank, p in
            enumerate(found[:settings.max_pain_points], start=1)]


def find_pain_points(complaints: pd.DataFrame, settings: FeedbackSettings,
                     mask: Callable[[str], str]) -> pd.DataFrame:
    """Pain points of every persona and stage (columns: `COLUMNS`).

    complaints: feedback_id, persona, stage_index, stage, step_index, comment, language, total
    (the stage's negative comments, of which these rows are a sample)."""
    rows = [point for _, group in complaints.groupby(["persona", "stage_index"], sort=True)
            for point in _group_pain_points(group.reset_index(drop=True), settings, mask)]
    return pd.DataFrame(rows, columns=COLUMNS)
