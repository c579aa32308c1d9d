"""Cleaning that legitimately removes or changes rows, never silently: each step returns the
cleaned table with a :class:`CleaningReport` counting what was done, by reason, which the
reports display; and the checks of the three kinds of table (transactions, customers, survey)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import to_bool, to_datetime, to_numeric
from ..validate import check_columns, check_in, fail_rows, plain, require_frame

__all__ = ["CleaningStep", "CleaningReport", "check_transactions", "check_customers", "check_survey",
           "clean_transactions", "merge_same_day", "quality_summary", "type_code", "first_offender",
           "duplicate_rule", "DUPLICATE_RULES", "order_column"]


# --------------------------------------------------------------------------- report
@dataclass
class CleaningStep:
    """One cleaning action as ids and numbers: why (``step``), how many rows, what was done (``action``).

    ``step`` and ``action`` are stable ids (``"missing_id"``, ``"removed"``); the report writes them in
    words from its catalog (``cleaning.step.<id>``, ``cleaning.action.<id>``) with ``values`` (dates,
    table or column names, a word mapping) filled in. ``example`` is one offending value from the data as
    written (``repr``), ``row`` its row label (``repr``), both empty when there is none.
    """

    step: str
    rows: int
    action: str
    example: str = ""
    row: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class CleaningReport:
    """Counts of rows removed or changed, by step.

    ``report.to_frame()`` gives a table of ids and counts; the reports show it in words
    (:func:`insight.report.sections.quality.cleaning_view`).
    Reports add up: ``report_a + report_b`` keeps the steps of both in order.
    """

    steps: list[CleaningStep] = field(default_factory=list)
    rows_in: int | None = None
    rows_out: int | None = None

    def add(self, step: str, rows: int, action: str, example: Any = "", *, row: Any = "",
            **values: Any) -> "CleaningReport":
        """Record a step (ids, see :class:`CleaningStep`). Steps with zero rows are kept too: "0 duplicates" is
        information. ``values`` are what the step's words need, e.g. ``start=``/``end=`` dates."""
        self.steps.append(CleaningStep(step, int(rows), action, "" if example is None else str(example),
                                       "" if row is None else str(row), dict(values)))
        return self

    def __add__(self, other: "CleaningReport") -> "CleaningReport":
        rows_in = self.rows_in if self.rows_in is not None else other.rows_in
        rows_out = other.rows_out if other.rows_out is not None else self.rows_out
        return CleaningReport(list(self.steps) + list(other.steps), rows_in, rows_out)

    def __len__(self) -> int:
        return len(self.steps)

    def count(self, step: str) -> int:
        """Rows affected by the step(s) with this id (0 if there is none)."""
        return sum(s.rows for s in self.steps if s.step == step)

    def largest(self) -> CleaningStep | None:
        """The step that changed the most rows (the first of equals), or None when no step changed any."""
        changed = [s for s in self.steps if s.rows]
        return max(changed, key=lambda s: s.rows) if changed else None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(s.step, s.rows, s.action, s.example, s.row) for s in self.steps],
            columns=["step", "rows", "action", "example", "row"],
        )

    def __str__(self) -> str:
        # for analysts (error messages, the terminal): ids and counts
        head = ""
        if self.rows_in is not None and self.rows_out is not None:
            head = f"rows in: {self.rows_in:,}; rows out: {self.rows_out:,}\n"
        if not self.steps:
            return head + "no cleaning steps"
        return head + self.to_frame().to_string(index=False)


def first_offender(values: pd.Series, mask) -> tuple[str, str]:
    """``(value, row)`` of the first row of ``mask`` as written (``repr``), or ``("", "")`` when there is none."""
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    if idx.size == 0:
        return "", ""
    i = idx[0]
    return repr(plain(values.iloc[i])), repr(plain(values.index[i]))


def type_code(dtype) -> str:
    """A column type as an id: ``bool``, ``date``, ``integer``, ``number``, ``category`` or ``text`` (pandas or SQL
    type names); the reports write it in words (``quality.type.<id>``)."""
    t = str(dtype).lower()
    if t.startswith(("bool",)):
        return "bool"
    if any(k in t for k in ("datetime", "timestamp", "date")):
        return "date"
    if any(k in t for k in ("int", "bigint", "hugeint")):
        return "integer"
    if any(k in t for k in ("float", "double", "decimal", "real", "numeric")):
        return "number"
    if "category" in t:
        return "category"
    return "text"


# --------------------------------------------------------------------------- duplicates
#: what each rule does with identical rows of a transaction log (see :func:`duplicate_rule`)
DUPLICATE_RULES = {"order_id": "drop", "time_of_day": "drop", "day_level": "keep"}

#: a column named like an order, invoice, receipt or transaction id (InvoiceNo, order_id, Transaction ID)
_ORDER_ID = re.compile(r"(order|invoice|receipt|transaction|basket|ticket)[ _-]?(id|no|nr|number|key|code)?", re.I)


def order_column(columns: Sequence[str]) -> str | None:
    """The first of ``columns`` named like an order, invoice, receipt or transaction id, or None."""
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
        raise DataValidationError(f"parameter 'columns' must be a list of column names, got {columns!r}.")
    return next((c for c in columns if _ORDER_ID.fullmatch(c.strip())), None)


def duplicate_rule(columns: Sequence[str], *, time_of_day: bool, order_col: str | None = None) -> str:
    """The one rule for identical rows of a transaction log, decided by what the log records (every report on the
    same data applies it: the cleaning of the data-quality report, the customer summary, a specification).

    * ``"order_id"``: the log has an order id (``order_col``, or a column named like one: :func:`order_column`);
      two identical lines are one line exported twice: removed and counted.
    * ``"time_of_day"``: its dates carry a time of day; two purchases of the same thing in the same second are
      one line exported twice: removed and counted.
    * ``"day_level"``: neither; the same customer can buy the same thing twice on a day (CDNOW holds 255 such
      rows), so identical rows may be real repeat purchases: kept, and counted in the cleaning table.

    What the rule does is :data:`DUPLICATE_RULES`; a specification's ``duplicates: drop | keep`` overrides it.
    """
    cols = list(columns) if not isinstance(columns, str) else columns
    order = order_column(cols)
    if not isinstance(time_of_day, (bool, np.bool_)):
        raise DataValidationError(f"parameter 'time_of_day' == {time_of_day!r}, must be True or False.")
    if order_col is not None and order_col not in cols:
        raise DataValidationError(f"parameter 'order_col' == {order_col!r}: not a column; {len(cols)} columns: "
                                  f"{', '.join(map(str, cols[:20]))}.")
    if order_col is not None or order is not None:
        return "order_id"
    return "time_of_day" if time_of_day else "day_level"


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
    require_frame(df, name)
    check_columns(df, [customer_col, date_col, amount_col, quantity_col], name=name)
    if len(df) == 0:
        raise DataValidationError(f"{name}: the table has 0 rows; at least one transaction is needed.")
    out = df.copy()
    ids = out[customer_col]
    if not allow_missing_ids and ids.isna().any():
        fail_rows(customer_col, "have a missing customer id", ids.isna(), ids, "a non-null id")
    out[date_col] = to_datetime(out[date_col], date_col)
    if out[date_col].isna().any():
        fail_rows(date_col, "have a missing date", out[date_col].isna(), df[date_col], "a date")
    out[amount_col] = to_numeric(out[amount_col], amount_col)
    if out[amount_col].isna().any():
        fail_rows(amount_col, "have a missing amount", out[amount_col].isna(), df[amount_col], "a number")
    if not allow_negative and (out[amount_col] < 0).any():
        fail_rows(amount_col, "are negative", out[amount_col] < 0, df[amount_col], "amounts >= 0")
    if quantity_col is not None:
        out[quantity_col] = to_numeric(out[quantity_col], quantity_col)
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
    require_frame(df, name)
    check_columns(df, [id_col, *date_cols, *numeric_cols, *bool_cols], name=name)
    if len(df) == 0:
        raise DataValidationError(f"{name}: the table has 0 rows; at least one customer is needed.")
    out = df.copy()
    if id_col is not None:
        ids = out[id_col]
        if ids.isna().any():
            fail_rows(id_col, "have a missing customer id", ids.isna(), ids, "a non-null id")
        if unique_ids:
            dup = ids.duplicated(keep="first")
            if dup.any():
                fail_rows(id_col, "repeat an id already seen", dup, ids, "one row per customer")
    for c in date_cols:
        out[c] = to_datetime(out[c], c)
    for c in numeric_cols:
        out[c] = to_numeric(out[c], c)
    for c in bool_cols:
        out[c] = to_bool(out[c], c)
    return out


def check_survey(
    df: pd.DataFrame,
    columns: Sequence[str],
    *,
    scale: tuple[int, int] | dict = (1, 10),
    allow_missing: bool = True,
    integer: bool = True,
    min_rows: int = 2,
    name: str = "survey",
) -> pd.DataFrame:
    """Check rating columns (Likert, CSAT, NPS) and return a typed copy.

    Every value in ``columns`` must lie within ``scale`` (inclusive; one (low, high) for every column, or a dict
    column -> (low, high) when each has its own) and, with ``integer``, be a whole number. Missing answers are
    allowed unless ``allow_missing`` is False, but a column with no answer at all always raises.
    """
    require_frame(df, name)
    if isinstance(columns, str):
        columns = [columns]
    check_columns(df, columns, name=name)
    scales = dict(scale) if isinstance(scale, dict) else {c: scale for c in columns}
    without = [c for c in columns if c not in scales]
    if without:
        raise DataValidationError(f"parameter 'scale': {len(without)} column(s) without a scale, e.g. {without[0]!r}; "
                                  f"give (low, high) for each of {list(columns)[:10]}.")
    for c in columns:
        sc = scales[c]
        if not (isinstance(sc, (tuple, list)) and len(sc) == 2 and sc[0] < sc[1]):
            raise DataValidationError(f"parameter 'scale' == {sc!r} (column {c!r}), must be (low, high) with "
                                      "low < high.")
    if len(df) < min_rows:
        raise DataValidationError(
            f"{name}: {len(df)} respondent(s); at least {min_rows} are needed for this analysis."
        )
    out = df.copy()
    for c in columns:
        lo, hi = scales[c]
        v = to_numeric(out[c], c)
        if v.isna().all():
            raise DataValidationError(f"column {c!r}: all {len(v):,} rows are missing; no answers to analyse.")
        if not allow_missing and v.isna().any():
            fail_rows(c, "are missing", v.isna(), out[c], f"an answer on the {lo}-{hi} scale")
        outside = v.notna() & ((v < lo) | (v > hi))
        if outside.any():
            fail_rows(c, f"are outside the {lo}-{hi} scale", outside, out[c], f"values from {lo} to {hi}")
        if integer:
            frac = v.notna() & (v != np.round(v))
            if frac.any():
                fail_rows(c, "are not whole numbers", frac, out[c], "whole scale points")
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
    drop_duplicates: bool | None = None,
    quantity_col: str | None = None,
    order_col: str | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Validate and clean a transactions table, counting every removed row by reason.

    Steps, in order (each appears in the report, with 0 when nothing applied):

    1. rows with a missing customer id are removed;
    2. exact duplicate rows (every column equal): by default :func:`duplicate_rule` decides (removed as
       ``duplicate`` on a log with an order id, ``order_col`` or a column named like one, or with times of day;
       kept and counted as ``identical_rows`` on a day-level log without either, where they may be repeat
       purchases); ``drop_duplicates`` True or False decides instead;
    3. returns and cancellations (negative amounts): ``returns="drop"`` removes them,
       ``"keep"`` keeps them (counted all the same), ``"raise"`` fails;
    4. rows dated before ``start`` or after ``end`` (inclusive window) are removed.

    Zero amounts are kept and counted (free items, 100% discounts). Returns the cleaned
    copy (original index kept) and the :class:`CleaningReport`.
    """
    check_in("returns", returns, ["drop", "keep", "raise"])
    if drop_duplicates is not None and not isinstance(drop_duplicates, (bool, np.bool_)):
        raise DataValidationError(f"parameter 'drop_duplicates' == {drop_duplicates!r}, must be True, False or None "
                                  "(None: the duplicate rule decides).")
    out = check_transactions(
        df, customer_col, date_col, amount_col, quantity_col=quantity_col,
        allow_missing_ids=True, allow_negative=(returns != "raise"),
    )
    check_columns(df, [order_col], name="transactions")
    if drop_duplicates is None:
        dates = out[date_col].dropna()
        rule = duplicate_rule(list(map(str, out.columns)), order_col=order_col,
                              time_of_day=bool((dates != dates.dt.normalize()).any()))
        drop_duplicates = DUPLICATE_RULES[rule] == "drop"
    else:
        rule = "declared"
    rep = CleaningReport(rows_in=len(out))

    miss = out[customer_col].isna()
    ex, row = first_offender(out[date_col], miss)
    rep.add("missing_id", miss.sum(), "removed", ex, row=row)
    out = out[~miss]

    dup = out.duplicated(keep="first")
    ex, row = first_offender(out[date_col], dup)
    if drop_duplicates:
        rep.add("duplicate", dup.sum(), "removed", ex, row=row, rule=rule)
        out = out[~dup]
    else:
        rep.add("identical_rows", dup.sum(), f"kept_{rule}", ex, row=row, rule=rule)

    neg = out[amount_col] < 0
    ex, row = first_offender(out[amount_col], neg)
    rep.add("negative_amount", neg.sum(), "removed" if returns == "drop" else "kept", ex, row=row)
    if returns == "drop":
        out = out[~neg]

    zero = out[amount_col] == 0
    ex, row = first_offender(out[date_col], zero)
    rep.add("zero_amount", zero.sum(), "kept", ex, row=row)

    if start is not None or end is not None:
        lo = pd.Timestamp(start) if start is not None else out[date_col].min()
        hi = pd.Timestamp(end) if end is not None else out[date_col].max()
        if lo > hi:
            raise DataValidationError(f"parameter 'start' == {lo.date()} is after 'end' == {hi.date()}.")
        outside = (out[date_col] < lo) | (out[date_col] > hi)
        ex, row = first_offender(out[date_col], outside)
        rep.add("outside_window", outside.sum(), "removed", ex, row=row, start=lo, end=hi)
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
    rep.add("same_day", len(df) - len(merged), "merged_per_day")
    return merged, rep


def quality_summary(df: pd.DataFrame, id_cols: Sequence[str] = ()) -> pd.DataFrame:
    """One row per column: type (an id, see :func:`type_code`), missing count and percentage, distinct values,
    an example, the smallest and largest value (numbers and dates).

    Examples and ranges of ``id_cols`` are hidden (``identifier`` is True, ``example`` empty, no
    ``min``/``max``), so a report never shows a raw customer identifier.
    """
    require_frame(df)
    check_columns(df, id_cols, name="data")
    rows = []
    n = len(df)
    for c in df.columns:
        s = df[c]
        miss = int(s.isna().sum())
        nonnull = s.dropna()
        lo = hi = None
        if len(nonnull) and (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)) \
                and not pd.api.types.is_bool_dtype(s) and c not in id_cols:
            lo, hi = nonnull.min(), nonnull.max()
        rows.append({
            "column": str(c),
            "type": type_code(s.dtype),
            "missing": miss,
            "missing_pct": round(100 * miss / n, 2) if n else 0.0,
            "distinct": int(nonnull.nunique()),
            "example": "" if c in id_cols else (str(nonnull.iloc[0]) if len(nonnull) else ""),
            "identifier": c in id_cols,
            "min": lo,
            "max": hi,
        })
    return pd.DataFrame(rows)
