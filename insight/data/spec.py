"""Data specifications: describe your own data once, and every notebook reads it.

A specification is a small YAML file (or the same keys as a dict) saying where the
tables are, how they are read and joined, which column plays which role, and how the
export's quirks are cleaned. ``insight inspect FILE`` proposes one. Example::

    kind: transactions              # transactions | customers | survey | complaints | orders (promised, delivered)
    name: Online Retail (UCI)       # shown in the reports
    tables:
      lines:                        # the first table is the main one
        path: online_retail_sample.csv       # relative to this file; a list or glob for several files
        sep: ","                    # CSV read options: sep, encoding, decimal, header, skip (junk lines)
        sheet: Orders               # an Excel workbook's sheet: a name, or a number from 0 (default: the first)
        date_format: "%Y-%m-%d %H:%M:%S"     # or dayfirst: true, or calendar: jalali (1402/09/14); default: detected
      customers:                    # further tables join the main one by key
        path: customers.csv
        join: CustomerID            # a column in both, or {main column: this table's column}
        aggregate: false            # true: several rows per key (payments) are summed (text: first value)
    columns:                        # role: a column name, or an SQL expression over the columns
      customer_id: CustomerID
      date: InvoiceDate
      amount: Quantity * UnitPrice
      quantity: Quantity
      order_id: InvoiceNo
      category: StockCode
    returns: InvoiceNo LIKE 'C%' OR Quantity < 0   # rows that are returns or cancellations
    ids:
      placeholders: ["", "(blank)", "nan", "unknown", "0"]   # read as a missing id and counted
    types: {InvoiceNo: text}        # a column's type where the first rows mislead: text, number, integer, date
    duplicates: drop                # identical rows: drop or keep, counted; default: drop in logs with order ids or
                                    # times and tables with ids, keep in day-level logs and anonymous surveys
    timezone: UTC                   # days are cut in this zone, whatever the machine's zone

The roles of each kind, required and optional, are :data:`ROLES`; every key and role is described on the reference
page :doc:`/data_spec`, generated from this module's lists. A survey's ``drivers`` (rating columns, any number, none
included; never expressions) default to its ``touchpoints``; word answers in a common wording are scored without a
``scales`` entry (:mod:`insight.data.scales`), and the mapping used is shown in the report.

Everything is applied inside DuckDB: the amount expression, date parsing, id cleaning
and the returns rule become SQL over the files, so a large log is never loaded
whole. :meth:`DataSpec.relation` gives that SQL; ``insight.features.summary.customer_summary``
accepts a specification directly. A specification is checked before any work; every
problem is reported with the key, the problem, a count and an example.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataFileNotFoundError, DataValidationError
from ..parsers import FALSE_WORDS, TRUE_WORDS, ascii_digits_sql, date_sql, duckdb_connect, parse_value_period, quote_ident, scalar_sql, sql_literal
from ..validate import check_timezone
from .cleaning import DUPLICATE_RULES, CleaningReport, type_code
from .scales import apply_scale, check_scale, scale_range, touchpoint_stages
from .tables import (TABLE_KEYS, TableSpec, check_types, describe_columns, index_column, is_numeric_type,
                     resolve_paths)

__all__ = ["DataSpec", "load_spec", "ROLES", "DEFAULT_PLACEHOLDERS", "TOTAL_LABELS", "DATE_ROLES", "RIALS_PER_UNIT"]

#: roles of each kind of table: (required, optional)
ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "transactions": (("customer_id", "date", "amount"),
                     ("quantity", "order_id", "discount", "category", "channel")),
    "customers": (("churn",), ("customer_id", "duration", "group", "value", "start", "opt_out")),
    "survey": (("overall",), ("drivers", "touchpoints", "text", "customer_id", "nps", "buy_again", "date", "group",
                             "order_id")),
    "complaints": (("created",), ("customer_id", "first_response", "resolved", "channel", "category", "timely",
                                  "outcome", "disputed", "text", "id", "rating")),   # insight.data.complaints
    "orders": (("promised", "delivered"), ("order_id", "customer_id", "order_date", "extra")),   # the four levels
}
#: roles holding dates, parsed with the table's date_format / dayfirst (and calendar)
DATE_ROLES = ("date", "start", "created", "first_response", "resolved", "order_date", "promised", "delivered")

#: id values read as "no customer id" unless a specification says otherwise (compared case-insensitively)
#: the label of a total line at the end of an export, in its id column
TOTAL_LABELS = ("total", "grand total", "جمع", "جمع کل", "مجموع")
#: ids that name no customer: empty cells, N/A codes, and the label of a total line
DEFAULT_PLACEHOLDERS = ["", "(blank)", "blank", "nan", "null", "none", "n/a", "na", "unknown", "-", "0",
                        *TOTAL_LABELS]

_TOP_KEYS = {"kind", "name", "tables", "columns", "returns", "ids", "duplicates", "timezone", "scales",
             "churn_value", "exclude", "value_period", "types", "amount_unit"}

#: money units with a fixed ratio between them, in old rials: the rial (IRR), the Toman (IRT, 10 rials) and the new
#: rial of the 2025 redenomination (IRN, 10,000 rials); the presentation's :data:`insight.style.UNITS` (a test keeps
#: the two equal: the data layer converts, the style writes)
RIALS_PER_UNIT = {"IRR": 1, "IRT": 10, "IRN": 10_000}

#: what each duplicate rule does: a log's (cleaning.duplicate_rule; TableSpec.duplicate_rule), an id table's, a survey's
_RULE_ACTIONS = {**DUPLICATE_RULES, "unchecked": "drop", "customer_id": "drop", "anonymous": "keep"}


@dataclass
class DataSpec:
    """A validated data specification (see the module docstring); build it with :func:`load_spec`.

    Parameters
    ----------
    kind, name, duplicates, timezone, value_period : str
        The keys of the same names (``duplicates``: ``drop`` or ``keep``; ``value_period``: "" when not given).
    tables : list of insight.data.tables.TableSpec
        The tables, the main one first.
    columns, scales, raw : dict
        Role -> column or expression; rating column -> scale as written; the specification as given.
    returns : str or None
        The SQL condition of returns and cancellations.
    placeholders, exclude : list of str
        Ids read as missing (``ids.placeholders``); columns that are not features.
    churn_value : object
        The value meaning churned (None: yes/true/1 detected).
    source : pathlib.Path or None
        The YAML file read (None for a dict).
    duplicate_rule : str
        ``declared`` (the key), or the rule that decided ``duplicates``.
    amount_unit : str
        The key of the same name: the money unit of the amounts (``"IRR"``, ``"USD"``...); "" when not declared.
    amount_factor : float
        What every amount is multiplied by as it is read (:meth:`in_unit`); 1 unless converted.
    """

    kind: str
    tables: list[TableSpec]
    columns: dict[str, Any]
    name: str = ""
    returns: str | None = None
    placeholders: list[str] = field(default_factory=lambda: list(DEFAULT_PLACEHOLDERS))
    duplicates: str = "drop"
    timezone: str = "UTC"
    scales: dict[str, Any] = field(default_factory=dict)
    churn_value: Any = None
    exclude: list[str] = field(default_factory=list)
    source: Path | None = None
    raw: dict = field(default_factory=dict)
    value_period: str = ""
    #: why ``duplicates`` is what it is: ``declared`` (the key), or the rule that decided it (``_RULE_ACTIONS``)
    duplicate_rule: str = "declared"
    amount_unit: str = ""
    amount_factor: float = 1.0

    def in_unit(self, unit: str) -> "DataSpec":
        """This specification with its amounts read in money ``unit`` (the report's currency).

        Parameters
        ----------
        unit : str
            The unit the report writes money in: the declared ``amount_unit`` itself, or another of rial (IRR),
            Toman (IRT) and new rial (IRN), which convert at their fixed ratios (:data:`RIALS_PER_UNIT`).

        Returns
        -------
        DataSpec
            A copy whose amounts are multiplied by the ratio; this one unchanged when no unit is declared or the
            units are the same.

        Raises
        ------
        insight.exceptions.DataValidationError
            When the declared unit and ``unit`` differ and have no fixed ratio (dollars and euros, rials and
            dollars).

        Examples
        --------
        >>> spec = DataSpec("transactions", [], {}, amount_unit="IRR")
        >>> spec.in_unit("IRT").amount_factor, spec.in_unit("IRR").amount_factor
        (0.1, 1.0)
        """
        if not self.amount_unit or unit == self.amount_unit:
            return self
        if self.amount_unit in RIALS_PER_UNIT and unit in RIALS_PER_UNIT:
            return replace(self, amount_factor=RIALS_PER_UNIT[self.amount_unit] / RIALS_PER_UNIT[unit])
        raise DataValidationError(
            f"amount_unit == {self.amount_unit!r}: the amounts cannot be shown in {unit!r} (only rial, Toman and new "
            f"rial convert at a fixed ratio: {', '.join(RIALS_PER_UNIT)}); set the report's currency to "
            f"{self.amount_unit!r}.")

    # ------------------------------------------------------------------ roles
    def role(self, name: str) -> str | None:
        """The column name or expression of a role, or None when the data do not have it.

        Parameters
        ----------
        name : str
            The role, e.g. ``"customer_id"``.

        Returns
        -------
        str or None
        """
        v = self.columns.get(name)
        return v or None

    @property
    def drivers(self) -> list[str]:
        """The driver columns: as given (any number, none included), else the touchpoints."""
        if "drivers" not in self.columns:
            return list(self.touchpoints)
        d = self.columns.get("drivers") or []
        return [d] if isinstance(d, str) else list(d)

    @property
    def touchpoints(self) -> dict[str, str]:
        """Touchpoint column -> its stage (``pre-purchase``, ``purchase``, ``post-purchase``), in the order given."""
        return touchpoint_stages(self.columns.get("touchpoints"))

    def to_yaml(self) -> str:
        """The specification as YAML (shown in the report's provenance).

        Returns
        -------
        str
        """
        import yaml

        return yaml.safe_dump(self.raw, sort_keys=False, allow_unicode=True)

    def _repr_html_(self) -> str:
        import html

        return ("<details class='insight-spec'><summary>Data specification</summary><pre>"
                f"{html.escape(self.to_yaml())}</pre></details>")

    # ------------------------------------------------------------------ SQL
    def relation(self, con) -> tuple[str, CleaningReport]:
        """Register the tables with ``con`` and return (SQL of the tidy table, cleaning counts).

        The tidy table has one column per role, named by the role (``customer_id``,
        ``date`` as a naive TIMESTAMP in the spec's time zone, ``amount`` negative on
        returns, ...), and ``_row``, a hash of the whole source row for duplicate
        detection. Surveys and customer tables keep every source column as well.

        Why one function: it builds one SQL statement step by step (tables, joins, role expressions,
        dates, returns) on one DuckDB connection; each step adds to the same expressions and the
        same cleaning counts.

        Parameters
        ----------
        con : duckdb.DuckDBPyConnection
            The connection (views ``t_<table>`` and ``spec_raw`` are created on it).

        Returns
        -------
        tuple of (str, insight.data.cleaning.CleaningReport)

        Raises
        ------
        insight.exceptions.DataValidationError
            When a join column, a role's column or expression, a rating column or the returns condition is invalid.
        """
        main = self.tables[0]
        reader = main.reader(con)
        raw_cols = describe_columns(con, reader)
        dates = [self.role(r) for r in DATE_ROLES if self.role(r) in raw_cols]
        typed_dates = [c for c, t in main.types.items() if t == "date" and c in raw_cols]
        if dates and reader.startswith("read_csv("):   # dates as text, for our parser
            reader = main.reader(con, dates)
        con.execute(f"CREATE OR REPLACE TEMP VIEW t_{_ident(main.name)} AS SELECT * FROM {reader}")
        from_sql = f"t_{_ident(main.name)} AS {quote_ident(main.name)}"
        all_cols = {c: main.name for c in raw_cols}
        rep = CleaningReport()
        index = index_column(con, f"t_{_ident(main.name)}", raw_cols)
        if index is not None:     # a row number makes every row unique: keep it out of the duplicate check
            rep.add("index_column", 0, "left_out_of_duplicates", column=index)
        for t in self.tables[1:]:
            view, reader = f"t_{_ident(t.name)}", t.reader(con)
            cols = describe_columns(con, reader)
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {reader}")
            (left, right), = t.join.items()
            if left not in all_cols:
                raise DataValidationError(f"tables.{t.name}.join: column {left!r} is not in the tables before it; "
                                          f"columns: {sorted(all_cols)[:20]}.")
            if right not in cols:
                raise DataValidationError(f"tables.{t.name}.join: column {right!r} is not in {t.name}; "
                                          f"columns: {cols[:20]}.")
            dup = con.execute(f"SELECT COUNT(*) - COUNT(DISTINCT {quote_ident(right)}), "
                              f"ANY_VALUE({quote_ident(right)}) FILTER (WHERE k > 1) FROM (SELECT {quote_ident(right)},"
                              f" COUNT(*) OVER (PARTITION BY {quote_ident(right)}) AS k FROM {view})").fetchall()[0]
            if dup[0] and not t.aggregate:
                raise DataValidationError(
                    f"tables.{t.name}: {dup[0]:,} rows repeat a key of {right!r} (e.g. {dup[1]!r}), so joining it "
                    "would repeat rows of the main table; set aggregate: true to sum its numbers per key.")
            if t.aggregate:
                types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {view})")
                             .fetchall())
                aggs = [f"{'SUM' if is_numeric_type(types[c]) else 'ANY_VALUE'}({quote_ident(c)}) AS {quote_ident(c)}"
                        for c in cols if c != right]
                rep.add("several_rows_per_key", int(dup[0]), "aggregated", table=t.name)
                src = f"(SELECT {quote_ident(right)}, {', '.join(aggs)} FROM {view} GROUP BY 1)"
            else:
                src = view
            new = [c for c in cols if c not in all_cols]
            clash = [c for c in cols if c in all_cols and c != right]
            sel = ", ".join([quote_ident(c) for c in new] +
                            [f"{quote_ident(c)} AS {quote_ident(t.name + '.' + c)}" for c in clash])
            sel = ", " + sel if sel else ""
            unmatched = con.execute(f"SELECT COUNT(*) FROM {from_sql} WHERE {quote_ident(left)} NOT IN "
                                    f"(SELECT {quote_ident(right)} FROM {src} WHERE {quote_ident(right)} IS NOT NULL)"
                                    ).fetchall()[0][0]
            rep.add("no_match", unmatched, "kept_empty", table=t.name)
            from_sql += (f" LEFT JOIN (SELECT {quote_ident(right)} AS _k_{_ident(t.name)}{sel} FROM {src}) "
                         f"AS {quote_ident(t.name)} ON {quote_ident(left)} = _k_{_ident(t.name)}")
            all_cols.update({c: t.name for c in new})
            all_cols.update({f"{t.name}.{c}": t.name for c in clash})
        check_types(main.types, list(all_cols))
        hidden = [f"_k_{_ident(t.name)}" for t in self.tables[1:]]
        exclude = f" EXCLUDE ({', '.join(hidden)})" if hidden else ""
        con.execute(f"CREATE OR REPLACE TEMP VIEW spec_raw AS SELECT *{exclude} FROM {from_sql}")
        types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM spec_raw)").fetchall())
        rep.rows_in = con.execute("SELECT COUNT(*) FROM spec_raw").fetchall()[0][0]
        exprs: dict[str, str] = {}
        where = ""
        for role in ROLES[self.kind][0] + ROLES[self.kind][1]:
            value = self.columns.get(role)
            if not value or role in ("drivers", "touchpoints"):
                continue
            exprs[role] = self._expr(con, role, value, types)
        ratings = {"overall": [self.role("overall")] if self.kind == "survey" and self.role("overall") else [],
                   "touchpoints": list(self.touchpoints), "drivers": self.drivers}
        for role, cols in ratings.items():
            absent = [c for c in cols if c not in types]     # a rating is a column, never an expression
            if absent:
                raise DataValidationError(
                    f"columns.{role}: {len(absent)} of {len(cols)} rating column(s) are not columns of the data: "
                    f"{absent[:5]}; a rating is a column, not an expression; columns ({len(types)}): "
                    f"{', '.join(list(types)[:20])}.")
        if "customer_id" in exprs:
            exprs["customer_id"] = self._id_expr(con, exprs["customer_id"], rep)
        for role in [r for r in DATE_ROLES if r in exprs]:
            col = self.columns[role] if self.columns[role] in types else None
            if col is not None:
                exprs[role] = date_sql(con, "spec_raw", col, types[col], date_format=main.date_format,
                                       dayfirst=main.dayfirst, calendar=main.calendar)
            else:
                exprs[role] = f"TRY_CAST({exprs[role]} AS TIMESTAMP)"
        if self.kind == "transactions":
            # a missing amount (empty cell, or no matching row in a joined table) is counted and removed;
            # an amount that is there but not a number still fails, with an example, in the summary
            missing = con.execute(f"SELECT COUNT(*) FROM spec_raw WHERE {exprs['amount']} IS NULL").fetchall()[0][0]
            rep.add("missing_amount", missing, "removed")
            where = f" WHERE {exprs['amount']} IS NOT NULL" if missing else ""
            text = types.get(self.columns["amount"]) == "VARCHAR"   # Persian digits read as numbers
            amount = f"TRY_CAST({ascii_digits_sql(exprs['amount']) if text else exprs['amount']} AS DOUBLE)"
            if self.returns:
                cond = self._condition(con, "returns", self.returns)
                marked, zero = con.execute(f"SELECT COUNT(*) FILTER (WHERE {cond}), COUNT(*) FILTER (WHERE {cond} "
                                           f"AND {amount} = 0) FROM spec_raw").fetchall()[0]
                rep.add("returns_rule", marked - zero, "counted_as_return")
                rep.add("zero_return", zero, "removed_no_money")
                where += f"{' AND' if where else ' WHERE'} NOT (COALESCE({cond}, false) AND {amount} IS NOT DISTINCT FROM 0)"
                amount = f"CASE WHEN COALESCE({cond}, false) THEN -ABS({amount}) ELSE {amount} END"
            exprs["amount"] = amount if self.amount_factor == 1 else f"({amount}) * {float(self.amount_factor)!r}"
            if "discount" in exprs:
                exprs["discount"] = self._discount(con, exprs["discount"], types)
        self.role_columns_ = {r: (self.columns[r] if self.kind != "transactions" and self.columns[r] in types else r)
                              for r in exprs}
        if self.kind == "transactions":
            sel = [f"{e} AS {quote_ident(r)}" for r, e in exprs.items()]
        else:   # customer and survey tables keep every column (features, answers), cleaned ones in place
            cleaned = {self.columns[r]: exprs[r] for r in ("customer_id", *DATE_ROLES) if r in exprs
                       and self.columns[r] in types}     # a role's date is parsed once, for the role
            cleaned.update({c: date_sql(con, "spec_raw", c, types[c], date_format=main.date_format,
                                        dayfirst=main.dayfirst, calendar=main.calendar)
                            for c in typed_dates if c not in cleaned})
            sel = [f"{cleaned[c]} AS {quote_ident(c)}" if c in cleaned else quote_ident(c) for c in types]
            sel += [f"{e} AS {quote_ident(r)}" for r, e in exprs.items() if self.columns[r] not in types]
        row = f"hash({', '.join(quote_ident(c) for c in raw_cols if c != index)})"
        if self.duplicates == "drop":
            sel.append(f"{row} AS _row")
        elif self.kind == "transactions":   # kept (repeat purchases of a day-level log, or declared): counted
            same = con.execute(f"SELECT COUNT(*) - COUNT(DISTINCT {row}) FROM spec_raw{where}").fetchall()[0][0]
            rep.add("identical_rows", same, f"kept_{self.duplicate_rule}", rule=self.duplicate_rule)
        return f"SELECT {', '.join(sel)} FROM spec_raw{where}", rep

    def column(self, role: str) -> str | None:
        """The tidy table's column of a role (after :meth:`relation` or :meth:`load`): the role's name for
        logs and for expressions, else the data's own column name (customer and survey tables keep them).

        Parameters
        ----------
        role : str
            The role.

        Returns
        -------
        str or None
            None when the data do not have the role.
        """
        value = self.role(role)
        if not value:
            return None
        return getattr(self, "role_columns_", {}).get(role, role)   # known once the tables were read

    def _expr(self, con, role: str, value: str, types: dict) -> str:
        if value in types:
            return quote_ident(value)
        expr = scalar_sql(con, value, f"columns.{role}")   # one expression, never a statement
        try:
            con.execute(f"SELECT {expr} FROM spec_raw LIMIT 0")
        except Exception as exc:  # duckdb.Error: unknown column, syntax error
            msg = str(exc).splitlines()[0]
            raise DataValidationError(
                f"columns.{role} == {value!r}: not a column of the data and not a valid expression ({msg}); "
                f"columns ({len(types)}): {', '.join(list(types)[:20])}.") from None
        return expr

    def _condition(self, con, key: str, value: str) -> str:
        expr = scalar_sql(con, value, key)   # one expression, never a statement
        try:
            con.execute(f"SELECT CAST({expr} AS BOOLEAN) FROM spec_raw LIMIT 0")
        except Exception as exc:
            raise DataValidationError(f"{key} == {value!r}: not a valid condition over the columns "
                                      f"({str(exc).splitlines()[0]}); e.g. \"InvoiceNo LIKE 'C%'\".") from None
        return expr

    def _id_expr(self, con, expr: str, rep: CleaningReport) -> str:
        typ = con.execute(f"SELECT typeof({expr}) FROM spec_raw LIMIT 1").fetchall()
        typ = typ[0][0].upper() if typ else "VARCHAR"
        words = [p.strip().lower() for p in self.placeholders]
        plist = ", ".join(sql_literal(w) for w in words) or "NULL"
        if is_numeric_type(typ):
            floaty = typ in ("DOUBLE", "FLOAT", "REAL") or typ.startswith("DECIMAL")
            nums = [w for w in words if _is_number(w)]
            cond = f"{expr} IN ({', '.join(nums)})" if nums else "false"
            if not floaty and not nums:   # whole-number ids and no numeric placeholder: nothing to clean or scan
                rep.add("placeholder_id", 0, "read_as_missing_id")
                return expr
            row = con.execute(f"SELECT COUNT(*) FILTER (WHERE {cond}), COUNT(*) FILTER (WHERE {expr} <> "
                              f"FLOOR({expr})), COUNT({expr}) FROM spec_raw").fetchall()[0]
            rep.add("placeholder_id", row[0], "read_as_missing_id",
                    ", ".join(n for n in nums) if row[0] else "")
            if floaty:
                if row[1]:
                    ex = con.execute(f"SELECT {expr} FROM spec_raw WHERE {expr} <> FLOOR({expr}) LIMIT 1").fetchall()
                    raise DataValidationError(f"columns.customer_id: {row[1]:,} of {row[2]:,} ids have a fraction, "
                                              f"e.g. {ex[0][0]!r}; ids must be whole numbers or text.")
                rep.add("float_id", row[2], "read_as_whole")
                return f"CASE WHEN {cond} THEN NULL ELSE CAST({expr} AS BIGINT) END"
            return f"CASE WHEN {cond} THEN NULL ELSE {expr} END"
        text = f"TRIM({ascii_digits_sql(f'CAST({expr} AS VARCHAR)')})"   # C۱۰۴۰ and C1040 are one customer
        row = con.execute(f"SELECT COUNT(*) FILTER (WHERE LOWER({text}) IN ({plist})), "
                          f"STRING_AGG(DISTINCT {text}, ', ') FILTER (WHERE LOWER({text}) IN ({plist})), "
                          f"COUNT(*) FILTER (WHERE regexp_matches({text}, '^-?[0-9]+\\.0+$')) FROM spec_raw"
                          ).fetchall()[0]
        rep.add("placeholder_id", row[0], "read_as_missing_id", repr(row[1]) if row[0] else "")
        rep.add("float_id", row[2], "read_as_whole")
        return (f"CASE WHEN LOWER({text}) IN ({plist}) THEN NULL "
                f"ELSE regexp_replace({text}, '^(-?[0-9]+)\\.0+$', '\\1') END")

    def _discount(self, con, expr: str, types: dict) -> str:
        from ..parsers import check_flag_sql

        col = self.columns["discount"]
        if col not in types:   # an expression: taken as a number
            return expr
        return check_flag_sql(con, "spec_raw", col, types[col], key=f"columns.discount ({col!r})")

    # ------------------------------------------------------------------ checks
    def quality(self) -> pd.DataFrame:
        """One row per column of the (joined) tables, computed in DuckDB: type, missing values and share,
        distinct values (approximate), range. The customer id column's range is hidden, as in reports.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``column``: ``type``, ``missing``, ``missing_pct``, ``distinct_approx``, ``min``, ``max``,
            ``role``.
        """
        con = duckdb_connect(self.timezone)
        try:
            self.relation(con)
            stats = con.execute("SUMMARIZE SELECT * FROM spec_raw").df()
            present = con.execute("SELECT " + ", ".join(f"COUNT({quote_ident(c)})" for c in stats["column_name"]) +
                                  " FROM spec_raw").fetchall()[0]     # SUMMARIZE rounds its null share
        finally:
            con.close()
        hidden = {self.role("customer_id")}
        rows = []
        for r, n_present in zip(stats.itertuples(), present):
            missing = int(r.count) - int(n_present)
            shown = r.column_name not in hidden and r.min is not None
            rows.append({"column": r.column_name, "type": type_code(r.column_type), "missing": missing,
                         "missing_pct": round(100 * missing / max(int(r.count), 1), 2),
                         "distinct_approx": int(r.approx_unique), "min": str(r.min)[:40] if shown else None,
                         "max": str(r.max)[:40] if shown else None,
                         "role": next((k for k, v in self.columns.items() if v == r.column_name
                                       or (isinstance(v, list) and r.column_name in v)), "")})
        return pd.DataFrame(rows).set_index("column")

    def monthly(self) -> pd.DataFrame:
        """Rows and summed amount (returns included, as negative amounts) per calendar month of a log.

        Returns
        -------
        pandas.DataFrame
            Columns ``month``, ``rows`` and ``amount``, one row per month, in order.

        Raises
        ------
        insight.exceptions.DataValidationError
            When the specification is not of kind ``transactions``.
        """
        if self.kind != "transactions":
            raise DataValidationError(f"{self.name}: monthly activity needs a transaction log; this specification "
                                      f"is of kind {self.kind!r}.")
        con = duckdb_connect(self.timezone)
        try:
            sql, _ = self.relation(con)
            return con.execute(f"SELECT date_trunc('month', date) AS month, COUNT(*) AS rows, SUM(amount) AS amount "
                               f"FROM ({sql}) WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1").df()
        finally:
            con.close()

    # ------------------------------------------------------------------ pandas
    def load(self, *, con=None) -> tuple[pd.DataFrame, CleaningReport]:
        """The tidy table as a DataFrame (customer and survey tables; logs go to customer_summary).

        Exact duplicate rows are removed and counted (``duplicates: drop``); survey
        answers given as words are mapped to scores (``scales``, or a common wording).

        Parameters
        ----------
        con : duckdb.DuckDBPyConnection, optional
            A connection to read with (default: a new one in the specification's time zone, closed after).

        Returns
        -------
        tuple of (pandas.DataFrame, insight.data.cleaning.CleaningReport)
        """
        own = con is None
        con = con or duckdb_connect(self.timezone)
        try:
            sql, rep = self.relation(con)
            df = con.execute(sql).df()
        finally:
            if own:
                con.close()
        rep.rows_in = len(df)
        if "_row" in df.columns:
            dup = df["_row"].duplicated()
            rep.add("duplicate", int(dup.sum()), "removed")
            df = df[~dup].drop(columns="_row").reset_index(drop=True)
        if self.kind == "survey":
            df = self._apply_scales(df, rep)
        rep.rows_out = len(df)
        return df, rep

    def rating_columns(self) -> list[str]:
        """The overall score's, the drivers' and the touchpoints' columns, each once.

        Returns
        -------
        list of str
        """
        return list(dict.fromkeys(c for c in [self.role("overall"), *self.drivers, *self.touchpoints] if c))

    def _apply_scales(self, df: pd.DataFrame, rep: CleaningReport) -> pd.DataFrame:
        """Each rating column on its own scale (:func:`insight.data.scales.apply_scale`): not-applicable codes
        read as missing and counted, words mapped to scores (the mapping used is counted and kept in
        ``mappings_``)."""
        self.mappings_: dict[str, dict[str, int]] = {}
        ratings = self.rating_columns()
        for c in dict.fromkeys(ratings + [k for k in self.scales if k != "all"]):
            if c not in df.columns:
                continue
            # a column's own entry, else scales.all for every rating column (its words and not-applicable codes)
            key = c if c in self.scales else ("all" if c in ratings and self.scales.get("all") is not None else None)
            given = check_scale(self.scales[key], f"scales.{key}") if key else None
            scores, mapping, n_na = apply_scale(df[c], c, given)
            if given is not None and given["na"]:
                rep.add("not_applicable", n_na, "read_as_missing", column=c,
                        codes=", ".join(map(str, given["na"])))
            if mapping is not None:
                self.mappings_[c] = mapping
                rep.add("answers_as_words", int(scores.notna().sum()), "mapped_to_scores", column=c,
                        mapping=", ".join(f"{k}={v}" for k, v in mapping.items()))
            df[c] = scores
        return df

    def column_scale(self, column: str) -> tuple[int, int] | None:
        """The (low, high) scale of one rating column (after :meth:`load`): its own under ``scales``, else its
        word mapping, else ``scales.all``; None when none says.

        Parameters
        ----------
        column : str
            The rating column.

        Returns
        -------
        tuple of (int, int) or None
        """
        own = check_scale(self.scales[column], f"scales.{column}") if column in self.scales else None
        found = scale_range(own, getattr(self, "mappings_", {}).get(column))
        if found is None and self.scales.get("all") is not None:
            found = scale_range(check_scale(self.scales["all"], "scales.all"))
        return found

    def scale(self) -> tuple[int, int] | None:
        """The (low, high) scale of the first rating column that has one (:meth:`column_scale`), or None.

        Returns
        -------
        tuple of (int, int) or None
        """
        return next((s for s in map(self.column_scale, self.rating_columns()) if s is not None),
                    self.column_scale("all") if "all" in self.scales else None)

def _ident(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in str(name))


def _is_number(w: str) -> bool:
    import re

    return re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", w) is not None


def _flag(value, key: str) -> bool:
    """A yes/no key of a specification: YAML's true/false, or yes/no, 1/0 as text ('no' is false, not a non-empty
    string); anything else is refused, naming the key."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise DataValidationError(f"{key} == {value!r}: must be true or false (yes/no).")


def load_spec(spec: str | os.PathLike | dict | DataSpec, *, base: str | os.PathLike | None = None) -> DataSpec:
    """Read and check a data specification from a YAML file or a dict (see the module docstring).

    Why one function: it is the specification's schema, key by key; read in one place, it answers "which keys?".

    Parameters
    ----------
    spec : str, os.PathLike, dict or DataSpec
        A YAML file, the same keys as a dict, or a specification (returned as it is).
    base : str or os.PathLike, optional
        Where a dict's relative table paths are read from (default: the working directory; a file's: its folder).

    Returns
    -------
    DataSpec

    Raises
    ------
    insight.exceptions.DataValidationError
        Naming the key: unknown keys, missing required roles, bad read options, or YAML that is not valid.
    insight.exceptions.DataFileNotFoundError

    Examples
    --------
    >>> from insight.data.datasets import spec_dir
    >>> spec = load_spec(spec_dir() / "online_retail.yaml")
    >>> spec.kind, spec.role("amount"), spec.duplicates
    ('transactions', 'Quantity * UnitPrice', 'drop')
    """
    import yaml

    if isinstance(spec, DataSpec):
        return spec
    source = None
    if isinstance(spec, (str, os.PathLike)):
        source = Path(spec).expanduser().resolve()
        if not source.is_file():
            raise DataFileNotFoundError(f"data specification not found: {source}.")
        try:
            raw = yaml.safe_load(source.read_text())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise DataValidationError(f"{source.name}: not valid YAML{where}: {getattr(exc, 'problem', exc)}.") \
                from None
        base_dir = source.parent
    elif isinstance(spec, dict):
        raw = spec
        base_dir = Path(base or os.getcwd())
    else:
        raise DataValidationError(f"parameter 'spec' must be a YAML path or a dict, got {type(spec).__name__}.")
    if not isinstance(raw, dict):
        raise DataValidationError(f"data specification must be a mapping of keys, got {type(raw).__name__}.")
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise DataValidationError(f"data specification: {len(unknown)} unknown key(s) {unknown}; known keys: "
                                  f"{sorted(_TOP_KEYS)}.")
    kind = raw.get("kind", "transactions")
    if kind not in ROLES:
        raise DataValidationError(f"kind == {kind!r}, must be one of {list(ROLES)}.")
    types = check_types(raw.get("types") or {})
    tables_raw = raw.get("tables")
    if isinstance(tables_raw, (str, list)):
        tables_raw = {"data": {"path": tables_raw}}
    if not isinstance(tables_raw, dict) or not tables_raw:
        raise DataValidationError("tables: needed, a mapping of table names to {path: ...} (or one path).")
    tables = []
    for i, (tname, t) in enumerate(tables_raw.items()):
        t = {"path": t} if isinstance(t, (str, list)) else t
        if not isinstance(t, dict) or "path" not in t:
            raise DataValidationError(f"tables.{tname}: needs a path.")
        bad = sorted(set(t) - TABLE_KEYS)
        if bad:
            raise DataValidationError(f"tables.{tname}: unknown key(s) {bad}; known: {sorted(TABLE_KEYS)}.")
        join = t.get("join")
        if i == 0 and join:
            raise DataValidationError(f"tables.{tname}: the first table is the main one and has no join.")
        if i > 0:
            if isinstance(join, str):
                join = {join: join}
            if not (isinstance(join, dict) and len(join) == 1):
                raise DataValidationError(f"tables.{tname}.join: needed for every table after the first: a column "
                                          "in both tables, or {main column: this table's column}.")
        if t.get("dayfirst") is not None and not isinstance(t["dayfirst"], bool):
            raise DataValidationError(f"tables.{tname}.dayfirst == {t['dayfirst']!r}, must be true or false.")
        tables.append(TableSpec(str(tname), resolve_paths(t["path"], base_dir, f"tables.{tname}.path"),
                                t.get("sep"), t.get("encoding"), t.get("decimal"),
                                _flag(t.get("header", True), f"tables.{tname}.header"),
                                int(t.get("skip", 0)), t.get("date_format"), t.get("dayfirst"), t.get("sheet"),
                                {str(k): str(v) for k, v in join.items()} if join else None,
                                _flag(t.get("aggregate", False), f"tables.{tname}.aggregate"), dict(types),
                                str(t.get("calendar", "gregorian"))))
    columns = raw.get("columns") or {}
    if not isinstance(columns, dict):
        raise DataValidationError("columns: must map roles to column names or expressions.")
    required, optional = ROLES[kind]
    unknown = sorted(set(columns) - set(required) - set(optional))
    if unknown:
        raise DataValidationError(f"columns: {len(unknown)} unknown role(s) {unknown} for kind {kind!r}; roles: "
                                  f"{list(required + optional)}.")
    missing = [r for r in required if not columns.get(r)]
    if missing:
        raise DataValidationError(f"columns: {len(missing)} required role(s) missing for kind {kind!r}: {missing}.")
    ids = raw.get("ids") or {}
    placeholders = ids.get("placeholders", DEFAULT_PLACEHOLDERS) if isinstance(ids, dict) else None
    if not isinstance(placeholders, list):
        raise DataValidationError("ids: must be {placeholders: [values read as a missing id]}.")
    timezone = check_timezone(raw.get("timezone", "UTC"))
    duplicates, rule = raw.get("duplicates"), "declared"     # else one rule per kind of data (_RULE_ACTIONS)
    if duplicates is None:
        rule = (tables[0].duplicate_rule(columns, timezone) if kind == "transactions" else
                "customer_id" if columns.get("customer_id") else "anonymous")
        duplicates = _RULE_ACTIONS[rule]
    if duplicates not in ("drop", "keep"):
        raise DataValidationError(f"duplicates == {duplicates!r}, must be 'drop' or 'keep'.")
    scales = raw.get("scales") or {}
    if not isinstance(scales, dict):
        raise DataValidationError("scales: must map rating columns to 'low-high', {word: score} or "
                                  "{range: low-high, na: [codes]}.")
    for c, sc in scales.items():
        check_scale(sc, f"scales.{c}")
    touchpoint_stages(columns.get("touchpoints"))     # checked
    name = raw.get("name") or (source.stem if source else tables[0].paths[0].name)
    value_period = str(raw.get("value_period") or "")
    if value_period or columns.get("value"):
        parse_value_period(value_period, "value_period (what columns.value covers)")
    unit = str(raw.get("amount_unit") or "").strip().upper()
    if unit and not re.fullmatch(r"[A-Z]{3}", unit):
        raise DataValidationError(f"amount_unit == {raw.get('amount_unit')!r}: must be a three-letter money code such "
                                  "as IRR (rial), IRT (Toman), IRN (new rial), USD or EUR.")
    return DataSpec(kind, tables, dict(columns), str(name), raw.get("returns") or None,
                    [str(p) for p in placeholders], duplicates, timezone, scales,
                    raw.get("churn_value"), list(raw.get("exclude") or []), source, dict(raw), value_period, rule,
                    unit)
