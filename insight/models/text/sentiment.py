"""Sentiment of comments, learnt offline from labelled comments: TF-IDF + logistic regression.

No model weights are downloaded: the model is trained on the comments' own labels (a rating, a flag) or on a
bundled labelled set of the same language. Features are the normalized words and bigrams (no stop words removed:
"not" and "نه" carry sentiment) and, for Arabic-script text, character 2-5-grams within words as well, which read
Persian endings (``خوبه``, ``خوبش``) without a stemmer. The score of a labelled comment is cross-fitted (predicted
by a model that did not see it), so scores and the reported AUC carry no in-sample optimism.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..._results import Result
from ...exceptions import DataValidationError, InsufficientDataError
from ...validate import FittedCheck, check_param
from .normalize import ARABIC_SCRIPT, detect_language, normalize, text_column

__all__ = ["SentimentModel", "Sentiment", "sentiment_scores", "MIN_LABELLED", "BUNDLED_SENTIMENT", "bundled_sentiment", "bundled_labels",
           "comment_sentiment", "rating_labels", "rating_cuts"]

#: fewer labelled comments of either class than this: no model is trained
MIN_LABELLED = 10


def _pipeline(language: str, C: float, seed: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")
    features = (FeatureUnion([("words", words), ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                                                          min_df=2, sublinear_tf=True))])
                if language in ARABIC_SCRIPT else words)
    return make_pipeline(features, LogisticRegression(C=C, max_iter=2000, random_state=seed))


class SentimentModel(FittedCheck, BaseEstimator):
    """TF-IDF + logistic regression sentiment, scikit-learn style: ``fit(texts, positive)`` then
    ``predict_proba(texts)`` (probability a comment is positive). ``cv_auc_`` holds the cross-validated ROC AUC
    per fold, ``language_`` the language used.

    Parameters
    ----------
    language : str, optional
        ISO 639-1 code of the comments; None (default): detected at ``fit`` (:func:`detect_language`).
    C : float, default 10.0
        Inverse regularization strength of the logistic regression (> 0).
    n_folds : int, default 5
        Number of stratified cross-validation folds (>= 2) for ``oof_`` and ``cv_auc_``.
    random_state : int, default 0
        Seed of the folds and of the solver.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        TF-IDF features + logistic regression, fitted on every labelled comment.
    oof_ : numpy.ndarray
        Cross-fitted probability positive of each labelled comment (in their order).
    cv_auc_ : numpy.ndarray
        ROC AUC of each fold.
    language_ : str
        The language used.
    n_labelled_ : int
        Number of labelled comments learnt from.

    See Also
    --------
    sentiment_scores : Scores of every comment, labelled or not, as a :class:`Sentiment` result.

    Examples
    --------
    >>> from insight.data.datasets import load_text
    >>> tweets = load_text("airline_tweets").head(600)
    >>> positive = tweets["airline_sentiment"].map({"positive": True, "negative": False})   # neutral: NaN
    >>> model = SentimentModel(language="en").fit(tweets["text"], positive)
    >>> model.n_labelled_, round(float(model.cv_auc_.mean()), 2)
    (406, 0.89)
    >>> model.predict_proba(["great flight, thank you", "lost my bag again"]).round(1).tolist()
    [1.0, 0.1]
    """

    fitted_attribute = "pipeline_"
    fit_call = "fit(texts, positive)"

    def __init__(self, language: str | None = None, C: float = 10.0, n_folds: int = 5, random_state: int = 0):
        self.language = language
        self.C = C
        self.n_folds = n_folds
        self.random_state = random_state

    def fit(self, texts, positive):
        """Learn sentiment from the labelled comments and measure it by cross-validation.

        Parameters
        ----------
        texts : pandas.Series or list of str
            The comments (missing values are empty comments).
        positive : pandas.Series or array-like
            One bool (or 0/1) per comment, missing for comments without a label (left out).

        Returns
        -------
        SentimentModel
            The fitted model (``self``).

        Raises
        ------
        insight.exceptions.InsufficientDataError
            When either class has fewer than :data:`MIN_LABELLED` (or ``n_folds``) labelled comments.
        insight.exceptions.DataValidationError
            When ``C`` or ``n_folds`` is out of range, or ``positive`` has not one label per comment.
        """
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        check_param("C", self.C, float, min_val=0, include_min=False)
        check_param("n_folds", self.n_folds, int, min_val=2)
        texts = text_column(texts, "texts")
        y = _labels(positive, len(texts))
        self.language_ = detect_language(texts) if self.language is None else self.language
        known = ~np.isnan(y)
        counts = [int((y[known] == v).sum()) for v in (0, 1)]
        if min(counts) < max(MIN_LABELLED, self.n_folds):
            raise InsufficientDataError(f"parameter 'positive': {counts[1]:,} positive and {counts[0]:,} negative "
                                        f"labelled comments; at least {max(MIN_LABELLED, self.n_folds)} of each "
                                        "are needed to learn sentiment.")
        norm = normalize(texts, self.language_, mask=True)
        Xk, yk = norm[known], y[known].astype(int)
        folds = StratifiedKFold(self.n_folds, shuffle=True, random_state=self.random_state)
        pipe = _pipeline(self.language_, self.C, self.random_state)
        self.oof_ = cross_val_predict(pipe, Xk, yk, cv=folds, method="predict_proba")[:, 1]
        from sklearn.metrics import roc_auc_score

        self.cv_auc_ = np.array([roc_auc_score(yk[test], self.oof_[test]) for _, test in folds.split(Xk, yk)])
        self.pipeline_ = pipe.fit(Xk, yk)
        self.n_labelled_ = int(known.sum())
        return self

    def predict_proba(self, texts) -> np.ndarray:
        """Probability each comment is positive.

        Parameters
        ----------
        texts : pandas.Series or list of str
            The comments, in the model's language.

        Returns
        -------
        numpy.ndarray
            A 1-d array of probabilities (0-1), one per comment.
        """
        self.check_fitted()
        norm = normalize(text_column(texts, "texts"), self.language_, mask=True)
        return self.pipeline_.predict_proba(norm)[:, 1]


@dataclass
class Sentiment(Result):
    """Result of :func:`sentiment_scores` and :func:`comment_sentiment`.

    Attributes
    ----------
    scores : pandas.Series
        Probability positive per comment (0-1), named ``sentiment``, indexed like the comments; cross-fitted for
        labelled comments; NaN for a comment in a language with no model.
    auc : float
        Mean cross-validated ROC AUC of the model used.
    auc_sd : float
        Standard deviation of the AUC across folds.
    n_labelled : int
        Number of labelled comments learnt from.
    n_folds : int
        Number of cross-validation folds.
    language : str
        ISO 639-1 code of the language (of the most frequent one, for bundled models).
    trained_on : str, default "own"
        ``"own"``: the comments' own labels; else the name of the bundled set (:data:`BUNDLED_SENTIMENT`).
    n_na : int, default 0
        Ratings that were N/A codes (:func:`comment_sentiment` with a rating).
    n_middle : int, default 0
        Ratings neither positive nor negative, left out of the learning.
    n_unusable : int, default 0
        Ratings of comments left out (``usable`` False: no word that counts).
    """

    scores: pd.Series
    auc: float
    auc_sd: float
    n_labelled: int
    n_folds: int
    language: str
    trained_on: str = "own"     # "own": the comments' own labels; else the bundled set (BUNDLED_SENTIMENT)
    n_na: int = 0               # ratings that were N/A codes (comment_sentiment with a rating)
    n_middle: int = 0           # ratings neither positive nor negative, left out of the learning
    n_unusable: int = 0         # ratings of comments left out (``usable`` False: no word that counts)


def sentiment_scores(texts, positive, *, language: str | None = None, C: float = 10.0, n_folds: int = 5,
                     random_state: int = 0) -> Sentiment:
    """Sentiment score of every comment, learnt from the labelled ones (``positive``: bool or 0/1 per comment,
    missing where unknown); the labelled comments' scores are cross-fitted, the others predicted by the model fit
    on all labels.

    Parameters
    ----------
    texts : pandas.Series or list of str
        The comments.
    positive : pandas.Series or array-like
        One bool (or 0/1) per comment, missing where unknown.
    language : str, optional
        ISO 639-1 code of the comments; None (default): detected.
    C : float, default 10.0
        Inverse regularization strength of the logistic regression.
    n_folds : int, default 5
        Number of cross-validation folds.
    random_state : int, default 0
        Seed of the folds and of the solver.

    Returns
    -------
    Sentiment
        Scores indexed like ``texts``, the cross-validated AUC and the counts (``trained_on`` is ``"own"``).

    Examples
    --------
    >>> from insight.data.datasets import load_text
    >>> tweets = load_text("airline_tweets").head(600)
    >>> positive = tweets["airline_sentiment"].map({"positive": True, "negative": False})
    >>> result = sentiment_scores(tweets["text"], positive, language="en")
    >>> result.n_labelled, result.scores.shape, round(result.auc, 2)
    (406, (600,), 0.89)
    """
    texts = text_column(texts, "texts")
    model = SentimentModel(language, C, n_folds, random_state).fit(texts, positive)
    y = _labels(positive, len(texts))
    scores = np.empty(len(texts))
    known = ~np.isnan(y)
    scores[known] = model.oof_
    if (~known).any():
        scores[~known] = model.predict_proba(texts[~known])
    return Sentiment(scores=pd.Series(scores, index=texts.index, name="sentiment"), auc=float(model.cv_auc_.mean()),
                     auc_sd=float(model.cv_auc_.std(ddof=1)), n_labelled=model.n_labelled_, n_folds=n_folds,
                     language=model.language_)


def _labels(positive, n: int) -> np.ndarray:
    s = pd.Series(positive) if not isinstance(positive, pd.Series) else positive
    if len(s) != n:
        raise DataValidationError(f"parameter 'positive': {len(s):,} labels for {n:,} comments; give one per "
                                  "comment (missing where unknown).")
    ok = s.isna() | s.isin([True, False, 0, 1])
    if not ok.all():
        bad = s[~ok]
        raise DataValidationError(f"parameter 'positive': {len(bad):,} of {n:,} labels are not True/False or 0/1; "
                                  f"e.g. {bad.iloc[0]!r} at row {bad.index[0]!r}.")
    return pd.to_numeric(s.astype(object).where(s.notna(), np.nan).map(
        lambda v: np.nan if v is None or (isinstance(v, float) and np.isnan(v)) else float(bool(v)))).to_numpy(float)


#: per language, the bundled labelled comments (``insight.data.datasets.load_text``) sentiment is learnt from when
#: the comments carry no rating: (set, text column, label column, labels read as positive, labels read as negative)
BUNDLED_SENTIMENT = {"en": ("airline_tweets", "text", "airline_sentiment", ("positive",), ("negative",)),
                     "fa": ("parsinlu_food", "review", "sentiment", ("1", "2"), ("-1", "-2"))}


@lru_cache(maxsize=4)
def bundled_sentiment(language: str) -> SentimentModel:
    """A :class:`SentimentModel` fitted on the bundled labelled set of ``language`` (:data:`BUNDLED_SENTIMENT`),
    its ``cv_auc_`` measured there. Fitted once per process.

    The English model learns from the 14,640 ``airline_tweets``, the Persian one from the 1,917 ``parsinlu_food``
    reviews (``insight.data.datasets.load_text``); comments labelled neither positive nor negative are left out.
    The result is cached (up to 4 languages), so later calls in the same process return the same fitted model.

    Parameters
    ----------
    language : str
        ISO 639-1 code of the comments to score: a key of :data:`BUNDLED_SENTIMENT` (``"en"`` or ``"fa"``).

    Returns
    -------
    SentimentModel
        The fitted model; ``predict_proba(texts)`` gives each comment's probability of being positive.

    Raises
    ------
    insight.exceptions.DataValidationError
        If there is no bundled labelled set for ``language``.

    See Also
    --------
    bundled_labels : The labels the model learns from.

    Examples
    --------
    The fit takes tens of seconds (the cross-validation over every labelled comment), too long to run here:

    >>> model = bundled_sentiment("en")  # doctest: +SKIP
    >>> model.predict_proba(["Great crew, thank you!", "Lost my bag again."])  # doctest: +SKIP

    A language without bundled labelled comments is refused at once:

    >>> bundled_sentiment("de")
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: parameter 'language' == 'de': no bundled labelled comments to learn ...
    """
    from ...data.datasets import load_text

    if language not in BUNDLED_SENTIMENT:
        raise DataValidationError(f"parameter 'language' == {language!r}: no bundled labelled comments to learn "
                                  f"sentiment from (there are {sorted(BUNDLED_SENTIMENT)}); give a rating column.")
    name, text = BUNDLED_SENTIMENT[language][:2]
    data = load_text(name)
    return SentimentModel(language).fit(data[text], bundled_labels(name, data))


def bundled_labels(name: str, data: pd.DataFrame) -> pd.Series | None:
    """The positive (1.0) / negative (0.0) / neither (NaN) label of each row of the bundled text set ``name``
    (:data:`BUNDLED_SENTIMENT`), or None when the set has no sentiment labels.

    Parameters
    ----------
    name : str
        Name of a bundled text set (``insight.data.datasets.load_text``).
    data : pandas.DataFrame
        That set, as loaded (or some of its rows).

    Returns
    -------
    pandas.Series or None
        1.0, 0.0 or NaN per row of ``data``, indexed like it.

    Examples
    --------
    >>> from insight.data.datasets import load_text
    >>> tweets = load_text("airline_tweets").head(600)
    >>> bundled_labels("airline_tweets", tweets).value_counts(dropna=False).to_dict()
    {0.0: 241, nan: 194, 1.0: 165}
    """
    entry = next((e for e in BUNDLED_SENTIMENT.values() if e[0] == name), None)
    if entry is None:
        return None
    label, pos, neg = entry[2:]
    lab = data[label].astype(str)
    return pd.Series(np.where(lab.isin(pos), 1.0, np.where(lab.isin(neg), 0.0, np.nan)), index=data.index)


def rating_cuts(low: float, high: float) -> tuple[float, float]:
    """The lowest positive and the highest negative answer of a ``low``-``high`` scale: 9 and 6 on 0-10 (NPS
    promoters and detractors), else the top and bottom quarter (4 and 2 on 1-5).

    Parameters
    ----------
    low : float
        Lowest answer of the scale.
    high : float
        Highest answer of the scale.

    Returns
    -------
    tuple of (float, float)
        ``(top, bottom)``: answers >= top are positive, answers <= bottom negative.

    Examples
    --------
    >>> rating_cuts(0, 10), rating_cuts(1, 5)
    ((9.0, 6.0), (4.0, 2.0))
    """
    if (low, high) == (0.0, 10.0):
        return 9.0, 6.0
    return low + 0.75 * (high - low), low + 0.25 * (high - low)


def rating_labels(rating, scale: tuple[float, float] | None = None) -> pd.Series:
    """A rating read as positive (1.0), negative (0.0) or neither (NaN): on a 0-10 scale promoters (9-10) and
    detractors (0-6), as NPS counts them; on any other the top and bottom quarter of the scale (4-5 and 1-2 of
    1-5).

    Parameters
    ----------
    rating : pandas.Series or array-like
        Numeric ratings; missing values stay missing.
    scale : tuple of (float, float), optional
        ``(lowest, highest)`` answer of the scale; None (default): read from the ratings.

    Returns
    -------
    pandas.Series
        1.0, 0.0 or NaN per rating, indexed like ``rating``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a given rating is not a number, no rating is, or the scale has fewer than two values.

    See Also
    --------
    rating_cuts : The cut points.

    Examples
    --------
    >>> rating_labels([1, 2, 3, 4, 5]).tolist()
    [0.0, 0.0, nan, 1.0, 1.0]
    """
    r = pd.to_numeric(pd.Series(rating), errors="coerce")
    given = pd.Series(rating).notna()
    if (given & r.isna()).any():
        bad = pd.Series(rating)[given & r.isna()]
        raise DataValidationError(f"parameter 'rating': {len(bad):,} of {len(r):,} ratings are not numbers; e.g. "
                                  f"{bad.iloc[0]!r} at row {bad.index[0]!r}.")
    if r.notna().sum() == 0:
        raise DataValidationError(f"parameter 'rating': none of the {len(r):,} ratings is a number.")
    lo, hi = (float(r.min()), float(r.max())) if scale is None else map(float, scale)
    if hi <= lo:
        raise DataValidationError(f"parameter 'rating': every rating is {lo:g}; a scale needs at least two values.")
    top, bottom = rating_cuts(lo, hi)
    return pd.Series(np.where(r >= top, 1.0, np.where(r <= bottom, 0.0, np.nan)), index=r.index).where(r.notna())


def comment_sentiment(texts, rating=None, *, language=None, scale=None, usable=None,
                      random_state: int = 0) -> Sentiment:
    """Sentiment per comment as the report uses it: learnt from the comments' own ``rating`` when there is one,
    else from the bundled labelled comments of each comment's language (:func:`bundled_sentiment`; a comment in a
    language without one gets no score). A rating may be numbers, the words of a known wording ("very satisfied",
    :func:`insight.data.scales.apply_scale`) or N/A codes (no rating); it is read by :func:`rating_labels`, and only
    the comments ``usable`` marks (default: all) are learnt from; the result counts the ratings left out. The AUC
    is the cross-validated AUC of the model used (of the most frequent language's, for bundled models).

    Parameters
    ----------
    texts : pandas.Series or list of str
        The comments.
    rating : pandas.Series or array-like, optional
        One rating per comment (numbers, scale words or N/A codes); None (default): use the bundled models.
    language : str, optional
        ISO 639-1 code of every comment; None (default): detected (per comment without a rating).
    scale : tuple of (float, float), optional
        ``(lowest, highest)`` of the rating scale; None: read from the ratings (or the wording).
    usable : pandas.Series or array-like of bool, optional
        Which comments to learn from (indexed like ``texts``); None (default): all.
    random_state : int, default 0
        Seed of the cross-validation folds.

    Returns
    -------
    Sentiment
        Scores indexed like ``texts`` and the AUC; with a rating also ``n_na``, ``n_middle`` and ``n_unusable``.

    Raises
    ------
    insight.exceptions.DataValidationError
        Without a rating, when no comment is in a language with bundled labelled comments.

    Examples
    --------
    >>> from insight.data.datasets import load_text
    >>> tweets = load_text("airline_tweets").head(600)
    >>> stars = tweets["airline_sentiment"].map({"negative": 1, "neutral": 3, "positive": 5})
    >>> result = comment_sentiment(tweets["text"], stars, language="en")
    >>> result.trained_on, result.n_labelled, result.n_middle, round(result.auc, 2)
    ('own', 406, 194, 0.89)
    """
    from .normalize import comment_languages

    texts = text_column(texts, "texts")
    if rating is not None:
        from ...data.complaints import MISSING_CODES
        from ...data.scales import apply_scale

        rating = pd.Series(rating).set_axis(texts.index) if not isinstance(rating, pd.Series) else rating
        scores, words, n_na = apply_scale(rating, str(rating.name or "rating"),
                                          {"range": None, "words": None, "na": list(MISSING_CODES)})
        labels = rating_labels(scores, scale if scale is not None else (1, len(words)) if words else None)
        ok = pd.Series(True, index=texts.index) if usable is None else pd.Series(usable, index=texts.index)
        out = sentiment_scores(texts, labels.set_axis(texts.index).where(ok), language=language,
                               random_state=random_state)
        out.n_na, out.n_middle = n_na, int((scores.notna() & labels.isna()).to_numpy()[ok.to_numpy()].sum())
        out.n_unusable = int((scores.notna().to_numpy() & ~ok.to_numpy()).sum())
        return out
    langs = comment_languages(texts, language)
    scores = pd.Series(np.nan, index=texts.index, name="sentiment")
    used = [lang for lang in langs.value_counts().index if lang in BUNDLED_SENTIMENT]
    if not used:
        raise DataValidationError(f"no rating column and no bundled labelled comments in the comments' languages "
                                  f"({sorted(set(langs))}); give a rating column to learn sentiment from.")
    for lang in used:
        part = langs == lang
        scores[part] = bundled_sentiment(lang).predict_proba(texts[part])
    main = bundled_sentiment(used[0])
    return Sentiment(scores=scores, auc=float(main.cv_auc_.mean()), auc_sd=float(main.cv_auc_.std(ddof=1)),
                     n_labelled=main.n_labelled_, n_folds=main.n_folds, language=used[0],
                     trained_on=BUNDLED_SENTIMENT[used[0]][0])
