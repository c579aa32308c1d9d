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
    every complaint, with a group or not), the days of each period the log covers (``days``), whether it covers the period in full (``complete``: the first and last period
    of a log usually are not), the complaints without a group (``missing_group``), and the first and last day of the
    log."""

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


def complaint_volume(log: pd.DataFrame, *, date_col: str = "created", freq: str = "M", by: str | None = None) -> Volume:
    """Complaints per month (``freq="M"``) or quarter (``"Q"``) of ``date_col``, split by ``by`` (a column such as the
    category or the channel) when given. A period the log does not cover from its first to its last day is marked
    incomplete (:func:`insight.features.cohorts.complete_periods` with no slack, and the same at the start), so a
    comparison leaves it out."""
    _log(log, [date_col, by])
    check_in("freq", freq, ["M", "Q"])
    d = to_datetime(log[date_col], date_col)
    if d.isna().any():
        fail_rows(date_col, "have no date", d.isna(), log[date_col], "a date for every complaint")
    period = d.dt.to_period(freq)
    first, last = d.min().normalize(), d.max().normalize()
    periods = pd.period_range(first, last, freq=freq)
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
    interval widened for having looked at every pair (Bonferroni)."""

    before_rate: float
    after_rate: float
    comparisons: int


def volume_change(volume: Volume, *, confidence: float = 0.95) -> VolumeChange | None:
    """Between consecutive complete periods of ``volume``, the change in complaints a day that is largest for its
    Poisson noise (the rate difference over its standard error, sqrt(a/days_a² + b/days_b²)), as
    :func:`insight.features.cohorts.buyers_change` does for buyers; rates a day, so a short month is no drop. The
    interval is Bonferroni-adjusted for the number of pairs looked at. None with fewer than two complete periods."""
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
    Wilson interval ``low``-``high``; largest first) and the complaints without a value (``missing``)."""

    table: pd.DataFrame
    missing: int

    @property
    def n(self) -> int:
        return int(self.table["complaints"].sum())


def complaint_mix(log: pd.DataFrame, by: str, *, confidence: float = 0.95) -> Mix:
    """How the complaints split over the values of ``by`` (category, channel, outcome), each share with its
    Wilson interval."""
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
    or with ``by`` a DataFrame of one such row per group (groups without an answer left out), largest first."""
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
    low while many are open (``open``)."""
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
    (``repeat_complaints``, ``complaint_share``), the most by one customer, and complaints without a customer id."""

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
    """How many customers complained more than once, and how many of the complaints they account for."""
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
