"""Themes in a text column, counted: what customers write about, how often, since when and where.

Unguided (no ``seeds``): TF-IDF of words and bigrams (normalized, stop words out, stemmed where a Snowball stemmer
is wanted) factorized by scikit-learn's NMF. The number of themes is chosen by stability, not fixed: for each
``k`` in ``k_range`` NMF is refit on ``n_runs`` random halves of (a sample of) the comments, the themes of each
pair of runs are matched one to one (Hungarian assignment on the cosine similarity of their term weights), and
the ``k`` whose matched themes agree best on average is kept (Greene, O'Callaghan & Cunningham 2014, "How many
topics? Stability analysis for topic models"). The final NMF is fit on all comments.

Guided (``seeds``: theme name -> a few words or phrases): each comment goes to the theme whose seed terms weigh
most in it (a seed matches its word and that word with up to three more letters, so ``طعم`` matches ``طعمش``
and ``delay`` matches ``delayed``); a logistic regression trained on those comments then places the comments
that contain no seed term, where it is confident (``min_confidence``); the rest stay unassigned (theme -1).
Measured on the bundled Persian reviews, this recovered more labelled aspects than seeding NMF's components
(``init='custom'``, 2-3 of 6 against 6 of 6), which drift away from their seeds within a few iterations.

Every theme gets its top terms, its member comments (one theme each, with the theme's share of the comment's
weight), its count and share with a Wilson interval, three representative comments (highest weight), its trend by
period when dates are given and its split by a group column. :func:`merge_themes` names and merges themes (a
mapping from theme id to name: ids given one name become one theme) without refitting.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..._results import Result
from ...exceptions import DataValidationError, InsufficientDataError
from ...validate import check_columns, check_param
from ..satisfaction.scores import wilson_interval
from .normalize import (ARABIC_SCRIPT, STEMMERS, Tokens, comment_languages, normalize, normalize_text, stop_words,
                        text_column, word_list)

__all__ = ["Themes", "find_themes", "merge_themes", "theme_stability", "most_stable", "MIN_DOCUMENTS"]

#: fewer comments with at least one counted word than this: no themes are looked for
MIN_DOCUMENTS = 50
#: at most this many comments are used to choose the number of themes
STABILITY_SAMPLE = 2000


@dataclass
class Themes(Result):
    """Result of :func:`find_themes`: numbers and ids only (the report writes the words).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per theme id (0 the largest): ``name`` ('' unless named), ``documents``, ``share`` of the comments
        with text and its ``low``/``high`` Wilson interval, ``terms`` (top terms, the first is the best) and
        ``representative`` (row labels of the three different comments with the highest weight).
    documents : pandas.DataFrame
        One row per input comment (same index): ``theme`` (-1 unassigned: no counted word, or no confident theme),
        ``weight`` (the theme's share of the comment's weight), ``counted`` (it has a word that is not a stop word)
        and ``key`` (a hash of the normalized text: the representatives of a theme are three different texts), with
        ``period`` and ``group`` when given.
    weights : pandas.DataFrame
        Comment x theme weights.
    terms : pandas.DataFrame
        Long table of each theme's top terms: ``theme``, ``rank``, ``term``, ``weight``.
    language : str
        The language of most comments (ISO 639-1).
    guided : bool
        Whether the themes were found from ``seeds``.
    n_documents : int
        Comments given.
    n_empty : int
        Of them, comments without a counted word.
    trend, by_group : pandas.DataFrame or None
        Long tables of ``documents``, ``share``, ``low``, ``high`` per period (share of that period's comments) or
        group and theme, or None.
    stability : pandas.Series or None
        Mean matched similarity per k tried (None when ``n_themes`` or ``seeds`` was given).
    missing_seeds : list of str
        Seed words or phrases found in no comment.
    languages : dict
        The comments with text per language, most first.
    confidence : float
        Confidence level of the intervals.
    n_terms : int
        Top terms kept per theme.
    components, vocabulary : numpy.ndarray or None
        Theme x term weights and the terms (as shown), for :func:`merge_themes`.
    """

    table: pd.DataFrame
    documents: pd.DataFrame
    weights: pd.DataFrame
    terms: pd.DataFrame
    language: str
    guided: bool
    n_documents: int
    n_empty: int
    trend: pd.DataFrame | None = None
    by_group: pd.DataFrame | None = None
    stability: pd.Series | None = None
    missing_seeds: list = field(default_factory=list)
    languages: dict = field(default_factory=dict)
    confidence: float = 0.95
    n_terms: int = 10
    components: np.ndarray | None = field(default=None, repr=False)
    vocabulary: np.ndarray | None = field(default=None, repr=False)

    @property
    def n_themes(self) -> int:
        return len(self.table)


# --------------------------------------------------------------------------- vectors
def _vectorize(texts: pd.Series, languages: list[str], *, add=(), keep=(), stem: bool | None = None, min_df=None):
    """TF-IDF of normalized ``texts`` in ``languages`` (the stop words of each; the Snowball stemmer of the first
    that has one: it leaves words of another script as they are)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    stemmers = [STEMMERS[lang] for lang in languages if lang in STEMMERS and (stem or lang != "ar")]
    stop = sorted(set().union(*(stop_words(lang, add=add, keep=keep) for lang in languages)))
    tokens = Tokens(stop, stemmers[0] if stemmers and stem is not False else None)
    n = len(texts)
    min_df = min_df if min_df is not None else (2 if n < 20_000 else 5)
    vec = TfidfVectorizer(analyzer=tokens, min_df=min(min_df, max(1, n // 20)), max_df=0.5, sublinear_tf=True,
                          max_features=20_000, dtype=np.float32)
    try:
        X = vec.fit_transform(texts)
    except ValueError:   # empty vocabulary
        X, vec = None, None
    return X, vec, tokens


def _vocabulary(vec, tokens: Tokens) -> np.ndarray:
    surface = tokens.surface()
    return np.array([" ".join(surface.get(w, w) for w in t.split(" ")) for t in vec.get_feature_names_out()],
                    dtype=object)


def _nmf(X, k: int, seed: int, max_iter: int = 300):
    from sklearn.decomposition import NMF

    model = NMF(k, init="nndsvda", random_state=seed, max_iter=max_iter, tol=1e-3)
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():   # a fit stopped at max_iter is still a fit; its error norm may be sqrt(-0)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        W = model.fit_transform(X)
    W, H = np.nan_to_num(W), np.nan_to_num(model.components_)   # a degenerate start can leave NaN in a theme
    norms = np.linalg.norm(H, axis=1)
    norms[norms == 0] = 1.0
    return W * norms, H / norms[:, None]


def theme_stability(X, k_range=(5, 15), *, n_runs: int = 4, sample: int = STABILITY_SAMPLE,
                    random_state: int = 0) -> pd.Series:
    """Mean similarity of matched themes between NMF fits on random halves, per number of themes ``k``.

    ``X``: a comments x terms matrix (TF-IDF). Each of ``n_runs`` runs draws half of (at most ``sample``)
    comments, restricted to the 3,000 terms found in most of them; for each pair of runs the themes are matched one
    to one by the cosine similarity of their term weights (Hungarian assignment) and the matched similarities
    averaged. Higher is more stable.

    Parameters
    ----------
    X : scipy.sparse.csr_matrix
        Comments x terms (TF-IDF).
    k_range : tuple of (int, int), default (5, 15)
        Smallest and largest number of themes tried.
    n_runs : int, default 4
        Random halves fitted per ``k`` (>= 2).
    sample : int, default STABILITY_SAMPLE
        Largest number of comments used (>= 20).
    random_state : int, default 0
        Seed of the sample, the halves and the fits.

    Returns
    -------
    pandas.Series
        Mean matched cosine similarity (0-1) per ``k`` (index ``k``), named ``stability``.

    See Also
    --------
    most_stable : The ``k`` to keep.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> from insight.data.simulate import demo_company
    >>> comments = demo_company(2000, seed=0).comments.query("language == 'en'")
    >>> X = TfidfVectorizer(stop_words="english").fit_transform(comments["text"])
    >>> stability = theme_stability(X, (3, 6))
    >>> stability.round(2).tolist(), most_stable(stability)
    ([0.97, 0.78, 0.72, 0.71], 3)
    """
    from scipy.optimize import linear_sum_assignment

    check_param("n_runs", n_runs, int, min_val=2)
    check_param("sample", sample, int, min_val=20)
    ks = _k_range(k_range)
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    pool = np.sort(rng.choice(n, size=min(n, sample), replace=False))
    Xp = X[pool]
    nnz = Xp.getnnz(axis=0)
    Xp = Xp[:, np.sort(np.argsort(-nnz, kind="stable")[:min(3000, int((nnz > 0).sum()))])]   # words it uses
    halves = [np.sort(rng.choice(len(pool), size=len(pool) // 2, replace=False)) for _ in range(n_runs)]
    out = {}
    for k in ks:
        Hs = [_nmf(Xp[h], k, random_state + r, max_iter=100)[1] for r, h in enumerate(halves)]
        sims = []
        for a in range(n_runs):
            for b in range(a + 1, n_runs):
                S = Hs[a] @ Hs[b].T
                rows, cols = linear_sum_assignment(-S)
                sims.append(float(S[rows, cols].mean()))
        out[k] = float(np.mean(sims))
    return pd.Series(out, name="stability").rename_axis("k")


def most_stable(stability: pd.Series) -> int:
    """The number of themes to keep: the most stable interior peak of the curve (a ``k`` at least as stable as
    both neighbours), else the most stable ``k``. The curve starts high at the smallest ``k`` whatever the data
    (a few broad themes are reproducible anywhere), so an end of the range is taken only when there is no peak.

    Parameters
    ----------
    stability : pandas.Series
        Stability per ``k``, as :func:`theme_stability` returns it.

    Returns
    -------
    int
        The number of themes.

    Examples
    --------
    >>> import pandas as pd
    >>> most_stable(pd.Series({2: 0.9, 3: 0.7, 4: 0.8, 5: 0.75}))
    4
    """
    s = stability.sort_index()
    v = s.to_numpy()
    peaks = [i for i in range(1, len(v) - 1) if v[i] >= v[i - 1] and v[i] >= v[i + 1]]
    i = max(peaks, key=lambda j: v[j]) if peaks else int(np.argmax(v))
    return int(s.index[i])


def _k_range(k_range) -> list[int]:
    if not (isinstance(k_range, (tuple, list)) and len(k_range) == 2):
        raise DataValidationError(f"parameter 'k_range' == {k_range!r}, must be a pair (smallest, largest).")
    lo, hi = k_range
    check_param("k_range[0]", lo, int, min_val=2)
    check_param("k_range[1]", hi, int, min_val=lo)
    return list(range(lo, hi + 1))


# --------------------------------------------------------------------------- guided
def _seed_columns(seeds: dict, vec, tokens: Tokens, languages: list[str]) -> tuple[list[np.ndarray], list[str]]:
    """The vocabulary columns each theme's seeds match, and the seeds that match none."""
    vocab = vec.vocabulary_
    by_word: dict[str, list[int]] = {}
    for term, j in vocab.items():
        if " " not in term:
            by_word.setdefault(term[:3], []).append(j)
    terms = vec.get_feature_names_out()
    cols, missing = [], []
    plain = Tokens((), tokens.stemmer, (1, 1))
    stop = set().union(*(stop_words(lang) for lang in languages))
    for name, words in seeds.items():
        found: set[int] = set()
        for w in words:
            stems = plain.words(normalize_text(w, _word_language(w, languages)))
            key = " ".join(stems)
            if key not in vocab and len(stems) > 2:   # a longer phrase: its words less the stop words, as a bigram
                key = " ".join(t for t in stems if t not in stop)
            hits = {vocab[key]} if key in vocab else set()
            if len(stems) == 1 and len(key) >= 3:
                hits |= {j for j in by_word.get(key[:3], ()) if terms[j].startswith(key) and len(terms[j]) <= len(key) + 3}
            if not hits:
                missing.append(w)
            found |= hits
        cols.append(np.array(sorted(found), dtype=int))
    return cols, missing


def _word_language(word: str, languages: list[str]) -> str:
    """The language of a seed word among the comments' ``languages``: by its script."""
    is_arabic = any("\u0600" <= c <= "\u06FF" for c in word)
    same = [lang for lang in languages if (lang in ARABIC_SCRIPT) == is_arabic]
    return (same or languages)[0]


def _guided(X, seed_cols: list[np.ndarray], min_confidence: float, seed: int) -> np.ndarray:
    """comment x theme weights: the seed evidence where there is some, else a classifier's confident probability."""
    from sklearn.linear_model import LogisticRegression

    k = len(seed_cols)
    S = np.zeros((X.shape[0], k))
    for j, cols in enumerate(seed_cols):
        if len(cols):
            S[:, j] = np.asarray(X[:, cols].sum(axis=1)).ravel()
    has = S.max(axis=1) > 0
    labels = S.argmax(axis=1)
    W = np.zeros_like(S)
    W[has] = S[has] / S[has].sum(axis=1, keepdims=True)
    if len(np.unique(labels[has])) >= 2:
        clf = LogisticRegression(C=10.0, max_iter=1000, random_state=seed).fit(X[has], labels[has])
        rest = ~has & (np.asarray(X.sum(axis=1)).ravel() > 0)
        if rest.any():
            P = np.zeros((int(rest.sum()), k))
            P[:, clf.classes_] = clf.predict_proba(X[rest])
            P[P.max(axis=1) < min_confidence] = 0.0
            W[rest] = P
    return W


# --------------------------------------------------------------------------- unguided
def _unguided(X, langs, has_text, ks, n_themes, min_documents, n_runs, seed, name="texts"):
    """NMF themes, their number by stability unless ``n_themes`` is given (never more than the comments' different
    words; themes no comment ends up in are dropped). With ``langs`` (each comment's language, several), each
    language with at least ``min_documents`` counted comments gets themes of its own (comments in different languages
    share no words, so one factorization would give a theme per language); the comments of a language with fewer are
    fitted with the largest. Returns (comment x theme weights, theme x term weights, stability of the first language,
    or None)."""
    groups = [np.ones(X.shape[0], bool)] if langs is None else [
        (langs == lang) & has_text for lang in pd.unique(langs[has_text])]
    small = [g for g in groups if g.sum() < min_documents]
    groups = [g for g in groups if g.sum() >= min_documents] or groups[:1]
    for g in small:   # a language with few comments is fitted with the largest, where a theme may take them
        if not any(g is h for h in groups):
            groups[0] = groups[0] | g
    total = sum(int(g.sum()) for g in groups)
    blocks, stability = [], None
    for g in groups:
        Xg, n_g = X[g], int(g.sum())
        words = int((Xg.getnnz(axis=0) > 0).sum())   # NMF cannot find more themes than there are words
        if words < 2:
            raise InsufficientDataError(f"column {name!r}: its {n_g:,} comments use {words} different counted "
                                        "word(s); at least 2 are needed to find themes.", count=n_g)
        if n_themes is None:
            hi = min(ks[-1], max(ks[0], n_g // 10), words)
            st = theme_stability(Xg, (min(ks[0], hi), hi), n_runs=n_runs, random_state=seed)
            stability = st if stability is None else stability
            k = most_stable(st)
        else:   # the themes asked for, shared out by the languages' comments
            k = min(words, n_themes if len(groups) == 1 else max(2, round(n_themes * n_g / total)))
        blocks.append((g, *_nmf(Xg, k, seed)))
    W = np.zeros((X.shape[0], sum(b[1].shape[1] for b in blocks)))
    j = 0
    for g, Wg, _ in blocks:
        W[np.ix_(g, np.arange(j, j + Wg.shape[1]))] = Wg
        j += Wg.shape[1]
    W, H = _order(W, np.vstack([b[2] for b in blocks]))
    sizes = np.bincount(W.argmax(axis=1)[W.sum(axis=1) > 0], minlength=W.shape[1])
    keep = np.flatnonzero(sizes > 0) if (sizes > 0).sum() >= 2 else np.arange(W.shape[1])   # no empty theme
    return W[:, keep], H[keep], stability


# --------------------------------------------------------------------------- the result
def _assemble(weights: pd.DataFrame, H: np.ndarray, vocabulary: np.ndarray, base: dict) -> Themes:
    """Assignments, counts, intervals, terms, representatives, trend and groups from comment x theme weights."""
    W = weights.to_numpy(dtype=float)
    total = W.sum(axis=1)
    theme = np.where(total > 0, W.argmax(axis=1), -1)
    ids = weights.columns.to_numpy()
    assigned = np.where(theme >= 0, ids[np.maximum(theme, 0)], -1)
    share_w = np.where(total > 0, W.max(axis=1) / np.where(total > 0, total, 1), 0.0)
    docs = pd.DataFrame({"theme": assigned.astype(int), "weight": share_w}, index=weights.index)
    extra = base.pop("extra")
    for c in extra.columns:
        docs[c] = extra[c]
    n_text = base["n_documents"] - base["n_empty"]
    conf, n_terms = base["confidence"], base["n_terms"]
    rows, term_rows = [], []
    for j, tid in enumerate(ids):
        members = np.flatnonzero(assigned == tid)
        count = len(members)
        lo, hi = wilson_interval(count, n_text, conf) if n_text else (np.nan, np.nan)
        top = np.argsort(-H[j])[:n_terms]
        top = top[H[j, top] > 0]
        term_rows += [(tid, r, vocabulary[t], float(H[j, t])) for r, t in enumerate(top)]
        ranked = members[np.argsort(-W[members, j], kind="stable")]
        if "key" in docs:   # the same words twice (a retweet, a template) are one representative
            ranked = ranked[~pd.Series(docs["key"].to_numpy()[ranked]).duplicated().to_numpy()]
        best = ranked[:3]
        rows.append({"theme": tid, "name": base["names"].get(tid, ""), "documents": count,
                     "share": count / n_text if n_text else np.nan, "low": lo, "high": hi,
                     "terms": [vocabulary[t] for t in top], "representative": list(weights.index[best])})
    table = pd.DataFrame(rows).set_index("theme")
    terms = pd.DataFrame(term_rows, columns=["theme", "rank", "term", "weight"])
    has_text = docs["counted"].to_numpy(bool)
    out = Themes(table=table, documents=docs, weights=weights, terms=terms, components=H, vocabulary=vocabulary,
                 **{k: v for k, v in base.items() if k != "names"})
    out.trend = _crosstab(docs[has_text], "period", conf) if "period" in docs else None
    out.by_group = _crosstab(docs[has_text], "group", conf) if "group" in docs else None
    return out


def _crosstab(docs: pd.DataFrame, by: str, confidence: float) -> pd.DataFrame:
    """documents, share of the ``by`` value's comments, and its Wilson interval, per ``by`` value and theme."""
    d = docs[docs[by].notna()]
    sizes = d.groupby(by, observed=True).size()
    counts = d.groupby([by, "theme"], observed=True).size().rename("documents").reset_index()
    counts = counts[counts["theme"] >= 0]
    counts["share"] = counts["documents"] / counts[by].map(sizes).to_numpy()
    ci = [wilson_interval(c, sizes[g], confidence) for g, c in zip(counts[by], counts["documents"])]
    counts["low"], counts["high"] = [c[0] for c in ci], [c[1] for c in ci]
    counts.insert(1, "comments", counts[by].map(sizes).to_numpy())
    return counts.sort_values([by, "theme"]).reset_index(drop=True)


def _order(W: np.ndarray, H: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Themes renumbered by size, largest first."""
    theme = np.where(W.sum(axis=1) > 0, W.argmax(axis=1), -1)
    sizes = np.bincount(theme[theme >= 0], minlength=W.shape[1])
    order = np.argsort(-sizes, kind="stable")
    return W[:, order], H[order]


# --------------------------------------------------------------------------- public
def find_themes(data, text_col: str | None = None, *, language: str | None = None, n_themes: int | None = None,
                k_range=(5, 15), seeds: dict | None = None, names: dict | None = None, date_col: str | None = None,
                period: str = "M", group_col: str | None = None, calendar: str = "gregorian", stop_words_add=(),
                keep_words=(), stem: bool | None = None, min_confidence: float = 0.5, n_terms: int = 10, n_runs: int = 4,
                min_documents: int = MIN_DOCUMENTS, confidence: float = 0.95, random_state: int = 0) -> Themes:
    """Themes of a text column: counted, with intervals, top terms, representative comments, trend and split.

    Parameters
    ----------
    data : pandas.DataFrame, pandas.Series or list of str
        A DataFrame with ``text_col`` (and ``date_col``, ``group_col`` when given), or a Series / list of texts.
    text_col : str, optional
        The text column (required when ``data`` is a DataFrame).
    language : str, optional
        ISO 639-1 code; None (default) detects each comment's language by its script
        (:func:`~insight.models.text.normalize.comment_languages`), so a column mixing Persian and English is read
        with both languages' rules, stop words and seeds in one vocabulary.
    n_themes : int, optional
        Fixed number of themes (>= 2); None (default) chooses it by stability over ``k_range`` (module docstring).
    k_range : tuple of (int, int), default (5, 15)
        Smallest and largest number of themes tried.
    seeds : dict, optional
        Theme name -> seed words or phrases (guided; the themes are then these, in this order).
    names : dict, optional
        Theme id -> name, ids given the same name merged (:func:`merge_themes`).
    date_col : str, optional
        Column of each comment's date; gives the ``trend``.
    period : str, default "M"
        A pandas period alias for the trend (``"M"``, ``"W"``, ``"Q"``).
    group_col : str, optional
        Column of each comment's group; gives the split ``by_group``.
    calendar : {"gregorian", "jalali"}, default "gregorian"
        With "jalali", months and quarters of the trend are Solar Hijri (:func:`~insight.periods.period_of`).
    stop_words_add : str or list of str, default ()
        Words added to the stop-word list.
    keep_words : str or list of str, default ()
        Words kept out of the stop-word list (the words of the seeds are always kept; a phrase of more than two
        words is matched by its words that are not stop words).
    stem : bool, optional
        None (default) stems where a Snowball stemmer is listed (``STEMMERS``, not Persian); True or False
        forces it.
    min_confidence : float, default 0.5
        Guided: lowest probability at which a comment without a seed term is placed in a theme.
    n_terms : int, default 10
        Top terms kept per theme.
    n_runs : int, default 4
        Random halves fitted per ``k`` to measure stability.
    min_documents : int, default MIN_DOCUMENTS
        Fewest comments with a counted word to look for themes (per language, for themes of its own).
    confidence : float, default 0.95
        Confidence level of the Wilson intervals.
    random_state : int, default 0
        Seed of the fits and the random halves.

    Returns
    -------
    Themes
        The themes, each comment's theme, the terms, and the trend and split when asked for.

    Raises
    ------
    insight.exceptions.InsufficientDataError
        When fewer than ``min_documents`` comments have a counted word (too few to find themes), naming the count.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> comments = demo_company(2000, seed=0).comments.query("language == 'en'")
    >>> themes = find_themes(comments, "text", language="en", n_themes=4)
    >>> themes.n_documents, themes.table["documents"].tolist()
    (619, [255, 171, 123, 70])
    """
    texts, extra = _inputs(data, text_col, date_col, period, group_col, calendar)
    check_param("n_themes", n_themes, int, min_val=2, allow_none=True)
    check_param("min_confidence", min_confidence, float, min_val=0, max_val=1)
    check_param("n_terms", n_terms, int, min_val=1)
    check_param("min_documents", min_documents, int, min_val=2)
    check_param("random_state", random_state, int)
    check_param("confidence", confidence, float, min_val=0, max_val=1, include_min=False, include_max=False)
    seeds = _check_seeds(seeds)
    ks = _k_range(k_range)
    langs = comment_languages(texts, language)
    counts = langs[texts.str.strip() != ""].value_counts()
    languages = list(counts.index) if len(counts) else [langs.iloc[0] if len(langs) else "en"]
    norm = normalize(texts, langs, name=text_col or "texts")
    keep = list(word_list("keep_words", keep_words)) + [w for ws in (seeds or {}).values() for p in ws for w in p.split()]
    X, vec, tokens = _vectorize(norm, languages, add=word_list("stop_words_add", stop_words_add), keep=keep, stem=stem)
    has_text = np.zeros(len(norm), bool) if X is None else np.asarray(X.getnnz(axis=1) > 0)
    n_text = int(has_text.sum())
    if n_text < min_documents:
        raise InsufficientDataError(
            f"column {text_col or 'texts'!r}: {n_text:,} of {len(norm):,} comments have a counted word (not a stop "
            f"word, found in more than one comment and in at most half of them); at least {min_documents:,} are "
            "needed to find themes.", count=n_text)
    stability = None
    if seeds:
        cols, missing = _seed_columns(seeds, vec, tokens, languages)
        W = _guided(X, cols, min_confidence, random_state)
        H = np.asarray((X.T @ W).T)   # term weights of a theme: its comments' TF-IDF, weighted
        H /= np.maximum(np.linalg.norm(H, axis=1, keepdims=True), 1e-12)
        names = {j: n for j, n in enumerate(seeds)} | (names or {})
    else:
        missing = []
        W, H, stability = _unguided(X, (langs.to_numpy() if len(languages) > 1 else None), has_text, ks, n_themes,
                                    min_documents, n_runs, random_state, text_col or "texts")
    weights = pd.DataFrame(W, index=texts.index, columns=pd.RangeIndex(W.shape[1], name="theme"))
    extra["counted"] = has_text
    extra["key"] = pd.util.hash_array(norm.to_numpy(dtype=object))
    base = dict(language=languages[0], languages={str(k): int(v) for k, v in counts.items()}, guided=bool(seeds),
                n_documents=len(norm), n_empty=len(norm) - n_text, stability=stability, missing_seeds=missing,
                confidence=confidence, n_terms=n_terms, extra=extra, names={})
    themes = _assemble(weights, H, _vocabulary(vec, tokens), base)
    return merge_themes(themes, names) if names else themes


def merge_themes(themes: Themes, names: dict) -> Themes:
    """``themes`` with themes named and merged: ``names`` maps theme id -> name; ids given the same name become one
    theme (the smallest id, weights and term weights added), the others keep their ids. No refit.

    Parameters
    ----------
    themes : Themes
        A :func:`find_themes` result.
    names : dict
        Theme id -> name (non-empty text).

    Returns
    -------
    Themes
        The themes named and merged, counts, terms and trend recomputed.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``themes`` is not a Themes result, or ``names`` is not a dict of theme ids to non-empty names.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> comments = demo_company(2000, seed=0).comments.query("language == 'en'")
    >>> themes = find_themes(comments, "text", language="en", n_themes=4)
    >>> merged = merge_themes(themes, {0: "prices and faults", 1: "prices and faults", 2: "quality"})
    >>> merged.table[["name", "documents"]]
                        name  documents
    theme
    0      prices and faults        435
    2                quality        114
    3                                70
    """
    if not isinstance(themes, Themes):
        raise DataValidationError(f"parameter 'themes' must be a Themes result, got {type(themes).__name__}.")
    if not isinstance(names, dict):
        raise DataValidationError(f"parameter 'names' must be a dict from theme id to name, got "
                                  f"{type(names).__name__}.")
    ids = list(themes.weights.columns)
    bad = [k for k in names if k not in ids]
    if bad:
        raise DataValidationError(f"parameter 'names': {len(bad)} of {len(names)} theme ids are not themes (ids are "
                                  f"{ids}); e.g. {bad[0]!r}.")
    bad = [v for v in names.values() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise DataValidationError(f"parameter 'names': {len(bad)} of {len(names)} names are not non-empty text; "
                                  f"e.g. {bad[0]!r}.")
    target = {tid: tid for tid in ids}
    first: dict[str, int] = {}
    for tid in sorted(names):
        target[tid] = first.setdefault(names[tid], tid)
    keep = sorted(set(target.values()))
    W = themes.weights.T.groupby(pd.Series(target)).sum().T.reindex(columns=keep)
    H = pd.DataFrame(themes.components, index=ids).groupby(pd.Series(target)).sum().reindex(keep).to_numpy()
    H = H / np.maximum(np.linalg.norm(H, axis=1, keepdims=True), 1e-12)
    W.columns = pd.Index(keep, name="theme")
    old = {tid: themes.table.loc[tid, "name"] for tid in ids}
    merged_names = {tid: names.get(tid, old.get(tid, "")) for tid in keep}
    extra = themes.documents.drop(columns=["theme", "weight"]).copy()
    base = dict(language=themes.language, languages=themes.languages, guided=themes.guided, n_documents=themes.n_documents,
                n_empty=themes.n_empty, stability=themes.stability, missing_seeds=themes.missing_seeds,
                confidence=themes.confidence, n_terms=themes.n_terms, extra=extra, names=merged_names)
    return _assemble(W, H, themes.vocabulary, base)


# --------------------------------------------------------------------------- checks
def _inputs(data, text_col, date_col, period, group_col, calendar="gregorian") -> tuple[pd.Series, pd.DataFrame]:
    from ...parsers import to_datetime
    from ...periods import period_of

    if isinstance(data, pd.DataFrame):
        if text_col is None:
            raise DataValidationError("parameter 'text_col' is required when 'data' is a DataFrame; columns are "
                                      f"{list(map(str, data.columns))[:20]}.")
        check_columns(data, [text_col, date_col, group_col], name="data")
        texts = text_column(data[text_col], text_col)
    else:
        if date_col or group_col:
            raise DataValidationError("parameters 'date_col' and 'group_col' need 'data' to be a DataFrame.")
        texts = text_column(data, text_col or "texts")
    extra = pd.DataFrame(index=texts.index)
    if date_col is not None:
        check_param("period", period, str)
        dates = to_datetime(data[date_col], date_col)
        check_param("calendar", calendar, str)
        if calendar == "jalali" and period in ("M", "Q"):
            extra["period"] = period_of(dates, period, "jalali").map(str, na_action="ignore")
        else:
            if calendar == "jalali" and period == "W":   # the Iranian week runs Saturday to Friday
                period = "W-FRI"
            try:
                extra["period"] = dates.dt.to_period(period)
            except (ValueError, TypeError) as exc:
                raise DataValidationError(f"parameter 'period' == {period!r}: not a pandas period such as 'M', 'W' "
                                          f"or 'Q' ({exc}).") from None
    if group_col is not None:
        extra["group"] = data[group_col]
    return texts, extra


def _check_seeds(seeds) -> dict | None:
    if seeds is None:
        return None
    if not isinstance(seeds, dict) or not seeds:
        raise DataValidationError(f"parameter 'seeds' must be a non-empty dict from theme name to seed words, got "
                                  f"{seeds!r}.")
    if len(seeds) < 2:
        raise DataValidationError(f"parameter 'seeds': 1 theme given ({next(iter(seeds))!r}); at least 2 are needed.")
    out = {}
    for name, words in seeds.items():
        if not isinstance(name, str) or not name.strip():
            raise DataValidationError(f"parameter 'seeds': theme names must be non-empty text; e.g. {name!r}.")
        words = word_list(f"seeds[{name!r}]", words)
        if not [w for w in words if w.strip()]:
            raise DataValidationError(f"parameter 'seeds[{name!r}]': no seed word given; give a few words or "
                                      "phrases customers use for this theme.")
        out[name] = words
    return out
