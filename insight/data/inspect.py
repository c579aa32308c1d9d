"""``insight inspect FILE``: guess each column's role and propose a starting data specification.

The guesses are heuristics on names, types and values (no model): id-like columns
(names such as ``CustomerID``, many distinct values, float-formatted ids flagged),
dates (with the format the shared parser detects, or the conflict it refuses),
amounts (or ``Quantity * UnitPrice`` when both exist), quantities, order ids with a
cancellation marker, yes/no flags (a churn target when the name says so), rating
scales (small integer ranges or a common wording) and categories. The proposal is
YAML with a comment on every line, for the user to check and edit, plus which
notebooks it can feed and which sections would be skipped for lack of a column.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import FALSE_WORDS, TRUE_WORDS, date_sql, duckdb_connect, quote_ident
from .scales import word_scale
from .tables import TableSpec, resolve_paths

__all__ = ["inspect", "Inspection"]

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
_NUMERIC_NAMES = [(_QTY, "quantity"), (_UNIT_PRICE, "unit price"), (_AMOUNT, "amount"), (_DURATION, "duration")]
_OVERALL = re.compile(r"overall|satisf|nps|recommend|rating|score", re.I)


@dataclass
class Inspection:
    """What ``inspect`` found: the guessed roles per column, the proposed YAML and what it can feed."""

    path: Path
    rows: int
    columns: pd.DataFrame                  # column, type, distinct, missing, example, guess
    kind: str
    proposal: str                          # YAML text with comments
    notebooks: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"# {self.path.name}: {self.rows:,} rows, {len(self.columns)} columns; looks like {self.kind} data.",
                 "# Column guesses:"]
        for r in self.columns.itertuples():
            lines.append(f"#   {r.column!s:<24} {r.type:<10} {r.distinct:>8,} distinct  {r.missing:>7,} missing"
                         f"  -> {r.guess}")
        lines.append(f"# Notebooks this can feed: {', '.join(self.notebooks) or 'none yet (check the roles)'}.")
        for s in self.skipped:
            lines.append(f"# Would be skipped: {s}")
        lines.append("# Save the specification below as a .yaml file, check every role, then:")
        lines.append("#   insight report <notebook> -p data your_spec.yaml")
        return "\n".join(lines) + "\n\n" + self.proposal

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(str(self))}</pre>"


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
        guesses, notes = {}, {}
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
                    guesses[c], notes[c] = "date", f"CHECK: {exc}"
                    continue
            if len(low) <= 2 and low <= (TRUE_WORDS | FALSE_WORDS) and low:
                guesses[c] = "churn" if _CHURN.search(c) else "yes/no flag"
                continue
            if _DISCOUNT.search(c):
                guesses[c] = "discount"
                continue
            if not numeric and len(vals) <= 20 and word_scale(vals):
                guesses[c] = "rating (words)"
                notes[c] = "mapped as " + ", ".join(f"{k}={v}" for k, v in word_scale(vals).items())
                continue
            if _ORDER.search(c) and r.distinct > 1:
                guesses[c] = "order_id"
                starts = con.execute(f"SELECT COUNT(*) FROM data WHERE CAST({quote_ident(c)} AS VARCHAR) LIKE 'C%'"
                                     ).fetchall()[0][0]
                if starts and starts < n / 2:
                    notes[c] = f"{starts:,} values start with 'C' (cancellations?)"
                continue
            if _ID.search(c) and (r.distinct > 0.01 * n or r.distinct > 50):
                guesses[c] = "customer_id"
                if t in ("DOUBLE", "FLOAT"):
                    notes[c] = "float-formatted ids, read as whole numbers"
                continue
            by_name = next((role for pattern, role in _NUMERIC_NAMES if pattern.search(c)), None) if numeric else None
            if by_name:
                guesses[c] = by_name
                continue
            if numeric and 0 < r.distinct <= 11:
                lo, hi = con.execute(f"SELECT MIN({quote_ident(c)}), MAX({quote_ident(c)}) FROM data").fetchall()[0]
                if float(lo) == int(lo) and float(hi) == int(hi) and 0 <= lo < hi <= 10:
                    guesses[c] = f"rating {int(lo)}-{int(hi)}"
                    continue
            if not numeric and r.distinct <= max(50, 0.05 * n):
                guesses[c] = "channel" if _CHANNEL.search(c) else ("category" if _CATEGORY.search(c) else "group")
                continue
            if not numeric and _CATEGORY.search(c):
                guesses[c] = "category"
                continue
            guesses[c] = "other"
        prof["guess"] = [guesses[c] + (f"  ({notes[c]})" if c in notes else "") for c in prof["column"]]
        kind, proposal, feeds, skipped = _propose(Path(path), guesses, prof)
    finally:
        con.close()
    return Inspection(paths[0], n, prof[["column", "type", "distinct", "missing", "example", "guess"]], kind, proposal,
                      feeds, skipped)


def _first(guesses: dict, role: str) -> str | None:
    return next((c for c, g in guesses.items() if g == role), None)


def _yaml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ ]*", name) else '"' + name.replace('"', '\\"') + '"'


def _propose(path: Path, guesses: dict, prof: pd.DataFrame):
    by = lambda role: _first(guesses, role)  # noqa: E731
    ratings = [c for c, g in guesses.items() if g.startswith("rating")]
    date, ident = by("date"), by("customer_id")
    amount, qty, price = by("amount"), by("quantity"), by("unit price")
    amount_expr = amount or (f"{qty} * {price}" if qty and price else None)
    if by("churn"):
        kind = "customers"
    elif date and (amount_expr or ident) and not len(ratings) >= 3:
        kind = "transactions"
    elif len(ratings) >= 2:
        kind = "survey"
    else:
        kind = "transactions" if date else "customers"
    lines = ["# insight data specification (proposed by `insight inspect`; check every line)",
             f"kind: {kind}", f"name: {path.stem}", "tables:", "  data:", f"    path: {path}   # relative to the folder of this file"]
    date_note = next((g for c, g in guesses.items() if c == date and "CHECK" in g), "")
    if date_note:
        lines.append("    # dayfirst: true       # " + date_note.split("CHECK: ")[-1][:150].rstrip(")"))
    lines.append("columns:")
    missing: list[str] = []
    feeds: list[str] = []

    def role(name, col, comment, required=False):
        if col:
            lines.append(f"  {name}: {col if ' * ' in col else _yaml_key(col)}   # {comment}")
        else:
            lines.append(f"  # {name}:          # {comment} (not found{'; REQUIRED' if required else ''})")
            missing.append(name)

    if kind == "transactions":
        role("customer_id", ident, "customer id", True)
        role("date", date, "purchase date", True)
        role("amount", amount_expr, "amount of the line (an expression is fine)", True)
        role("quantity", qty, "quantity")
        role("order_id", by("order_id"), "order or invoice id")
        role("discount", by("discount"), "discount: fraction, percent or yes/no")
        role("category", by("category"), "product category")
        role("channel", by("channel"), "channel or country")
        order = by("order_id")
        shown = dict(zip(prof["column"], prof["guess"]))
        if order or qty:
            cond = " OR ".join(([f"{order} LIKE 'C%'"] if order and "cancellations" in shown.get(order, "") else []) +
                               ([f"{qty} < 0"] if qty else []))
            if cond:
                lines.append(f"returns: {cond}   # rows that are returns or cancellations")
        if ident and date and amount_expr:
            feeds = ["customer_types", "clv"]
        skipped = {"discount": "discount-driven customer type (no discount column)",
                   "category": "category breadth of customer types (no category column)"}
        skips = [v for k, v in skipped.items() if k in missing] + ["visits per purchase (no visits table)"]
    elif kind == "customers":
        role("churn", by("churn"), "churned yes/no", True)
        role("customer_id", ident, "customer id")
        role("duration", by("duration"), "time with the company, for retention curves")
        group = next((c for c, g in guesses.items() if g in ("group", "channel", "category")), None)
        role("group", group, "compare retention by this column")
        role("value", amount, "value per period, for retention economics")
        feeds = ["churn"] if by("churn") else []
        skips = (["retention curves and the Cox model (no duration column)"] if "duration" in missing else []) + \
                (["retention economics (no value column)"] if "value" in missing else [])
    else:
        overall = next((c for c in ratings if _OVERALL.search(c)), ratings[0] if ratings else None)
        drivers = [c for c in ratings if c != overall]
        role("overall", overall, "overall satisfaction", True)
        lines.append("  drivers:              # aspects rated")
        lines += [f"    - {_yaml_key(c)}" for c in drivers] or ["    # - (none found; REQUIRED)"]
        role("customer_id", ident, "respondent or customer id")
        role("group", next((c for c, g in guesses.items() if g in ("group", "channel")), None), "compare groups")
        role("date", date, "answer date, for the trend")
        scales = [(c, g) for c, g in guesses.items() if g.startswith("rating ") and g[7:8].isdigit()]
        if scales:
            lines.append("scales:")
            lines += [f"  {_yaml_key(c)}: {g.split()[1]}" for c, g in scales]
        feeds = ["satisfaction"] if overall and drivers else []
        skips = [s for s, need in (("NPS (no 0-10 recommend question)", "nps"),) if need]
    lines += ["ids:", "  placeholders: [\"\", \"(blank)\", \"nan\", \"unknown\", \"0\"]   # read as a missing id",
              ("duplicates: drop          # exact duplicate rows are removed and counted" if kind == "transactions"
               or ident else "duplicates: keep          # identical answers of different people are real"),
              "timezone: UTC             # days are cut in this zone"]
    return kind, "\n".join(lines) + "\n", feeds, skips
