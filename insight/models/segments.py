"""What types of customers do we have? RFM scores, named segments, revenue
concentration, and the :class:`CustomerTypes` estimator.

All functions take the one-row-per-customer table of
:func:`insight.features.summary.customer_summary` (or any table with the named columns).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..exceptions import DataValidationError, InsufficientDataError, StatisticalWarning
from ..validate import FittedCheck, check_columns, check_in, check_param

__all__ = [
    "segment_table",
    "rfm_scores",
    "rfm_segments",
    "SEGMENT_TABLE",
    "revenue_concentration",
    "Concentration",
    "loyal_claim",
    "CustomerTypes",
    "TYPE_SIGNATURES",
    "TOO_LITTLE",
    "UNIDENTIFIED",
    "MIN_PER_TYPE",
    "type_of",
]


# --------------------------------------------------------------------------- RFM
def rfm_scores(
    summary: pd.DataFrame,
    recency_col: str = "recency_days",
    frequency_col: str = "purchases",
    monetary_col: str = "total_revenue",
    q: int = 5,
) -> pd.DataFrame:
    """Quantile R, F and M scores from 1 (worst) to ``q`` (best).

    Tie handling: scores come from average percentile ranks, ``score = ceil(q * rank_pct)``, so customers with equal
    values always get equal scores. When many customers share a value (e.g. 60 % bought once), the score classes are
    therefore not of equal size, and some scores may be unused; this is preferred to splitting identical customers
    arbitrarily. Customers at the lowest frequency always get F = 1: where most customers bought once their average
    rank would otherwise give them F = 3 and segments such as "Loyal" or "Champions". Recency is scored in reverse:
    fewer days since the last purchase = higher R.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per customer (:func:`insight.features.summary.customer_summary`).
    recency_col, frequency_col, monetary_col : str, default "recency_days", "purchases", "total_revenue"
        Columns of days since the last purchase, purchases and revenue (currency units); no missing values.
    q : int, default 5
        Number of score classes (2 to 10).

    Returns
    -------
    pandas.DataFrame
        Same index: ``R``, ``F``, ``M``, ``FM`` (the rounded mean of F and M, half up) and ``RFM`` (e.g. ``"545"``).

    Raises
    ------
    insight.exceptions.DataValidationError
        With fewer than ``q`` customers, or a missing or non-numeric value.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.segments import rfm_scores
    >>> summary = customer_summary(demo_company(1000, seed=0).transactions, "customer_id", "date", "amount")
    >>> rfm_scores(summary).head(3)
                 R  F  M  FM  RFM
    customer_id
    C000001      2  1  1   1  211
    C000002      1  3  3   3  133
    C000003      2  2  3   3  223
    """
    check_columns(summary, [recency_col, frequency_col, monetary_col], name="summary")
    check_param("q", q, int, min_val=2, max_val=10)
    if len(summary) < q:
        raise DataValidationError(f"summary: {len(summary)} customers; at least q == {q} are needed for scores.")
    out = pd.DataFrame(index=summary.index)
    for name, col, sign in (("R", recency_col, -1), ("F", frequency_col, 1), ("M", monetary_col, 1)):
        v = pd.to_numeric(summary[col], errors="coerce")
        if v.isna().any():
            bad = v.isna()
            raise DataValidationError(
                f"column {col!r}: {int(bad.sum())} of {len(v)} rows are missing or not numbers; "
                f"e.g. {summary.loc[bad, col].iloc[0]!r}."
            )
        pct = (sign * v).rank(method="average", pct=True)
        out[name] = np.clip(np.ceil(pct * q), 1, q).astype(np.int64)
        if name == "F":   # the lowest frequency (one purchase) is never "frequent", however many share it
            out.loc[v == v.min(), name] = 1
    out["FM"] = np.floor((out["F"] + out["M"]) / 2 + 0.5).astype(np.int64)
    out["RFM"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    return out


#: Named segments by R and FM score ranges (5-point scores); the first matching row wins. The default's
#: segments are ids: a report names, describes and advises on them through its message catalog
#: (``segment.<id>``, ``segment.<id>.description``, ``segment.<id>.action``). Replace it with your own table
#: of the same columns; a table of your own may add ``description`` and ``action`` columns, which
#: :func:`segment_table` passes on and a report shows as they are.
SEGMENT_TABLE = pd.DataFrame(
    [
        ("champions", 5, 5, 4, 5),
        ("loyal", 3, 4, 4, 5),
        ("potential_loyalist", 4, 5, 2, 3),
        ("new", 5, 5, 1, 1),
        ("promising", 4, 4, 1, 1),
        ("need_attention", 3, 3, 3, 3),
        ("about_to_sleep", 3, 3, 1, 2),
        ("cant_lose_them", 1, 2, 5, 5),
        ("at_risk", 1, 2, 3, 4),
        ("lost", 1, 1, 1, 1),
        ("hibernating", 1, 2, 1, 2),
    ],
    columns=["segment", "r_min", "r_max", "fm_min", "fm_max"],
)


def rfm_segments(scores: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.Series:
    """Name each customer's segment from R and FM scores with a segment table.

    ``table`` (default :data:`SEGMENT_TABLE`) has columns ``segment``, ``r_min``, ``r_max``, ``fm_min``, ``fm_max``;
    the first row whose ranges contain a customer's (R, FM) wins. Scores outside 1-5 are clipped into it.

    Parameters
    ----------
    scores : pandas.DataFrame
        Scores with columns ``R`` and ``FM`` (:func:`rfm_scores` with ``q=5``).
    table : pandas.DataFrame, optional
        The segment table.

    Returns
    -------
    pandas.Series
        Named "segment", same index: a categorical whose categories are the table's segments in its order.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the table leaves some (R, FM) cell of the 5 x 5 grid without a segment (naming the cell).

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.segments import rfm_segments
    >>> rfm_segments(pd.DataFrame({"R": [5, 1, 3, 2], "FM": [5, 1, 3, 5]})).tolist()
    ['champions', 'lost', 'need_attention', 'cant_lose_them']
    """
    table = SEGMENT_TABLE if table is None else table
    check_columns(table, ["segment", "r_min", "r_max", "fm_min", "fm_max"], name="segment table")
    check_columns(scores, ["R", "FM"], name="scores")
    grid = {}
    for r in range(1, 6):
        for fm in range(1, 6):
            hit = table[(table["r_min"] <= r) & (r <= table["r_max"]) & (table["fm_min"] <= fm) & (fm <= table["fm_max"])]
            grid[(r, fm)] = hit["segment"].iloc[0] if len(hit) else None
    holes = [k for k, s in grid.items() if s is None]
    if holes:
        raise DataValidationError(
            f"segment table leaves {len(holes)} of 25 (R, FM) cells without a segment; e.g. R={holes[0][0]}, "
            f"FM={holes[0][1]}."
        )
    keys = list(zip(scores["R"].clip(1, 5), scores["FM"].clip(1, 5)))
    order = list(dict.fromkeys(table["segment"]))
    return pd.Series(pd.Categorical([grid[k] for k in keys], categories=order), index=scores.index, name="segment")


def segment_table(segments: pd.Series, revenue: pd.Series, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Customers and share of revenue per RFM segment (largest revenue first); the ``description`` and
    ``action`` columns of a segment table of your own, when it has them, are passed on.

    Parameters
    ----------
    segments : pandas.Series
        Segment of each customer (:func:`rfm_segments`).
    revenue : pandas.Series
        Revenue of each customer (currency units), aligned with ``segments`` on the index.
    table : pandas.DataFrame, optional
        The segment table (default :data:`SEGMENT_TABLE`).

    Returns
    -------
    pandas.DataFrame
        Per segment: ``customers``, ``revenue_share`` (0 to 1) and any ``description`` and ``action``.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.segments import segment_table
    >>> segments = pd.Series(["loyal", "lost", "loyal", "new"], index=list("abcd"))
    >>> segment_table(segments, pd.Series([300.0, 20.0, 500.0, 180.0], index=list("abcd")))
           customers  revenue_share
    loyal          2           0.80
    new            1           0.18
    lost           1           0.02
    """
    table = SEGMENT_TABLE if table is None else table
    rev = pd.Series(revenue, dtype=float).reindex(segments.index)
    out = pd.DataFrame({"customers": segments.value_counts(),
                        "revenue_share": rev.groupby(segments, observed=False).sum() / rev.sum()})
    extra = [c for c in ("description", "action") if c in table.columns]
    if extra:
        out = out.join(table.drop_duplicates("segment").set_index("segment")[extra])
    return out.sort_values("revenue_share", ascending=False)


# --------------------------------------------------------------------------- concentration
@dataclass
class Concentration:
    """Revenue concentration: top share, Gini and the Lorenz curve.

    Attributes
    ----------
    top_share, top : float
        Share of revenue from the top ``top`` share of customers.
    gini : float
        Gini coefficient of revenue (0 = equal, towards 1 = concentrated).
    lorenz_customers, lorenz_revenue : numpy.ndarray
        The Lorenz curve: cumulative shares of customers (poorest first) and of revenue, from 0 to 1.
    n_customers : int
        Customers.
    """

    top_share: float          # share of revenue from the top ``top`` share of customers
    top: float
    gini: float
    lorenz_customers: np.ndarray   # cumulative share of customers (0..1), poorest first
    lorenz_revenue: np.ndarray     # cumulative share of revenue
    n_customers: int


def revenue_concentration(revenue: pd.Series | np.ndarray, top: float = 0.2) -> Concentration:
    """Share of revenue from the top ``top`` of customers, Gini coefficient, Lorenz curve.

    Negative revenues (net returns) are not allowed: they make the Lorenz curve meaningless; clip or exclude them.

    Parameters
    ----------
    revenue : pandas.Series or numpy.ndarray
        Revenue per customer (currency units), none missing or negative.
    top : float, default 0.2
        The top share of customers (0 to 1; the top ``ceil(top * n)`` customers).

    Returns
    -------
    Concentration
        The top share, the Gini coefficient and the Lorenz curve.

    Raises
    ------
    insight.exceptions.DataValidationError
        With no customer, a missing, infinite or negative value, or a total of 0.

    Examples
    --------
    >>> from insight.models.segments import revenue_concentration
    >>> c = revenue_concentration([500, 300, 120, 50, 30])
    >>> round(c.top_share, 3), round(c.gini, 3), c.lorenz_revenue.round(2).tolist()
    (0.5, 0.476, [0.0, 0.03, 0.08, 0.2, 0.5, 1.0])
    """
    check_param("top", top, float, min_val=0.0, max_val=1.0, include_min=False)
    v = np.asarray(pd.to_numeric(pd.Series(revenue), errors="coerce"), dtype=float)
    if len(v) == 0:
        raise DataValidationError("parameter 'revenue': 0 customers; at least one is needed.")
    bad = ~np.isfinite(v) | (v < 0)
    if bad.any():
        raise DataValidationError(
            f"parameter 'revenue': {int(bad.sum())} of {len(v)} values are missing, infinite or negative; "
            f"e.g. {float(v[bad][0])!r}."
        )
    total = v.sum()
    if total <= 0:
        raise DataValidationError("parameter 'revenue': total revenue is 0; concentration is undefined.")
    s = np.sort(v)
    n = len(s)
    cum = np.concatenate([[0.0], np.cumsum(s) / total])
    x = np.arange(n + 1) / n
    gini = 1.0 - np.sum((cum[1:] + cum[:-1]) / n)
    k = int(np.ceil(top * n))
    top_share = s[n - k:].sum() / total
    return Concentration(float(top_share), top, float(gini), x, cum, n)


def loyal_claim(revenue: pd.Series, types: pd.Series, loyal_label: str = "loyal",
                max_share: float = 0.2) -> dict:
    """Check "loyal customers are at most ~20 % of customers but most of the revenue".

    The claim holds when loyal customers (of type ``loyal_label`` or a numbered group of it, :func:`type_of`) are at
    most ``max_share`` of customers (with 2.5 points tolerance for the "~") and bring more than half of revenue; with
    no loyal customer (``n_loyal == 0``) it cannot be checked and does not hold.
    ``insight.report.sections.types.loyal_claim_sentence`` says it in words.

    Parameters
    ----------
    revenue, types : pandas.Series
        Revenue (currency units) and type of each customer, in the same order.
    loyal_label : str, default "loyal"
        The loyal type.
    max_share : float, default 0.2
        Largest share of customers the loyal may be.

    Returns
    -------
    dict
        ``customer_share``, ``revenue_share``, ``holds``, ``n_loyal`` and ``max_share``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``revenue`` and ``types`` differ in length.

    Examples
    --------
    >>> from insight.models.segments import loyal_claim
    >>> r = loyal_claim([600, 300, 120, 50, 30, 0, 0, 0, 0, 0], ["loyal", "impulse"] + ["need-based"] * 8)
    >>> r["holds"], r["customer_share"], round(float(r["revenue_share"]), 3)
    (True, 0.1, 0.545)
    """
    if len(revenue) != len(types):
        raise DataValidationError(f"parameters 'revenue' and 'types' have {len(revenue)} and {len(types)} rows; "
                                  "they must be the same customers.")
    is_loyal = np.asarray(pd.Series(np.asarray(types, dtype=object)).map(type_of) == loyal_label)
    n_loyal = int(is_loyal.sum())
    rev = np.asarray(revenue, dtype=float)
    cust_share = n_loyal / len(rev)
    rev_share = rev[is_loyal].sum() / rev.sum() if rev.sum() > 0 else float("nan")
    if n_loyal == 0:
        return {"customer_share": 0.0, "revenue_share": 0.0, "holds": False, "n_loyal": 0, "max_share": max_share}
    holds = bool(cust_share <= max_share + 0.025 and rev_share > 0.5)
    return {"customer_share": cust_share, "revenue_share": rev_share, "holds": holds, "n_loyal": n_loyal,
            "max_share": max_share}


# --------------------------------------------------------------------------- customer types
#: Which signals (summary columns) characterise each type, with direction (+1 high, -1 low).
#: ``required``: a type cannot be recognised without at least one of these columns.
TYPE_SIGNATURES: dict[str, dict] = {
    "loyal": {"signals": {"purchases": 1, "total_revenue": 1, "tenure_days": 0.5, "recency_days": -0.5},
              "required": ["purchases", "total_revenue"]},
    "impulse": {"signals": {"categories": 1, "interpurchase_cv": 0.5, "avg_basket": 0.5, "discount_share": -0.5},
                "required": ["categories"]},
    "discount-driven": {"signals": {"discount_share": 1.5}, "required": ["discount_share"]},
    "need-based": {"signals": {"categories": -1, "interpurchase_cv": -1, "visits_per_purchase": -0.5},
                   "required": ["categories"]},
    "wandering": {"signals": {"visits_per_purchase": 1.5, "total_revenue": -0.5}, "required": ["visits_per_purchase"]},
}

#: Columns used for clustering when present, and whether to log-transform them. Tenure and
#: recency are left out on purpose: they say when a customer arrived or left, not what kind
#: of customer they are (on the demo company they lower the ARI from 0.85 to 0.83).
FEATURES = {
    "purchases": True, "total_revenue": True, "avg_basket": True, "interpurchase_cv": False,
    "discount_share": False, "categories": True, "visits_per_purchase": True,
}

#: Features undefined for customers with too few purchase days (filled with the median).
GAP_FEATURES = ("interpurchase_cv", "mean_gap_days")

#: fewest customers (with a purchase history) per customer type: fewer cannot be told apart from noise, and
#: clusters of a handful of customers make named "types" out of individuals. k is capped accordingly.
MIN_PER_TYPE = 30

#: Type (an id) of customers with fewer than ``min_purchases`` purchase days (``short_history="exclude"``).
TOO_LITTLE = "too_little_history"

#: Type (an id) of a cluster that matches no identifiable type.
UNIDENTIFIED = "unidentified"

#: Why :class:`CustomerTypes` fitted no types (``insufficient_``): too few customers with a purchase history.
TOO_FEW_CUSTOMERS = "too_few_customers"


def type_of(name) -> str:
    """The customer type of a type id: ``"discount-driven_2"`` (the second group of customers resembling the
    discount-driven type, see :class:`CustomerTypes`) -> ``"discount-driven"``; any other id as it is.

    Parameters
    ----------
    name : object
        A type id (read as text).

    Returns
    -------
    str
        The customer type.

    Examples
    --------
    >>> from insight.models.segments import type_of
    >>> type_of("discount-driven_2"), type_of("loyal"), type_of("x_2")
    ('discount-driven', 'loyal', 'x_2')
    """
    m = re.fullmatch(r"(.+)_(\d+)", str(name))
    return m.group(1) if m and m.group(1) in TYPE_SIGNATURES else str(name)


class CustomerTypes(FittedCheck, BaseEstimator):
    """Cluster customers and name each cluster as one of the five customer types.

    Parameters
    ----------
    n_clusters : int, default 0
        Number of clusters; 0 chooses it automatically over ``k_range``: the smallest k whose silhouette (KMeans, on
        a sample of 4,000) is within 0.01 of the best, or the best BIC (Gaussian mixture).
    k_range : tuple, default (3, 8)
        Smallest and largest number of clusters tried when ``n_clusters == 0``.
    method : {"kmeans", "gmm"}, default "kmeans"
        KMeans or a Gaussian mixture (full covariances).
    features : list or None
        Summary columns to cluster on (default: those of ``FEATURES`` present).
    min_purchases : int, default 2
        Customers with fewer purchase days do not shape the clusters: one purchase says nothing about regularity or
        category breadth. Their count is in ``n_excluded_``.
    short_history : {"nearest", "exclude"}, default "nearest"
        How those customers are typed: ``"nearest"`` gives them the type of the nearest cluster (on the demo company
        this is right for about 78% of them, against 94% for customers with a history) and flags them in
        ``provisional_``; ``"exclude"`` gives them the type :data:`TOO_LITTLE` (``"too_little_history"``).
    n_bootstrap : int, default 10
        Bootstrap refits for the stability score (0 skips it).
    revenue_col : str, default "total_revenue"
        Summary column of each customer's revenue (currency units), for the revenue shares.
    random_state : int, default 0
        Seed of the clustering, the silhouette sample and the bootstrap.
    too_little_data : {"raise", "note"}, default "raise"
        With too few customers for two types: raise :class:`~insight.exceptions.InsufficientDataError`, or
        (``"note"``, for reports) fit nothing and give the reason's code in ``insufficient_``.

    Attributes
    ----------
    labels_ : Series, cluster of each fitted customer.
    types_ : Series, customer type (an id) of every customer of the summary given to fit:
        one of the five types, ``"unidentified"`` when a cluster matches no identifiable type, or
        ``"too_little_history"`` (``short_history="exclude"``). No two clusters share a type id: when more clusters
        than types resemble one type, the one that resembles it most takes its id and the others take it numbered
        (``"discount-driven_2"``; :func:`type_of` gives the type back). Reports name the types through their message
        catalog (``type.<id>``).
    provisional_ : Series of bool, True for customers typed from fewer than ``min_purchases`` purchase days.
    profiles_ : DataFrame, one row per cluster: size, share, revenue share, type, the mean
        of each feature and its ratio to the population mean.
    cluster_types_ : dict cluster -> type.
    explanations_ : DataFrame, what sets each cluster apart: per cluster its three most
        distinctive features (``rank`` 1-3), with columns ``cluster``, ``type``, ``rank``, ``signal`` (the summary
        column), ``high`` (above or below the population) and the cluster's and the population's medians
        (``median``, ``overall_median``).
    unidentifiable_ : dict type -> the summary columns it needs (any one of them), for types whose signals are missing.
    k_scores_ : Series of silhouette (or BIC) per number of clusters tried.
    n_history_ : customers with ``min_purchases`` or more purchase days (those clustered).
    insufficient_ : None, or (``too_little_data="note"``) the code of why no types were
        fitted (``"too_few_customers"``, with ``n_history_``); the other fitted attributes are then not set.
    k_capped_ : True when ``k_range`` was cut so that every type can have
        :data:`MIN_PER_TYPE` customers; with fewer than twice that many customers with a history, ``fit`` raises
        :class:`~insight.exceptions.InsufficientDataError`.
    stability_ : mean bootstrap adjusted Rand index (1 = identical clusters).

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.segments import CustomerTypes
    >>> company = demo_company(1000, seed=0)
    >>> summary = customer_summary(company.transactions, "customer_id", "date", "amount", discount_col="discount",
    ...                            category_col="category", visits=company.visits)
    >>> types = CustomerTypes(n_clusters=5, n_bootstrap=0).fit(summary)
    >>> types.summary()[["customers", "revenue_share"]].round(2)
                     customers  revenue_share
    type
    loyal                  120           0.57
    impulse                119           0.15
    discount-driven        201           0.13
    need-based             293           0.11
    wandering              267           0.03
    """

    fitted_attribute = "model_"
    fit_call = "fit(summary)"

    def __init__(self, n_clusters: int = 0, k_range: tuple = (3, 8), method: str = "kmeans",
                 features: list | None = None, min_purchases: int = 2, short_history: str = "nearest",
                 n_bootstrap: int = 10, revenue_col: str = "total_revenue", random_state: int = 0,
                 too_little_data: str = "raise"):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.method = method
        self.features = features
        self.min_purchases = min_purchases
        self.short_history = short_history
        self.n_bootstrap = n_bootstrap
        self.revenue_col = revenue_col
        self.random_state = random_state
        self.too_little_data = too_little_data

    def check_params(self) -> "CustomerTypes":
        """Validate the parameters without fitting (notebooks call this first).

        Returns
        -------
        CustomerTypes
            The estimator itself; an invalid parameter raises :class:`~insight.exceptions.DataValidationError`.
        """
        self._check_params()
        return self

    # -- helpers
    def _check_params(self):
        check_param("n_clusters", self.n_clusters, int, min_val=0)
        if self.n_clusters == 1:
            raise DataValidationError("parameter 'n_clusters' == 1, must be 0 (automatic) or >= 2.")
        check_in("method", self.method, ["kmeans", "gmm"])
        if (not isinstance(self.k_range, (tuple, list)) or len(self.k_range) != 2
                or not 2 <= self.k_range[0] <= self.k_range[1]):
            raise DataValidationError(f"parameter 'k_range' == {self.k_range!r}, must be (low, high) with 2 <= low <= high.")
        check_param("n_bootstrap", self.n_bootstrap, int, min_val=0)
        check_param("min_purchases", self.min_purchases, int, min_val=1)
        check_in("short_history", self.short_history, ["nearest", "exclude"])
        check_in("too_little_data", self.too_little_data, ["raise", "note"])

    def transform_features(self, X: pd.DataFrame) -> np.ndarray:
        """The fitted feature columns of ``X`` as clustered, before scaling: log1p of the counts and amounts.

        Parameters
        ----------
        X : pandas.DataFrame
            Customer summary with the columns ``features_``; missing gap features get the fit's medians.

        Returns
        -------
        numpy.ndarray
            One row per customer, one column per feature of ``features_``.
        """
        Z = pd.DataFrame(index=X.index)
        for c in self.features_:
            v = X[c].astype(float)
            if c in GAP_FEATURES:
                v = v.fillna(self.gap_fill_[c])
            Z[c] = np.log1p(v.clip(lower=0)) if FEATURES.get(c, False) else v
        return Z.to_numpy()

    def _model(self, k, seed):
        if self.method == "kmeans":
            from sklearn.cluster import KMeans

            return KMeans(n_clusters=k, n_init=10, random_state=seed)
        from sklearn.mixture import GaussianMixture

        return GaussianMixture(n_components=k, covariance_type="full", n_init=3, random_state=seed)

    def fit(self, summary: pd.DataFrame, y=None) -> "CustomerTypes":
        """Cluster the customers with ``min_purchases`` or more purchase days, name the clusters and type everyone.

        Why one function: the silhouette sample and the bootstrap draws come from one random generator in a fixed
        order, so a seed gives the same types; split into helpers, that order would be spread over several.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer (:func:`insight.features.summary.customer_summary`) with the feature columns,
            ``purchases`` and ``revenue_col``.
        y : None
            Ignored (scikit-learn convention).

        Returns
        -------
        CustomerTypes
            The fitted estimator (unfitted, with ``insufficient_`` set, when ``too_little_data="note"`` applies).

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``summary`` is not a DataFrame, has fewer than 2 features, a total revenue not above 0, or a missing
            or infinite feature value (gap features may be missing).
        insight.exceptions.InsufficientDataError
            With too few customers with a history for two types (``too_little_data="raise"``).
        """
        from sklearn.metrics import adjusted_rand_score, silhouette_score
        from sklearn.preprocessing import RobustScaler

        self._check_params()
        if not isinstance(summary, pd.DataFrame):
            raise DataValidationError(f"parameter 'summary' must be a pandas DataFrame, got {type(summary).__name__}.")
        feats = self.features or [c for c in FEATURES if c in summary.columns]
        check_columns(summary, feats + [self.revenue_col, "purchases"], name="summary")
        if len(feats) < 2:
            raise DataValidationError(f"summary: {len(feats)} usable feature column(s) {feats}; at least 2 are needed.")
        self.features_ = list(feats)
        keep = summary["purchases"] >= self.min_purchases
        self.n_excluded_ = int((~keep).sum())
        self.n_total_ = len(summary)
        total_rev = pd.to_numeric(summary[self.revenue_col], errors="coerce").sum()
        if not total_rev > 0:
            raise DataValidationError(f"column {self.revenue_col!r}: total revenue is {total_rev!r}; must be > 0.")
        self.total_revenue_ = float(total_rev)
        X = summary.loc[keep]
        for c in self.features_:
            v = pd.to_numeric(summary[c], errors="coerce")
            bad = v.isna() if c not in GAP_FEATURES else pd.Series(False, index=v.index)
            bad |= np.isinf(v)
            if bad.any():
                raise DataValidationError(f"column {c!r}: {int(bad.sum())} of {len(v)} rows are missing or infinite; "
                                          f"e.g. {summary.loc[bad, c].iloc[0]!r}.")
        k_lo, k_hi = (self.n_clusters, self.n_clusters) if self.n_clusters else tuple(self.k_range)
        k_cap = len(X) // MIN_PER_TYPE   # at most this many types have MIN_PER_TYPE customers each
        self.insufficient_ = None
        self.n_history_ = len(X)
        if k_cap < max(2, k_lo if self.n_clusters else 2):
            if self.too_little_data == "note":
                self.insufficient_ = TOO_FEW_CUSTOMERS
                return self
            need = MIN_PER_TYPE * (self.n_clusters or 2)
            raise InsufficientDataError(
                f"only {len(X):,} customers have {self.min_purchases} or more purchase days; customer types need at "
                f"least {MIN_PER_TYPE} per type, so at least {need:,} for {self.n_clusters or 2} types.")
        self.k_capped_ = k_hi > k_cap
        k_hi = min(k_hi, k_cap)
        k_lo = min(k_lo, k_hi)
        # gap statistics are undefined with fewer than 2-3 purchase days: the median stands in
        self.gap_fill_ = {c: float(X[c].median()) if X[c].notna().any() else 1.0
                          for c in self.features_ if c in GAP_FEATURES}
        raw = self.transform_features(X)
        self.scaler_ = RobustScaler(quantile_range=(10, 90)).fit(raw)
        Z = self.scaler_.transform(raw)
        rng = np.random.default_rng(self.random_state)
        sample = rng.choice(len(Z), size=min(len(Z), 4000), replace=False)

        scores = {}
        models = {}
        for k in range(k_lo, k_hi + 1):
            m = self._model(k, self.random_state).fit(Z)
            models[k] = m
            if self.n_clusters:
                continue
            if self.method == "kmeans":
                lab = m.predict(Z[sample])
                scores[k] = silhouette_score(Z[sample], lab) if len(set(lab)) > 1 else -1.0
            else:
                scores[k] = -m.bic(Z)  # higher is better
        if self.n_clusters:
            k_best = self.n_clusters
        elif self.method == "kmeans":
            best = max(scores.values())
            k_best = min(k for k, v in scores.items() if v >= best - 0.01)
        else:
            k_best = max(scores, key=scores.get)
        self.k_scores_ = pd.Series(scores, name="silhouette" if self.method == "kmeans" else "-BIC", dtype=float)
        self.n_clusters_ = k_best
        self.model_ = models[k_best]
        labels = self.model_.predict(Z)

        if self.n_bootstrap:
            aris = []
            for b in range(self.n_bootstrap):
                idx = rng.choice(len(Z), size=len(Z), replace=True)
                mb = self._model(k_best, self.random_state + 1 + b).fit(Z[idx])
                aris.append(adjusted_rand_score(labels, mb.predict(Z)))
            self.stability_ = float(np.mean(aris))
            self.stability_runs_ = np.array(aris)
            if self.stability_ < 0.6:
                warnings.warn(f"cluster stability (bootstrap ARI) == {self.stability_:.2f} < 0.6: the {k_best} clusters "
                              "are not stable; try fewer clusters or method='gmm'.", StatisticalWarning, stacklevel=2)
        else:
            self.stability_ = float("nan")

        self.labels_ = pd.Series(labels, index=X.index, name="cluster")
        centers = pd.DataFrame([Z[labels == c].mean(axis=0) for c in range(k_best)], columns=self.features_)
        self._name_clusters(X, centers)
        self.types_ = self.predict(summary)
        self.provisional_ = ~keep if self.short_history == "nearest" else pd.Series(False, index=summary.index)
        rev = summary[self.revenue_col].astype(float)
        self.type_totals_ = pd.DataFrame({"customers": self.types_.value_counts(),
                                          "revenue": rev.groupby(self.types_).sum(),
                                          "provisional": self.provisional_.groupby(self.types_).sum()})
        return self

    def _name_clusters(self, X: pd.DataFrame, centers: pd.DataFrame) -> None:
        from scipy.optimize import linear_sum_assignment

        present = set(self.features_)
        self.unidentifiable_ = {}
        identifiable = []
        for t, sig in TYPE_SIGNATURES.items():
            if any(r in present for r in sig["required"]):
                identifiable.append(t)
            else:
                self.unidentifiable_[t] = list(sig["required"])
        score = pd.DataFrame(0.0, index=centers.index, columns=identifiable)
        for t in identifiable:
            sig = {f: w for f, w in TYPE_SIGNATURES[t]["signals"].items() if f in present}
            score[t] = sum(w * centers[f] for f, w in sig.items()) / sum(abs(w) for w in sig.values())
        self.type_scores_ = score
        assign = {}
        if identifiable:
            rows, cols = linear_sum_assignment(-score.to_numpy())
            for r, c in zip(rows, cols):
                if score.iloc[r, c] > 0:
                    assign[r] = identifiable[c]
            for r in score.index:
                if r not in assign:
                    best = score.loc[r].idxmax()
                    # an extra cluster takes the type it most resembles, if it clearly does
                    if score.loc[r, best] > 0.5 and len(centers) > len(identifiable):
                        assign[r] = best
        # a type id names one cluster: the one that resembles it most; a further one gets it numbered
        # ("discount-driven_2", :func:`type_of` reads the type back), so no two clusters share a name
        names, seen = {}, {}
        for r in sorted(assign, key=lambda r: (-score.loc[r, assign[r]], r)):
            seen[assign[r]] = seen.get(assign[r], 0) + 1
            names[r] = assign[r] if seen[assign[r]] == 1 else f"{assign[r]}_{seen[assign[r]]}"
        self.cluster_types_ = {c: names.get(c, UNIDENTIFIED) for c in centers.index}

        pop = X[self.features_].astype(float).median()
        pop_mean = X[self.features_].astype(float).mean()
        rev = X[self.revenue_col].astype(float)
        rows, why = [], []
        for c in centers.index:
            m = (self.labels_ == c).to_numpy()
            means = X.loc[m, self.features_].astype(float).mean()
            med = X.loc[m, self.features_].astype(float).median()
            ratio = means / pop_mean.replace(0, np.nan)
            top = centers.loc[c].abs().sort_values(ascending=False).index[:3]
            t = self.cluster_types_[c]
            why += [{"cluster": c, "type": t, "rank": i + 1, "signal": f, "high": bool(centers.loc[c, f] > 0),
                     "median": float(med[f]), "overall_median": float(pop[f])} for i, f in enumerate(top)]
            row = {"cluster": c, "type": t, "customers": int(m.sum()), "share": m.sum() / self.n_total_,
                   "revenue_share": rev[m].sum() / self.total_revenue_}
            row.update({f"{f}": means[f] for f in self.features_})
            row.update({f"{f} vs all": ratio[f] for f in self.features_})
            rows.append(row)
        self.explanations_ = pd.DataFrame(why, columns=["cluster", "type", "rank", "signal", "high", "median",
                                                        "overall_median"])
        self.profiles_ = pd.DataFrame(rows).set_index("cluster")

    def predict(self, summary: pd.DataFrame) -> pd.Series:
        """Customer type of each row of ``summary`` (same columns as in fit).

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer, with the fitted features and ``purchases``.

        Returns
        -------
        pandas.Series
            Named "type": the type id of the nearest cluster, or :data:`TOO_LITTLE` for a short history when
            ``short_history="exclude"``.
        """
        self.check_fitted()
        check_columns(summary, self.features_, name="summary")
        check_columns(summary, ["purchases"], name="summary")
        out = pd.Series(TOO_LITTLE, index=summary.index, name="type", dtype=object)
        keep = (summary["purchases"] >= self.min_purchases) | (self.short_history == "nearest")
        if keep.any():
            Z = self.scaler_.transform(self.transform_features(summary.loc[keep]))
            out[keep] = [self.cluster_types_[c] for c in self.model_.predict(Z)]
        return out

    def summary(self) -> pd.DataFrame:
        """Per type, over every customer given to fit: customers, share, revenue share, and how
        many of them were typed provisionally (from fewer than ``min_purchases`` purchase days).

        Returns
        -------
        pandas.DataFrame
            Per type, largest revenue share first: ``customers``, ``share``, ``revenue_share``, ``provisional`` and
            ``revenue_per_customer_vs_average`` (revenue share over customer share).
        """
        self.check_fitted()
        t = self.type_totals_
        out = pd.DataFrame({"customers": t["customers"], "share": t["customers"] / self.n_total_,
                            "revenue_share": t["revenue"] / self.total_revenue_,
                            "provisional": t["provisional"].astype(int)})
        out["revenue_per_customer_vs_average"] = out["revenue_share"] / out["share"]
        return out.sort_values("revenue_share", ascending=False)
