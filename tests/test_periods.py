"""Calendar periods: Solar Hijri months and quarters computed in DuckDB equal the calendar library's for every day
of two centuries, and cohort tables bucket by them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataValidationError
from insight.periods import SolarHijriPeriod, parse_period, period_of, period_range, periods_apart


def test_every_day_from_1300_to_1500_falls_in_the_calendar_librarys_month_and_quarter():
    import jdatetime

    first = pd.Timestamp(jdatetime.date(1300, 1, 1).togregorian())
    last = pd.Timestamp(jdatetime.date(1500, 12, 29).togregorian())
    days = pd.Series(pd.date_range(first, last, freq="D"))
    parts = [jdatetime.date.fromgregorian(date=d) for d in days.dt.date]
    months, quarters = period_of(days, "M", "jalali"), period_of(days, "Q", "jalali")
    assert len(days) == 73_414
    assert [(p.year, p.number) for p in months] == [(j.year, j.month) for j in parts]
    assert [(p.year, p.number) for p in quarters] == [(j.year, (j.month - 1) // 3 + 1) for j in parts]
    # each period starts on its first day and ends the day before the next starts
    starts = days[months.ne(months.shift())]
    assert [p.start_time for p in months[starts.index]] == list(starts)
    assert all(p.end_time.normalize() == (q.start_time - pd.Timedelta(days=1)) for p, q in
               zip(months[starts.index][:-1], months[starts.index][1:]))


def test_periods_add_subtract_and_read_back_from_their_labels():
    p = SolarHijriPeriod.of(1402, 12, "M")
    assert str(p + 1) == "1403-01" and str(p - 12) == "1401-12" and periods_apart(p, p + 5) == 5
    assert parse_period("1403Q2", "Q", "jalali") == SolarHijriPeriod.of(1403, 2, "Q")
    assert parse_period(str(p), "M", "jalali") == p
    assert periods_apart(pd.Period("2024-01", "M"), pd.Period("2024-06", "M")) == 5
    assert [str(x) for x in period_range("2024-03-01", "2024-06-25", "Q", "jalali")] == ["1402Q4", "1403Q1", "1403Q2"]
    with pytest.raises(DataValidationError, match="parameter 'calendar' == 'lunar'"):
        period_of(pd.Series(pd.to_datetime(["2024-01-01"])), "M", "lunar")
    with pytest.raises(DataValidationError, match="not a Solar Hijri period"):
        parse_period("Azar", "M", "jalali")


def _log(seed=1, n=400):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2023-01-01")
    rows = []
    for cid in range(n):
        first = start + pd.Timedelta(days=int(rng.integers(0, 300)))
        for _ in range(int(rng.integers(1, 6))):
            rows.append((cid, first + pd.Timedelta(days=int(rng.integers(0, 400))), float(rng.integers(5, 50))))
        rows.append((cid, first, 10.0))
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"]).query("date <= '2024-03-31'")


def test_jalali_cohorts_equal_an_independent_count_with_the_calendar_library():
    """Cohort sizes and buyers per (cohort, age) equal a count made with jdatetime and plain pandas."""
    import jdatetime

    from insight.features.cohorts import cohort_table

    log = _log()
    c = cohort_table(log, customer_col="customer_id", date_col="date", amount_col="amount", calendar="jalali")
    j = log["date"].map(lambda d: jdatetime.date.fromgregorian(date=d.date()))
    month = j.map(lambda x: x.year * 12 + x.month - 1)
    cohort = month.groupby(log["customer_id"]).transform("min")
    sizes = cohort.groupby(log["customer_id"]).first().value_counts()
    # the log ends on 2024-03-31, the 12th day of Farvardin 1403: that month is left out as partial
    assert c.calendar == "jalali" and (c.partial, c.partial_days) == ("1403-01", 12)
    assert str(c.sizes.index[0]) == "1401-10" and list(c.sizes.index) == sorted(c.sizes.index)
    assert {c.period(k).ordinal: int(v) for k, v in c.sizes.items()} == sizes.to_dict()
    buyers = log.assign(cohort=cohort, age=month - cohort).groupby(["cohort", "age"])["customer_id"].nunique()
    partial = SolarHijriPeriod.of(1403, 1).ordinal
    for (co, age), n in buyers[[a + b < partial for a, b in buyers.index]].items():
        label = str(SolarHijriPeriod(int(co), "M"))
        assert c.active.loc[label, age] * c.sizes[label] == pytest.approx(n)
