"""``insight inspect FILE``: guess each column's role and propose a starting data specification.

The guesses are heuristics on names, types and values (no model): id-like columns
(names such as ``CustomerID``, many distinct values, float-formatted ids flagged),
dates (with the format the shared parser detects, or the conflict it refuses),
amounts (or ``Quantity * UnitPrice`` when both exist), quantities, order ids with a
cancellation marker, yes/no flags (a churn target when the name says so), rating
scales (small integer ranges or a common wording) and categories. The result holds codes
and numbers: a guess and a note per column, the proposed specification as data
(:class:`Proposal`), the notebooks it can feed and the codes of the features it would
skip. The report layer writes it for readers, as the YAML with a comment on every line
that ``insight inspect`` prints (:func:`insight.report.sections.quality.inspection_text`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .._results import Result
from ..exceptions import DataValidationError
from ..parsers import FALSE_WORDS, TRUE_WORDS, date_sql, duckdb_connect, quote_ident
from .scales import word_scale
from .tables import TableSpec, resolve_paths

__all__ = ["inspect", "Inspection", "Proposal", "Role"]

_ID = re.compile(r"(^|_|\b)(customer|client|user|member|account|cust|buyer|donor|subscriber)?_?(id|no|number|key)$|"
                 r"customer|client", re.I)
_AMOUNT = re.compile(r"amount|revenue|sales|total|value|spend|payment|price|charge|paid|gmv", re.I)
_UNIT_PRICE = re.compile(r"unit_?price|price", re.I)
_QTY = re.compile(r"qty|quantity|units|count", re.I)
_ORDER = re.compile(r"invoice|order|receipt|transaction|basket", re.I)
_CHURN = re.compile(r"churn|attrition|exited|left|cancel|lost|leaver", re.I)
_DISCOUNT = re.compile(r"discount|promo|coupon|voucher", re.I)
_CATEGORY = re.compile(r"categor|product|stock|sku|item|department|genre", re.I)
_CHANNEL = re.compile(r"channel|country|region|store|source|segment", re.I)
_DURATION = re.compile(r"tenure|months|duration|years_?at|lifetime|days_?since", re.I)
#: numeric columns recognised by name, first match wins (unit price before amount: "UnitPrice" is not an amount)
_NUMERIC_NAMES = [(_QTY, "quantity"), (_UNIT_PRICE, "unit_price"), (_AMOUNT, "amount"), (_DURATION, "duration")]
#: what a value column covers, from its name (first match wins); a name that says nothing is proposed as monthly
_VALUE_PERIODS = [(re.compile(r"total|lifetime|ltv|to_?date|cumul|so_?far", re.I), "to date"),
                  (re.compile(r"month|mrr|mtl", re.I), "month"), (re.compile(r"year|annual|arr\b", re.I), "year"),
                  (re.compile(r"week", re.I), "week"), (re.compile(r"day|daily", re.I), "day")]
_OVERALL = re.compile(r"overall|satisf|nps|recommend|rating|score", re.I)
#: the first letter of a cancelled order's id (Online Retail: C536379)
_CANCEL = "C"
#: feature of the transaction reports skipped without a role: code -> role
_TRANSACTION_SKIPS = {"discount_type": "discount", "category_breadth": "category"}


class Role(NamedTuple):
    """One role of the proposed specification: the column (or SQL expression) that plays it, or None when
    no column was found, and whether a specification of this kind needs it."""

    role: str
    column: str | None
    required: bool = False


@dataclass
class Proposal:
    """The proposed data specification as data: keys and values, no comments (the report layer writes those,
    see :func:`insight.report.sections.quality.inspection_text`)."""

    kind: str                              # transactions | customers | survey
    name: str
    path: Path                             # as given to inspect
    roles: list[Role]                      # in the order the specification lists them
    drivers: list[str] | None = None       # survey: the aspects rated (after the role overall)
    returns: str | None = None             # SQL condition of the returns and cancellations
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)   # numeric rating column -> (low, high)
    placeholders: list[str] = field(default_factory=lambda: ["", "(blank)", "nan", "unknown", "0"])
    duplicates: str = "drop"               # drop | keep
    timezone: str = "UTC"
    value_period: str | None = None        # customers with a value: what it covers, guessed from the column's name
    value_period_known: bool = False       # whether the name said it (else a guess to check)

    def missing(self) -> list[str]:
        """The roles no column was found for."""
        return [r.role for r in self.roles if r.column is None]

    def to_dict(self) -> dict:
        """The specification as :func:`~insight.data.spec.load_spec` reads it (the roles found, no comments)."""
        columns: dict = {}
        for r in self.roles:
            if r.column is not None:
                columns[r.role] = r.column
            if r.role == "overall" and self.drivers is not None:
                columns["drivers"] = list(self.drivers)
        out = {"kind": self.kind, "name": self.name, "tables": {"data": {"path": str(self.path)}},
               "columns": columns}
        if self.returns:
            out["returns"] = self.returns
        if self.scales:
            out["scales"] = {c: f"{lo}-{hi}" for c, (lo, hi) in self.scales.items()}
        if self.value_period:
            out["value_period"] = self.value_period
        out.update({"ids": {"placeholders": list(self.placeholders)}, "duplicates": self.duplicates,
                    "timezone": self.timezone})
        return out


@dataclass
class Inspection(Result):
    """What ``inspect`` found, as codes and numbers (the words are the report layer's:
    :func:`insight.report.sections.quality.inspection_text`).

    ``columns`` has one row per column: ``column``, ``type`` (DuckDB's), ``distinct``
    (approximate), ``missing``, ``example``, ``guess`` (a role code: ``date``, ``churn``,
    ``flag``, ``discount``, ``rating_words``, ``order_id``, ``customer_id``, ``quantity``,
    ``unit_price``, ``amount``, ``duration``, ``rating``, ``channel``, ``category``, ``group``
    or ``other``), ``low`` and ``high`` (the scale of a ``rating``), ``note`` (a code or
    None: ``cancellations``, ``float_ids``, ``word_scale``, ``date_check``) and
    ``note_values`` (the note's values: ``n`` and ``marker``; ``mapping``; ``error``).
    ``skipped`` holds codes of the features the proposal would skip (``discount_type``,
    ``category_breadth``, ``visits``, ``retention_curves``, ``retention_economics``, ``nps``).
    """

    path: Path
    rows: int
    columns: pd.DataFrame
    kind: str
    proposal: Proposal
    notebooks: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """The column guesses."""
        return self.columns


def _profile(con, rel: str) -> pd.DataFrame:
    cols = con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()
    rows = []
    for name, typ, *_ in cols:
        q = quote_ident(name)
        n, distinct, missing, ex = con.execute(
            f"SELECT COUNT(*), approx_count_distinct({q}), COUNT(*) - COUNT({q}), "
            f"CAST(ANY_VALUE({q}) AS VARCHAR) FROM {rel}").fetchall()[0]
        rows.append({"column": name, "type": typ.upper(), "distinct": int(distinct), "missing": int(missing),
                     "example": ex, "rows": int(n)})
    return pd.DataFrame(rows)


def _values(con, rel: str, col: str, limit: int = 20) -> list:
    return [r[0] for r in con.execute(f"SELECT DISTINCT {quote_ident(col)} FROM {rel} WHERE {quote_ident(col)} IS NOT "
                                      f"NULL LIMIT {limit + 1}").fetchall()]


def inspect(path: str | os.PathLike) -> Inspection:
    """Read a CSV, Parquet or Excel file, guess each column's role and propose a data specification."""
    paths = resolve_paths(str(path), Path.cwd(), "FILE")
    table = TableSpec("data", paths)
    con = duckdb_connect()
    try:
        first = table.reader(con)
        header = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {first}").fetchall()]
        # read the text columns as text, so dates are judged by insight's parser, not the sniffer
        types0 = dict(r[:2] for r in con.execute(f"DESCRIBE SELECT * FROM {first}").fetchall())
        maybe_dates = [c for c in header if types0[c].upper().startswith(("TIMESTAMP", "DATE", "VARCHAR"))]
        con.execute(f"CREATE TEMP VIEW data AS SELECT * FROM {table.reader(con, maybe_dates)}")
        prof = _profile(con, "data")
        n = int(prof["rows"].iloc[0]) if len(prof) else 0
        if n == 0:    # nothing to guess from: no roles are proposed for columns without a value
            raise DataValidationError(f"FILE {paths[0].name}: holds no rows ({len(header)} column(s): "
                                      f"{', '.join(map(str, header[:5]))}); nothing to inspect.")
        guesses, notes, scales = {}, {}, {}
        for r in prof.itertuples():
            c, t = r.column, r.type
            numeric = t in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT") or t.startswith("DECIMAL")
            vals = _values(con, "data", c)
            low = {str(v).strip().lower() for v in vals}
            if t == "VARCHAR" or t.startswith(("TIMESTAMP", "DATE")):
                try:
                    expr = date_sql(con, "data", c, t)
                    ok = con.execute(f"SELECT COUNT({expr}) FROM data").fetchall()[0][0]
                    if ok and ok == n - r.missing and not (t == "VARCHAR" and all(str(v).isdigit() for v in vals)):
                        guesses[c] = "date"
                        continue
                except DataValidationError as exc:
                    guesses[c], notes[c] = "date", ("date_check", {"error": str(exc)})
                    continue
            if len(low) <= 2 and low <= (TRUE_WORDS | FALSE_WORDS) and low:
                guesses[c] = "churn" if _CHURN.search(c) else "flag"
                continue
            if _DISCOUNT.search(c):
                guesses[c] = "discount"
                continue
            if not numeric and len(vals) <= 20 and word_scale(vals):
                guesses[c] = "rating_words"
                notes[c] = ("word_scale", {"mapping": word_scale(vals)})
                continue
            if _ORDER.search(c) and r.distinct > 1:
                guesses[c] = "order_id"
                starts = con.execute(f"SELECT COUNT(*) FROM data WHERE CAST({quote_ident(c)} AS VARCHAR) LIKE "
                                     f"'{_CANCEL}%'").fetchall()[0][0]
                if starts and starts < n / 2:
                    notes[c] = ("cancellations", {"n": int(starts), "marker": _CANCEL})
                continue
            if _ID.search(c) and (r.distinct > 0.01 * n or r.distinct > 50):
                guesses[c] = "customer_id"
                if t in ("DOUBLE", "FLOAT"):
                    notes[c] = ("float_ids", {})
                continue
            by_name = next((role for pattern, role in _NUMERIC_NAMES if pattern.search(c)), None) if numeric else None
            if by_name:
                guesses[c] = by_name
                continue
            if numeric and 0 < r.distinct <= 11:
                lo, hi = con.execute(f"SELECT MIN({quote_ident(c)}), MAX({quote_ident(c)}) FROM data").fetchall()[0]
                if float(lo) == int(lo) and float(hi) == int(hi) and 0 <= lo < hi <= 10:
                    guesses[c], scales[c] = "rating", (int(lo), int(hi))
                    continue
            if not numeric and r.distinct <= max(50, 0.05 * n):
                guesses[c] = "channel" if _CHANNEL.search(c) else ("category" if _CATEGORY.search(c) else "group")
                continue
            if not numeric and _CATEGORY.search(c):
                guesses[c] = "category"
                continue
            guesses[c] = "other"
        cols = list(prof["column"])
        prof["guess"] = [guesses[c] for c in cols]
        prof["low"] = pd.array([scales[c][0] if c in scales else None for c in cols], dtype="Int64")
        prof["high"] = pd.array([scales[c][1] if c in scales else None for c in cols], dtype="Int64")
        prof["note"] = pd.Series([notes[c][0] if c in notes else None for c in cols], dtype=object)
        prof["note_values"] = pd.Series([notes[c][1] if c in notes else None for c in cols], dtype=object)
        proposal, feeds, skipped = _propose(Path(path), guesses, notes, scales)
    finally:
        con.close()
    return Inspection(paths[0], n, prof[["column", "type", "distinct", "missing", "example", "guess", "low", "high",
                                         "note", "note_values"]], proposal.kind, proposal, feeds, skipped)


def _first(guesses: dict, role: str) -> str | None:
    return next((c for c, g in guesses.items() if g == role), None)


def _propose(path: Path, guesses: dict, notes: dict, scales: dict) -> tuple[Proposal, list[str], list[str]]:
    """The proposed specification, the notebooks it can feed and the codes of the features it would skip."""
    by = lambda role: _first(guesses, role)  # noqa: E731
    ratings = [c for c, g in guesses.items() if g in ("rating", "rating_words")]
    date, ident = by("date"), by("customer_id")
    amount, qty, price = by("amount"), by("quantity"), by("unit_price")
    amount_expr = amount or (f"{qty} * {price}" if qty and price else None)
    if by("churn"):
        kind = "customers"
    elif date and (amount_expr or ident) and not len(ratings) >= 3:
        kind = "transactions"
    elif len(ratings) >= 2:
        kind = "survey"
    else:
        kind = "transactions" if date else "customers"
    out = Proposal(kind, path.stem, path, [], duplicates="drop" if kind == "transactions" or ident else "keep")
    feeds: list[str] = []
    if kind == "transactions":
        order = by("order_id")
        out.roles = [Role("customer_id", ident, True), Role("date", date, True), Role("amount", amount_expr, True),
                     Role("quantity", qty), Role("order_id", order), Role("discount", by("discount")),
                     Role("category", by("category")), Role("channel", by("channel"))]
        cancels = order is not None and notes.get(order, ("",))[0] == "cancellations"
        cond = " OR ".join(([f"{order} LIKE '{_CANCEL}%'"] if cancels else []) + ([f"{qty} < 0"] if qty else []))
        out.returns = cond or None
        if ident and date and amount_expr:
            feeds = ["customer_types", "clv"]
        skips = [code for code, role in _TRANSACTION_SKIPS.items() if role in out.missing()] + ["visits"]
    elif kind == "customers":
        group = next((c for c, g in guesses.items() if g in ("group", "channel", "category")), None)
        out.roles = [Role("churn", by("churn"), True), Role("customer_id", ident), Role("duration", by("duration")),
                     Role("group", group), Role("value", amount)]
        if amount:
            out.value_period = next((period for pattern, period in _VALUE_PERIODS if pattern.search(amount)), None)
            out.value_period_known = out.value_period is not None
            out.value_period = out.value_period or "month"
        feeds = ["churn"] if by("churn") else []
        skips = [code for code, role in (("retention_curves", "duration"), ("retention_economics", "value"))
                 if role in out.missing()]
    else:
        overall = next((c for c in ratings if _OVERALL.search(c)), ratings[0] if ratings else None)
        out.drivers = [c for c in ratings if c != overall]
        out.roles = [Role("overall", overall, True), Role("customer_id", ident),
                     Role("group", next((c for c, g in guesses.items() if g in ("group", "channel")), None)),
                     Role("date", date)]
        out.scales = {c: s for c, s in scales.items() if guesses[c] == "rating"}
        feeds = ["satisfaction"] if overall and out.drivers else []
        skips = ["nps"]     # no 0-10 recommend question is recognised yet
    return out, feeds, skips
