"""One table of a data specification: its file(s), how they are read (CSV options, Excel sheets,
Parquet) and how it joins the main table."""

from __future__ import annotations

import glob as _glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ..exceptions import DataFileNotFoundError, DataValidationError
from ..parsers import ASCII_DIGITS, ascii_digits_sql, quote_ident, sql_literal

__all__ = ["TableSpec", "TABLE_KEYS", "TYPES", "Fallback", "describe_columns", "is_numeric_type", "resolve_paths",
           "index_column", "check_types"]


TABLE_KEYS = {"path", "sep", "encoding", "decimal", "header", "skip", "date_format", "dayfirst", "sheet",
               "join", "aggregate", "calendar"}

#: the column types a specification's ``types:`` can set, and how DuckDB reads each (dates are read as text and
#: parsed by insight's shared parser, never guessed)
TYPES = {"text": "VARCHAR", "number": "DOUBLE", "integer": "BIGINT", "date": "VARCHAR"}


class Fallback(NamedTuple):
    """A column DuckDB's sniffer typed from the first rows that a later value contradicts: read as text instead.

    Parameters
    ----------
    sniffed : str
        The type the sniffer had guessed (e.g. ``BIGINT``).
    value : str
        The first value that is not of that type.
    line : int or None
        Its line in the file, when DuckDB says it.
    """

    sniffed: str
    value: str
    line: int | None


@dataclass
class TableSpec:
    """One table of a specification: its file(s), read options and how it joins the main table.

    Parameters
    ----------
    name : str
        The table's name in the specification (``tables:``).
    paths : list of pathlib.Path
        Its file(s), all CSV, Parquet or Excel (see :func:`resolve_paths`).
    sep, encoding, decimal : str or None, default None
        CSV options: the delimiter, the text encoding and the decimal separator (None: DuckDB sniffs them).
    header : bool, default True
        Whether the first row (after ``skip``) names the columns.
    skip : int, default 0
        Lines (CSV) or rows (Excel) before the header to skip.
    date_format, dayfirst : str or None, bool or None, default None
        How text dates are read by the shared parser: a ``strftime`` format, or whether the day comes first.
    sheet : str or int or None, default None
        The Excel sheet, by name or number from 0 (None: the first).
    join : dict or None, default None
        How the table joins the main table: main column -> this table's column.
    aggregate : bool, default False
        True: several rows per key (payments) are summed per key before joining (text columns: one of their values).
    types : dict, optional
        Column -> a type of :data:`TYPES` (the specification's ``types:``), never second-guessed.
    calendar : str, default "gregorian"
        ``"jalali"`` when text dates are Solar Hijri (1402/09/14).

    Attributes
    ----------
    fallbacks_ : dict of str to Fallback
        Columns read as text because a value after the sniffer's sample contradicts its guess (see :meth:`reader`).
    """

    name: str
    paths: list[Path]
    sep: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    header: bool = True
    skip: int = 0
    date_format: str | None = None
    dayfirst: bool | None = None
    sheet: str | int | None = None
    join: dict[str, str] | None = None          # main column -> this table's column
    aggregate: bool = False
    types: dict[str, str] = field(default_factory=dict)    # column -> a type of TYPES (the spec's ``types:``)
    calendar: str = "gregorian"                 # "jalali": text dates are Solar Hijri (1402/09/14)
    #: columns read as text because a value after the sniffer's sample contradicts its guess (see :meth:`reader`)
    fallbacks_: dict[str, Fallback] = field(default_factory=dict, init=False, repr=False, compare=False)
    _checked: bool = field(default=False, init=False, repr=False, compare=False)
    #: text columns written in Persian or Arabic-Indic digits -> SQL reading them as a number (or as ASCII text)
    _native: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)
    #: CSV columns declared numeric whose digits are Persian: read as text, then cast once the digits are ASCII
    _native_declared: set = field(default_factory=set, init=False, repr=False, compare=False)

    def reader(self, con, date_cols: list[str] = ()) -> str:
        """SQL reading the file(s); Excel sheets are read with pandas and registered.

        A CSV file always reads: DuckDB guesses each column's type from its first rows, so a column of digits whose
        later values hold letters (invoice ``A563185`` after 20,000 numbers) once failed half way. The first call
        reads the whole file once; a column whose guess a later value contradicts is read as text from then on
        (:attr:`fallbacks_` names it, its guess and that value). ``types`` (the specification's) are never
        second-guessed: a value that contradicts one is refused with its line.

        Parameters
        ----------
        con : duckdb.DuckDBPyConnection
            The connection to read with (an Excel sheet is registered on it as the view ``xl_<name>``).
        date_cols : list of str, optional
            CSV columns to read as text, for the shared date parser.

        Returns
        -------
        str
            A ``FROM`` source: a ``read_csv(...)``/``read_parquet(...)`` call, a view name or a subquery.
        """
        suffix = self.paths[0].suffix.lower()
        files = "[" + ", ".join(sql_literal(p) for p in self.paths) + "]"
        if suffix in (".parquet", ".pq"):
            return self._cast(con, self._ascii_digits(con, f"read_parquet({files}, union_by_name = true)", date_cols))
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return self._cast(con, self._ascii_digits(con, self._excel(con), date_cols))
        if not self._checked:
            self._check_csv(con, files)
        types = {c: TYPES[t] for c, t in self._declared(con, files).items()}
        types.update({c: "VARCHAR" for c in [*self.fallbacks_, *date_cols, *self._native_declared]})
        source = self._ascii_digits(con, self._csv(files, types), date_cols)
        return self._cast(con, source, only=self._native_declared) if self._native_declared else source

    def _ascii_digits(self, con, source: str, date_cols=()) -> str:
        """``source`` with its columns of numbers written in Persian or Arabic-Indic digits (``۱۵۰٬۰۰۰``, ``١٠٤٠``)
        read as a Latin-digit file's are: a text column whose every value is then a number becomes a number column
        (whole numbers as BIGINT), one where at least half the values are numbers keeps the others as text with
        ASCII digits (so ``۱۰۴۰`` and ``1040`` are one id). Columns of dates are left to the date parser, and text
        with a few digits in its words (comments) is left as written. Decided once per table, on the whole file."""
        if self._native is None:
            texts = [c for c, t in _describe(con, source) if t == "VARCHAR" and c not in date_cols]
            self._native = {}
            if texts:   # a cheap scan for the digits first: only columns that have them are read as numbers
                native = "[" + "".join(sorted(ASCII_DIGITS)) + "\u2212]"   # and the minus sign U+2212
                found = con.execute("SELECT " + ", ".join(f"bool_or(regexp_matches({quote_ident(c)}, '{native}'))"
                                                          for c in texts) + f" FROM {source}").fetchall()[0]
                texts = [c for c, has in zip(texts, found) if has]
            if texts:
                parts = []
                for c in texts:
                    q, num = quote_ident(c), f"TRY_CAST(TRIM({ascii_digits_sql(quote_ident(c))}) AS DOUBLE)"
                    parts.append(f"COUNT({q}), COUNT({num}), "
                                 f"COUNT(*) FILTER (WHERE {num} <> FLOOR({num}) OR contains({q}, '٫'))")
                row = con.execute(f"SELECT {', '.join(parts)} FROM {source}").fetchall()[0]
                for i, c in enumerate(texts):
                    n, numbers, fractions = row[3 * i: 3 * i + 3]
                    text = f"TRIM({ascii_digits_sql(quote_ident(c))})"
                    if numbers == n:
                        self._native[c] = f"CAST({text} AS {'DOUBLE' if fractions else 'BIGINT'})"
                    elif 2 * numbers >= n:
                        self._native[c] = text
        if not self._native:
            return source
        return ("(SELECT * REPLACE (" + ", ".join(f"{e} AS {quote_ident(c)}" for c, e in self._native.items())
                + f") FROM {source})")

    def duplicate_rule(self, columns: dict, timezone: str = "UTC") -> str:
        """The duplicate rule of a transaction log read from this table (:func:`~insight.data.cleaning.duplicate_rule`).

        It follows the order id (the role, or a column named like one) or whether the log's dates carry a time of day.
        A date that is an expression, in another table, or that the parser refuses is not read here (``unchecked``:
        identical rows are dropped as before; the refusal comes when the data are read).

        Parameters
        ----------
        columns : dict
            The roles of the specification: role -> column (``order_id`` and ``date`` are used).
        timezone : str, default "UTC"
            The time zone the dates are read in.

        Returns
        -------
        str
            ``"order_id"``, ``"time_of_day"``, ``"day_level"`` or ``"unchecked"``.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``columns`` is not a dict.
        """
        from ..parsers import date_sql, duckdb_connect
        from .cleaning import duplicate_rule, order_column

        if not isinstance(columns, dict):
            raise DataValidationError(f"parameter 'columns' must map roles to columns, got {columns!r}.")
        if columns.get("order_id"):
            return "order_id"
        date = columns.get("date")
        con = duckdb_connect(timezone)
        try:
            reader = self.reader(con)
            types = dict(_describe(con, reader))
            if order_column(list(types)) is not None:
                return "order_id"
            if date not in types:
                return "unchecked"
            text = self.reader(con, [date]) if reader.startswith("read_csv(") else reader
            con.execute(f"CREATE TEMP VIEW log_dates AS SELECT {quote_ident(date)} FROM {text}")
            typ = _describe(con, "log_dates")[0][1]
            expr = date_sql(con, "log_dates", date, typ, date_format=self.date_format, dayfirst=self.dayfirst,
                            calendar=self.calendar)
            times = con.execute(f"SELECT COUNT(*) FILTER (WHERE CAST({expr} AS TIME) <> TIME '00:00:00') "
                                "FROM log_dates").fetchall()[0][0]
        except DataValidationError:
            return "unchecked"
        finally:
            con.close()
        return duplicate_rule(list(types), time_of_day=bool(times))

    def _csv(self, files: str, types: dict[str, str]) -> str:
        opts = [f"header = {str(self.header).lower()}"]
        if self.sep:
            opts.append(f"delim = {sql_literal(self.sep)}")
        if self.encoding:
            opts.append(f"encoding = {sql_literal(self.encoding)}")
        if self.decimal:
            opts.append(f"decimal_separator = {sql_literal(self.decimal)}")
        if self.skip:
            opts.append(f"skip = {int(self.skip)}")
        if types:   # dates are parsed by insight's shared parser, never guessed by the CSV sniffer
            opts.append("types = {" + ", ".join(f"{sql_literal(c)}: {sql_literal(t)}" for c, t in types.items()) + "}")
        return f"read_csv({files}, {', '.join(opts)}, union_by_name = true)"

    def _declared(self, con, files: str) -> dict[str, str]:
        """The declared types of the columns this table has (``types:`` covers every table of a specification)."""
        if not self.types:
            return {}
        have = set(describe_columns(con, self._csv(files, {})))
        return {c: t for c, t in self.types.items() if c in have}

    def _check_csv(self, con, files: str) -> None:
        """Read every typed column of the whole file once; a column whose sniffed type a later value contradicts is
        read as text (:attr:`fallbacks_`), one such column per pass."""
        import duckdb

        declared = self._declared(con, files)
        while True:
            types = {**{c: TYPES[t] for c, t in declared.items()},
                     **{c: "VARCHAR" for c in [*self.fallbacks_, *self._native_declared]}}
            sql = self._csv(files, types)
            typed = [(c, t) for c, t in _describe(con, sql) if t != "VARCHAR"]
            try:
                if typed:
                    con.execute(f"SELECT {', '.join(f'COUNT({quote_ident(c)})' for c, _ in typed)} FROM {sql}")
                break
            except duckdb.Error as exc:
                col, value, line, file = _conversion(str(exc))
                where = (file or self.paths[0].name) + (f", line {line:,}" if line else "")
                if col in declared and value and any(ch in ASCII_DIGITS or ch == "\u2212" for ch in value):
                    self._native_declared.add(col)   # Persian digits: cast once they are read as ASCII
                    continue
                if col in declared:
                    raise DataValidationError(
                        f"types.{col} == {declared[col]!r}: {where} holds {value!r}, which is not of that type; "
                        f"declare the column as text, e.g. types: {{{col}: text}}.") from None
                sniffed = dict(typed).get(col)
                if sniffed is None or col in self.fallbacks_:
                    raise DataValidationError(f"tables.{self.name}: {where} cannot be read as CSV; check sep, "
                                              "encoding, header and skip.") from None
                self.fallbacks_[col] = Fallback(sniffed, value, line)
        self._checked = True

    def _excel(self, con) -> str:
        frames = []
        for p in self.paths:
            try:
                frames.append(pd.read_excel(p, sheet_name=self.sheet if self.sheet is not None else 0,
                                            skiprows=self.skip or None, header=0 if self.header else None,
                                            dtype=object))
            except (ValueError, IndexError):
                with pd.ExcelFile(p) as book:
                    sheets = book.sheet_names
                raise DataValidationError(f"tables.{self.name}.sheet == {self.sheet!r}: {p.name} has no such sheet; "
                                          f"its {len(sheets)} sheet(s): {', '.join(map(str, sheets))}; e.g. "
                                          f"sheet: {sheets[0]!r} (a name, or a number from 0).") from None
        frame = pd.concat(frames, ignore_index=True)
        for c in frame.columns:   # Excel cells of mixed type: read as text, parsed by the roles
            if frame[c].dropna().map(type).nunique() > 1:
                frame[c] = frame[c].map(lambda x: x if pd.isna(x) else str(x))
            else:
                frame[c] = frame[c].infer_objects()
        view = f"xl_{self.name}"
        con.register(view, frame)
        return view

    def _cast(self, con, source: str, only=None) -> str:
        """A Parquet or Excel source (or a CSV's columns ``only``) with the declared types applied; a value that is
        not of its type is refused."""
        have = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})").fetchall())
        types = {c: TYPES[t] for c, t in self.types.items() if c in have and (only is None or c in only)}
        if not types:
            return source
        checks = [f"COUNT(*) FILTER (WHERE {quote_ident(c)} IS NOT NULL AND TRY_CAST({quote_ident(c)} AS {t}) IS NULL)"
                  f", CAST(ANY_VALUE({quote_ident(c)}) FILTER (WHERE TRY_CAST({quote_ident(c)} AS {t}) IS NULL) AS "
                  "VARCHAR)" for c, t in types.items()]
        found = con.execute(f"SELECT {', '.join(checks)} FROM {source}").fetchall()[0]
        for (c, t), bad, ex in zip(types.items(), found[::2], found[1::2]):
            if bad:
                raise DataValidationError(f"types.{c} == {self.types[c]!r}: {bad:,} value(s) of {self.paths[0].name} "
                                          f"are not of that type, e.g. {ex!r}; declare it as text, e.g. "
                                          f"types: {{{c}: text}}.")
        return ("(SELECT * REPLACE (" + ", ".join(f"CAST({quote_ident(c)} AS {t}) AS {quote_ident(c)}"
                                                   for c, t in types.items()) + f") FROM {source})")


def _conversion(message: str) -> tuple[str | None, str | None, int | None, str | None]:
    """(column, value, line, file name) of DuckDB's CSV conversion error, None where its text does not say."""
    col = re.search(r'converting column "((?:[^"]|"")*)"', message)
    value = re.search(r'Could not convert string "((?:[^"]|"")*)"', message) or \
        re.search(r"Could not convert string '((?:[^']|'')*)'", message)
    line = re.search(r"CSV Error on Line: (\d+)", message)
    file = re.search(r"^\s*file = (.+)$", message, re.M)
    return (col.group(1).replace('""', '"') if col else None, value.group(1) if value else None,
            int(line.group(1)) if line else None, Path(file.group(1).strip()).name if file else None)


def check_types(types: Any, columns: list[str] | None = None) -> dict[str, str]:
    """A specification's ``types:`` checked: a mapping of columns to a type of :data:`TYPES`.

    Parameters
    ----------
    types : object
        The ``types:`` value as written.
    columns : list of str, optional
        The columns of the tables (a joined table's ``table.column`` counts as ``column``); when given, every column
        named must be one of them.

    Returns
    -------
    dict of str to str
        Column name -> type (``text``, ``number``, ``integer`` or ``date``).

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``types`` is not a dict, names an unknown type, or (with ``columns``) a column not in the tables.

    Examples
    --------
    >>> check_types({"InvoiceNo": "text"}, ["InvoiceNo", "Quantity"])
    {'InvoiceNo': 'text'}
    """
    if not isinstance(types, dict):
        raise DataValidationError(f"types == {types!r}: must map columns to a type ({', '.join(TYPES)}); e.g. "
                                  "types: {InvoiceNo: text}.")
    bad = [(c, t) for c, t in types.items() if not isinstance(t, str) or t not in TYPES]
    if bad:
        raise DataValidationError(f"types: {len(bad)} unknown type(s), e.g. {bad[0][0]}: {bad[0][1]!r}; a type is one "
                                  f"of {', '.join(TYPES)}; e.g. types: {{{bad[0][0]}: text}}.")
    unknown = [c for c in types if columns is not None and str(c) not in columns
               and not any(k.endswith(f".{c}") for k in columns)]
    if unknown:
        raise DataValidationError(f"types: {len(unknown)} column(s) not in the tables: {unknown}; columns "
                                  f"({len(columns)}): {', '.join(columns[:20])}; e.g. types: "
                                  f"{{{columns[0] if columns else 'InvoiceNo'}: text}}.")
    return {str(c): t for c, t in types.items()}


#: names a file's row-number column takes: pandas' unnamed index, DuckDB's name for an empty header, "index"
_INDEX_NAMES = ("", "column0", "column00", "unnamed: 0", "index")


def index_column(con, view: str, cols: list[str]) -> str | None:
    """The first column if it is a row number written with the data (a file saved by pandas with its index): an
    unnamed or "index" column of whole numbers counting up by one from 0 or 1 in every row.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection holding ``view``.
    view : str
        The table or view to look at.
    cols : list of str
        Its column names, in order.

    Returns
    -------
    str or None
        The first column's name, or None when it is not a row number.
    """
    if not cols or cols[0].strip().lower() not in _INDEX_NAMES:
        return None
    c = quote_ident(cols[0])
    try:
        lo, hi, n, distinct, total = con.execute(
            f"SELECT MIN(TRY_CAST({c} AS BIGINT)), MAX(TRY_CAST({c} AS BIGINT)), COUNT(TRY_CAST({c} AS BIGINT)), "
            f"COUNT(DISTINCT {c}), COUNT(*) FROM {view}").fetchall()[0]
    except Exception:   # a column DuckDB cannot count is no row number
        return None
    return cols[0] if total and n == distinct == total and lo in (0, 1) and hi - lo + 1 == total else None


def _describe(con, reader: str) -> list[tuple[str, str]]:
    try:
        return [tuple(r[:2]) for r in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
    except Exception as exc:
        raise DataValidationError(f"cannot read {reader[:200]}: {str(exc).splitlines()[0]}") from None


def describe_columns(con, reader: str) -> list[str]:
    """The column names of a source, as DuckDB reads them.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection.
    reader : str
        A ``FROM`` source, e.g. from :meth:`TableSpec.reader`.

    Returns
    -------
    list of str

    Raises
    ------
    insight.exceptions.DataValidationError
        When DuckDB cannot read the source.
    """
    return [c for c, _ in _describe(con, reader)]


def is_numeric_type(typ: str) -> bool:
    """Whether a DuckDB type name is a number type (integers, floats, ``DECIMAL``), ignoring case.

    Parameters
    ----------
    typ : str
        The type name, e.g. ``"BIGINT"``.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_numeric_type("decimal(18,2)"), is_numeric_type("VARCHAR")
    (True, False)
    """
    t = typ.upper()
    return t in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "DOUBLE", "FLOAT",
                 "REAL") or t.startswith("DECIMAL")


def resolve_paths(value: Any, base: Path, key: str) -> list[Path]:
    """The files a specification's ``path`` names: one path or a list, each possibly a glob pattern (``*?[``).

    Parameters
    ----------
    value : str, os.PathLike or list of those
        The path(s) as written; ``~`` is expanded.
    base : pathlib.Path
        The folder relative paths are read from (the specification's folder).
    key : str
        The key named in error messages (e.g. ``tables.log.path``).

    Returns
    -------
    list of pathlib.Path
        The files, a pattern's matches sorted.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``value`` is not a path or list of paths, or a file is not CSV (``.csv``, ``.txt``, ``.tsv``, ``.gz``),
        Parquet or Excel.
    insight.exceptions.DataFileNotFoundError
        When a file does not exist or a pattern matches none.

    Examples
    --------
    >>> from insight.data.datasets import data_dir
    >>> [p.name for p in resolve_paths("cdnow_*.txt", data_dir(), "path")]
    ['cdnow_master.txt', 'cdnow_sample.txt']
    """
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, (str, os.PathLike)) and str(v) for v in items):
        raise DataValidationError(f"{key}: must be a file path or a list of paths, got {value!r}.")
    out: list[Path] = []
    for v in items:
        p = Path(v).expanduser()
        p = p if p.is_absolute() else base / p
        hits = sorted(Path(x) for x in _glob.glob(str(p))) if any(ch in str(p) for ch in "*?[") else [p]
        missing = [h for h in hits if not h.is_file()]
        if not hits or missing:
            raise DataFileNotFoundError(f"{key}: file not found: {missing[0] if missing else p} "
                                        f"(relative paths are read from {base}).")
        out += hits
    suffixes = {p.suffix.lower() for p in out}
    allowed = {".csv", ".txt", ".tsv", ".gz", ".parquet", ".pq", ".xlsx", ".xlsm", ".xls"}
    if not suffixes <= allowed:
        raise DataValidationError(f"{key}: file {out[0].name} must be CSV, Parquet or Excel; got {sorted(suffixes)}.")
    return out
