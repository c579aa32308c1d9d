"""Solar Hijri parts in the engine (issue 28): DuckDB's ICU Persian calendar, read through calendar_parts_sql,
gives the calendar library's (jdatetime) year, month and day for every day from 1300/01/01 to 1499/12/29."""

import numpy as np
import pytest

from insight.exceptions import DataValidationError
from insight.parsers import calendar_parts_sql, duckdb_connect


@pytest.mark.parametrize("timezone", ["UTC", "Asia/Tehran", "America/Los_Angeles"])
def test_every_day_of_two_centuries_has_the_calendar_librarys_solar_hijri_parts(timezone):
    import jdatetime

    con = duckdb_connect(timezone, calendar="jalali")
    y, m, d = calendar_parts_sql("day")
    got = con.execute(f"SELECT day, {y}, {m}, {d} FROM (SELECT range::DATE AS day FROM "
                      "range(DATE '1921-03-21', DATE '2121-03-21', INTERVAL 1 DAY))").fetchall()
    assert len(got) == 73_049 and got[0][1:] == (1300, 1, 1) and got[-1][1:] == (1499, 12, 29)
    ref = [jdatetime.date.fromgregorian(date=day) for day, *_ in got]
    assert np.array_equal(np.array([g[1:] for g in got]), np.array([(j.year, j.month, j.day) for j in ref]))
    parts = ", ".join(calendar_parts_sql("DATE '2024-03-20'"))
    assert duckdb_connect(timezone).execute(f"SELECT {parts}").fetchone() == (2024, 3, 20)
    with pytest.raises(DataValidationError, match="'calendar' == 'hebrew'"):
        duckdb_connect(calendar="hebrew")


def test_every_solar_hijri_day_reads_as_the_calendar_librarys_gregorian_date():
    import jdatetime

    from insight.parsers import jalali_date_sql

    con = duckdb_connect()
    rows = [(j.year, j.month, j.day, g) for g in (jdatetime.date(1300, 1, 1).togregorian() + __import__(
        "datetime").timedelta(days=i) for i in range(73_049)) for j in [jdatetime.date.fromgregorian(date=g)]]
    import pandas as pd

    days = pd.DataFrame(rows, columns=["y", "m", "d", "g"])
    con.register("days", days)
    bad = con.execute(f"SELECT COUNT(*) FROM days WHERE {jalali_date_sql('y', 'm', 'd')} IS DISTINCT FROM g"
                      ).fetchone()[0]
    assert bad == 0 and len(days) == 73_049
    # days that do not exist in the calendar read as nothing
    none = con.execute(f"SELECT {jalali_date_sql('1402', '12', '30')}, {jalali_date_sql('1400', '7', '31')}, "
                       f"{jalali_date_sql('1299', '12', '29')}, {jalali_date_sql('1403', '12', '30')}").fetchone()
    assert none[:3] == (None, None, None) and str(none[3]) == "2025-03-20"
