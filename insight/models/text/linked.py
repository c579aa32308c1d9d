"""Themes linked to who leaves: per theme, its customers' churn rate against the rest and the customers it costs.

A customer is in a theme when at least one of their comments was assigned to it (a customer may be in several).
For each theme: ``customers`` in it, their churn rate with a Wilson interval, the churn rate of the rest (every
other customer of the churn table, with or without a comment) with its interval, the difference with Newcombe's
hybrid score interval (method 10 of Newcombe 1998, built from the two Wilson intervals), and the **cost in
customers**, ``customers x (rate in the theme - rate of the rest)``: how many more of the theme's customers left
than would have at the rate of the rest (negative: fewer left). Themes are ranked by that cost. With a value per
customer, the value of the theme's customers and the value that cost stands for (cost x their mean value).

It is an association, not an effect: a theme's customers may differ from the rest in other ways (the demo
company's price comments come mostly from discount-driven customers, who leave sooner whatever they write).
:func:`theme_features` gives theme membership as 0/1 columns per customer, to add to a churn table so a churn
model weighs the themes alongside everything else it knows. :func:`theme_value` ranks themes by the value of the
customers who wrote them (a wish list: whose wishes are worth the most), and :func:`theme_contacts` lists the
customers of one theme to tell once it is fixed, most valuable first, leaving out who opted out or has probably left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._results import Result
from ...exceptions import DataValidationError
from ...parsers import to_bool
from ...validate import check_param
from ..satisfaction.scores import wilson_interval
from .themes import Themes

__all__ = ["ThemeChurn", "theme_churn", "theme_features", "comment_themes", "ThemeContacts", "theme_contacts",
           "theme_value"]


@dataclass
class ThemeChurn(Result):
    """Result of :func:`theme_churn`: numbers only.

    ``table``: one row per theme (index ``theme``, its name or id), ranked by ``cost_customers`` (largest first):
    ``customers``, ``churned``, ``churn_rate`` with ``low``/``high``, ``rest_customers``, ``rest_rate`` with
    ``rest_low``/``rest_high``, ``difference`` with ``diff_low``/``diff_high``, ``cost_customers`` with
    ``cost_low``/``cost_high``, and with a value: ``value`` (the theme's customers' total) and ``cost_value``
    (``cost_customers`` times their mean value). ``features``: customers x themes, 0/1 (:func:`theme_features`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per theme, as above (rates are shares 0-1, intervals at ``confidence``).
    features : pandas.DataFrame
        Customers (every customer of ``churned``) x themes, 0/1.
    n_customers : int
        Customers in the churn table.
    n_commenters : int
        Of them, customers with at least one comment in a theme.
    churn_rate : float
        Churn rate of all ``n_customers`` (0-1).
    confidence : float, default 0.95
        Confidence level of the intervals.
    """

    table: pd.DataFrame
    features: pd.DataFrame
    n_customers: int
    n_commenters: int
    churn_rate: float
    confidence: float = 0.95


def comment_themes(themes) -> pd.Series:
    """One theme label per comment from a :class:`Themes` result (its name where named, else its id; unassigned
    comments NaN), or ``themes`` itself when it is already a Series of labels (NaN or -1 = unassigned).

    Parameters
    ----------
    themes : insight.models.text.themes.Themes or pandas.Series
        A :func:`~insight.models.text.themes.find_themes` result, or one theme label per comment.

    Returns
    -------
    pandas.Series
        One label per comment, named ``theme``, indexed like the comments; NaN where unassigned.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``themes`` is neither a Themes result nor a Series.

    Examples
    --------
    >>> import pandas as pd
    >>> comment_themes(pd.Series(["delivery", -1, "price"])).tolist()
    ['delivery', nan, 'price']
    """
    if isinstance(themes, Themes):
        names = themes.table["name"]
        label = {tid: (name if isinstance(name, str) and name else tid) for tid, name in names.items()}
        s = themes.documents["theme"].map(label)
        return s.where(themes.documents["theme"] >= 0).rename("theme")
    if isinstance(themes, pd.Series):
        s = themes.copy()
        return s.where(s.notna() & (s.astype(object) != -1)).rename("theme")
    raise DataValidationError(f"parameter 'themes' must be a Themes result or a Series with one theme label per "
                              f"comment, got {type(themes).__name__}.")


def _series(values, name: str) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (list, tuple, np.ndarray, pd.Index)):
        return pd.Series(np.asarray(values, dtype=object))
    raise DataValidationError(f"parameter {name!r} must be a Series (or list) with one value per row, got "
                              f"{type(values).__name__}.")


def _membership(themes, customer_ids, customers: pd.Index) -> pd.DataFrame:
    """customers x themes, 0/1, for the customers of ``customers`` (index)."""
    labels = comment_themes(themes)
    ids = _series(customer_ids, "customer_ids")
    if isinstance(customer_ids, pd.Series):
        if not ids.index.equals(labels.index):
            missing = labels.index.difference(ids.index)
            raise DataValidationError(
                f"parameter 'customer_ids': its index differs from the comments' ({len(ids):,} ids for "
                f"{len(labels):,} comments, {len(missing):,} comments without an id; e.g. "
                f"{(list(missing[:1]) or [None])[0]!r}).")
    else:
        if len(ids) != len(labels):
            raise DataValidationError(f"parameter 'customer_ids': {len(ids):,} ids for {len(labels):,} comments; give "
                                      f"one per comment (e.g. the first id is {ids.iloc[0] if len(ids) else None!r}).")
        ids.index = labels.index
    if ids.isna().any():
        raise DataValidationError(f"parameter 'customer_ids': {int(ids.isna().sum()):,} of {len(ids):,} comments have "
                                  f"no customer id; e.g. the comment at row {ids.index[ids.isna()][0]!r}.")
    known = ids.isin(customers)
    if not known.any():
        raise DataValidationError(f"parameter 'customer_ids': none of the {len(ids):,} comments' customers is in "
                                  f"'churned' ({len(customers):,} customers); e.g. {ids.iloc[0]!r} is not.")
    pairs = pd.DataFrame({"customer": ids[known].to_numpy(), "theme": labels[known].to_numpy()}).dropna()
    order = _theme_order(themes) if isinstance(themes, Themes) else list(pd.unique(labels.dropna()))
    wide = pd.crosstab(pairs["customer"], pairs["theme"]).reindex(columns=order, fill_value=0)
    out = (wide > 0).astype(np.int8).reindex(customers, fill_value=0)
    out.index.name = customers.name
    out.columns.name = "theme"
    return out


def _theme_order(themes: Themes) -> list:
    """The themes' labels in the order of their table (largest first)."""
    return list(pd.unique(pd.Series([name if isinstance(name, str) and name else tid
                                     for tid, name in themes.table["name"].items()], dtype=object)))


def _churned(churned) -> pd.Series:
    if not isinstance(churned, pd.Series):
        raise DataValidationError(f"parameter 'churned' must be a Series of churn flags indexed by customer id, got "
                                  f"{type(churned).__name__}.")
    if len(churned) == 0:
        raise DataValidationError("parameter 'churned' is empty: 0 customers; give one flag per customer.")
    if not churned.index.is_unique:
        dup = churned.index[churned.index.duplicated()]
        raise DataValidationError(f"parameter 'churned': {len(dup):,} customer ids appear more than once; e.g. "
                                  f"{dup[0]!r}.")
    s = churned
    if s.dtype != bool:
        num = pd.to_numeric(s, errors="coerce")
        bad = s[num.isna() | ~num.isin([0, 1])]
        if len(bad):
            raise DataValidationError(f"parameter 'churned': {len(bad):,} of {len(s):,} values are not a churn flag "
                                      f"(True/False or 1/0); e.g. {bad.iloc[0]!r} for customer {bad.index[0]!r}.")
        s = num.astype(bool)
    return s


def theme_features(themes, customer_ids, customers, *, prefix: str = "theme: ") -> pd.DataFrame:
    """Theme membership as 0/1 columns, one row per customer of ``customers`` (customer ids: a list, an index or a
    Series of them, or a DataFrame indexed by them), in that order: 1 when one of the customer's comments is in the
    theme. ``themes``: a :class:`Themes` result or one label per comment; ``customer_ids``: the customer id of each
    comment (same index as the comments, or in the same order). Columns are ``prefix`` + the theme's name (or id).

    Parameters
    ----------
    themes : insight.models.text.themes.Themes or pandas.Series
        The themes of the comments.
    customer_ids : pandas.Series or list
        The customer id of each comment.
    customers : pandas.DataFrame, pandas.Index, pandas.Series or list
        The customers to give a row, e.g. the churn table (indexed by customer id).
    prefix : str, default "theme: "
        Start of each column name.

    Returns
    -------
    pandas.DataFrame
        Customers x themes, int8 0/1, indexed like ``customers``; themes in the order of the Themes table.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``customers`` is empty or has duplicate ids, or the comments' ids do not match the comments.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> demo = demo_company(500, seed=0)
    >>> churned = demo.customers.set_index("customer_id")["churned"]
    >>> features = theme_features(demo.comments["true_theme"], demo.comments["customer_id"], churned.index)
    >>> features.shape, features.columns[0]
    ((500, 6), 'theme: late delivery, no answer')
    """
    check_param("prefix", prefix, str)
    index = customers.index if isinstance(customers, pd.DataFrame) else pd.Index(customers)
    if len(index) == 0:
        raise DataValidationError("parameter 'customers' is empty: 0 customers; give the churn table's customer ids.")
    if not index.is_unique:
        dup = index[index.duplicated()]
        raise DataValidationError(f"parameter 'customers': {len(dup):,} ids appear more than once; e.g. {dup[0]!r}.")
    out = _membership(themes, customer_ids, index)
    out.columns = [f"{prefix}{c}" for c in out.columns]
    return out


def theme_churn(themes, customer_ids, churned, *, value=None, confidence: float = 0.95,
                min_customers: int = 1) -> ThemeChurn:
    """Per theme, its customers' churn rate against the rest's and the customers it costs, ranked by that cost.

    ``themes``: a :class:`Themes` result (or a Series with one theme label per comment); ``customer_ids``: the
    customer id of each comment; ``churned``: one churn flag per customer (a Series indexed by customer id: the
    whole customer base, commenters or not); ``value``: optional value per customer (same index). Comments of
    customers not in ``churned`` are left out. Themes with fewer than ``min_customers`` customers are left out.
    See the module docstring for the figures.

    Parameters
    ----------
    themes : insight.models.text.themes.Themes or pandas.Series
        The themes of the comments.
    customer_ids : pandas.Series or list
        The customer id of each comment.
    churned : pandas.Series
        One churn flag (bool or 0/1) per customer, indexed by customer id.
    value : pandas.Series, optional
        Value per customer (currency units), indexed like ``churned``.
    confidence : float, default 0.95
        Confidence level of the intervals (between 0 and 1).
    min_customers : int, default 1
        Smallest number of customers a theme needs to get a row.

    Returns
    -------
    ThemeChurn
        The table ranked by cost in customers, the membership features and the counts.

    See Also
    --------
    theme_value : Themes ranked by the value of their customers.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> demo = demo_company(500, seed=0)
    >>> churned = demo.customers.set_index("customer_id")["churned"]
    >>> result = theme_churn(demo.comments["true_theme"], demo.comments["customer_id"], churned)
    >>> result.n_customers, result.n_commenters
    (500, 223)
    >>> result.table[["customers", "churn_rate", "rest_rate", "cost_customers"]].round(2).head(3)
                              customers  churn_rate  rest_rate  cost_customers
    theme
    late delivery, no answer         31        0.77       0.47            9.39
    faulty product                   51        0.57       0.48            4.47
    app and website                  41        0.49       0.49           -0.10
    """
    check_param("confidence", confidence, float, min_val=0, max_val=1, include_min=False, include_max=False)
    check_param("min_customers", min_customers, int, min_val=1)
    y = _churned(churned)
    members = _membership(themes, customer_ids, y.index)
    v = None if value is None else _per_customer(value, "value", y.index)
    yv = y.to_numpy(bool)
    n = len(yv)
    rows = []
    for theme in members.columns:
        m = members[theme].to_numpy(bool)
        k, r = int(m.sum()), int((~m).sum())
        if k < min_customers:
            continue
        c1, c2 = int(yv[m].sum()), int(yv[~m].sum())
        p1 = c1 / k
        p2 = c2 / r if r else np.nan
        l1, u1 = wilson_interval(c1, k, confidence)
        l2, u2 = wilson_interval(c2, r, confidence) if r else (np.nan, np.nan)
        d = p1 - p2
        dl = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        du = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
        row = {"theme": theme, "customers": k, "churned": c1, "churn_rate": p1, "low": l1, "high": u1,
               "rest_customers": r, "rest_rate": p2, "rest_low": l2, "rest_high": u2, "difference": d,
               "diff_low": dl, "diff_high": du, "cost_customers": k * d, "cost_low": k * dl, "cost_high": k * du}
        if v is not None:
            total = float(v.to_numpy()[m].sum())
            row["value"] = total
            row["cost_value"] = d * total   # cost_customers x mean value
        rows.append(row)
    table = pd.DataFrame(rows)
    if len(table):
        table = table.sort_values("cost_customers", ascending=False, kind="stable")
    table = table.set_index("theme") if "theme" in table else table
    commenters = int(members.any(axis=1).sum())
    return ThemeChurn(table=table, features=members, n_customers=n, n_commenters=commenters,
                      churn_rate=float(yv.mean()), confidence=confidence)


def _per_customer(values, name: str, customers: pd.Index) -> pd.Series:
    """``values`` (a Series indexed by customer id) as numbers for every customer of ``customers``, or refused."""
    if not isinstance(values, pd.Series):
        raise DataValidationError(f"parameter {name!r} must be a Series indexed by customer id, got "
                                  f"{type(values).__name__}.")
    v = pd.to_numeric(values, errors="coerce").reindex(customers)
    if v.isna().any():
        miss = v.index[v.isna()]
        raise DataValidationError(f"parameter {name!r}: {len(miss):,} of {len(customers):,} customers have no numeric "
                                  f"value; e.g. customer {miss[0]!r}.")
    return v


def theme_value(themes, customer_ids, value) -> pd.DataFrame:
    """Per theme, the value of the customers who wrote it, ranked by their total (largest first): ``customers``,
    ``value`` (their total), ``mean_value`` and ``share`` of the value of all customers of ``value`` (a Series of
    one value per customer, indexed by customer id: the whole customer base). Comments of customers not in ``value``
    are left out; a customer with comments in two themes counts in both.

    Parameters
    ----------
    themes : insight.models.text.themes.Themes or pandas.Series
        The themes of the comments.
    customer_ids : pandas.Series or list
        The customer id of each comment.
    value : pandas.Series
        One value per customer (currency units, e.g. revenue or CLV), indexed by customer id.

    Returns
    -------
    pandas.DataFrame
        One row per theme (index ``theme``): ``customers``, ``value``, ``mean_value`` and ``share`` (0-1).

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``value`` is not a non-empty Series, or a value is not a number.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> demo = demo_company(500, seed=0)
    >>> churned = demo.customers.set_index("customer_id")["churned"]
    >>> revenue = demo.transactions.groupby("customer_id")["amount"].sum().reindex(churned.index, fill_value=0.0)
    >>> theme_value(demo.comments["true_theme"], demo.comments["customer_id"], revenue).round(2).head(2)
                    customers     value  mean_value  share
    theme
    wish list              39  53825.04     1380.13   0.24
    faulty product         51  25661.16      503.16   0.11
    """
    if not isinstance(value, pd.Series) or value.empty:
        raise DataValidationError("parameter 'value' must be a non-empty Series of one value per customer, indexed "
                                  f"by customer id; got {type(value).__name__} of {len(value) if hasattr(value, '__len__') else 0} values.")
    v = _per_customer(value, "value", value.index)
    members = _membership(themes, customer_ids, v.index)
    total = float(v.sum())
    rows = [{"theme": t, "customers": int(members[t].sum()), "value": float(v[members[t].astype(bool)].sum())}
            for t in members.columns]
    out = pd.DataFrame(rows, columns=["theme", "customers", "value"]).set_index("theme")
    out["mean_value"] = out["value"] / out["customers"].where(out["customers"] > 0)
    out["share"] = out["value"] / total if total else np.nan
    return out.sort_values("value", ascending=False, kind="stable")


@dataclass
class ThemeContacts(Result):
    """Result of :func:`theme_contacts`: ``table`` (one row per customer to contact, indexed by customer id, most
    expected value first: ``comments`` in the theme, ``value``, ``p_alive`` when given, ``expected`` = value x
    P(alive)), and the customers of the theme left out: ``n_opted_out`` (asked not to be contacted), ``n_left``
    (P(alive) below ``min_p_alive``: a win-back, not news of a fix) and ``n_unknown`` (no value).

    Attributes
    ----------
    theme : object
        The theme (name or id).
    table : pandas.DataFrame
        The customers to contact, as above.
    n_in_theme : int
        Customers with a comment in the theme.
    n_opted_out : int
        Of them, customers left out because they asked not to be contacted.
    n_left : int
        Customers left out because P(alive) < ``min_p_alive``.
    n_unknown : int
        Customers left out because they have no value.
    min_p_alive : float
        The P(alive) threshold used.
    """

    theme: object
    table: pd.DataFrame
    n_in_theme: int
    n_opted_out: int
    n_left: int
    n_unknown: int
    min_p_alive: float


def theme_contacts(themes, customer_ids, theme, value, *, p_alive=None, opt_out=None,
                   min_p_alive: float = 0.5) -> ThemeContacts:
    """The customers who wrote about ``theme`` (its name, or its id when unnamed), to contact once it is fixed.

    ``value``: one value per customer (a Series indexed by customer id); ``p_alive``: optional P(alive) per
    customer (same index; customers below ``min_p_alive`` are left out and counted); ``opt_out``: optional
    customers who asked not to be contacted (a Series of yes/no flags indexed by customer id, a missing flag
    meaning no, or a list of ids), left out and counted. Ranked by value x P(alive) (value alone without ``p_alive``).

    Parameters
    ----------
    themes : insight.models.text.themes.Themes or pandas.Series
        The themes of the comments.
    customer_ids : pandas.Series or list
        The customer id of each comment.
    theme : object
        The theme whose writers to list.
    value : pandas.Series
        Value per customer (currency units), indexed by customer id.
    p_alive : pandas.Series, optional
        P(alive) per customer (0-1), indexed by customer id.
    opt_out : pandas.Series or list, optional
        Yes/no flags per customer id, or a list of the ids who opted out.
    min_p_alive : float, default 0.5
        Lowest P(alive) of a customer still worth telling (0-1).

    Returns
    -------
    ThemeContacts
        The contact list and the counts of customers left out.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``theme`` is not a theme of the comments or ``value`` is not a Series.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> demo = demo_company(500, seed=0)
    >>> churned = demo.customers.set_index("customer_id")["churned"]
    >>> revenue = demo.transactions.groupby("customer_id")["amount"].sum()
    >>> opt_out = demo.comments.set_index("customer_id")["opt_out"]
    >>> contacts = theme_contacts(demo.comments["true_theme"], demo.comments["customer_id"], "faulty product",
    ...                           revenue, opt_out=opt_out)
    >>> contacts.n_in_theme, contacts.n_opted_out, len(contacts.table)
    (51, 6, 45)
    """
    check_param("min_p_alive", min_p_alive, float, min_val=0, max_val=1)
    labels = comment_themes(themes)
    known = list(pd.unique(labels.dropna()))
    if theme not in known:
        raise DataValidationError(f"parameter 'theme' == {theme!r} is not a theme of these comments ({len(known)} "
                                  f"themes; e.g. {known[:5]!r}).")
    ids = _series(customer_ids, "customer_ids")
    if not isinstance(customer_ids, pd.Series):
        ids.index = labels.index
    writers = ids.reindex(labels.index)[labels == theme]
    counts = writers.value_counts()
    table = pd.DataFrame({"comments": counts.astype(int)})
    table.index.name = "customer"
    n_in = len(table)
    if not isinstance(value, pd.Series):
        raise DataValidationError(f"parameter 'value' must be a Series indexed by customer id, got "
                                  f"{type(value).__name__}.")
    table["value"] = pd.to_numeric(value, errors="coerce").reindex(table.index)
    unknown = table["value"].isna()
    table = table[~unknown]
    opted = pd.Series(False, index=table.index)
    if opt_out is not None:
        flags = (to_bool(opt_out.dropna(), "opt_out") if isinstance(opt_out, pd.Series)
                 else pd.Series(True, index=pd.Index(_series(opt_out, "opt_out").unique())))
        flags = flags.groupby(level=0).max()   # a customer who wrote twice: opted out if either comment says so
        opted = flags.reindex(table.index, fill_value=False).astype(bool)
    table = table[~opted.to_numpy()]
    n_left = 0
    if p_alive is not None:
        table["p_alive"] = _per_customer(p_alive, "p_alive", table.index)
        alive = table["p_alive"] >= min_p_alive
        n_left = int((~alive).sum())
        table = table[alive]
        table["expected"] = table["value"] * table["p_alive"]
    else:
        table["expected"] = table["value"]
    table = table.sort_values(["expected", "value"], ascending=False, kind="stable")
    return ThemeContacts(theme=theme, table=table, n_in_theme=n_in, n_opted_out=int(opted.sum()), n_left=n_left,
                         n_unknown=int(unknown.sum()), min_p_alive=min_p_alive)
