"""Sentiment learnt from labelled comments: scored, cross-validated, refused when labels are too few."""

import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataValidationError, InsufficientDataError, NotFittedError
from insight.models.text import SentimentModel, sentiment_scores


@pytest.fixture(scope="module")
def labelled():
    rng = np.random.default_rng(0)
    good, bad, other = "great love fast friendly perfect".split(), "awful late rude broken never".split(), \
        "order app staff delivery price".split()
    texts, y = [], []
    for i in range(200):
        pos = i % 2 == 0
        texts.append(" ".join(list(rng.choice(good if pos else bad, 2)) + list(rng.choice(other, 3))))
        y.append(pos)
    y = pd.Series(y, dtype=object)
    y[:20] = None                     # unlabelled comments are scored, not learnt from
    return pd.Series(texts), y


def test_scores_every_comment_and_reports_cross_validated_auc(labelled):
    texts, y = labelled
    r = sentiment_scores(texts, y, language="en")
    assert r.n_labelled == 180 and len(r.scores) == 200 and r.auc > 0.95
    truth = np.arange(200) % 2 == 0
    assert (r.scores[truth] > 0.5).mean() > 0.9 and (r.scores[~truth] < 0.5).mean() > 0.9


def test_model_is_a_scikit_learn_estimator(labelled):
    texts, y = labelled
    m = SentimentModel(language="en")
    with pytest.raises(NotFittedError, match="call fit"):
        m.predict_proba(["great"])
    m.fit(texts, y)
    assert len(m.cv_auc_) == 5 and m.get_params()["C"] == 10.0
    assert m.predict_proba(["great love", "awful rude"])[0] > 0.5 > m.predict_proba(["awful rude"])[0]


def test_too_few_labels_and_bad_labels_are_refused(labelled):
    texts, _ = labelled
    few = pd.Series([True] * 195 + [False] * 5)
    with pytest.raises(InsufficientDataError, match="195 positive and 5 negative"):
        sentiment_scores(texts, few, language="en")
    bad = pd.Series([True, False] * 99 + ["yes", "no"])
    with pytest.raises(DataValidationError, match=r"parameter 'positive': 2 of 200 labels .* 'yes' at row 198"):
        sentiment_scores(texts, bad, language="en")
    with pytest.raises(DataValidationError, match="3 labels for 200 comments"):
        sentiment_scores(texts, [True, False, True], language="en")
