"""``insight inspect FILE``: guess each column's role and propose a starting data specification.

The guesses are heuristics on names, types and values (no model): id-like columns
(names such as ``CustomerID``, many distinct values, float-formatted ids flagged),
dates (with the format the shared parser detects, or the conflict it refuses),
amounts (or ``Quantity * UnitPrice`` when both exist), quantities, order ids with a
cancellation marker, yes/no flags (a churn target when the name says so), rating
scales (small integer ranges, Persian digits read, or a common wording; "no answer" codes such as
``N/A`` or ``بدون پاسخ`` set apart and proposed as the scale's ``na``), a 0-10 recommend question (NPS), free text,
a survey's two-valued outcome (a column named
like satisfaction or overall: ``satisfied`` / ``neutral or dissatisfied``) and categories. The
file is read as a specification reads it (:class:`~insight.data.tables.TableSpec`): junk lines
before the header (a workbook's title rows) are skipped and proposed as ``skip``, a column whose later values contradict
the type of its first rows is read as text and proposed under ``types``, and the first sheet of
a workbook is read, the others named. The result holds codes and numbers: a guess and a note
per column, the proposed specification as data (:class:`Proposal`), the notebooks it can feed
and the codes of the features it would skip. The report layer writes it for readers, as the
YAML with a comment on every line that ``insight inspect`` prints
(:func:`insight.report.sections.quality.inspection_text`).

The file is read once into DuckDB and profiled in one query (exact distinct counts), so the
time grows with the size of the file, not with the square of its columns.
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
from ..parsers import FALSE_WORDS, TRUE_WORDS, ascii_digits_sql, date_sql, duckdb_connect, quote_ident, sql_literal
from .cleaning import DUPLICATE_RULES, duplicate_rule
from .scales import norm_word, word_scale
from .spec import DEFAULT_PLACEHOLDERS
from .tables import TableSpec, index_column, resolve_paths

__all__ = ["inspect", "Inspection", "Proposal", "Role", "NA_CODES"]

# column names in English and in Persian (a Persian shop's export: شناسه مشتری, مبلغ (ریال), تاریخ خرید ...)
_ID = re.compile(r"(^|_|\b)(customer|client|user|member|account|cust|buyer|donor|subscriber)?_?(id|no|number|key)$|"
                 r"customer|client|respondent|شناسه|کد مشتری|شماره مشتری|^مشتری$|کد پاسخ", re.I)
_AMOUNT = re.compile(r"amount|revenue|sales|total|value|spend|payment|price|charge|paid|gmv|\bfee|مبلغ|درآمد|فروش|"
                     r"جمع|پرداخت|قیمت|ارزش|حق اشتراک|هزینه|شهریه", re.I)
_UNIT_PRICE = re.compile(r"unit_?price|price|قیمت واحد", re.I)
_QTY = re.compile(r"qty|quantity|units|count|تعداد|مقدار", re.I)
_ORDER = re.compile(r"invoice|order|receipt|transaction|basket|فاکتور|سفارش|رسید|تراکنش", re.I)
_CHURN = re.compile(r"churn|attrition|exited|left|cancel|lost|leaver|ریزش|لغو", re.I)
_DISCOUNT = re.compile(r"discount|promo|coupon|voucher|تخفیف|کوپن", re.I)
#: a name that says the column holds codes (a discount code), never an amount or a share
_CODE = re.compile(r"code|\bid\b|کد", re.I)
_CATEGORY = re.compile(r"categor|product|stock|sku|item|department|genre|دسته|کالا|محصول|موضوع", re.I)
_CHANNEL = re.compile(r"channel|country|region|store|source|segment|کانال|شهر|استان|منطقه|فروشگاه", re.I)
#: free text in the customer's words (a comment, a review), by name
_TEXT = re.compile(r"comment|feedback|review|narrative|remark|free\W*text|verbatim|متن|نظر|توضیح|شرح", re.I)
#: a 0-10 recommend question (NPS), by name
_NPS = re.compile(r"recommend|\bnps\b|likely|توصیه|پیشنهاد به|معرفی", re.I)
#: common codes of "no answer / not known" in English and Persian (compared trimmed, in lower case, ي/ك as ی/ک)
NA_CODES = ("-", "--", "n/a", "na", "n.a.", "none", "null", "unknown", "not known", "no answer", "?", "؟",
            "نامشخص", "ندارد", "بدون پاسخ", "بی پاسخ", "نامعلوم", "ناشناس", "نامشخص است", "وارد نشده")
#: a money unit named in the amount column's header -> the specification's ``amount_unit``
_MONEY_UNITS = [(re.compile(r"ریال|\brials?\b|\birr\b", re.I), "IRR"), (re.compile(r"تومان|\btomans?\b", re.I), "IRT")]
#: a complaint or ticket log's roles by column name (kind complaints; the first column matching each is taken)
_COMPLAINT_ROLES = {
    "id": re.compile(r"(complaint|ticket|case|incident)\W*(id|no|number)|(شماره|شناسه|کد) ?(تیکت|شکایت|درخواست|پیگیری)",
                     re.I),
    "text": re.compile(r"narrative|comment|description|message|complaint text|body|details|review|متن|نظر|توضیح|شرح",
                       re.I),
    "first_response": re.compile(r"first\W*response|responded|answered|پاسخ اول|اولین پاسخ|زمان پاسخ", re.I),
    "resolved": re.compile(r"resolved|closed|solved|تاریخ حل|زمان حل|حل شده|بسته شدن|تاریخ بستن", re.I),
    "timely": re.compile(r"timely|on\W*time|within\W*sla|به ?موقع", re.I),
    "disputed": re.compile(r"disput|reopen|اعتراض|بازگشایی", re.I),
    "outcome": re.compile(r"response to|outcome|resolution|status|نتیجه|وضعیت", re.I),
    "channel": re.compile(r"channel|submitted via|via|source|کانال|از طریق", re.I),
    "category": re.compile(r"issue|categor|topic|reason|موضوع|دسته|علت|نوع", re.I),
}
_COMPLAINT_PRODUCT = re.compile(r"product|service|department|محصول|خدمت|کالا", re.I)  # the category when no issue
_COMPLAINT = re.compile(r"complain|ticket|narrative|disput|timely|resolution|incident|شکایت|تیکت|به ?موقع|تاریخ حل|"
                        r"پاسخ اول|اولین پاسخ", re.I)
_DURATION = re.compile(r"tenure|months|duration|years_?at|lifetime|days_?since|مدت|سابقه|ماه\)", re.I)
#: numeric columns recognised by name, first match wins (unit price before amount: "UnitPrice" is not an amount)
_NUMERIC_NAMES = [(_QTY, "quantity"), (_UNIT_PRICE, "unit_price"), (_AMOUNT, "amount"), (_DURATION, "duration")]
#: what a value column covers, from its name (first match wins); a name that says nothing is proposed as monthly
_VALUE_PERIODS = [(re.compile(r"total|lifetime|ltv|to_?date|cumul|so_?far|تا کنون|تاکنون|\bکل\b", re.I), "to date"),
                  (re.compile(r"month|mrr|mtl|ماه", re.I), "month"),
                  (re.compile(r"year|annual|arr\b|سال", re.I), "year"),
                  (re.compile(r"week|هفته", re.I), "week"), (re.compile(r"day|daily|روز", re.I), "day")]
_OVERALL = re.compile(r"overall|satisf|nps|recommend|rating|score|امتیاز|رضایت|نمره|توصیه", re.I)
#: names that say a column is the overall judgement itself, not one aspect rated (before the weaker _OVERALL)
_OVERALL_STRONG = re.compile(r"overall|satisf|csat|رضایت|کلی", re.I)
#: a survey's outcome when it holds two values (satisfied / neutral or dissatisfied, yes / no, 1 / 0)
_OUTCOME = re.compile(r"satisf|overall|csat|happy|recommend|buy_?again|would_?buy|رضایت|خرید مجدد", re.I)
#: the lower of an outcome's two words says no: dissatisfied, unhappy, not satisfied, neutral or dissatisfied
_NEGATIVE = re.compile(r"\b(dis\w*|un\w*|not|no|neutral|bad|poor|negative|false)\b|\b(نه|خیر)\b|ناراضی", re.I)
#: the first letter of a cancelled order's id (Online Retail: C536379)
_CANCEL = "C"
#: feature of the transaction reports skipped without a role: code -> role
_TRANSACTION_SKIPS = {"discount_type": "discount", "category_breadth": "category"}


class Role(NamedTuple):
    """One role of the proposed specification.

    Parameters
    ----------
    role : str
        The role, e.g. ``"customer_id"``, ``"date"``, ``"amount"``, ``"churn"``, ``"overall"``.
    column : str or None
        The column (or SQL expression, e.g. ``Quantity * UnitPrice``) that plays it; None when no column was found.
    required : bool, default False
        Whether a specification of this kind needs it.
    """

    role: str
    column: str | None
    required: bool = False


@dataclass
class Proposal:
    """The proposed data specification as data: keys and values, no comments (the report layer writes those,
    see :func:`insight.report.sections.quality.inspection_text`).

    Parameters
    ----------
    kind, name : str
        ``transactions``, ``customers``, ``survey`` or ``complaints``; the data's name (the file's stem).
    path : pathlib.Path
        The file: relative to the working folder when it is under it (as :func:`inspect` proposes it), else absolute.
    roles : list of Role
        In the order the specification lists them.
    drivers : list of str or None, default None
        Survey: the aspects rated (after the role ``overall``).
    returns : str or None, default None
        SQL condition of the returns and cancellations.
    scales, word_scales : dict, optional
        Numeric rating column -> (low, high); a word outcome -> {word: 0 or 1}, and a rating column holding "no
        answer" codes -> ``{"range": "0-10", "na": [codes]}`` or ``{"words": [lowest first], "na": [codes]}``.
    placeholders : list of str, optional
        Ids read as missing (default ``""``, ``(blank)``, ``nan``, ``unknown``, ``0``; :func:`inspect` proposes the
        specification's defaults, :data:`insight.data.spec.DEFAULT_PLACEHOLDERS`, and the "no answer" codes of
        :data:`NA_CODES` the id column holds).
    duplicates, duplicate_rule : str, default "drop", ""
        ``drop`` or ``keep``, and the rule behind it (a log's, see :func:`insight.data.cleaning.duplicate_rule`).
    timezone, calendar : str, default "UTC", "gregorian"
        The time zone of the timestamps; ``"jalali"`` when the dates are Solar Hijri (1402/09/14).
    amount_unit : str, default ""
        The money unit the amount column's name gives (``IRR`` for مبلغ (ریال), ``IRT`` for Toman); "" when none.
    value_period : str or None, default None
        Customers with a value: what it covers (``month``, ``to date`` ...), guessed from the column's name.
    value_period_known : bool, default False
        Whether the name said it (else a guess to check).
    skip : int, default 0
        Junk lines before the header (the table's ``skip``).
    sheet : str or None, default None
        The sheet read, when the workbook has several.
    types : dict, optional
        Column -> type where the first rows misled (``"text"``).
    """

    kind: str                              # transactions | customers | survey | complaints
    name: str
    path: Path                             # relative to the working folder when under it
    roles: list[Role]                      # in the order the specification lists them
    drivers: list[str] | None = None       # survey: the aspects rated (after the role overall)
    returns: str | None = None             # SQL condition of the returns and cancellations
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)   # numeric rating column -> (low, high)
    placeholders: list[str] = field(default_factory=lambda: ["", "(blank)", "nan", "unknown", "0"])
    duplicates: str = "drop"               # drop | keep
    timezone: str = "UTC"
    value_period: str | None = None        # customers with a value: what it covers, guessed from the column's name
    value_period_known: bool = False       # whether the name said it (else a guess to check)
    skip: int = 0                          # junk lines before the header (the table's ``skip``)
    sheet: str | None = None               # the sheet read, when the workbook has several
    calendar: str = "gregorian"            # "jalali" when the dates are Solar Hijri (1402/09/14)
    amount_unit: str = ""                  # the money unit the amount column's name gives (مبلغ (ریال): IRR)
    types: dict[str, str] = field(default_factory=dict)            # column -> type where the first rows misled
    word_scales: dict[str, dict] = field(default_factory=dict)   # a word outcome -> {word: 0 or 1}; or range/words, na
    duplicate_rule: str = ""               # the rule behind ``duplicates`` (a log's, see cleaning.duplicate_rule)

    def missing(self) -> list[str]:
        """The roles no column was found for.

        Returns
        -------
        list of str
        """
        return [r.role for r in self.roles if r.column is None]

    def to_dict(self) -> dict:
        """The specification as :func:`~insight.data.spec.load_spec` reads it (the roles found, no comments).

        Returns
        -------
        dict
            Keys ``kind``, ``name``, ``tables`` (one table ``data`` with its ``path``, and ``skip``, ``sheet``,
            ``calendar`` when they matter), ``columns``, ``ids``, ``duplicates``, ``timezone``, and ``returns``,
            ``scales``, ``types``, ``value_period`` when set.
        """
        columns: dict = {}
        for r in self.roles:
            if r.column is not None:
                columns[r.role] = r.column
            if r.role == "overall" and self.drivers is not None:
                columns["drivers"] = list(self.drivers)
        table: dict = {"path": str(self.path)}
        if self.skip:
            table["skip"] = self.skip
        if self.sheet is not None:
            table["sheet"] = self.sheet
        if self.calendar != "gregorian":
            table["calendar"] = self.calendar
        out = {"kind": self.kind, "name": self.name, "tables": {"data": table}, "columns": columns}
        if self.returns:
            out["returns"] = self.returns
        if self.scales or self.word_scales:
            out["scales"] = {**{c: f"{lo}-{hi}" for c, (lo, hi) in self.scales.items()}, **self.word_scales}
        if self.types:
            out["types"] = dict(self.types)
        if self.value_period:
            out["value_period"] = self.value_period
        if self.amount_unit:
            out["amount_unit"] = self.amount_unit
        out.update({"ids": {"placeholders": list(self.placeholders)}, "duplicates": self.duplicates,
                    "timezone": self.timezone})
        return out


@dataclass
class Inspection(Result):
    """What ``inspect`` found, as codes and numbers (the words are the report layer's:
    :func:`insight.report.sections.quality.inspection_text`).

    Parameters
    ----------
    path : pathlib.Path
        The file read (the first, when a pattern named several).
    rows : int
        Its number of rows.
    columns : pandas.DataFrame
        One row per column: ``column``, ``type`` (DuckDB's, as read), ``distinct``
        (exact, never more than the rows), ``missing``, ``example``, ``guess`` (a role code: ``date``,
        ``churn``, ``outcome``, ``flag``, ``discount``, ``rating_words``, ``order_id``, ``customer_id``,
        ``quantity``, ``unit_price``, ``amount``, ``duration``, ``rating``, ``text``, ``channel``,
        ``category``, ``group``, ``index`` or ``other``), ``low`` and ``high`` (the scale of a ``rating``), ``note``
        (a code or None: ``type_fallback``, ``cancellations``, ``float_ids``, ``word_scale``,
        ``outcome``, ``date_check``, ``index_column``) and ``note_values`` (the note's values:
        ``column``, ``sniffed``, ``value`` and ``line``; ``n`` and ``marker``; ``mapping``;
        ``positive`` and ``negative``; ``error``).
    kind : str
        The proposed kind of data (as ``proposal.kind``).
    proposal : Proposal
        The proposed specification.
    notebooks : list of str
        The notebooks it can feed (``clv``, ``churn``, ``satisfaction`` ...).
    skipped : list of str
        Codes of the features the proposal would skip (``discount_type``, ``category_breadth``, ``visits``,
        ``retention_curves``, ``retention_economics``, ``nps``).
    sheets : list of str
        Every sheet of a workbook (the first is read; the proposal's ``sheet`` chooses another).
    """

    path: Path
    rows: int
    columns: pd.DataFrame
    kind: str
    proposal: Proposal
    notebooks: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """The column guesses.

        Returns
        -------
        pandas.DataFrame
            ``columns``.
        """
        return self.columns


def _profile(con, rel: str) -> pd.DataFrame:
    """Rows, exact distinct values, missing values and an example of every column of a table (a query per column:
    each reads one column of the table, where reading the file for each had made 400 columns take minutes; one
    query with every column's distinct count grows faster than the columns in DuckDB)."""
    cols = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {rel})").fetchall()
    n = int(con.execute(f"SELECT COUNT(*) FROM {rel}").fetchall()[0][0])
    rows = []
    for c, t in cols:
        q = quote_ident(c)
        distinct, present, ex = con.execute(f"SELECT COUNT(DISTINCT {q}), COUNT({q}), CAST(ANY_VALUE({q}) AS VARCHAR) "
                                            f"FROM {rel}").fetchall()[0]
        rows.append({"column": c, "type": t.upper(), "distinct": int(distinct), "missing": n - int(present),
                     "example": ex, "rows": n})
    return pd.DataFrame(rows, columns=["column", "type", "distinct", "missing", "example", "rows"])


def _numbers_as_text(con, column: str, na: list | tuple = ()) -> bool:
    """Whether every value of a text column but its "no answer" codes ``na`` reads as a number once Persian or
    Arabic-Indic digits and separators are read as ASCII (:func:`insight.parsers.ascii_digits_sql`, as a
    specification reads an amount)."""
    q = quote_ident(column)
    skip = f" AND {q} NOT IN ({', '.join(sql_literal(v) for v in na)})" if na else ""
    read, given = con.execute(f"SELECT COUNT(TRY_CAST({ascii_digits_sql(q)} AS DOUBLE)), COUNT({q}) FROM data "
                              f"WHERE TRUE{skip}").fetchall()[0]
    return bool(given) and read == given


def _integer_scale(con, column: str, typ: str) -> tuple[int, int] | None:
    """(low, high) of a numeric column (or one of numbers written as text, Persian digits read) of 2 to 11 whole
    values between 0 and 10: a rating scale; None for any other."""
    q = quote_ident(column)
    expr = q if typ != "VARCHAR" else f"TRY_CAST({ascii_digits_sql(q)} AS DOUBLE)"
    distinct, lo, hi = con.execute(f"SELECT COUNT(DISTINCT {expr}), MIN({expr}), MAX({expr}) FROM data").fetchall()[0]
    if not 0 < distinct <= 11 or lo is None:
        return None
    lo, hi = float(lo), float(hi)
    return (int(lo), int(hi)) if lo == int(lo) and hi == int(hi) and 0 <= lo < hi <= 10 else None


def _na_codes(con, column: str) -> list[str]:
    """The common "no answer" codes (:data:`NA_CODES`, English and Persian) a text column holds, as written."""
    q = f"CAST({quote_ident(column)} AS VARCHAR)"
    key = f"lower(trim(regexp_replace(translate({q}, 'يكى', 'یکی'), '[\\s\u200c]+', ' ', 'g')))"
    codes = ", ".join(sql_literal(c) for c in NA_CODES)
    return sorted(r[0] for r in con.execute(f"SELECT DISTINCT {q} FROM data WHERE {key} IN ({codes})").fetchall())


def _shown_path(path: Path) -> Path:
    """The file as the proposal writes it: relative to the working folder when under it, else as given."""
    if not path.is_absolute():
        return path
    for base in (Path.cwd(), Path.cwd().resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base)
    return path


def _solar_hijri(con, column: str, typ: str, n: int) -> bool:
    """Whether all ``n`` values of ``column`` read as Solar Hijri dates (the column was refused as Gregorian)."""
    try:
        expr = date_sql(con, "data", column, typ, calendar="jalali")
        return n > 0 and con.execute(f"SELECT COUNT({expr}) FROM data").fetchall()[0][0] == n
    except DataValidationError:
        return False


def _may_be_dates(con, vals: list) -> bool:
    """Whether some of a text column's first distinct values read as dates: the shared parser tries every spelling
    it knows on every row, so a column none of whose first values is a date is not given to it whole."""
    con.register("date_sample", pd.DataFrame({"v": [str(v) for v in vals]}, dtype=object))
    try:
        expr = date_sql(con, "date_sample", "v", "VARCHAR")
        return con.execute(f"SELECT COUNT({expr}) FROM date_sample").fetchall()[0][0] > 0
    except DataValidationError:   # refused (day or month first? Solar Hijri?): the whole column says why
        return True
    finally:
        con.unregister("date_sample")


def _junk_lines(con, path: Path) -> int:
    """Lines before the header that DuckDB's sniffer skips (an archive tool's banner), rows above an Excel sheet's
    header (a report's title line), 0 for other files."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return _title_rows(path)
    if path.suffix.lower() not in (".csv", ".txt", ".tsv", ".gz"):
        return 0
    try:
        return int(con.execute(f"SELECT SkipRows FROM sniff_csv({sql_literal(path)})").fetchall()[0][0] or 0)
    except Exception:   # a file the sniffer cannot read alone fails below, where it is read, with a clear message
        return 0


def _title_rows(path: Path) -> int:
    """Rows above the header of a workbook's first sheet: the leading rows (of the first 30) that fill at most half
    the cells of the widest (one title, a date), when a wider row follows."""
    top = pd.read_excel(path, sheet_name=0, header=None, nrows=30, dtype=object)
    filled = top.notna().sum(axis=1).tolist()
    if not filled or max(filled) < 2:
        return 0
    return next(i for i, k in enumerate(filled) if k > max(filled) // 2)


def _sheets(path: Path) -> list[str]:
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
        return []
    with pd.ExcelFile(path) as book:
        return [str(s) for s in book.sheet_names]


def _outcome(values: list) -> dict | None:
    """{positive, negative} of a two-valued outcome: 1 / 0, yes / no, or the word that does not say no."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) and set(values) == {0, 1}:
        return {"positive": 1, "negative": 0}
    if all(isinstance(v, bool) for v in values):
        return {"positive": True, "negative": False}
    low = {norm_word(v): v for v in values}
    pos, neg = (next((w for w in low if w in words), None) for words in (TRUE_WORDS, FALSE_WORDS))
    if pos is not None and neg is not None:
        return {"positive": low[pos], "negative": low[neg]}
    negative = [w for w in low if _NEGATIVE.search(w)]
    if len(negative) == 1:
        return {"positive": low[next(w for w in low if w not in negative)], "negative": low[negative[0]]}
    return None


def _values(con, rel: str, col: str, limit: int = 20) -> list:
    return [r[0] for r in con.execute(f"SELECT DISTINCT {quote_ident(col)} FROM {rel} WHERE {quote_ident(col)} IS NOT "
                                      f"NULL LIMIT {limit + 1}").fetchall()]


def inspect(path: str | os.PathLike) -> Inspection:
    """Read a CSV, Parquet or Excel file, guess each column's role and propose a data specification.

    The guesses are one ordered list of rules per column (the first that fits wins), each a few lines over the same
    profile and the same connection; their order is the heuristic, read top to bottom.

    Parameters
    ----------
    path : str or os.PathLike
        The file (relative to the working folder).

    Returns
    -------
    Inspection
        The column guesses, the proposed specification, the notebooks it can feed and the features it would skip.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the file holds no rows, or is not CSV, Parquet or Excel.
    insight.exceptions.DataFileNotFoundError
        When the file does not exist.

    Examples
    --------
    >>> from insight.data.datasets import data_dir
    >>> found = inspect(data_dir() / "customer_satisfaction.csv")
    >>> found.kind, found.rows, found.notebooks
    ('survey', 1811, ['satisfaction'])
    >>> found.proposal.missing()
    ['customer_id', 'group', 'date']
    """
    paths = resolve_paths(str(path), Path.cwd(), "FILE")
    sheets = _sheets(paths[0])
    con = duckdb_connect()
    try:
        skip = _junk_lines(con, paths[0])
        table = TableSpec("data", paths, skip=skip if sheets else 0)   # DuckDB's sniffer skips a CSV's junk itself
        first = table.reader(con)
        types0 = dict(r[:2] for r in con.execute(f"DESCRIBE SELECT * FROM {first}").fetchall())
        header = list(types0)
        # read the text columns as text, so dates are judged by insight's parser, not the sniffer; the file is
        # read once into a table and every guess below queries that table
        maybe_dates = [c for c in header if types0[c].upper().startswith(("TIMESTAMP", "DATE", "VARCHAR"))]
        con.execute(f"CREATE TEMP TABLE data AS SELECT * FROM {table.reader(con, maybe_dates)}")
        prof = _profile(con, "data")
        n = int(prof["rows"].iloc[0]) if len(prof) else 0
        if n == 0:    # nothing to guess from: no roles are proposed for columns without a value
            raise DataValidationError(f"FILE {paths[0].name}: holds no rows ({len(header)} column(s): "
                                      f"{', '.join(map(str, header[:5]))}); nothing to inspect.")
        index = index_column(con, "data", header)
        guesses, notes, scales = {}, {}, {}
        facts = {"times": {}, "cancels": {}, "outcomes": {}, "jalali": set(), "na": {}, "words": {}}
        for r in prof.itertuples():
            if r.column == index:
                guesses[r.column], notes[r.column] = "index", ("index_column", {})
            else:
                guesses[r.column] = _guess(con, r, n, facts, notes, scales)
        for c, fb in table.fallbacks_.items():   # read as text: the first value that contradicts the first rows
            notes[c] = ("type_fallback", {"column": c, "sniffed": fb.sniffed, "value": fb.value, "line": fb.line})
        cols = list(prof["column"])
        prof["guess"] = [guesses[c] for c in cols]
        prof["low"] = pd.array([scales[c][0] if c in scales else None for c in cols], dtype="Int64")
        prof["high"] = pd.array([scales[c][1] if c in scales else None for c in cols], dtype="Int64")
        prof["note"] = pd.Series([notes[c][0] if c in notes else None for c in cols], dtype=object)
        prof["note_values"] = pd.Series([notes[c][1] if c in notes else None for c in cols], dtype=object)
        proposal, feeds, skipped = _propose(_shown_path(Path(path)), guesses, facts, scales)
    finally:
        con.close()
    proposal.skip = skip
    proposal.sheet = sheets[0] if len(sheets) > 1 else None
    proposal.types = {c: "text" for c in table.fallbacks_}
    return Inspection(paths[0], n, prof[["column", "type", "distinct", "missing", "example", "guess", "low", "high",
                                         "note", "note_values"]], proposal.kind, proposal, feeds, skipped, sheets)


def _guess(con, r, n: int, facts: dict, notes: dict, scales: dict) -> str:
    """The role of one column (a row ``r`` of the profile of the table ``data`` of ``n`` rows): an ordered list of
    rules, the first that fits wins (their order is the heuristic, read top to bottom). Notes, scales and the facts
    :func:`_propose` reads are added to ``notes``, ``scales`` and ``facts`` on the way."""
    c, t = r.column, r.type
    numeric = t in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT") or t.startswith("DECIMAL")
    na = facts["na"][c] = _na_codes(con, c) if t == "VARCHAR" else []
    vals = [v for v in _values(con, "data", c) if v not in na]     # the answers, without "no answer" codes
    low = {str(v).strip().lower() for v in vals}
    if t.startswith(("TIMESTAMP", "DATE")) or (t == "VARCHAR" and _may_be_dates(con, vals)):
        if _date_guess(con, r, n, vals, facts, notes):
            return "date"
    if len(vals) == 2 and _OUTCOME.search(c) and not _CHURN.search(c) and (not numeric or set(vals) <= {0, 1}):
        sides = _outcome(vals)
        if sides:
            notes[c], facts["outcomes"][c] = ("outcome", sides), sides
        return "outcome"
    if len(low) <= 2 and low <= (TRUE_WORDS | FALSE_WORDS) and low:
        return "churn" if _CHURN.search(c) else "flag"
    if _DISCOUNT.search(c) and not _CODE.search(c):     # a discount code (کد تخفیف) is no amount
        return "discount"
    if not numeric and len(vals) <= 20 and word_scale(vals):
        facts["words"][c] = word_scale(vals)
        notes[c] = ("word_scale", {"mapping": word_scale(vals)})
        return "rating_words"
    if _ORDER.search(c) and not _CHANNEL.search(c) and r.distinct > 1:   # not an order's channel (کانال سفارش)
        starts = con.execute(f"SELECT COUNT(*) FROM data WHERE CAST({quote_ident(c)} AS VARCHAR) LIKE "
                             f"'{_CANCEL}%'").fetchall()[0][0]
        if starts and starts < n / 2:
            notes[c] = ("cancellations", {"n": int(starts), "marker": _CANCEL})
            facts["cancels"][c] = int(starts)
        return "order_id"
    if _ID.search(c) and (r.distinct > 0.01 * n or r.distinct > 50):
        if t in ("DOUBLE", "FLOAT"):
            notes[c] = ("float_ids", {})
        return "customer_id"
    if not numeric and t == "VARCHAR":   # numbers written as text: Persian digits, ٬ separators
        numeric = _numbers_as_text(con, c, na)
    by_name = next((role for pattern, role in _NUMERIC_NAMES if pattern.search(c)), None) if numeric else None
    scale = _integer_scale(con, c, t) if numeric and not by_name else None
    if scale:
        scales[c] = scale
    if by_name or scale:
        return by_name or "rating"
    if not numeric and _TEXT.search(c):
        return "text"
    if not numeric and r.distinct <= max(50, 0.05 * n):
        return "channel" if _CHANNEL.search(c) else ("category" if _CATEGORY.search(c) else "group")
    return "category" if not numeric and _CATEGORY.search(c) else "other"


def _date_guess(con, r, n: int, vals: list, facts: dict, notes: dict) -> bool:
    """Whether a column is the dates it may be: every value read by the shared parser (whether some carry a time of
    day goes to ``facts["times"]``), or in the Solar Hijri calendar (``facts["jalali"]``), or refused with a
    reason to check (a note ``date_check``)."""
    c, t = r.column, r.type
    try:
        expr = date_sql(con, "data", c, t)
        ok, times = con.execute(f"SELECT COUNT({expr}), COUNT(*) FILTER (WHERE CAST({expr} AS TIME) <> "
                                "TIME '00:00:00') FROM data").fetchall()[0]
        if ok and ok == n - r.missing and not (t == "VARCHAR" and all(str(v).isdigit() for v in vals)):
            facts["times"][c] = bool(times)
            return True
        return False
    except DataValidationError as exc:
        if _solar_hijri(con, c, t, n - r.missing):   # read every date in the Solar Hijri calendar
            facts["jalali"].add(c)
            return True
        notes[c] = ("date_check", {"error": str(exc)})
        return True


def _first(guesses: dict, role: str) -> str | None:
    return next((c for c, g in guesses.items() if g == role), None)


def _kind(guesses: dict, ratings: list[str], amount_expr: str | None) -> str:
    """The kind of data the guesses describe: a churn flag makes customers; a date without an amount beside
    complaint-named columns (a ticket number, a resolution date) or beside free text and at most one rating (a
    review) a complaint log; a date with an amount (or a customer id and at most one rating) a purchase log; two
    ratings, or an outcome and a rating, a survey."""
    by = lambda role: _first(guesses, role)  # noqa: E731
    date, outcome = by("date"), by("outcome")
    named = sum(bool(_COMPLAINT.search(c)) for c in guesses)
    if by("churn"):
        return "customers"
    if date and not amount_expr and (named >= 2 or (by("text") and len(ratings) <= 1 and not outcome)):
        return "complaints"
    if date and (amount_expr or (by("customer_id") and len(ratings) < 2)) and not len(ratings) >= 3 \
            and not (outcome and ratings):
        return "transactions"
    if len(ratings) >= 2 or (outcome and ratings):
        return "survey"
    return "transactions" if date else "customers"


def _placeholders(facts: dict, ident: str | None) -> list[str]:
    """The specification's default missing-id values, then the "no answer" codes the id column holds besides."""
    known = {p.lower() for p in DEFAULT_PLACEHOLDERS}
    return list(DEFAULT_PLACEHOLDERS) + [v for v in facts["na"].get(ident, []) if v.strip().lower() not in known]


def _propose(path: Path, guesses: dict, facts: dict, scales: dict) -> tuple[Proposal, list[str], list[str]]:
    """The proposed specification, the notebooks it can feed and the codes of the features it would skip.
    ``facts``: ``times`` (date column -> whether it has times of day), ``cancels`` (order column -> cancelled
    ids), ``outcomes`` (outcome column -> its positive and negative value), ``jalali`` (Solar Hijri date columns),
    ``na`` (column -> the "no answer" codes it holds)."""
    by = lambda role: _first(guesses, role)  # noqa: E731
    ratings = [c for c, g in guesses.items() if g in ("rating", "rating_words")]
    date, ident = by("date"), by("customer_id")
    amount, qty, price = by("amount"), by("quantity"), by("unit_price")
    amount_expr = amount or (f"{qty} * {price}" if qty and price else None)
    kind = _kind(guesses, ratings, amount_expr)
    out = Proposal(kind, path.stem, path, [], duplicates="drop" if ident else "keep",
                   duplicate_rule="customer_id" if ident else "anonymous", placeholders=_placeholders(facts, ident),
                   calendar="jalali" if date in facts["jalali"] else "gregorian")
    feeds: list[str] = []
    if amount:
        out.amount_unit = next((unit for pattern, unit in _MONEY_UNITS if pattern.search(amount)), "")
    if kind == "transactions":
        order = by("order_id")
        out.duplicate_rule = duplicate_rule(list(guesses), time_of_day=facts["times"].get(date, False),
                                            order_col=order)
        out.duplicates = DUPLICATE_RULES[out.duplicate_rule]
        out.roles = [Role("customer_id", ident, True), Role("date", date, True), Role("amount", amount_expr, True),
                     Role("quantity", qty), Role("order_id", order), Role("discount", by("discount")),
                     Role("category", by("category")), Role("channel", by("channel"))]
        cancels = order in facts["cancels"]
        cond = " OR ".join(([f"{order} LIKE '{_CANCEL}%'"] if cancels else []) + ([f"{qty} < 0"] if qty else []))
        out.returns = cond or None
        if ident and date and amount_expr:
            feeds = ["customer_types", "clv"]
        skips = [code for code, role in _TRANSACTION_SKIPS.items() if role in out.missing()] + ["visits"]
    elif kind == "complaints":
        feeds, skips = _complaint_roles(out, guesses, date), []
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
        feeds, skips = _survey_roles(out, guesses, facts, scales, ratings)
    return out, feeds, skips


def _complaint_roles(out: Proposal, guesses: dict, date: str) -> list[str]:
    """Set the roles of a complaint or ticket log (by name, :mod:`insight.data.complaints`); the notebooks fed."""
    taken = {date}
    roles = [Role("created", date, True)]
    for role, pattern in _COMPLAINT_ROLES.items():
        column = next((c for c in guesses if c not in taken and pattern.search(c)), None)
        if role == "category" and column is None:
            column = next((c for c in guesses if c not in taken and _COMPLAINT_PRODUCT.search(c)), None)
        taken.add(column)
        roles.append(Role(role, column))
    customer = next((c for c in guesses if c not in taken and guesses[c] == "customer_id"), None)
    rating = next((c for c in guesses if c not in taken and guesses[c] == "rating"), None)   # a review's stars
    out.roles = roles + [Role("customer_id", customer), Role("rating", rating)]
    out.duplicates, out.duplicate_rule = "drop", "customer_id"
    has_text = any(r.role == "text" and r.column for r in out.roles)
    return ["service", "feedback"] if has_text else ["service"]


def _survey_roles(out: Proposal, guesses: dict, facts: dict, scales: dict, ratings: list[str]) \
        -> tuple[list[str], list[str]]:
    """Set the roles and scales of a survey; the notebooks fed and the features skipped.

    The outcome (satisfied or not) is the overall judgement first, then a rating named overall or satisfaction,
    then one named like a score; an aspect (wifi 0-5) is never taken for the overall score while a column is named
    like one. A 0-10 question named like recommend is the NPS question, not an aspect. A scale whose column holds
    "no answer" codes is proposed with them (``{range: 0-10, na: [...]}``, ``{words: [...], na: [...]}``)."""
    by = lambda role: _first(guesses, role)  # noqa: E731
    outcome = by("outcome")
    nps = next((c for c in ratings if scales.get(c) == (0, 10) and _NPS.search(c)), None)
    rated = [c for c in ratings if c != nps] or ratings
    named = any(_OVERALL_STRONG.search(c) for c, g in guesses.items() if g not in ("customer_id", "date"))
    overall = outcome or next((c for c in rated if _OVERALL_STRONG.search(c)),
                              next((c for c in rated if _OVERALL.search(c)), rated[0] if rated and not named else None))
    nps = nps if nps != overall else None
    out.drivers = [c for c in rated if c != overall]
    out.roles = [Role("overall", overall, True), Role("customer_id", by("customer_id")),
                 Role("group", next((c for c, g in guesses.items() if g in ("group", "channel")), None)),
                 Role("date", by("date"))] + [Role(r, c) for r, c in (("nps", nps), ("text", by("text"))) if c]
    for c in ratings:
        na = facts["na"].get(c)
        if na and guesses[c] == "rating":
            out.word_scales[c] = {"range": f"{scales[c][0]}-{scales[c][1]}", "na": list(na)}
        elif na:
            out.word_scales[c] = {"words": list(facts["words"][c]), "na": list(na)}
        elif guesses[c] == "rating":
            out.scales[c] = scales[c]
    sides = facts["outcomes"].get(overall) if overall == outcome else None
    if sides and isinstance(sides["positive"], str):    # words: mapped to 0 and 1 (a share satisfied)
        out.word_scales[outcome] = {sides["negative"]: 0, sides["positive"]: 1}
    elif sides and sides["positive"] == 1:
        out.scales[outcome] = (0, 1)
    return (["satisfaction"] if overall and out.drivers else []), ([] if nps else ["nps"])
