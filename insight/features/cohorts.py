"""Cohorts: customers grouped by the period of their first purchase (or start of subscription),
followed period by period: how many are still active, what they spend, how many still subscribe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import DAYS_PER_UNIT, to_bool
from ..periods import CALENDARS, parse_period, period_of, period_range, periods_apart
from ..validate import check_columns, check_in
from .summary import customer_summary, registered_engine, summarize

__all__ = ["Cohorts", "cohort_table", "cohorts_from", "DAYS_PER_UNIT", "subscription_cohorts", "buyers_change",
           "revenue_change", "complete_periods"]


@dataclass
class Cohorts:
    """Acquisition cohorts (customers by the period of their first purchase), followed period by period.

    Parameters
    ----------
    active : pandas.DataFrame
        The share of each cohort (rows, labelled like ``"1997-01"`` or ``"1997Q1"``) that bought in each later
        period (columns: 0 = the first purchase's period, 1, 2 ...); missing where the cohort has not reached
        that age.
    revenue : pandas.DataFrame
        The cohort's revenue (currency units) in each of those periods; empty for subscriptions.
    sizes : pandas.Series
        The customers per cohort.
    freq : str
        ``"M"`` (months) or ``"Q"`` (quarters).
    subscriptions : bool, default False
        True: active means "still subscribed" (:func:`subscription_cohorts`), not "bought".
    partial : str or None, default None
        The last calendar period, left out because the data end early in it.
    partial_days : int, default 0
        How many of its days the data cover.
    calendar : str, default "gregorian"
        The calendar of the periods: ``"gregorian"`` or ``"jalali"`` (Solar Hijri).

    See Also
    --------
    cohort_table, subscription_cohorts : Build them.
    """

    active: pd.DataFrame
    revenue: pd.DataFrame
    sizes: pd.Series
    freq: str
    subscriptions: bool = False     # active means "still subscribed" (subscription_cohorts), not "bought"
    partial: str | None = None      # the last calendar period, left out because the data end early in it
    partial_days: int = 0           # how many of its days the data cover
    calendar: str = "gregorian"     # the calendar of the periods: "gregorian" or "jalali" (Solar Hijri)

    def at_age(self, period: int = 3) -> dict | None:
        """Share of the first and the last cohort still active ``period`` periods after acquisition, and the mean.

        Parameters
        ----------
        period : int, default 3
            The age, in periods after acquisition.

        Returns
        -------
        dict or None
            ``first``, ``last`` (the cohorts' labels), ``first_share``, ``last_share`` and ``mean`` (over the cohorts
            that reached that age, weighted by their size); None when no cohort has reached that age.
        """
        col = self.active.get(period)
        if col is None or col.dropna().empty:
            return None
        seen = col.dropna()
        return {"first": seen.index[0], "last": seen.index[-1], "first_share": float(seen.iloc[0]),
                "last_share": float(seen.iloc[-1]), "mean": float(np.average(seen, weights=self.sizes[seen.index]))}

    def period(self, label: str):
        """The calendar period a cohort label (a row of ``active``) names, in the cohorts' calendar.

        Parameters
        ----------
        label : str
            A cohort label, e.g. ``"1997Q1"``.

        Returns
        -------
        pandas.Period or object
            The period (a Solar Hijri period object in the ``jalali`` calendar).
        """
        return parse_period(label, self.freq, self.calendar)

    def by_period(self) -> pd.Series:
        """Customers buying (or subscribed) in each calendar period, over every cohort (partial periods left out).

        Returns
        -------
        pandas.Series
            Named ``customers``, indexed by calendar period, sorted.
        """
        counts: dict = {}
        for cohort, row in self.active.mul(self.sizes, axis=0).iterrows():
            start = self.period(cohort)
            for age, n in row.dropna().items():
                counts[start + int(age)] = counts.get(start + int(age), 0.0) + float(n)
        return pd.Series(counts, name="customers").sort_index()


def buyers_change(c: Cohorts) -> dict | None:
    """How the number of customers buying changed between the last two (complete) periods, with a 95% interval
    from Poisson noise (sd = sqrt(before + after)); None with fewer than two periods.

    Parameters
    ----------
    c : Cohorts
        The cohorts, e.g. from :func:`cohort_table`.

    Returns
    -------
    dict or None
        ``before_period``, ``after_period`` (labels), ``before``, ``after`` (customers), ``change``, ``low``,
        ``high`` (the interval) and ``beyond_noise`` (whether the interval excludes 0).

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> c = cohort_table(load_cdnow(sample=True), freq="Q", customer_col="customer_id", date_col="date",
    ...                  amount_col="amount")
    >>> change = buyers_change(c)
    >>> change["before_period"], change["after_period"], change["change"], change["beyond_noise"]
    ('1998Q1', '1998Q2', -84.0, True)
    """
    t = c.by_period()
    if len(t) < 2:
        return None
    before, after = float(t.iloc[-2]), float(t.iloc[-1])
    sd = float(np.sqrt(before + after))
    change = after - before
    return {"before_period": str(t.index[-2]), "after_period": str(t.index[-1]), "before": before, "after": after,
            "change": change, "low": change - 1.96 * sd, "high": change + 1.96 * sd,
            "beyond_noise": bool(abs(change) > 1.96 * sd)}


def revenue_change(transactions: Any, c: Cohorts, **summary_kwargs) -> dict | None:
    """How revenue changed between the last two complete periods of ``c``, with a 95% interval.

    Revenue comes from summaries at the periods' ends; the interval treats customers as independent:
    var(change) ~ sum of each customer's squared revenue in either period (an upper bound when customers who buy in
    one period tend to buy in the next).

    Parameters
    ----------
    transactions : pandas.DataFrame, str, os.PathLike or insight.data.spec.DataSpec
        The log ``c`` was made from.
    c : Cohorts
        :func:`cohort_table` of the same log and ``summary_kwargs``, so the same cleaning.
    **summary_kwargs
        Parameters of :func:`insight.features.summary.customer_summary` (column names ...); ``visits``,
        ``discount_col``, ``category_col`` and ``as_of`` are ignored.

    Returns
    -------
    dict or None
        Keys as :func:`buyers_change` (``before``, ``after``, ``change``, ``low``, ``high``, ``beyond_noise``), in
        money; None with fewer than two periods or for subscription cohorts.
    """
    t = c.by_period()
    if len(t) < 2 or c.subscriptions:
        return None
    kw = {k: v for k, v in summary_kwargs.items() if k not in ("visits", "discount_col", "category_col", "as_of")}
    p0, p1 = t.index[-2], t.index[-1]
    cuts = [(p0 - 1).end_time.normalize(), p0.end_time.normalize(), p1.end_time.normalize()]
    totals = [customer_summary(transactions, as_of=cut, **kw)["total_revenue"] for cut in cuts]
    ids = totals[-1].index
    a, b, z = (x.reindex(ids, fill_value=0.0) for x in totals)
    before, after = b - a, z - b
    change = float(after.sum() - before.sum())
    sd = float(np.sqrt((before ** 2).sum() + (after ** 2).sum()))
    return {"before_period": str(p0), "after_period": str(p1), "before": float(before.sum()),
            "after": float(after.sum()), "change": change, "low": change - 1.96 * sd, "high": change + 1.96 * sd,
            "beyond_noise": bool(abs(change) > 1.96 * sd)}


def cohort_table(transactions: Any, *, freq: str = "M", max_periods: int = 24, calendar: str = "gregorian",
                 **summary_kwargs) -> Cohorts:
    """Retention and revenue by acquisition cohort from a transaction log.

    Computed from :func:`~insight.features.summary.customer_summary` at the end of each period (so every cleaning
    rule, same-day merge and return rule is exactly that of the other analyses): a customer is active in a period
    when their purchase days grew in it.

    Parameters
    ----------
    transactions : pandas.DataFrame, str, os.PathLike or insight.data.spec.DataSpec
        The log, as :func:`~insight.features.summary.customer_summary` reads it.
    freq : {"M", "Q"}, default "M"
        Months or quarters.
    max_periods : int, default 24
        At most this many periods after acquisition are shown (>= 1).
    calendar : str, default "gregorian"
        The calendar of the periods: ``"gregorian"`` or ``"jalali"`` (Solar Hijri).
    **summary_kwargs
        Go to :func:`~insight.features.summary.customer_summary` (column names, ``drop_duplicates``,
        ``timezone``, ``engine`` ...); ``visits``, ``discount_col``, ``category_col`` and ``as_of`` are ignored.

    Returns
    -------
    Cohorts
        A last period the data cover only in part is left out and named in ``partial``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``freq``, ``calendar`` or ``max_periods`` is invalid, or the log fails the summary's checks.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> c = cohort_table(load_cdnow(sample=True), freq="Q", customer_col="customer_id", date_col="date",
    ...                  amount_col="amount")
    >>> c.active.round(3)
              0      1      2      3      4      5
    1997Q1  1.0  0.222  0.177  0.171  0.163  0.127
    >>> int(c.sizes["1997Q1"])
    2357
    """
    from ..validate import check_param

    check_in("freq", freq, ["M", "Q"])
    check_in("calendar", calendar, list(CALENDARS))
    check_param("max_periods", max_periods, int, min_val=1)
    kw = {k: v for k, v in summary_kwargs.items() if k not in ("visits", "discount_col", "category_col", "as_of")}
    if kw.get("engine", "duckdb") != "duckdb":
        return registered_engine(kw.pop("engine"))[1](transactions, freq=freq, max_periods=max_periods,
                                                      calendar=calendar, **kw)
    whole = summarize(transactions, **kw)
    full, end = whole.table, whole.as_of
    periods = period_range(full["first_purchase"].min(), end, freq, calendar)
    cohort = period_of(full["first_purchase"], freq, calendar)
    prev_p = pd.Series(0.0, index=full.index)
    prev_r = pd.Series(0.0, index=full.index)
    active, revenue = {}, {}
    for per in periods:
        cut = min(per.end_time.normalize(), end)
        s = customer_summary(transactions, as_of=cut, **kw).reindex(full.index)
        purchases = s["purchases"].fillna(0.0)
        rev = s["total_revenue"].fillna(0.0)
        active[per] = (purchases > prev_p).groupby(cohort).sum()
        revenue[per] = (rev - prev_r).groupby(cohort).sum()
        prev_p, prev_r = purchases, rev
    return cohorts_from(pd.DataFrame(active), pd.DataFrame(revenue), cohort.value_counts(), freq, max_periods, end,
                        calendar=calendar)


#: a last calendar period the data end more than this many days before the end of is left out of cohort tables
PARTIAL_SLACK_DAYS = 3


def complete_periods(periods, last_day, *, slack_days: int = 7) -> pd.Series:
    """Which periods the data cover in full: a period whose end falls more than ``slack_days`` after the data's
    last day (``last_day``) is incomplete, and a trend or cohort statement leaves it out.

    Parameters
    ----------
    periods : sequence of pandas.Period
        The periods.
    last_day : date-like
        The data's last day.
    slack_days : int, default 7
        Days a period may end after ``last_day`` and still count as complete.

    Returns
    -------
    pandas.Series
        Named ``complete``, one bool per period, indexed by the periods.

    Examples
    --------
    >>> import pandas as pd
    >>> complete_periods(pd.period_range("2024-01", "2024-03", freq="M"), "2024-03-20").tolist()
    [True, True, False]
    """
    end = pd.Timestamp(last_day).normalize() + pd.Timedelta(days=slack_days)
    return pd.Series([p.end_time.normalize() <= end for p in periods], index=periods, name="complete")


def cohorts_from(active: pd.DataFrame, revenue: pd.DataFrame, sizes: pd.Series, freq: str, max_periods: int,
                 end=None, calendar: str = "gregorian") -> Cohorts:
    """:class:`Cohorts` from customers buying and revenue by cohort and calendar period, and the customers per cohort.

    Shared with :mod:`insight.features.spark`. A last calendar period that the data (ending on ``end``) cover only
    in part would make every cohort look as if it had collapsed: it is left out (its cells are missing) and named in
    ``partial``.

    Parameters
    ----------
    active, revenue : pandas.DataFrame
        Customers buying and revenue, by cohort (rows) and calendar period (columns, pandas Periods up to the end
        of the data).
    sizes : pandas.Series
        The customers per cohort.
    freq : str
        ``"M"`` or ``"Q"``.
    max_periods : int
        At most this many periods after acquisition are kept.
    end : date-like, optional
        The data's last day (None: no period is left out).
    calendar : str, default "gregorian"
        The calendar of the periods.

    Returns
    -------
    Cohorts
        ``active`` as shares of the cohort's size, by age (periods since acquisition).
    """
    sizes = sizes.sort_index()
    act, revs = active.reindex(sizes.index), revenue.reindex(sizes.index)
    partial = days = None
    if end is not None and len(act.columns):
        last = max(act.columns)
        end = pd.Timestamp(end).normalize()
        if not complete_periods([last], end, slack_days=PARTIAL_SLACK_DAYS).iloc[0]:
            partial, days = str(last), int((end - last.start_time.normalize()).days) + 1
            act, revs = act.drop(columns=last), revs.drop(columns=last, errors="ignore")

    def by_age(table):   # columns = periods since acquisition
        out = {}
        for c in table.index:
            row = table.loc[c, [p for p in table.columns if p >= c]]
            out[c] = pd.Series(row.to_numpy(), index=range(len(row)))
        return pd.DataFrame(out).T.iloc[:, : max_periods + 1]

    a = by_age(act).div(sizes, axis=0)
    a.index = a.index.astype(str)
    r = by_age(revs)
    r.index = r.index.astype(str)
    sz = sizes.copy()
    sz.index = sz.index.astype(str)
    return Cohorts(a, r, sz, freq, partial=partial, partial_days=days or 0, calendar=calendar)


#: days per duration unit, for subscription data given as a start date and a time with the company


def subscription_cohorts(customers: pd.DataFrame, start_col: str, end_col: str | None = None, *, as_of=None,
                         freq: str = "M", max_periods: int = 24, duration_col: str | None = None,
                         churned=None, duration_unit: str = "months", calendar: str = "gregorian") -> Cohorts:
    """Retention by start cohort for subscription data: for each cohort (the month or quarter of ``start_col``),
    the share still subscribed ``k`` periods after starting (at the start of the k-th period). Only ages the
    cohort can have reached by ``as_of`` are shown, so young cohorts are not counted as retained beyond what was
    observed.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per subscription.
    start_col : str
        The start date column.
    end_col : str, optional
        The cancellation date column, empty for subscribers still active (``as_of`` defaults to the latest date in
        the data). Give either it or ``duration_col`` with ``churned``.
    as_of : date-like, optional
        The day the data end.
    freq : {"M", "Q"}, default "M"
        Months or quarters.
    max_periods : int, default 24
        At most this many periods after the start are shown.
    duration_col : str, optional
        For churn tables: the time with the company, in ``duration_unit``; a churner cancelled at start + duration,
        and ``as_of`` defaults to the latest start + duration.
    churned : array-like, optional
        One yes/no per row, with ``duration_col``.
    duration_unit : str, default "months"
        Days, weeks, months, quarters or years (singular accepted).
    calendar : str, default "gregorian"
        The calendar of the periods: ``"gregorian"`` or ``"jalali"`` (Solar Hijri).

    Returns
    -------
    Cohorts
        With ``subscriptions=True`` and no revenue.

    Raises
    ------
    insight.exceptions.DataValidationError
        When not exactly one of ``end_col`` and ``duration_col`` is given, ``churned`` does not have one value per
        row, a start date or duration is missing (or a duration negative), a subscription ends before it starts,
        or a parameter is invalid.

    Examples
    --------
    >>> import pandas as pd
    >>> subs = pd.DataFrame({"start": ["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10"],
    ...                      "end": [None, "2024-03-15", None, "2024-02-25"]})
    >>> subscription_cohorts(subs, "start", "end", as_of="2024-04-30").active
               0    1    2    3
    start
    2024-01  1.0  1.0  1.0  0.5
    2024-02  1.0  0.5  0.5  NaN
    """
    from ..validate import check_param

    check_columns(customers, [start_col] + [c for c in (end_col, duration_col) if c], name="customers")
    check_in("freq", freq, ["M", "Q"])
    check_in("calendar", calendar, list(CALENDARS))
    check_param("max_periods", max_periods, int, min_val=1)
    if (end_col is None) == (duration_col is None):
        raise DataValidationError("subscription_cohorts: give either end_col (cancellation dates) or duration_col "
                                  "with churned (time with the company and whether the customer left).")
    start = pd.to_datetime(customers[start_col], errors="coerce")
    if start.isna().any():
        bad = start.isna()
        raise DataValidationError(f"column {start_col!r}: {int(bad.sum())} rows have no start date; e.g. "
                                  f"{customers.loc[bad, start_col].iloc[0]!r}.")
    if duration_col is not None:
        unit = duration_unit.strip().lower()
        unit = unit if unit.endswith("s") else unit + "s"
        check_in("duration_unit", unit, list(DAYS_PER_UNIT))
        if churned is None or len(churned) != len(customers):
            raise DataValidationError(f"churned: one yes/no per customer is needed with duration_col, got "
                                      f"{'none' if churned is None else len(churned)} for {len(customers):,} rows.")
        dur = pd.to_numeric(customers[duration_col], errors="coerce")
        bad = dur.isna() | (dur < 0)
        if bad.any():
            raise DataValidationError(f"column {duration_col!r}: {int(bad.sum())} rows have no non-negative "
                                      f"duration; e.g. {customers.loc[bad, duration_col].iloc[0]!r}.")
        # to the nearest day: a duration converted from dates (days / 30.44, rounded) gives its dates back
        stop = (start + pd.to_timedelta(dur.to_numpy() * DAYS_PER_UNIT[unit], unit="D")).dt.round("D")
        end = stop.where(to_bool(pd.Series(churned), "churned").to_numpy())
        as_of = pd.Timestamp(as_of) if as_of is not None else stop.max()
    else:
        end = pd.to_datetime(customers[end_col], errors="coerce")
        early = end.notna() & (end < start)
        if early.any():
            raise DataValidationError(f"column {end_col!r}: {int(early.sum())} rows end before they start; e.g. "
                                      f"{end[early].iloc[0].date()} before {start[early].iloc[0].date()}.")
    if as_of is None:
        as_of = max(start.max(), end.max()) if end.notna().any() else start.max()
    as_of = pd.Timestamp(as_of)
    cohort = period_of(start, freq, calendar)
    last = period_of(pd.Series([as_of]), freq, calendar).iloc[0]
    rows = {}
    for c, idx in cohort.groupby(cohort).groups.items():
        e = end[idx]
        ages = {}
        for k in range(0, min(max_periods, periods_apart(c, last)) + 1):
            point = (c + k).start_time          # the start of the k-th period after the cohort's
            ages[k] = float(((e.isna()) | (e >= point)).mean()) if k else 1.0
        rows[str(c)] = ages
    active = pd.DataFrame(rows).T
    sizes = cohort.astype(str).value_counts().sort_index()
    return Cohorts(active.reindex(sizes.index), pd.DataFrame(index=sizes.index), sizes, freq, subscriptions=True,
                   calendar=calendar)
