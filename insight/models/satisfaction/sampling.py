"""Whom to ask: a stratified random survey sample that covers every kind of customer (recent
buyers, long-lapsed ones, every type), with design weights for the answers.

:func:`survey_sample` draws a seeded stratified sample with per-stratum sizes from a target
margin of error, and design weights that the functions of :mod:`insight.models.satisfaction`
accept. Plain pandas/numpy on purpose: the sample-size formulas (Cochran 1977, ch. 4-5) are a
few lines each; survey packages on PyPI bring far more than this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...exceptions import DataValidationError
from ...validate import check_columns, check_in, check_param, plain

__all__ = ["recency_groups", "SurveySample", "survey_sample"]


# --------------------------------------------------------------------------- survey sampling
def recency_groups(days_since_last, *, edges: tuple = (90, 365),
                   labels: tuple = ("recent", "lapsing", "long-lapsed")) -> pd.Series:
    """Recent buyers, lapsing and long-lapsed customers from days since the last purchase.

    Parameters
    ----------
    days_since_last : array-like or pandas.Series
        Days since each customer's last purchase (no missing or negative values); a Series keeps its index.
    edges : tuple of int, default (90, 365)
        Increasing group edges, in days; a group holds the days from its lower edge up to (not including) the next.
    labels : tuple of str, default ("recent", "lapsing", "long-lapsed")
        One label per group: one more than ``edges``.

    Returns
    -------
    pandas.Series
        Named "recency": a categorical of ``labels``, one per customer.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the labels do not fit the edges, or a value is missing or negative.

    Examples
    --------
    >>> from insight.models.satisfaction import recency_groups
    >>> recency_groups([10, 120, 400, 90]).tolist()
    ['recent', 'lapsing', 'long-lapsed', 'lapsing']
    """
    d = pd.Series(days_since_last)
    if len(labels) != len(edges) + 1:
        raise DataValidationError(f"parameter 'labels': {len(labels)} labels for {len(edges) + 1} groups.")
    bad = pd.to_numeric(d, errors="coerce").isna() | (pd.to_numeric(d, errors="coerce") < 0)
    if bad.any():
        raise DataValidationError(f"parameter 'days_since_last': {int(bad.sum()):,} of {len(d):,} values are missing "
                                  f"or negative; e.g. {plain(d[bad].iloc[0])!r}.")
    return pd.cut(d.astype(float), [-np.inf, *edges, np.inf], labels=list(labels), right=False).rename("recency")


@dataclass
class SurveySample:
    """Result of :func:`survey_sample`.

    Attributes
    ----------
    contacts : pandas.DataFrame
        The customers to ask: index the (pseudonymized) id, the stratum columns and ``weight`` (the design weight).
    design : pandas.DataFrame
        Per stratum: ``population``, ``sample``, ``weight`` and the expected ``margin_of_error``.
    margin : float
        Expected overall margin of error of a share (stratified).
    confidence : float
        Confidence level of the margins.
    """

    contacts: pd.DataFrame     # pseudonymized id, stratum columns, design weight
    design: pd.DataFrame       # per stratum: population, sample, weight, expected margin of error
    margin: float              # expected overall margin of error (stratified)
    confidence: float


def _n_for_margin(N: float, margin: float, z: float, p: float) -> int:
    n0 = z ** 2 * p * (1 - p) / margin ** 2
    return int(np.ceil(n0 / (1 + (n0 - 1) / N)))       # finite-population correction


def survey_sample(customers: pd.DataFrame, strata: list[str], *, margin: float = 0.05, confidence: float = 0.95,
                  allocation: str = "proportional", p: float = 0.5, min_per_stratum: int = 2, seed: int = 0,
                  reveal_ids: bool | None = None) -> SurveySample:
    """A seeded stratified random sample of customers for a satisfaction survey.

    ``strata`` are columns (e.g. customer type and recency group); every non-empty
    stratum is covered. ``allocation``:

    * ``"proportional"``: the total size reaches ``margin`` for a share ``p`` over the
      whole population (with the finite-population correction), split in proportion
      to stratum size (at least ``min_per_stratum`` each);
    * ``"equal"``: every stratum reaches ``margin`` on its own (the size each needs).

    Design weights are population / sample per stratum and sum to the population;
    pass them as ``weights`` to :mod:`insight.models.satisfaction.scores`. Ids (the index) are
    pseudonymized unless revealed. The expected margin of error per stratum and
    overall uses the same FPC.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer, indexed by customer id.
    strata : list of str or str
        Columns defining the strata; no missing values.
    margin : float, default 0.05
        Target margin of error of a share (0 to 0.5), e.g. 0.05 for plus or minus 5 points.
    confidence : float, default 0.95
        Confidence level of the margin.
    allocation : {"proportional", "equal"}, default "proportional"
        How the sample is split over the strata (see above).
    p : float, default 0.5
        The share the margin is planned for (0.5 is the most conservative).
    min_per_stratum : int, default 2
        Fewest customers drawn from a stratum (all of it when smaller).
    seed : int, default 0
        Seed of the draw; the same seed gives the same sample.
    reveal_ids : bool, optional
        True keeps the customer ids; default: as :func:`insight.privacy.pseudonymize` decides.

    Returns
    -------
    SurveySample
        The contacts with their design weights, the design per stratum and the expected margin.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``customers`` is not a DataFrame or a customer has no stratum value.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> from insight.models.satisfaction import recency_groups, survey_sample
    >>> company = demo_company(300, seed=0)
    >>> customers = company.customers.set_index("customer_id")
    >>> last = company.transactions.groupby("customer_id")["date"].max()
    >>> customers["recency"] = recency_groups((company.end - last).dt.days)
    >>> sample = survey_sample(customers, ["recency"], margin=0.1)
    >>> sample.design.round(3)
                 population  sample  weight  margin_of_error
    recency
    recent              137      33   4.152            0.149
    lapsing             108      26   4.154            0.168
    long-lapsed          55      13   4.231            0.240
    >>> round(sample.margin, 3), len(sample.contacts), int(sample.contacts["weight"].sum())
    (0.101, 72, 300)
    """
    from scipy.stats import norm

    from ...privacy import pseudonymize

    if not isinstance(customers, pd.DataFrame):
        raise DataValidationError(f"parameter 'customers' must be a pandas DataFrame, got {type(customers).__name__}.")
    strata = [strata] if isinstance(strata, str) else list(strata)
    check_columns(customers, strata, name="customers")
    check_param("margin", margin, float, min_val=0.0, max_val=0.5, include_min=False)
    check_param("confidence", confidence, float, min_val=0.5, max_val=1.0, include_max=False)
    check_param("p", p, float, min_val=0.0, max_val=1.0, include_min=False, include_max=False)
    check_param("min_per_stratum", min_per_stratum, int, min_val=1)
    check_in("allocation", allocation, ["proportional", "equal"])
    miss = customers[strata].isna().any(axis=1)
    if miss.any():
        raise DataValidationError(f"customers: {int(miss.sum()):,} of {len(customers):,} have no stratum value; "
                                  f"e.g. {plain(customers.index[miss][0])!r}.")
    z = float(norm.ppf(0.5 + confidence / 2))
    sizes = customers.groupby(strata, observed=True).size()
    N = int(sizes.sum())
    if allocation == "proportional":
        n_total = _n_for_margin(N, margin, z, p)
        n_h = np.maximum(np.round(n_total * sizes / N), min_per_stratum)
    else:
        n_h = pd.Series([_n_for_margin(Nh, margin, z, p) for Nh in sizes], index=sizes.index)
        n_h = np.maximum(n_h, min_per_stratum)
    n_h = np.minimum(n_h, sizes).astype(int)
    rng = np.random.default_rng(seed)
    picks = []
    groups = customers.groupby(strata, observed=True).indices
    for key, n in n_h.items():
        idx = groups[key]
        picks.append(np.sort(rng.choice(idx, size=int(n), replace=False)))
    chosen = customers.iloc[np.concatenate(picks)][strata].copy()
    weight = (sizes / n_h).rename("weight")
    chosen = chosen.join(weight, on=strata)
    chosen.index = pseudonymize(chosen.index, reveal_ids)
    fpc = np.sqrt(np.clip((sizes - n_h) / np.maximum(sizes - 1, 1), 0, None))
    moe = z * np.sqrt(p * (1 - p) / n_h) * fpc
    design = pd.DataFrame({"population": sizes, "sample": n_h, "weight": weight, "margin_of_error": moe})
    share = sizes / N
    overall = float(z * np.sqrt(np.sum(share ** 2 * p * (1 - p) / n_h * fpc ** 2)))
    return SurveySample(chosen, design, overall, confidence)
