"""Complaint and ticket logs on their own, no survey needed: how many complaints come in and when, what about, through
which channel, how fast they are answered and resolved against a target, how many were answered in time, how they
ended, how many were disputed, and who complains again. Every share has a Wilson interval.

The log is a DataFrame with one row per complaint, as :func:`insight.data.complaints.load_complaints` gives it;
column names are arguments (their defaults are the roles' names there).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._results import Result
from ...exceptions import DataValidationError
from ...features.cohorts import complete_periods
from ...parsers import to_datetime
from ...periods import period_of, period_range
from ...validate import check_columns, check_in, check_param, fail_rows, require_frame
from .scores import Change, share, wilson_interval

__all__ = ["Volume", "complaint_volume", "VolumeChange", "volume_change", "Mix", "complaint_mix", "flag_share",
           "service_speed", "Repeats", "repeat_complaints"]


def _log(log: pd.DataFrame, columns: list) -> pd.DataFrame:
    require_frame(log, "log")
    check_columns(log, columns, name="log")
    if log.empty:
        raise DataValidationError("parameter 'log': 0 complaints; the log needs at least one row.")
    return log


# --------------------------------------------------------------------------- volume
@dataclass
class Volume(Result):
    """Complaints per calendar period (``table``: one column per group of ``by``, or ``complaints``; ``complaints``:
    every complaint, with a group or not), the days of each period the log covers (``days``), whether it covers the
    period in full (``complete``: the first and last period of a log usually are not), the complaints without a group
    (``missing_group``), and the first and last day of the log.

    Attributes
    ----------
    table : pandas.DataFrame
        Complaints per period (index ``period``, pandas periods): one column per group of ``by``, largest first, or
        the one column ``complaints``.
    days : pandas.Series
        Days of each period that the log covers.
    complete : pandas.Series
        Whether the log covers each period from its first to its last day.
    freq : str
        The period: ``"M"`` (month) or ``"Q"`` (quarter).
    by : str or None
        The column the complaints were split by.
    missing_group : int
        Complaints without a value of ``by`` (0 without ``by``).
    first, last : pandas.Timestamp
        The first and last day of the log.
    complaints : pandas.Series
        Every complaint per period, with a group or not (also as ``total``).
    """

    table: pd.DataFrame
    days: pd.Series
    complete: pd.Series
    freq: str
    by: str | None
    missing_group: int
    first: pd.Timestamp
    last: pd.Timestamp
    complaints: pd.Series

    @property
    def total(self) -> pd.Series:
        """Complaints per period, every group together (and those without one)."""
        return self.complaints


def complaint_volume(log: pd.DataFrame, *, date_col: str = "created", freq: str = "M", by: str | None = None,
                     calendar: str = "gregorian") -> Volume:
    """Complaints per month (``freq="M"``) or quarter (``"Q"``) of ``date_col``, split by ``by`` (a column such as the
    category or the channel) when given. A period the log does not cover from its first to its last day is marked
    incomplete (:func:`insight.features.cohorts.complete_periods` with no slack, and the same at the start), so a
    comparison leaves it out.

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, one row per complaint.
    date_col : str, default "created"
        Column of the date the complaint came in; every complaint needs one.
    freq : {"M", "Q"}, default "M"
        Calendar period: month or quarter.
    by : str, optional
        Column to split the counts by.
    calendar : {"gregorian", "jalali"}, default "gregorian"
        Calendar of the months and quarters (:func:`insight.periods.period_of`; Solar Hijri with "jalali").

    Returns
    -------
    Volume
        The counts per period, the days covered and whether each period is complete.

    See Also
    --------
    volume_change : The largest change between consecutive complete periods.

    Examples
    --------
    >>> from insight.data.complaints import complaint_spec, load_complaints
    >>> from insight.models.satisfaction import complaint_volume
    >>> log = load_complaints(complaint_spec("cfpb_complaints")).table
    >>> v = complaint_volume(log, freq="Q")
    >>> v.table
            complaints
    period
    2023Q1        1077
    2023Q2        1086
    2023Q3         664
    >>> v.days.tolist(), v.complete.tolist()
    ([90, 91, 55], [True, True, False])
    """
    _log(log, [date_col, by])
    check_in("freq", freq, ["M", "Q"])
    d = to_datetime(log[date_col], date_col)
    if d.isna().any():
        fail_rows(date_col, "have no date", d.isna(), log[date_col], "a date for every complaint")
    period = period_of(d, freq, calendar)
    first, last = d.min().normalize(), d.max().normalize()
    periods = period_range(first, last, freq, calendar)
    keys = [period] if by is None else [period, log[by]]
    counts = pd.Series(1, index=log.index).groupby(keys, observed=True).sum()
    table = (counts.rename("complaints").to_frame() if by is None else counts.unstack(fill_value=0))
    table = table.reindex(periods, fill_value=0).astype(int)
    if by is not None:
        table = table[table.sum().sort_values(ascending=False, kind="stable").index]
    table.index.name = "period"
    start = pd.Series([max(p.start_time, first) for p in periods], index=periods)
    end = pd.Series([min(p.end_time.normalize(), last) for p in periods], index=periods)
    days = ((end - start).dt.days + 1).rename("days")
    complete = complete_periods(periods, last, slack_days=0) & pd.Series(
        [p.start_time >= first for p in periods], index=periods)
    every = period.value_counts().reindex(periods, fill_value=0).astype(int).rename("complaints")
    return Volume(table, days, complete.rename("complete"), freq, by, int(log[by].isna().sum()) if by else 0,
                  first, last, every)


@dataclass
class VolumeChange(Change):
    """The largest change in complaints a day between two consecutive complete periods, among ``comparisons``
    such pairs: a :class:`~insight.models.satisfaction.scores.Change` of ``metric`` "complaints_per_day" whose
    ``before`` and ``after`` are the periods' counts, with their rates a day, the change of the rate and its
    interval widened for having looked at every pair (Bonferroni).

    Attributes
    ----------
    metric : str
        ``"complaints_per_day"``.
    before_period, after_period : str
        The two consecutive periods, earlier first.
    before, after : int
        Complaints in each period.
    change : float
        Change in complaints a day (``after_rate - before_rate``).
    low, high : float
        The change's Bonferroni-adjusted confidence interval, in complaints a day.
    before_rate, after_rate : float
        Complaints a day in each period.
    comparisons : int
        Pairs of consecutive complete periods looked at.
    """

    before_rate: float
    after_rate: float
    comparisons: int


def volume_change(volume: Volume, *, confidence: float = 0.95) -> VolumeChange | None:
    """Between consecutive complete periods of ``volume``, the change in complaints a day that is largest for its
    Poisson noise (the rate difference over its standard error, sqrt(a/days_a² + b/days_b²)), as
    :func:`insight.features.cohorts.buyers_change` does for buyers; rates a day, so a short month is no drop. The
    interval is Bonferroni-adjusted for the number of pairs looked at. None with fewer than two complete periods.

    Parameters
    ----------
    volume : Volume
        Complaints per period, from :func:`complaint_volume`.
    confidence : float, default 0.95
        Confidence level of the interval (before the Bonferroni adjustment).

    Returns
    -------
    VolumeChange or None
        The pair of periods with the largest change for its noise; None without two consecutive complete periods.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``volume`` is not a :class:`Volume`.

    Examples
    --------
    >>> from insight.data.complaints import complaint_spec, load_complaints
    >>> from insight.models.satisfaction import complaint_volume, volume_change
    >>> log = load_complaints(complaint_spec("cfpb_complaints")).table
    >>> ch = volume_change(complaint_volume(log))
    >>> ch.before_period, ch.after_period, ch.before, ch.after, ch.comparisons
    ('2023-04', '2023-05', 303, 385, 6)
    >>> round(ch.before_rate, 2), round(ch.after_rate, 2), round(ch.low, 2), round(ch.high, 2)
    (10.1, 12.42, 0.05, 4.58)
    """
    from scipy.stats import norm

    if not isinstance(volume, Volume):
        raise DataValidationError(f"parameter 'volume' must be a Volume (complaint_volume), got "
                                  f"{type(volume).__name__}.")
    check_param("confidence", confidence, float, min_val=0.5, max_val=1.0, include_max=False)
    full = volume.complete[volume.complete].index
    n, days = volume.total[full], volume.days[full]
    pairs = [(a, b) for a, b in itertools.pairwise(full) if b == a + 1]
    if not pairs:
        return None
    z = norm.ppf(1 - (1 - confidence) / (2 * len(pairs)))
    best = None
    for a, b in pairs:
        ra, rb = n[a] / days[a], n[b] / days[b]
        se = float(np.sqrt(n[a] / days[a] ** 2 + n[b] / days[b] ** 2))
        score = abs(rb - ra) / se if se > 0 else 0.0
        if best is None or score > best[0]:
            best = (score, VolumeChange("complaints_per_day", str(a), str(b), int(n[a]), int(n[b]), float(rb - ra),
                                        float(rb - ra - z * se), float(rb - ra + z * se), before_rate=float(ra),
                                        after_rate=float(rb), comparisons=len(pairs)))
    return best[1]


# --------------------------------------------------------------------------- what about, how it ended
@dataclass
class Mix(Result):
    """Complaints per value of a column (``table``: ``complaints``, ``share`` of the complaints with a value, its
    Wilson interval ``low``-``high``; largest first) and the complaints without a value (``missing``).

    Attributes
    ----------
    table : pandas.DataFrame
        Per value, largest first: ``complaints``, ``share`` and its interval ``low``-``high``.
    missing : int
        Complaints without a value.
    """

    table: pd.DataFrame
    missing: int

    @property
    def n(self) -> int:
        return int(self.table["complaints"].sum())


def complaint_mix(log: pd.DataFrame, by: str, *, confidence: float = 0.95) -> Mix:
    """How the complaints split over the values of ``by`` (category, channel, outcome), each share with its
    Wilson interval.

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, one row per complaint.
    by : str
        Column to split by.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    Mix
        Complaints and share per value, and the complaints without one.

    Examples
    --------
    >>> from insight.data.complaints import complaint_spec, load_complaints
    >>> from insight.models.satisfaction import complaint_mix
    >>> log = load_complaints(complaint_spec("cfpb_complaints")).table
    >>> complaint_mix(log, "outcome").table.round(3)
                                     complaints  share    low   high
    outcome
    Closed with explanation                2554  0.903  0.892  0.914
    Closed with monetary relief             142  0.050  0.043  0.059
    Closed with non-monetary relief         113  0.040  0.033  0.048
    Untimely response                        18  0.006  0.004  0.010
    """
    _log(log, [by])
    counts = log[by].value_counts(sort=False).sort_values(ascending=False, kind="stable")
    n = int(counts.sum())
    rows = {k: {"complaints": int(c), "share": c / n, **dict(zip(("low", "high"), wilson_interval(c, n, confidence)))}
            for k, c in counts.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["complaints", "share", "low", "high"])
    table.index.name = by
    return Mix(table, int(log[by].isna().sum()))


def flag_share(log: pd.DataFrame, flag_col: str, *, by: str | None = None, confidence: float = 0.95):
    """Share of yes answers of a yes/no column (answered in time, disputed) with its Wilson interval
    (:func:`insight.models.satisfaction.share`): a Series (``share``, ``low``, ``high``, ``n``, ``missing``, ``yes``),
    or with ``by`` a DataFrame of one such row per group (groups without an answer left out), largest first.

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, one row per complaint.
    flag_col : str
        The yes/no column (booleans, 0/1 or yes/no words; missing values are counted in ``missing``).
    by : str, optional
        Column to split by.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        ``share``, ``low``, ``high``, ``n``, ``n_effective``, ``missing`` and ``yes`` (a count); with ``by``, one row
        per group, the group with the most answers first.

    Examples
    --------
    >>> from insight.data.complaints import complaint_spec, load_complaints
    >>> from insight.models.satisfaction import flag_share
    >>> log = load_complaints(complaint_spec("cfpb_complaints")).table
    >>> flag_share(log, "timely")[["share", "low", "high", "yes"]].round(3).tolist()
    [0.962, 0.954, 0.968, 2719.0]
    """
    _log(log, [flag_col, by])
    if by is None:
        s = share(log[flag_col], confidence=confidence)
        return pd.concat([s, pd.Series({"yes": round(s["share"] * s["n"])})])
    rows = {}
    for g, sub in log.groupby(by, observed=True, sort=False):
        if sub[flag_col].notna().any():
            rows[g] = flag_share(sub, flag_col, confidence=confidence)
    out = pd.DataFrame.from_dict(rows, orient="index").sort_values("n", ascending=False, kind="stable")
    out.index.name = by
    return out


# --------------------------------------------------------------------------- speed
def service_speed(log: pd.DataFrame, hours_col: str, *, channel_col: str = "channel", created_col: str = "created",
                  target_hours: float = 24.0, as_of=None, confidence: float = 0.95) -> pd.DataFrame:
    """Hours to first response (or to resolution) per channel against ``target_hours``: complaints, those with a
    time (``timed``), median and 90th percentile of the times, and the share within target with its Wilson interval.

    A complaint without a time is still open: it has missed the target when it came in more than ``target_hours``
    before ``as_of`` (default: the last time in the log), and counts against the share; a younger one cannot be
    judged yet and is left out of it (``open_undecided``). Medians are of the complaints with a time, so they are
    low while many are open (``open``).

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, one row per complaint.
    hours_col : str
        Column of the hours to first response or to resolution; missing means still open.
    channel_col : str, default "channel"
        Column of the channel.
    created_col : str, default "created"
        Column of the time the complaint came in.
    target_hours : float, default 24.0
        The target, in hours (> 0).
    as_of : str or pandas.Timestamp, optional
        When the log was taken; default: the last answer or resolution time in the log.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Per channel, fastest median first: ``complaints``, ``timed``, ``open``, ``open_undecided``, ``median_h``,
        ``p90_h`` (hours), ``within_target`` and its interval ``within_target_low``-``within_target_high``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When no complaint has a time.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> from insight.models.satisfaction import service_speed
    >>> tickets = demo_company(300, seed=0).tickets
    >>> speed = service_speed(tickets, "hours_to_resolution", created_col="date", target_hours=48)
    >>> speed[["complaints", "open", "median_h", "within_target"]].round(2)
             complaints  open  median_h  within_target
    channel
    social            5     0     15.33           1.00
    chat             27     3     18.30           0.78
    phone            28     4     22.68           0.71
    email            29     3     31.98           0.62
    """
    _log(log, [hours_col, channel_col, created_col])
    check_param("target_hours", target_hours, float, min_val=0, include_min=False)
    created = to_datetime(log[created_col], created_col)
    h = pd.to_numeric(log[hours_col], errors="coerce")
    timed = h.notna()
    if not timed.any():
        raise DataValidationError(f"column {hours_col!r}: 0 of {len(log):,} complaints have a time; e.g. row "
                                  f"{log.index[0]!r}.")
    end = (created + pd.to_timedelta(h, unit="h")).max() if as_of is None else pd.Timestamp(as_of)
    end = max(end, created.max())
    missed_open = ~timed & ((end - created).dt.total_seconds() / 3600 > target_hours)
    rows = {}
    for ch, idx in log.groupby(channel_col, observed=True, sort=False).groups.items():
        t, o = h[idx], missed_open[idx]
        within, decided = int((t <= target_hours).sum()), int(t.notna().sum() + o.sum())
        lo, hi = wilson_interval(within, decided, confidence) if decided else (np.nan, np.nan)
        rows[ch] = {"complaints": len(idx), "timed": int(t.notna().sum()), "open": int(t.isna().sum()),
                    "open_undecided": int((t.isna() & ~o).sum()), "median_h": float(t.median()),
                    "p90_h": float(t.quantile(0.9)), "within_target": within / decided if decided else np.nan,
                    "within_target_low": lo, "within_target_high": hi}
    out = pd.DataFrame.from_dict(rows, orient="index").sort_values("median_h", kind="stable")
    out.index.name = channel_col
    return out


# --------------------------------------------------------------------------- repeat complaints
@dataclass
class Repeats(Result):
    """Customers by how many complaints they made (``table``: ``customers`` with 1, 2, 3, ... complaints), the
    customers with more than one (``repeaters``) and their share with its Wilson interval, the complaints they made
    (``repeat_complaints``, ``complaint_share``), the most by one customer, and complaints without a customer id.

    Attributes
    ----------
    table : pandas.DataFrame
        ``customers`` per number of complaints (index ``complaints``).
    customers : int
        Customers with a complaint.
    repeaters : int
        Customers with more than one.
    share, low, high : float
        Share of complaining customers who complained again, and its Wilson interval.
    repeat_complaints : int
        Complaints made by repeaters.
    complaint_share : float
        Their share of the complaints with a customer id.
    most : int
        The most complaints by one customer.
    no_customer : int
        Complaints without a customer id, left out.
    """

    table: pd.DataFrame
    customers: int
    repeaters: int
    share: float
    low: float
    high: float
    repeat_complaints: int
    complaint_share: float
    most: int
    no_customer: int


def repeat_complaints(log: pd.DataFrame, *, customer_col: str = "customer_id", confidence: float = 0.95) -> Repeats:
    """How many customers complained more than once, and how many of the complaints they account for.

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, one row per complaint.
    customer_col : str, default "customer_id"
        Column of the customer id; complaints without one are counted apart.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Repeats
        Customers by number of complaints, the repeaters and their share.

    Raises
    ------
    insight.exceptions.DataValidationError
        When no complaint has a customer id.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.satisfaction import repeat_complaints
    >>> r = repeat_complaints(pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c", None]}))
    >>> r.customers, r.repeaters, r.repeat_complaints, r.most, r.no_customer
    (3, 2, 5, 3, 1)
    >>> round(r.share, 3), round(r.complaint_share, 3)
    (0.667, 0.833)
    """
    _log(log, [customer_col])
    known = log[customer_col].notna()
    if not known.any():
        raise DataValidationError(f"column {customer_col!r}: 0 of {len(log):,} complaints have a customer id.")
    per = log.loc[known, customer_col].value_counts()
    repeat = per[per > 1]
    lo, hi = wilson_interval(len(repeat), len(per), confidence)
    table = per.value_counts().sort_index().rename("customers").to_frame()
    table.index.name = "complaints"
    return Repeats(table, len(per), len(repeat), len(repeat) / len(per), lo, hi, int(repeat.sum()),
                   float(repeat.sum() / per.sum()), int(per.max()), int((~known).sum()))
