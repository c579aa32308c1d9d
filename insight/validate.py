"""Input checks and the cleaning report.

Two kinds of functions live here:

* ``check_*`` functions validate a table or a parameter and either return a typed
  copy or raise :class:`~insight.exceptions.DataValidationError`. The message names
  the column (or parameter), the problem, the number of offending rows and an
  example value with its row label, e.g.::

      column 'amount': 2 of 5 rows are not finite numbers; e.g. 'abc' at row 3.

* cleaning functions (``clean_transactions``, ``merge_same_day``) legitimately remove
  or change rows. They never do so silently: each returns the cleaned table together
  with a :class:`CleaningReport` counting what was done, by reason, which notebooks
  display.
"""

from __future__ import annotations

import json
import numbers
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .exceptions import DataValidationError
from .formats import type_word

__all__ = [
    "CleaningReport",
    "CleaningStep",
    "check_columns",
    "check_transactions",
    "check_customers",
    "check_survey",
    "check_param",
    "check_in",
    "to_bool",
    "check_flag_sql",
    "TRUE_WORDS",
    "FALSE_WORDS",
    "DATE_FAMILIES",
    "date_sql",
    "flag_sql",
    "bad_rows",
    "duckdb_connect",
    "check_timezone",
    "quote_ident",
    "sql_literal",
    "scalar_sql",
    "clean_transactions",
    "merge_same_day",
    "quality_summary",
]


# --------------------------------------------------------------------------- report
@dataclass
class CleaningStep:
    """One cleaning action: why, how many rows, what was done, one example."""

    reason: str
    rows: int
    action: str
    example: str = ""


@dataclass
class CleaningReport:
    """Counts of rows removed or changed, by reason.

    ``report.to_frame()`` gives a table; in Jupyter the report renders as that table.
    Reports add up: ``report_a + report_b`` keeps the steps of both in order.
    """

    steps: list[CleaningStep] = field(default_factory=list)
    rows_in: int | None = None
    rows_out: int | None = None

    def add(self, reason: str, rows: int, action: str, example: Any = "") -> "CleaningReport":
        """Record a step. Steps with zero rows are kept too: "0 duplicates" is information."""
        self.steps.append(CleaningStep(reason, int(rows), action, "" if example is None else str(example)))
        return self

    def __add__(self, other: "CleaningReport") -> "CleaningReport":
        rows_in = self.rows_in if self.rows_in is not None else other.rows_in
        rows_out = other.rows_out if other.rows_out is not None else self.rows_out
        return CleaningReport(list(self.steps) + list(other.steps), rows_in, rows_out)

    def __len__(self) -> int:
        return len(self.steps)

    def count(self, reason: str) -> int:
        """Rows affected by the step(s) with this reason (0 if there is none)."""
        return sum(s.rows for s in self.steps if s.reason == reason)

    def sentence(self) -> str:
        """What cleaning changed, in one sentence: rows in and out, and the largest step."""
        changed = [st for st in self.steps if st.rows]
        head = (f"{self.rows_in:,} rows read, {self.rows_out:,} kept. " if self.rows_in is not None
                and self.rows_out is not None else "")
        if not changed:
            return head + "No cleaning step changed any row."
        big = max(changed, key=lambda st: st.rows)
        reason = re.sub(r"\s*\(e\.g\. [^)]*\)", "", big.reason)    # the example value stays in the table
        return (head + f"{len(changed)} cleaning step(s) changed rows; the largest: {reason} ({big.rows:,} rows, "
                f"{big.action}).")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(s.reason, s.rows, s.action, s.example) for s in self.steps],
            columns=["reason", "rows", "action", "example"],
        )

    def __str__(self) -> str:
        head = ""
        if self.rows_in is not None and self.rows_out is not None:
            head = f"rows in: {self.rows_in:,}; rows out: {self.rows_out:,}\n"
        if not self.steps:
            return head + "no cleaning steps"
        return head + self.to_frame().to_string(index=False)

    def _repr_html_(self) -> str:
        head = ""
        if self.rows_in is not None and self.rows_out is not None:
            head = f"<p>Rows in: {self.rows_in:,}; rows out: {self.rows_out:,}.</p>"
        if not self.steps:
            return head + "<p>No cleaning steps were needed.</p>"
        # to_html escapes cell contents, so strings from the data cannot inject markup; the examples are the
        # data's own values, shown as they are (class insight-datanames)
        return head + self.to_frame().to_html(index=False, escape=True, classes="insight-datanames",
                                              formatters={"rows": "{:,}".format})


# --------------------------------------------------------------------------- helpers
def _example(values: pd.Series, mask: np.ndarray | pd.Series) -> str:
    """'e.g. <value> at row <label>' for the first offending row."""
    mask = np.asarray(mask, dtype=bool)
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return ""
    i = idx[0]
    return f"e.g. {_plain(values.iloc[i])!r} at row {_plain(values.index[i])!r}"


def _plain(x: Any) -> Any:
    """numpy scalars as Python ones, so messages read 'at row 2', not 'np.int64(2)'."""
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    return x.item() if isinstance(x, np.generic) else x


def _fail(column: str, problem: str, mask, values: pd.Series, expected: str = "") -> None:
    n = int(np.asarray(mask, dtype=bool).sum())
    total = len(values)
    msg = f"column {column!r}: {n:,} of {total:,} rows {problem}"
    if expected:
        msg += f" (expected {expected})"
    raise DataValidationError(f"{msg}; {_example(values, mask)}.")


def bad_rows(column: str, count: int, total: int, problem: str, expected: str, example: Any, *,
             label: str | None = None) -> DataValidationError:
    """The error for ``count`` of ``total`` rows of ``column`` found bad by an engine's query (DuckDB or Spark),
    so both engines word it alike; ``label`` names the column otherwise (a specification's key)."""
    return DataValidationError(f"{label or f'column {column!r}'}: {count:,} of {total:,} rows {problem} (expected "
                               f"{expected}); e.g. {example!r}.")


def _require_frame(df: Any, name: str = "data") -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise DataValidationError(
            f"parameter {name!r} must be a pandas DataFrame, got {type(df).__name__}."
        )
    return df


def check_columns(df: pd.DataFrame, columns: Iterable[str | None], *, name: str = "data") -> None:
    """Raise if any of ``columns`` (``None`` entries ignored) is missing from ``df``."""
    _require_frame(df, name)
    wanted = [c for c in columns if c is not None]
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        available = list(map(str, df.columns))
        shown = ", ".join(available[:20]) + (" ..." if len(available) > 20 else "")
        raise DataValidationError(
            f"{name}: {len(missing)} required column(s) missing: {missing}; "
            f"available columns ({len(available)}): {shown}."
        )


def _to_datetime(s: pd.Series, column: str, *, date_format: str | None = None, dayfirst: bool | None = None,
                 timezone: str = "UTC") -> pd.Series:
    """Dates as naive ``datetime64`` in ``timezone`` through the shared parser (:func:`date_sql`)."""
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
        _fail(column, "are not parseable dates", bad, s, "dates such as 2024-01-31")
    return parsed.astype("datetime64[ns]")


def _to_numeric(s: pd.Series, column: str, *, finite: bool = True) -> pd.Series:
    if pd.api.types.is_bool_dtype(s):
        s = s.astype(float)
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna()
    if bad.any():
        _fail(column, "are not numbers", bad, s, "numeric values")
    if finite:
        inf = np.isinf(num.to_numpy(dtype=float, na_value=np.nan))
        if inf.any():
            _fail(column, "are infinite", inf, s, "finite numbers")
    return num.astype(float)


# --------------------------------------------------------------------------- shared parsers
#: answers read as yes / no by every module (compared after strip + lower case)
TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1", "1.0", "on", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0", "0.0", "off"})

#: text date formats tried, by family, when a column is not ISO 8601 (one family must read every row)
DATE_FAMILIES: dict[str, list[str]] = {
    "month-first (m/d/Y)": ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
                            "%m/%d/%y", "%m/%d/%y %H:%M", "%m-%d-%Y", "%m-%d-%Y %H:%M"],
    "day-first (d/m/Y)": ["%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%d/%m/%y %H:%M",
                          "%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d-%m-%Y", "%d-%m-%Y %H:%M"],
    "year-first (Y/m/d)": ["%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y%m%d"],
}


def quote_ident(name: str) -> str:
    """Quote an identifier for DuckDB SQL."""
    return '"' + str(name).replace('"', '""') + '"'


def sql_literal(value: Any) -> str:
    """A string as a DuckDB SQL literal."""
    return "'" + str(value).replace("'", "''") + "'"


def check_timezone(timezone: str) -> str:
    """Raise unless ``timezone`` is an IANA zone name such as ``"UTC"`` or ``"Europe/Berlin"``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    check_param("timezone", timezone, str)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise DataValidationError(f"parameter 'timezone' == {timezone!r}: not a time zone name; use an IANA name "
                                  "such as 'UTC', 'Europe/London' or 'America/New_York'.") from None
    return timezone


def duckdb_connect(timezone: str = "UTC", *, threads: int | None = None, memory_limit: str | None = None):
    """A DuckDB connection whose session time zone is ``timezone`` (never the machine's).

    Time-zone-aware timestamps are cut into days in this zone, whatever zone the machine runs in.
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
    return con


# --------------------------------------------------------------------------- SQL fragments from users
#: expression nodes a specification's SQL may contain: columns, constants, operators, functions, CASE, CAST (and its type).
#: Anything else (a subquery, ``*``, a window, a parameter) is refused.
_SCALAR_CLASSES = {"COLUMN_REF", "CONSTANT", "FUNCTION", "OPERATOR", "COMPARISON", "CONJUNCTION", "CASE", "CAST",
                   "BETWEEN", "COLLATE", "TYPE"}
#: scalar functions refused although they read no table: they read or change the session, write to its log,
#: or give a different value on each call
_REFUSED_FUNCTIONS = {"current_setting", "currval", "nextval", "setval", "setseed", "write_log", "getenv",
                      "json_serialize_sql", "json_deserialize_sql", "parse_duckdb_log_message", "current_query",
                      "random", "gen_random_uuid", "uuid", "uuidv4", "uuidv7", "txid_current", "version",
                      "current_connection_id", "current_query_id", "current_transaction_id", "current_database",
                      "current_schema", "current_schemas", "in_search_path"}
_EXPR_ALIAS, _EXPR_TABLE = "__insight_expr", "__insight_table"


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
    Raises :class:`DataValidationError` naming ``key``.
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
             dayfirst: bool | None = None, column_name: str | None = None) -> str:
    """SQL expression reading ``column`` of ``relation`` as a naive TIMESTAMP in the session's time zone.

    Datetimes are converted (time-zone-aware ones to the session zone); integers are
    ``YYYYMMDD``; text is read with ``date_format`` when given, else as ISO 8601 (with
    any UTC offset honoured) or in the one family of :data:`DATE_FAMILIES` that reads
    every row. A column whose rows read only month-first in some rows and only
    day-first in others is refused, naming both; a column that reads both ways in
    every row needs ``dayfirst`` (or ``date_format``). Rows no format reads give NULL,
    which the caller reports as unparseable dates.
    """
    c, t = quote_ident(column), typ.upper()
    shown = column_name or column
    if t.startswith(("TIMESTAMP", "DATE")):
        return f"CAST({c} AS TIMESTAMP)"
    if t in ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT", "UINTEGER", "SMALLINT"):
        return f"TRY_STRPTIME(CAST({c} AS VARCHAR), '%Y%m%d')"
    text = f"TRIM(CAST({c} AS VARCHAR))"
    if date_format:
        return f"TRY_STRPTIME({text}, {sql_literal(date_format)})"
    exprs = {"ISO 8601 (Y-m-d)": f"CAST(TRY_CAST({text} AS TIMESTAMPTZ) AS TIMESTAMP)"}
    exprs.update({fam: f"TRY_STRPTIME({text}, {_formats(fmts)})" for fam, fmts in DATE_FAMILIES.items()})
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


def check_flag_sql(con, relation: str, column: str, typ: str, *, key: str | None = None) -> str:
    """:func:`flag_sql` of ``column``, after checking that every non-empty value reads (count, example)."""
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
    both DuckDB's and Spark's (``quote``: Spark quotes names with backticks), so both engines read alike."""
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


# --------------------------------------------------------------------------- parameters
def check_param(
    name: str,
    value: Any,
    kind: type | tuple[type, ...],
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_min: bool = True,
    include_max: bool = True,
    allow_none: bool = False,
) -> Any:
    """Validate a scalar parameter the way scikit-learn's ``check_scalar`` does.

    >>> check_param("n_clusters", 1, int, min_val=2)
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: parameter 'n_clusters' == 1, must be >= 2.
    """
    if value is None and allow_none:
        return value
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = isinstance(value, kinds)
    # bool is an int subclass; an int parameter given True is almost surely a mistake.
    if isinstance(value, bool) and bool not in kinds:
        ok = False
    if float in kinds and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        ok = True
    if not ok:
        names = " or ".join(k.__name__ for k in kinds)
        raise DataValidationError(
            f"parameter {name!r} must be {names}, got {type(value).__name__} {value!r}."
        )
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and not np.isfinite(value):
        # NaN compares False with every bound, so it would pass any range check below
        raise DataValidationError(f"parameter {name!r} == {value!r}, must be a finite number.")
    if min_val is not None:
        if value < min_val or (value == min_val and not include_min):
            op = ">=" if include_min else ">"
            raise DataValidationError(f"parameter {name!r} == {value!r}, must be {op} {min_val}.")
    if max_val is not None:
        if value > max_val or (value == max_val and not include_max):
            op = "<=" if include_max else "<"
            raise DataValidationError(f"parameter {name!r} == {value!r}, must be {op} {max_val}.")
    return value


def check_in(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """Raise unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise DataValidationError(
            f"parameter {name!r} == {value!r}, must be one of {list(choices)}."
        )
    return value


# --------------------------------------------------------------------------- tables
def check_transactions(
    df: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str,
    *,
    quantity_col: str | None = None,
    allow_missing_ids: bool = False,
    allow_negative: bool = True,
    name: str = "transactions",
) -> pd.DataFrame:
    """Check a transactions table and return a typed copy.

    Requires the named columns, dates parseable (datetime, strings, or ``YYYYMMDD``
    integers), amounts (and quantities) finite numbers, and customer ids non-null
    (unless ``allow_missing_ids``; :func:`clean_transactions` removes and counts them).
    Negative amounts (returns, cancellations) are allowed unless ``allow_negative`` is
    False. Returns a copy with the date column as ``datetime64`` and amounts as float.
    """
    _require_frame(df, name)
    check_columns(df, [customer_col, date_col, amount_col, quantity_col], name=name)
    if len(df) == 0:
        raise DataValidationError(f"{name}: the table has 0 rows; at least one transaction is needed.")
    out = df.copy()
    ids = out[customer_col]
    if not allow_missing_ids and ids.isna().any():
        _fail(customer_col, "have a missing customer id", ids.isna(), ids, "a non-null id")
    out[date_col] = _to_datetime(out[date_col], date_col)
    if out[date_col].isna().any():
        _fail(date_col, "have a missing date", out[date_col].isna(), df[date_col], "a date")
    out[amount_col] = _to_numeric(out[amount_col], amount_col)
    if out[amount_col].isna().any():
        _fail(amount_col, "have a missing amount", out[amount_col].isna(), df[amount_col], "a number")
    if not allow_negative and (out[amount_col] < 0).any():
        _fail(amount_col, "are negative", out[amount_col] < 0, df[amount_col], "amounts >= 0")
    if quantity_col is not None:
        out[quantity_col] = _to_numeric(out[quantity_col], quantity_col)
    return out


def check_customers(
    df: pd.DataFrame,
    id_col: str | None,
    *,
    date_cols: Sequence[str] = (),
    numeric_cols: Sequence[str] = (),
    bool_cols: Sequence[str] = (),
    unique_ids: bool = True,
    name: str = "customers",
) -> pd.DataFrame:
    """Check a one-row-per-customer table and return a typed copy.

    ``id_col`` may be ``None`` for tables without ids (e.g. IBM Telco). Ids must be
    non-null and, with ``unique_ids``, unique. Date, numeric (finite; missing values
    allowed and left for the analysis to report) and boolean columns are coerced.
    Boolean columns accept True/False, 1/0 and yes/no strings in any case.
    """
    _require_frame(df, name)
    check_columns(df, [id_col, *date_cols, *numeric_cols, *bool_cols], name=name)
    if len(df) == 0:
        raise DataValidationError(f"{name}: the table has 0 rows; at least one customer is needed.")
    out = df.copy()
    if id_col is not None:
        ids = out[id_col]
        if ids.isna().any():
            _fail(id_col, "have a missing customer id", ids.isna(), ids, "a non-null id")
        if unique_ids:
            dup = ids.duplicated(keep="first")
            if dup.any():
                _fail(id_col, "repeat an id already seen", dup, ids, "one row per customer")
    for c in date_cols:
        out[c] = _to_datetime(out[c], c)
    for c in numeric_cols:
        out[c] = _to_numeric(out[c], c)
    for c in bool_cols:
        out[c] = to_bool(out[c], c)
    return out


def to_bool(s: pd.Series, column: str, positive: Any = None) -> pd.Series:
    """Coerce a yes/no-like column to bool; with ``positive`` given, ``s == positive``.

    Missing values and unrecognised values raise with a count and an example.
    """
    if s.isna().any():
        _fail(column, "are missing", s.isna(), s, "yes/no values")
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
        _fail(column, "are not yes/no values", bad, s, "True/False, 1/0 or yes/no")
    return norm.isin(TRUE_WORDS)


def check_survey(
    df: pd.DataFrame,
    columns: Sequence[str],
    *,
    scale: tuple[int, int] = (1, 10),
    allow_missing: bool = True,
    integer: bool = True,
    min_rows: int = 2,
    name: str = "survey",
) -> pd.DataFrame:
    """Check rating columns (Likert, CSAT, NPS) and return a typed copy.

    Every value in ``columns`` must lie within ``scale`` (inclusive) and, with
    ``integer``, be a whole number. Missing answers are allowed unless
    ``allow_missing`` is False, but a column with no answer at all always raises.
    """
    _require_frame(df, name)
    if isinstance(columns, str):
        columns = [columns]
    check_columns(df, columns, name=name)
    lo, hi = scale
    if lo >= hi:
        raise DataValidationError(f"parameter 'scale' == {scale!r}, must be (low, high) with low < high.")
    if len(df) < min_rows:
        raise DataValidationError(
            f"{name}: {len(df)} respondent(s); at least {min_rows} are needed for this analysis."
        )
    out = df.copy()
    for c in columns:
        v = _to_numeric(out[c], c)
        if v.isna().all():
            raise DataValidationError(f"column {c!r}: all {len(v):,} rows are missing; no answers to analyse.")
        if not allow_missing and v.isna().any():
            _fail(c, "are missing", v.isna(), out[c], f"an answer on the {lo}-{hi} scale")
        outside = v.notna() & ((v < lo) | (v > hi))
        if outside.any():
            _fail(c, f"are outside the {lo}-{hi} scale", outside, out[c], f"values from {lo} to {hi}")
        if integer:
            frac = v.notna() & (v != np.round(v))
            if frac.any():
                _fail(c, "are not whole numbers", frac, out[c], "whole scale points")
        out[c] = v
    return out


# --------------------------------------------------------------------------- cleaning
def clean_transactions(
    df: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str,
    *,
    start: Any = None,
    end: Any = None,
    returns: str = "drop",
    drop_duplicates: bool = True,
    quantity_col: str | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Validate and clean a transactions table, counting every removed row by reason.

    Steps, in order (each appears in the report, with 0 when nothing applied):

    1. rows with a missing customer id are removed;
    2. exact duplicate rows (every column equal) are removed (``drop_duplicates``);
    3. returns and cancellations (negative amounts): ``returns="drop"`` removes them,
       ``"keep"`` keeps them (counted all the same), ``"raise"`` fails;
    4. rows dated before ``start`` or after ``end`` (inclusive window) are removed.

    Zero amounts are kept and counted (free items, 100% discounts). Returns the cleaned
    copy (original index kept) and the :class:`CleaningReport`.
    """
    check_in("returns", returns, ["drop", "keep", "raise"])
    out = check_transactions(
        df, customer_col, date_col, amount_col, quantity_col=quantity_col,
        allow_missing_ids=True, allow_negative=(returns != "raise"),
    )
    rep = CleaningReport(rows_in=len(out))

    miss = out[customer_col].isna()
    rep.add("missing customer id", miss.sum(), "removed", _example(out[date_col], miss))
    out = out[~miss]

    if drop_duplicates:
        dup = out.duplicated(keep="first")
        rep.add("exact duplicate row", dup.sum(), "removed", _example(out[date_col], dup))
        out = out[~dup]

    neg = out[amount_col] < 0
    action = "removed" if returns == "drop" else "kept"
    rep.add("return or cancellation (negative amount)", neg.sum(), action, _example(out[amount_col], neg))
    if returns == "drop":
        out = out[~neg]

    zero = out[amount_col] == 0
    rep.add("zero amount", zero.sum(), "kept", _example(out[date_col], zero))

    if start is not None or end is not None:
        lo = pd.Timestamp(start) if start is not None else out[date_col].min()
        hi = pd.Timestamp(end) if end is not None else out[date_col].max()
        if lo > hi:
            raise DataValidationError(f"parameter 'start' == {lo.date()} is after 'end' == {hi.date()}.")
        outside = (out[date_col] < lo) | (out[date_col] > hi)
        rep.add(f"date outside {lo.date()} to {hi.date()}", outside.sum(), "removed",
                _example(out[date_col], outside))
        out = out[~outside]

    if len(out) == 0:
        raise DataValidationError(
            f"transactions: no rows left after cleaning ({rep.rows_in:,} in); see the cleaning steps:\n{rep}"
        )
    rep.rows_out = len(out)
    return out, rep


def merge_same_day(
    df: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str,
    *,
    quantity_col: str | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Merge a customer's purchases on the same calendar day into one purchase.

    Amounts (and quantities) are summed; the result has one row per customer-day with
    the date normalised to midnight, sorted by customer and date. This is the
    convention of the buy-till-you-die literature (Fader, Hardie & Lee 2005): a day
    with several orders counts as one transaction.
    """
    check_columns(df, [customer_col, date_col, amount_col, quantity_col], name="transactions")
    day = pd.to_datetime(df[date_col]).dt.normalize()
    cols = {amount_col: "sum"}
    if quantity_col is not None:
        cols[quantity_col] = "sum"
    tmp = df[[customer_col, amount_col] + ([quantity_col] if quantity_col else [])].assign(**{date_col: day})
    merged = tmp.groupby([customer_col, date_col], sort=True, observed=True).agg(cols).reset_index()
    rep = CleaningReport(rows_in=len(df), rows_out=len(merged))
    rep.add("same-day purchases merged", len(df) - len(merged), "merged into one purchase per day")
    return merged, rep


def quality_summary(df: pd.DataFrame, id_cols: Sequence[str] = ()) -> pd.DataFrame:
    """One row per column: type, missing count and share, distinct values, example, range.

    Examples and ranges of ``id_cols`` are hidden, so a report never shows a raw
    customer identifier.
    """
    _require_frame(df)
    check_columns(df, id_cols, name="data")
    rows = []
    n = len(df)
    for c in df.columns:
        s = df[c]
        miss = int(s.isna().sum())
        nonnull = s.dropna()
        rng = ""
        if len(nonnull) and (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)) \
                and not pd.api.types.is_bool_dtype(s):
            lo, hi = nonnull.min(), nonnull.max()
            if pd.api.types.is_datetime64_any_dtype(s):
                rng = f"{lo.date()} to {hi.date()}"
            else:
                rng = f"{lo:g} to {hi:g}"
        if c in id_cols:
            rng = ""
        rows.append({
            "column": str(c),
            "type": type_word(s.dtype),
            "missing": miss,
            "missing %": round(100 * miss / n, 2) if n else 0.0,
            "distinct": int(nonnull.nunique()),
            "example": "(identifier hidden)" if c in id_cols else (str(nonnull.iloc[0]) if len(nonnull) else ""),
            "range": rng,
        })
    return pd.DataFrame(rows)
