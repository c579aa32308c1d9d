"""Sentiment learnt from labelled comments: scored, cross-validated, refused when labels are too few."""

import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataValidationError, InsufficientDataError, NotFittedError
from insight.models.text.sentiment import (SentimentModel, bundled_sentiment, comment_sentiment, rating_labels,
                                           sentiment_scores)


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


def test_a_rating_is_read_as_positive_negative_or_neither():
    five = rating_labels(pd.Series([1, 2, 3, 4, 5, None]))
    assert five[[0, 1, 3, 4]].tolist() == [0.0, 0.0, 1.0, 1.0] and np.isnan(five[2])
    assert np.isnan(five[5])
    nps = rating_labels(pd.Series([0, 6, 7, 8, 9, 10]))                 # promoters and detractors, as NPS counts
    assert nps[[0, 1, 4, 5]].tolist() == [0.0, 0.0, 1.0, 1.0] and nps[[2, 3]].isna().all()
    assert rating_labels(pd.Series([3, 4]), scale=(1, 5)).tolist()[1] == 1.0
    with pytest.raises(DataValidationError, match="'rating': 1 of 3 ratings are not numbers; e.g. 'good'"):
        rating_labels(pd.Series([1, 5, "good"]))
    with pytest.raises(DataValidationError, match="every rating is 4"):
        rating_labels(pd.Series([4, 4]))


def test_comment_sentiment_from_a_rating_or_the_bundled_comments(labelled):
    texts, y = labelled
    stars = pd.Series(np.where(np.arange(200) % 2 == 0, 5, 1))
    own = comment_sentiment(texts, stars)
    assert own.trained_on == "own" and own.n_labelled == 200 and own.auc > 0.95
    from insight.data.simulate import demo_company

    c = demo_company(1500, seed=1).comments
    bundled = comment_sentiment(c["text"])                                # English tweets and Persian reviews
    assert bundled.trained_on == "airline_tweets" and bundled.scores.notna().all()
    assert bundled.auc == pytest.approx(bundled_sentiment("en").cv_auc_.mean())
    mean = bundled.scores.groupby(c["true_theme"], observed=True).mean()
    # the planted complaints read as more negative than the wishes, in both languages
    for lang in ("en", "fa"):
        part = bundled.scores[c["language"] == lang].groupby(c["true_theme"], observed=True).mean()
        assert part["faulty product"] < part["wish list"] and part["late delivery, no answer"] < part["wish list"]
    assert mean.idxmin() in ("faulty product", "late delivery, no answer")
    with pytest.raises(DataValidationError, match="no bundled labelled comments.*'de'"):
        comment_sentiment(pd.Series(["Das Paket kam zu spät und niemand hat geantwortet."] * 3), language="de")
