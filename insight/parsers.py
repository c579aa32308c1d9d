"""The shared parsers: dates, yes/no flags, discounts, SQL quoting, a DuckDB connection in a
declared time zone, the check that a user's SQL fragment is one scalar expression, and the period a
customer's value column covers.

Every module reads a date, a flag or a user's SQL through these, so a file read through the
library, a data specification or Spark reads alike."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import DataValidationError
from .validate import bad_rows, check_timezone, fail_rows

__all__ = ["to_datetime", "to_numeric", "to_bool", "TRUE_WORDS", "FALSE_WORDS", "DATE_FAMILIES", "date_sql",
           "flag_sql", "check_flag_sql", "FLAG_EXPECTED", "quote_ident", "sql_literal", "duckdb_connect", "scalar_sql",
           "DAYS_PER_UNIT", "parse_value_period",
           "rate_per_unit", "whole_months", "calendar_parts_sql", "DIGITS", "ASCII_DIGITS", "PERSIAN_LETTERS", "ascii_digits_sql",
           "jalali_date_sql"]


def to_datetime(s: pd.Series, column: str, *, date_format: str | None = None, dayfirst: bool | None = None,
                timezone: str = "UTC") -> pd.Series:
    """Dates as naive ``datetime64`` in ``timezone`` through the shared parser (:func:`date_sql`).

    Parameters
    ----------
    s : pandas.Series
        Datetimes, ``YYYYMMDD`` integers or text (ISO 8601, or one family of :data:`DATE_FAMILIES`).
    column : str
        The column's name, for the error on rows that are not dates (with their count and an example).
    date_format : str, optional
        The text's ``strptime`` format, when the formats tried do not fit.
    dayfirst : bool, optional
        Whether text dates that read both month-first and day-first are day-first.
    timezone : str, default "UTC"
        IANA zone whose local times time-zone-aware dates (and text with a UTC offset) become.

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` without a zone, on ``s``'s index (datetimes without a zone are returned as they are).
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        if getattr(s.dt, "tz", None) is not None:
            check_timezone(timezone)
            return s.dt.tz_convert(timezone).dt.tz_localize(None)
        return s
    con = duckdb_connect(timezone)
    try:
        con.register("frame", pd.DataFrame({"v": s.to_numpy()}))
        typ = con.execute("SELECT typeof(v) FROM frame LIMIT 1").fetchall()
        expr = date_sql(con, "frame", "v", typ[0][0] if typ else "VARCHAR", date_format=date_format,
                        dayfirst=dayfirst, column_name=column)
        parsed = con.execute(f"SELECT {expr} AS v FROM frame").df()["v"]
    finally:
        con.close()
    parsed.index = s.index
    bad = parsed.isna() & s.notna()
    if bad.any():
        fail_rows(column, "are not parseable dates", bad, s, "dates such as 2024-01-31")
    return parsed.astype("datetime64[ns]")


def to_numeric(s: pd.Series, column: str, *, finite: bool = True) -> pd.Series:
    """Numbers as float; text that is not a number, or (with ``finite``) an infinity, raises with a count.

    Parameters
    ----------
    s : pandas.Series
        Numbers, booleans or text (Persian and Arabic-Indic digits and separators are read: ``DIGITS``).
    column : str
        The column's name, for the error.
    finite : bool, default True
        Refuse infinities.

    Returns
    -------
    pandas.Series
        Float, on ``s``'s index; missing values stay NaN.
    """
    if pd.api.types.is_bool_dtype(s):
        s = s.astype(float)
    if s.dtype == object or pd.api.types.is_string_dtype(s):   # Persian and Arabic-Indic digits and separators
        s = s.map(lambda v: v.translate(DIGITS) if isinstance(v, str) else v)
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna()
    if bad.any():
        fail_rows(column, "are not numbers", bad, s, "numeric values")
    if finite:
        inf = np.isinf(num.to_numpy(dtype=float, na_value=np.nan))
        if inf.any():
            fail_rows(column, "are infinite", inf, s, "finite numbers")
    return num.astype(float)


#: Persian (۰-۹) and Arabic-Indic (٠-٩) digits, and the Persian/Arabic decimal (٫) and thousands (٬) separators, as
#: ASCII: "۱۲٬۳۴۵٫۶" reads as 12345.6
ASCII_DIGITS = {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
DIGITS = str.maketrans({**ASCII_DIGITS, "٫": ".", "\u2212": "-", "٬": ""})   # U+2212: the minus sign typographers use
#: Arabic letters as Persian writes them (ي ى to ی, ك to ک), for every comparison of Persian text
PERSIAN_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک"}

# --------------------------------------------------------------------------- shared parsers
#: answers read as yes / no by every module (compared after strip + lower case)
TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1", "1.0", "on", "x", "بله", "بلی", "آری", "آره", "درست", "۱"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0", "0.0", "off", "خیر", "نه", "نخیر", "نادرست", "۰"})


#: text date formats tried, by family, when a column is not ISO 8601 (one family must read every row)
_FAMILIES: dict[str, list[str]] = {
    "month-first (m/d/Y)": ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
                            "%m/%d/%y", "%m/%d/%y %H:%M", "%m-%d-%Y", "%m-%d-%Y %H:%M"],
    "day-first (d/m/Y)": ["%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%d/%m/%y %H:%M",
                          "%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%y", "%d-%m-%Y", "%d-%m-%Y %H:%M"],
    "year-first (Y/m/d)": ["%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y%m%d"],
    "with a month name (28-Jul-18, Jul 28, 2018)": ["%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y %H:%M",
                                                    "%d-%b-%y %H:%M", "%b %d, %Y", "%B %d, %Y", "%b %d %Y",
                                                    "%d %b %y"],
}
#: date formats by family, tried in order. A two-digit year comes first: DuckDB's %Y also reads "23" as the year 23,
#: while %y leaves "2023" half read and fails, so each date is read by the format that fits it whole.
DATE_FAMILIES: dict[str, list[str]] = {fam: sorted(fmts, key=lambda f: "%y" not in f) for fam, fmts in _FAMILIES.items()}


def quote_ident(name: str) -> str:
    """Quote an identifier for DuckDB SQL.

    Parameters
    ----------
    name : str
        A table or column name.

    Returns
    -------
    str
        The name in double quotes, its own double quotes doubled.
    """
    return '"' + str(name).replace('"', '""') + '"'


def sql_literal(value: Any) -> str:
    """A string as a DuckDB SQL literal.

    Parameters
    ----------
    value : object
        The value, written as ``str(value)``.

    Returns
    -------
    str
        The text in single quotes, its own single quotes doubled (``O'Brien`` -> ``'O''Brien'``).
    """
    return "'" + str(value).replace("'", "''") + "'"


def duckdb_connect(timezone: str = "UTC", *, threads: int | None = None, memory_limit: str | None = None,
                   calendar: str = "gregorian"):
    """A DuckDB connection whose session time zone is ``timezone`` (never the machine's).

    Time-zone-aware timestamps are cut into days in this zone, whatever zone the machine runs in. ``calendar``
    "jalali" sets ICU's Persian calendar, in which :func:`calendar_parts_sql` reads years, months and days.

    Parameters
    ----------
    timezone : str, default "UTC"
        The session's IANA time zone.
    threads : int, optional
        DuckDB's number of threads; its default (all cores) when not given.
    memory_limit : str, optional
        DuckDB's memory limit, such as ``"4GB"``; its default when not given.
    calendar : str, default "gregorian"
        ``"gregorian"`` or ``"jalali"``.

    Returns
    -------
    duckdb.DuckDBPyConnection
        A new in-memory connection, without a progress bar.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``timezone`` is not a time zone name or ``calendar`` is unknown.
    """
    import duckdb

    con = duckdb.connect()
    try:  # no progress bar in notebooks or logs; DuckDB refuses the setting in some Jupyter setups
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    con.execute(f"SET TimeZone = {sql_literal(check_timezone(timezone))}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = {sql_literal(memory_limit)}")
    if calendar not in _ICU_CALENDARS:
        raise DataValidationError(f"parameter 'calendar' == {calendar!r}: choose one of {sorted(_ICU_CALENDARS)}.")
    con.execute(f"SET Calendar = {sql_literal(_ICU_CALENDARS[calendar])}")
    return con


def ascii_digits_sql(expr: str) -> str:
    """SQL reading the Persian and Arabic-Indic digits and separators of the text ``expr`` as ASCII
    (``"۱۲٬۳۴۵٫۶"`` -> ``"12345.6"``; ``DIGITS`` in SQL).

    Parameters
    ----------
    expr : str
        A SQL expression of type VARCHAR.

    Returns
    -------
    str
        The SQL expression (a ``translate`` call).
    """
    return (f"translate({expr}, {sql_literal(''.join(ASCII_DIGITS) + '٫' + chr(0x2212) + '٬')}, "
            f"{sql_literal(''.join(ASCII_DIGITS.values()) + '.-')})")


#: the first Solar Hijri year :func:`jalali_date_sql` reads, and the number of years after it
JALALI_FIRST, JALALI_YEARS = 1300, 201


@lru_cache(maxsize=1)
def _nowruz() -> str:
    """A SQL list of the Gregorian date of 1 Farvardin of every year from JALALI_FIRST (jdatetime's calendar)."""
    import jdatetime

    days = [jdatetime.date(JALALI_FIRST + i, 1, 1).togregorian() for i in range(JALALI_YEARS + 1)]
    return "[" + ", ".join(f"DATE '{d.isoformat()}'" for d in days) + "]"


def jalali_date_sql(year: str, month: str, day: str) -> str:
    """SQL for the Gregorian DATE of the Solar Hijri ``year``/``month``/``day`` (integer SQL expressions), from a list
    of the years' first days (the calendar library's): months 1-6 have 31 days, 7-11 have 30, the 12th 29 or 30.
    A day outside the calendar, or a year outside 1300-1500, gives NULL.

    Parameters
    ----------
    year, month, day : str
        SQL expressions of the Solar Hijri year, month (1-12) and day of the month.

    Returns
    -------
    str
        The SQL expression, of type DATE.
    """
    first = f"{_nowruz()}[({year}) - {JALALI_FIRST - 1}]"
    length = f"({_nowruz()}[({year}) - {JALALI_FIRST - 2}] - {first})"
    doy = f"(CASE WHEN ({month}) <= 6 THEN (({month}) - 1) * 31 ELSE 186 + (({month}) - 7) * 30 END + ({day}))"
    ok = (f"({year}) BETWEEN {JALALI_FIRST} AND {JALALI_FIRST + JALALI_YEARS - 1} AND ({month}) BETWEEN 1 AND 12 "
          f"AND ({day}) BETWEEN 1 AND CASE WHEN ({month}) <= 6 THEN 31 WHEN ({month}) <= 11 THEN 30 "
          f"ELSE {length} - 336 END")
    return f"CASE WHEN {ok} THEN CAST({first} + INTERVAL 1 DAY * ({doy} - 1) AS DATE) END"


#: insight's calendar names -> ICU's
_ICU_CALENDARS = {"gregorian": "gregorian", "jalali": "persian"}


def calendar_parts_sql(expr: str) -> tuple[str, str, str]:
    """SQL for the year, month and day of the DATE or TIMESTAMP ``expr`` in the connection's calendar
    (:func:`duckdb_connect`): the day is taken at noon UTC as a TIMESTAMPTZ, which ICU's calendars read (a DATE
    cast straight to TIMESTAMPTZ keeps Gregorian parts in DuckDB 2.0, and noon keeps the day in any zone within
    12 hours of UTC).

    Parameters
    ----------
    expr : str
        A SQL expression of type DATE or TIMESTAMP.

    Returns
    -------
    tuple of str
        SQL expressions (INTEGER) of the year, the month (1-12) and the day of the month.
    """
    ts = f"to_timestamp(epoch(CAST({expr} AS DATE)) + 43200)"
    return tuple(f"CAST(date_part('{part}', {ts}) AS INTEGER)" for part in ("year", "month", "day"))


# --------------------------------------------------------------------------- SQL fragments from users
#: expression nodes a specification's SQL may contain: columns, constants, operators, functions, CASE,
#: CAST (and its type). Anything else (a subquery, ``*``, a window, a parameter) is refused.
_SCALAR_CLASSES = {"COLUMN_REF", "CONSTANT", "FUNCTION", "OPERATOR", "COMPARISON", "CONJUNCTION", "CASE", "CAST",
                   "BETWEEN", "COLLATE", "TYPE"}
#: scalar functions refused although they read no table: they read or change the session, write to its log,
#: or give a different value on each call
_REFUSED_FUNCTIONS = {"current_setting", "currval", "nextval", "setval", "setseed", "write_log", "getenv",
                      "json_serialize_sql", "json_deserialize_sql", "parse_duckdb_log_message", "current_query",
                      "random", "gen_random_uuid", "uuid", "uuidv4", "uuidv7", "txid_current", "version",
                      "current_connection_id", "current_query_id", "current_transaction_id", "current_database",
                      "current_schema", "current_schemas", "in_search_path"}
_EXPR_ALIAS = "__insight_expr"
_EXPR_TABLE = "__insight_table"


def _sql_ast(con, sql: str) -> dict:
    return json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])


def _strip_locations(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_locations(v) for k, v in node.items() if not k.startswith("query_location")}
    if isinstance(node, list):
        return [_strip_locations(v) for v in node]
    return node


def scalar_sql(con, expr: str, key: str) -> str:
    """``expr`` checked to be one scalar SQL expression over a table's columns, in DuckDB's own spelling.

    A specification is a file people receive from others, so its SQL fragments (an amount,
    a returns rule, a derived column) are parsed without being run and refused unless they
    are a single expression made of column names, constants, operators, CASE, CAST and
    scalar functions that read nothing but their arguments: no statement separator, no
    subquery, no table function (``read_csv``), no ``COPY``, ``ATTACH`` or ``INSTALL``, no
    setting or sequence. The expression is returned as DuckDB prints the parsed tree back,
    in parentheses, so no comment or trailing text of the original reaches a query.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection that parses the expression (nothing is run on a table).
    expr : str
        The user's SQL fragment, such as ``"Quantity * UnitPrice"``.
    key : str
        The specification's key holding ``expr``, for the error.

    Returns
    -------
    str
        The expression as DuckDB prints it, in parentheses.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``expr`` is empty or not one scalar expression of the allowed kinds (the message names ``key``).
    """
    if not isinstance(expr, str) or not expr.strip():
        raise DataValidationError(f"{key} == {expr!r}: must be a column name or an SQL expression over the columns.")
    frame = f"SELECT (\n{{}}\n) AS {_EXPR_ALIAS} FROM {_EXPR_TABLE}"   # a trailing -- comment ends at the line
    ast = _sql_ast(con, frame.format(expr))

    def refuse(problem: str) -> None:
        raise DataValidationError(f"{key} == {expr!r}: {problem}; it must be one expression over the columns, "
                                  "e.g. \"Quantity * UnitPrice\" or \"InvoiceNo LIKE 'C%'\".")

    if ast.get("error"):
        refuse(f"not a single SQL expression ({ast.get('error_message', 'syntax error')})")
    statements = ast["statements"]
    node = statements[0]["node"] if len(statements) == 1 else {}
    select = node.get("select_list") or []
    table = node.get("from_table") or {}
    if (len(statements) != 1 or node.get("type") != "SELECT_NODE" or len(select) != 1
            or select[0].get("alias") != _EXPR_ALIAS or table.get("type") != "BASE_TABLE"
            or table.get("table_name") != _EXPR_TABLE
            or any(node.get(k) for k in ("where_clause", "group_expressions", "having", "qualify", "sample",
                                         "modifiers", "group_sets"))
            or node.get("cte_map", {}).get("map")):
        refuse("it holds more than one expression or statement")
    functions = None
    stack = [select[0]]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        cls = item.get("class")
        if cls is not None and cls not in _SCALAR_CLASSES:
            refuse(f"it holds a {cls.lower().replace('_', ' ')}, which is not allowed")
        if cls == "FUNCTION":
            name = str(item.get("function_name", "")).lower()
            if not item.get("is_operator"):
                if functions is None:
                    functions = {r[0] for r in con.execute(
                        "SELECT DISTINCT lower(function_name) FROM duckdb_functions() "
                        "WHERE function_type = 'scalar' AND NOT starts_with(function_name, '__')").fetchall()}
                if (item.get("schema") or item.get("catalog") or name not in functions
                        or name in _REFUSED_FUNCTIONS):
                    refuse(f"{name}() is not an allowed scalar function")
        stack.extend(v for k, v in item.items() if isinstance(v, (dict, list)))
    printed = con.execute("SELECT json_deserialize_sql(?::JSON)", [json.dumps(ast)]).fetchone()[0]
    head, tail = "SELECT ", f" AS {_EXPR_ALIAS} FROM {_EXPR_TABLE}"
    inner = printed[len(head):-len(tail)] if printed.startswith(head) and printed.endswith(tail) else None
    if inner is None or _strip_locations(_sql_ast(con, frame.format(inner))) != _strip_locations(ast):
        refuse("it could not be read back unchanged")
    return f"({inner})"


def _formats(fmts: list[str]) -> str:
    return "[" + ", ".join(sql_literal(f) for f in fmts) + "]"


def date_sql(con, relation: str, column: str, typ: str, *, date_format: str | None = None,
             dayfirst: bool | None = None, column_name: str | None = None, calendar: str = "gregorian") -> str:
    """SQL expression reading ``column`` of ``relation`` as a naive TIMESTAMP in the session's time zone.

    Datetimes are converted (time-zone-aware ones to the session zone); integers are
    ``YYYYMMDD``; text is read with ``date_format`` when given, else as ISO 8601 (with
    any UTC offset honoured) or in the one family of :data:`DATE_FAMILIES` that reads
    every row. A column whose rows read only month-first in some rows and only
    day-first in others is refused, naming both; a column that reads both ways in
    every row needs ``dayfirst`` (or ``date_format``). Rows no format reads give NULL,
    which the caller reports as unparseable dates. With ``calendar`` "jalali", text dates are Solar Hijri, year
    first (``1402/09/14``, ``۱۴۰۲-۰۹-۱۴``, any separator, Persian or Arabic-Indic digits), read with
    :func:`jalali_date_sql`.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection holding ``relation`` (the formats are chosen by counting the rows each reads).
    relation, column : str
        The table (or view, or subquery) and the column's name in it.
    typ : str
        The column's DuckDB type, such as ``"VARCHAR"`` or ``"TIMESTAMP WITH TIME ZONE"``.
    date_format : str, optional
        A ``strptime`` format for text, used alone.
    dayfirst : bool, optional
        Whether text dates that read both month-first and day-first are day-first.
    column_name : str, optional
        The column's name in messages (default ``column``).
    calendar : str, default "gregorian"
        ``"gregorian"`` or ``"jalali"``.

    Returns
    -------
    str
        The SQL expression, of type TIMESTAMP.

    Raises
    ------
    insight.exceptions.DataValidationError
        For an unknown ``calendar``, text dates that read both month-first and day-first without ``dayfirst``, a
        ``dayfirst`` the dates contradict, dates in mixed formats, or dates that look Solar Hijri in a Gregorian
        reading.
    """
    c, t = quote_ident(column), typ.upper()
    shown = column_name or column
    if calendar == "jalali" and not t.startswith(("TIMESTAMP", "DATE")):
        digits = ascii_digits_sql(f"TRIM(CAST({c} AS VARCHAR))")
        y, m, d = (f"TRY_CAST(regexp_extract({digits}, '^(\\d{{4}})\\D(\\d{{1,2}})\\D(\\d{{1,2}})', {i}) AS INTEGER)"
                   for i in (1, 2, 3))
        # a time of day after the date (1402/09/14 21:19, or 21:19:05) is kept, as in a Gregorian reading
        h, mi, sec = (f"COALESCE(TRY_CAST(regexp_extract({digits}, '^\\d{{4}}\\D\\d{{1,2}}\\D\\d{{1,2}}[ T]+"
                      f"(\\d{{1,2}}):(\\d{{2}})(?::(\\d{{2}}))?', {i}) AS INTEGER), 0)" for i in (1, 2, 3))
        return (f"(CAST({jalali_date_sql(y, m, d)} AS TIMESTAMP) + to_hours({h}) + to_minutes({mi}) "
                f"+ to_seconds({sec}))")
    if calendar not in ("gregorian", "jalali"):
        raise DataValidationError(f"calendar == {calendar!r}: choose 'gregorian' or 'jalali'.")
    if t.startswith(("TIMESTAMP", "DATE")):
        return f"CAST({c} AS TIMESTAMP)"
    if t in ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT", "UINTEGER", "SMALLINT"):
        return f"TRY_STRPTIME(CAST({c} AS VARCHAR), '%Y%m%d')"
    text = f"TRIM(CAST({c} AS VARCHAR))"
    if date_format:
        return f"TRY_STRPTIME({text}, {sql_literal(date_format)})"
    _refuse_solar_hijri(con, relation, text, c, shown)
    readings = {"ISO 8601 (Y-m-d)": f"CAST(TRY_CAST({text} AS TIMESTAMPTZ) AS TIMESTAMP)",
                **{fam: f"TRY_STRPTIME({text}, {_formats(fmts)})" for fam, fmts in DATE_FAMILIES.items()}}
    # a year below 1000 is a two-digit year read whole (01/02/23 as the year 1, year-first): no reading at all
    exprs = {k: f"(CASE WHEN {e} >= TIMESTAMP '1000-01-01' THEN {e} END)" for k, e in readings.items()}
    names = list(exprs)
    counts = con.execute(
        f"SELECT COUNT({c}), " + ", ".join(f"COUNT({e})" for e in exprs.values()) + f" FROM {relation}").fetchall()[0]
    n, parsed = counts[0], dict(zip(names, counts[1:]))
    full = [f for f in names if parsed[f] == n]
    month, day = names[1], names[2]
    if month in full and day in full:
        if dayfirst is None and n:
            ex = con.execute(f"SELECT {text} FROM {relation} WHERE {c} IS NOT NULL LIMIT 1").fetchall()[0][0]
            raise DataValidationError(
                f"column {shown!r}: all {n:,} dates read both month-first and day-first (e.g. {ex!r}); say which "
                "with dayfirst: true or false, or give date_format (e.g. '%d/%m/%Y').")
        return exprs[day if dayfirst else month]
    if full:
        chosen = full[0]
        if dayfirst is not None and chosen in (month, day) and chosen != (day if dayfirst else month):
            wanted = day if dayfirst else month
            ex = con.execute(f"SELECT {text} FROM {relation} WHERE {c} IS NOT NULL AND {exprs[wanted]} IS NULL "
                             "LIMIT 1").fetchall()[0][0]
            raise DataValidationError(
                f"column {shown!r}: dayfirst is {dayfirst} but {n - parsed[wanted]:,} of {n:,} dates are not "
                f"{wanted} dates, e.g. {ex!r}; every date reads {chosen}.")
        return exprs[chosen]
    # no single format reads every row: refuse a mix, naming the formats and an example of each
    only = {}
    for f in names:
        others = " AND ".join(f"{exprs[g]} IS NULL" for g in names if g != f)
        row = con.execute(f"SELECT COUNT(*), ANY_VALUE({text}) FROM {relation} WHERE {exprs[f]} IS NOT NULL AND "
                          f"{others}").fetchall()[0]
        if row[0]:
            only[f] = row
    if len(only) >= 2:
        parts = "; ".join(f"{k:,} rows read only {f}, e.g. {ex!r}" for f, (k, ex) in only.items())
        raise DataValidationError(f"column {shown!r}: dates in mixed formats: {parts}. Fix the export or give "
                                  "date_format.")
    best = max(names, key=lambda f: parsed[f])
    return exprs[best]


#: a Solar Hijri (Jalali) date as exports write it: year 1300-1499, in Latin or Persian digits
_SOLAR_HIJRI = r"^[1۱][34۳۴][0-9۰-۹]{2}[-/.][0-9۰-۹]{1,2}[-/.][0-9۰-۹]{1,2}"


def _refuse_solar_hijri(con, relation: str, text: str, column: str, shown: str) -> None:
    """Dates written in the Solar Hijri calendar (1402/09/14) would read as Gregorian dates of the year 1402:
    refuse them, with an example, while every date is read as Gregorian."""
    n, hijri, ex = con.execute(
        f"SELECT COUNT({column}), COUNT(*) FILTER (WHERE regexp_matches({ascii_digits_sql(text)}, '{_SOLAR_HIJRI}')), "
        f"ANY_VALUE({text}) FILTER (WHERE regexp_matches({ascii_digits_sql(text)}, '{_SOLAR_HIJRI}')) "
        f"FROM {relation}").fetchall()[0]
    if hijri:     # no export holds Gregorian dates of the years 1300-1499
        raise DataValidationError(
            f"column {shown!r}: {hijri:,} of {n:,} dates look like Solar Hijri (Jalali) dates, e.g. {ex!r}, which "
            "would be read as Gregorian dates of that year; say so in the data specification with calendar: jalali "
            "(1402/09/14 is then read as 2023-12-05).")


def check_flag_sql(con, relation: str, column: str, typ: str, *, key: str | None = None) -> str:
    """:func:`flag_sql` of ``column``, after checking that every non-empty value reads (count, example).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection holding ``relation``.
    relation, column : str
        The table and the discount column's name in it.
    typ : str
        The column's DuckDB type; only VARCHAR columns are checked.
    key : str, optional
        Names the column in the error instead (a specification's key).

    Returns
    -------
    str
        The SQL expression, of type DOUBLE.

    Raises
    ------
    insight.exceptions.DataValidationError
        If text values are neither numbers, percentages nor yes/no words (:data:`FLAG_EXPECTED`).
    """
    expr = flag_sql(column, typ)
    if typ.upper() == "VARCHAR":
        c = quote_ident(column)
        bad, total, ex = con.execute(f"SELECT COUNT(*) FILTER (WHERE TRIM({c}) <> '' AND {expr} IS NULL), COUNT(*), "
                                     f"ANY_VALUE({c}) FILTER (WHERE TRIM({c}) <> '' AND {expr} IS NULL) "
                                     f"FROM {relation}").fetchall()[0]
        if bad:
            raise bad_rows(column, bad, total, "are not discounts", FLAG_EXPECTED, ex, label=key)
    return expr


#: what a discount column should hold, for messages
FLAG_EXPECTED = "a fraction such as 0.1, a percent such as '10%', or yes/no"


def flag_sql(column: str, typ: str, *, quote=quote_ident) -> str:
    """SQL expression reading a discount-like column as a number: fractions and amounts as they are,
    percent strings ("10%") as fractions, yes/no words as 1/0. Unreadable text gives NULL. The SQL is
    both DuckDB's and Spark's (``quote``: Spark quotes names with backticks), so both engines read alike.

    Parameters
    ----------
    column : str
        The column's name.
    typ : str
        Its SQL type: BOOLEAN, VARCHAR or STRING (text), or a number type.
    quote : callable, default quote_ident
        Quotes the column's name.

    Returns
    -------
    str
        The SQL expression, of type DOUBLE.
    """
    c, t = quote(column), typ.upper()
    if t == "BOOLEAN":
        return f"CAST({c} AS DOUBLE)"
    if t not in ("VARCHAR", "STRING"):
        return f"TRY_CAST({c} AS DOUBLE)"
    v = f"LOWER(TRIM({c}))"
    yes = ", ".join(sql_literal(w) for w in sorted(TRUE_WORDS))
    no = ", ".join(sql_literal(w) for w in sorted(FALSE_WORDS))
    return (f"CASE WHEN {v} IN ({yes}) THEN 1.0 WHEN {v} IN ({no}) THEN 0.0 "
            f"WHEN RIGHT({v}, 1) = '%' THEN TRY_CAST(TRIM(TRAILING '% ' FROM {v}) AS DOUBLE) / 100 "
            f"ELSE TRY_CAST(REPLACE({v}, ',', '.') AS DOUBLE) END")


def to_bool(s: pd.Series, column: str, positive: Any = None) -> pd.Series:
    """Coerce a yes/no-like column to bool; with ``positive`` given, ``s == positive``.

    Missing values and unrecognised values raise with a count and an example.

    Parameters
    ----------
    s : pandas.Series
        Booleans, or text and numbers of :data:`TRUE_WORDS` and ``FALSE_WORDS`` (any case and spaces).
    column : str
        The column's name, for the error.
    positive : object, optional
        The value that means True; others mean False (text is compared stripped and in lower case).

    Returns
    -------
    pandas.Series
        Booleans, on ``s``'s index.

    Raises
    ------
    insight.exceptions.DataValidationError
        If values are missing or not yes/no values, or ``positive`` occurs in no row of a text column.
    """
    if s.isna().any():
        fail_rows(column, "are missing", s.isna(), s, "yes/no values")
    if positive is not None:
        if pd.api.types.is_string_dtype(s) or s.dtype == object:
            norm = s.astype(str).str.strip().str.lower()
            pos = str(positive).strip().lower()
            if pos not in set(norm):
                raise DataValidationError(
                    f"column {column!r}: the positive value {positive!r} occurs in 0 of {len(s):,} rows; "
                    f"values found: {sorted(set(norm))[:10]}."
                )
            return norm == pos
        return s == positive
    if pd.api.types.is_bool_dtype(s):
        return s.astype(bool)
    norm = s.astype(str).str.strip().str.lower()
    bad = ~norm.isin(TRUE_WORDS | FALSE_WORDS)
    if bad.any():
        fail_rows(column, "are not yes/no values", bad, s, "True/False, 1/0 or yes/no")
    return norm.isin(TRUE_WORDS)


# --------------------------------------------------------------------------- periods of a value column
#: days in each unit a duration, a cohort or a customer's value may be counted in
DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "quarters": 365.25 / 4, "years": 365.25}
def rate_per_unit(monthly: float, unit: str) -> float:
    """A discount rate per month as the same rate per ``unit`` (a key of :data:`DAYS_PER_UNIT`), compounded.

    Parameters
    ----------
    monthly : float
        The rate per month, a fraction (0.01 for 1%).
    unit : str
        ``"days"``, ``"weeks"``, ``"months"``, ``"quarters"`` or ``"years"``.

    Returns
    -------
    float
        The rate per ``unit``: ``(1 + monthly) ** (unit's days / month's days) - 1``.
    """
    return (1 + monthly) ** (DAYS_PER_UNIT[unit] / DAYS_PER_UNIT["months"]) - 1


def whole_months(length: float, unit_days: float) -> float:
    """A horizon of ``length`` units of ``unit_days`` days in whole months, at least one (52 weeks -> 12).

    Parameters
    ----------
    length : float
        The horizon, in units.
    unit_days : float
        Days per unit (:data:`DAYS_PER_UNIT`).

    Returns
    -------
    float
        The months (of 365.25 / 12 days), rounded to a whole number, at least 1.
    """
    return float(max(1, round(length * unit_days / DAYS_PER_UNIT["months"])))


_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year",
            "annual": "year", "annually": "year"}
_PERIOD = re.compile(r"^\s*(?:(per|a|an|each)\s+)?(day|week|month|quarter|year)s?\s*$|^\s*first\s+(\d+(?:\.\d+)?)\s+"
                     r"(day|week|month|quarter|year)s?\s*$|^\s*(to[ _]date|lifetime[ _]to[ _]date|lifetime|total)\s*$",
                     re.I)


def parse_value_period(text: str, key: str = "value_period") -> tuple[str, float]:
    """What period a customer's value covers, from a declaration such as ``"month"``, ``"per year"``,
    ``"monthly"``, ``"first 90 days"`` or ``"to date"``.

    Parameters
    ----------
    text : str
        The declaration; ``"daily"``, ``"annual"`` and the like are read too, ``"lifetime"`` alone is refused.
    key : str, default "value_period"
        The declaration's name, for the error.

    Returns
    -------
    tuple of (str, float)
        ``("per", days)`` (a value per period of ``days`` days), ``("first", days)`` (the value of a customer's
        first ``days`` days) or ``("to_date", 0.0)`` (everything since the customer started).

    Raises
    ------
    insight.exceptions.DataValidationError
        If the declaration is empty or unknown, or its first period is not longer than 0 days.
    """
    m = _PERIOD.match(_ADVERBS.get(str(text or "").strip().lower(), str(text or "")))
    if m and m.group(5) and m.group(5).lower() == "lifetime":   # "lifetime value" is usually a prediction
        m = None
    if not m:
        raise DataValidationError(
            f"{key} == {text!r}: say what period the value covers: 'month', 'week', 'day', 'quarter' or 'year' "
            "(a value per period), 'first N days' (e.g. 'first 90 days': the customer's first N days), or 'to date' "
            "(everything since the customer started).")
    if m.group(2):
        return "per", DAYS_PER_UNIT[m.group(2).lower() + "s"]
    if m.group(3):
        days = float(m.group(3)) * DAYS_PER_UNIT[m.group(4).lower() + "s"]
        if days <= 0:
            raise DataValidationError(f"{key} == {text!r}: the first period must be longer than 0 days.")
        return "first", days
    return "to_date", 0.0
