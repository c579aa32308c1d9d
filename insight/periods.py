"""Calendar periods (months, quarters, years) in the Gregorian or the Solar Hijri calendar.

A Gregorian period is a :class:`pandas.Period`. pandas has no other calendar, so a Solar Hijri period is a
:class:`SolarHijriPeriod` that offers what the cohort tables, trends and complaint volumes use of a
:class:`pandas.Period`: ``start_time``, ``end_time``, adding a whole number of periods, ordering and a
label that sorts in time (``"1402-09"``, ``"1402Q3"``, ``"1402"``). A Solar Hijri quarter is three months
counted from Farvardin (the first starts at Nowruz).

Which Solar Hijri month a day falls in is computed in the engine, by DuckDB's ICU Persian calendar
(:func:`insight.parsers.calendar_parts_sql`); the start of a month is taken from ``jdatetime`` (the
calendar library the tests hold both to, day by day from 1300 to 1499). The Spark path buckets its
rows by joining them to the same day-to-period table (:func:`day_periods`), so both engines give the
same buckets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .exceptions import DataValidationError

__all__ = ["CALENDARS", "FREQS", "SolarHijriPeriod", "period_of", "period_range", "parse_period", "day_periods",
           "periods_apart"]

#: the calendars periods can be counted in
CALENDARS = ("gregorian", "jalali")
#: period lengths: month, quarter, year
FREQS = ("M", "Q", "Y")
_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


@dataclass(frozen=True, order=True)
class SolarHijriPeriod:
    """A Solar Hijri month, quarter or year, counted as a whole number of periods since year 0.

    Parameters
    ----------
    ordinal : int
        ``year * 12 + month - 1`` for a month, ``year * 4 + quarter - 1`` for a quarter, ``year`` for a year.
    freq : str
        ``"M"``, ``"Q"`` or ``"Y"``.

    Examples
    --------
    >>> p = SolarHijriPeriod.of(1402, 9, "M")
    >>> str(p), str(p + 4), p.start_time.date().isoformat()
    ('1402-09', '1403-01', '2023-11-22')
    """

    ordinal: int
    freq: str = "M"

    @classmethod
    def of(cls, year: int, number: int = 1, freq: str = "M") -> "SolarHijriPeriod":
        """The period ``number`` (month 1-12 or quarter 1-4; ignored for a year) of Solar Hijri ``year``.

        Parameters
        ----------
        year : int
            The Solar Hijri year, such as 1402.
        number : int, default 1
            The month (1-12) or quarter (1-4) within the year.
        freq : str, default "M"
            ``"M"``, ``"Q"`` or ``"Y"``.

        Returns
        -------
        SolarHijriPeriod
            The period.
        """
        return cls(year * _PER_YEAR[freq] + (number - 1 if freq != "Y" else 0), freq)

    @property
    def year(self) -> int:
        """The Solar Hijri year."""
        return self.ordinal // _PER_YEAR[self.freq]

    @property
    def number(self) -> int:
        """The month (1-12) or quarter (1-4) within the year; 1 for a year."""
        return self.ordinal % _PER_YEAR[self.freq] + 1

    @property
    def first_month(self) -> int:
        """The Solar Hijri month the period starts in (1-12)."""
        return {"M": self.number, "Q": 3 * (self.number - 1) + 1, "Y": 1}[self.freq]

    @property
    def start_time(self) -> pd.Timestamp:
        """The Gregorian day the period starts on, at midnight."""
        return _gregorian_start(self.year, self.first_month)

    @property
    def end_time(self) -> pd.Timestamp:
        """The last nanosecond of the period's last day, as :attr:`pandas.Period.end_time` gives it."""
        return (self + 1).start_time - pd.Timedelta(1, "ns")

    def __add__(self, n: int) -> "SolarHijriPeriod":
        return SolarHijriPeriod(self.ordinal + int(n), self.freq)

    def __sub__(self, other):
        if isinstance(other, SolarHijriPeriod):
            return self.ordinal - other.ordinal
        return SolarHijriPeriod(self.ordinal - int(other), self.freq)

    def __str__(self) -> str:
        if self.freq == "M":
            return f"{self.year:04d}-{self.number:02d}"
        return f"{self.year:04d}Q{self.number}" if self.freq == "Q" else f"{self.year:04d}"


@lru_cache(maxsize=4096)
def _gregorian_start(year: int, month: int) -> pd.Timestamp:
    import jdatetime

    return pd.Timestamp(jdatetime.date(year, month, 1).togregorian())


def _check(freq: str, calendar: str) -> None:
    if freq not in FREQS:
        raise DataValidationError(f"parameter 'freq' == {freq!r}: must be one of {list(FREQS)} (month, quarter, "
                                  "year).")
    if calendar not in CALENDARS:
        raise DataValidationError(f"parameter 'calendar' == {calendar!r}: must be one of {list(CALENDARS)}.")


def day_periods(first, last, freq: str = "M") -> pd.DataFrame:
    """Every day from ``first`` to ``last`` with its Solar Hijri period's ordinal, computed by DuckDB's ICU calendar.

    Parameters
    ----------
    first, last : date-like
        The first and the last day (inclusive).
    freq : str, default "M"
        ``"M"``, ``"Q"`` or ``"Y"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``day`` (datetime64, midnight) and ``ordinal`` (int): the ``SolarHijriPeriod.ordinal`` of the
        day's period.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``freq`` is not a known period length.
    """
    from .parsers import calendar_parts_sql, duckdb_connect

    _check(freq, "jalali")
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    year, month, _ = calendar_parts_sql("d")
    number = {"M": f"{month} - 1", "Q": f"({month} - 1) // 3", "Y": "0"}[freq]
    con = duckdb_connect(calendar="jalali")
    try:
        return con.execute(
            f"SELECT CAST(d AS TIMESTAMP) AS day, {year} * {_PER_YEAR[freq]} + {number} AS ordinal "
            "FROM (SELECT CAST(unnest(generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY)) AS DATE) "
            "AS d) ORDER BY d", [first.date(), last.date()]).df()
    finally:
        con.close()


def period_of(dates: pd.Series, freq: str = "M", calendar: str = "gregorian") -> pd.Series:
    """Each date's month, quarter or year in ``calendar``; missing dates stay missing.

    Parameters
    ----------
    dates : pandas.Series
        Dates (datetime64, time zone free).
    freq : str, default "M"
        ``"M"``, ``"Q"`` or ``"Y"``.
    calendar : str, default "gregorian"
        ``"gregorian"`` (:class:`pandas.Period` values) or ``"jalali"`` (:class:`SolarHijriPeriod` values, the day's
        period computed in DuckDB).

    Returns
    -------
    pandas.Series
        The periods, on the index of ``dates``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``freq`` or ``calendar`` is not known.

    Examples
    --------
    >>> days = pd.Series(pd.to_datetime(["2024-03-19", "2024-03-20", None]))
    >>> [str(p) for p in period_of(days, "M", "jalali").dropna()]
    ['1402-12', '1403-01']
    """
    _check(freq, calendar)
    if calendar == "gregorian":
        return dates.dt.to_period("Y" if freq == "Y" else freq)
    days = dates.dt.normalize()
    out = pd.Series([None] * len(dates), index=dates.index, dtype=object)
    seen = days.dropna()
    if seen.empty:
        return out
    table = day_periods(seen.min(), seen.max(), freq).set_index("day")["ordinal"]
    ordinals = table.reindex(seen.to_numpy()).to_numpy()
    out.loc[seen.index] = [SolarHijriPeriod(int(o), freq) for o in ordinals]
    return out


def period_range(first, last, freq: str = "M", calendar: str = "gregorian") -> list:
    """Every period from ``first`` to ``last`` (periods of one calendar, or dates), in order.

    Parameters
    ----------
    first, last : pandas.Period, SolarHijriPeriod or date-like
        The first and the last period, or a day in each.
    freq : str, default "M"
        ``"M"``, ``"Q"`` or ``"Y"``.
    calendar : str, default "gregorian"
        ``"gregorian"`` or ``"jalali"``.

    Returns
    -------
    list
        :class:`pandas.Period` or :class:`SolarHijriPeriod` values.
    """
    _check(freq, calendar)
    if calendar == "gregorian":
        return list(pd.period_range(first, last, freq="Y" if freq == "Y" else freq))
    a, b = (p if isinstance(p, SolarHijriPeriod) else period_of(pd.Series([pd.Timestamp(p)]), freq, calendar)[0]
            for p in (first, last))
    return [SolarHijriPeriod(o, freq) for o in range(a.ordinal, b.ordinal + 1)]


def parse_period(label: str, freq: str = "M", calendar: str = "gregorian"):
    """The period a label (``"2024-03"``, ``"1402Q3"``, as ``str()`` of a period writes it) names.

    Parameters
    ----------
    label : str
        The label, as ``str()`` of a period writes it.
    freq : str, default "M"
        ``"M"``, ``"Q"`` or ``"Y"``.
    calendar : str, default "gregorian"
        ``"gregorian"`` or ``"jalali"``.

    Returns
    -------
    pandas.Period or SolarHijriPeriod
        The period.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the label is not a period of ``freq``.
    """
    _check(freq, calendar)
    if calendar == "gregorian":
        return pd.Period(label, "Y" if freq == "Y" else freq)
    text = str(label)
    try:
        year = int(text[:4])
        number = 1 if freq == "Y" else int(text[5:])
    except ValueError:
        raise DataValidationError(f"period {label!r}: not a Solar Hijri period of freq {freq!r} such as "
                                  f"{str(SolarHijriPeriod.of(1402, 3, freq))!r}.") from None
    return SolarHijriPeriod.of(year, number, freq)



def periods_apart(first, last) -> int:
    """How many periods ``last`` comes after ``first`` (both :class:`pandas.Period` or both :class:`SolarHijriPeriod`).

    Parameters
    ----------
    first, last : pandas.Period or SolarHijriPeriod
        Two periods of one calendar and length.

    Returns
    -------
    int
        ``last - first`` in periods (negative when ``last`` comes first).
    """
    gap = last - first
    return int(gap) if isinstance(gap, int) else int(gap.n)
