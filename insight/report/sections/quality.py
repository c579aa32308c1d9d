"""The data-quality report: can we trust the data?

Also the words of what every report shows about its data: :func:`cleaning_view` (the cleaning
steps of a :class:`~insight.data.cleaning.CleaningReport`), ``cleaning_sentence`` and
``columns_table`` (a column summary such as :func:`~insight.data.cleaning.quality_summary`);
and of ``insight inspect FILE``: :func:`inspection_text` (the column guesses and the proposed
specification of an :class:`~insight.data.inspect.Inspection`, as the command prints them).
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass

import pandas as pd

from ... import features as ft
from ... import plots as ip
from ...data.cleaning import CleaningReport, CleaningStep
from ...data.datasets import load, load_cdnow, load_customer_satisfaction
from ...style import Style
from .. import display as show
from ..html import RTL
from ..params import CALENDAR, LANGUAGE, Number, checked
from ._common import new_axes, styled

__all__ = ["QualityReport", "quality_report", "cleaning_view", "inspection_text", "proposal_yaml"]


# --------------------------------------------------------------------------- cleaning steps, in words
def _step_words(st: Style, s: CleaningStep, short: bool = False) -> tuple[str, str]:
    """(reason, action) of one step in words; ``short`` drops the example a reason may hold."""
    key = f"cleaning.short.{s.step}" if short and f"cleaning.short.{s.step}" in _catalog(st) else \
        f"cleaning.step.{s.step}"
    return st.say(key, **s.values), st.say(f"cleaning.action.{s.action}", **s.values)


def _catalog(st: Style) -> dict:
    from ...style import catalog

    return catalog(st.language)


def _example(st: Style, s: CleaningStep) -> str:
    row = int(s.row) if str(s.row).isdigit() else s.row   # a row number is written in the reader's digits
    value = s.example   # a number (not a quoted text value) is written in the reader's digits too
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):   # with the data's own decimals
        value = st.fixed(float(value), len(value.partition(".")[2])) if "." in value else int(value)
    elif isinstance(value, str) and value and st.language in RTL:   # the data's own text, isolated: in a
        # right-to-left line a quoted Latin date keeps its order
        value = f"\u2068{value}\u2069"
    if s.example and s.row != "":
        return st.say("cleaning.example", value=value, row=row)
    if s.row != "":
        return st.say("cleaning.example_row", row=row)
    return s.example


def cleaning_frame(st: Style, report: CleaningReport) -> pd.DataFrame:
    """The steps as a table in words: reason, rows, action, example (column names from the catalog)."""
    cols = [st.say(f"cleaning.col.{c}") for c in ("reason", "rows", "action", "example")]
    rows = []
    for s in report.steps:
        reason, action = _step_words(st, s)
        rows.append((reason, s.rows, action, _example(st, s)))
    return pd.DataFrame(rows, columns=cols)


def cleaning_view(st: Style, report: CleaningReport) -> show.Html:
    """What cleaning did, as every report shows it: rows in and out, then one row per step.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    report : insight.data.cleaning.CleaningReport
        The cleaning steps of a load or summary.

    Returns
    -------
    insight.report.display.Html"""
    head = ""
    if report.rows_in is not None and report.rows_out is not None:
        head = f"<p>{html.escape(st.say('cleaning.rows_in_out', rows_in=report.rows_in, rows_out=report.rows_out))}</p>"
    if not report.steps:
        return show.Html(head + f"<p>{html.escape(st.say('cleaning.no_steps'))}</p>", str(report))
    df = cleaning_frame(st, report)
    rows = df.columns[1]
    # to_html escapes cell contents, so strings from the data cannot inject markup; the examples are the
    # data's own values, shown as they are (class insight-datanames)
    return show.Html(head + df.to_html(index=False, escape=True, classes="insight-datanames",
                                       formatters={rows: st.count}), str(report))


def cleaning_sentence(st: Style, report: CleaningReport) -> str:
    """What cleaning changed, in one sentence: rows in and out, and the largest step."""
    head = (st.say("cleaning.read_kept", rows_in=report.rows_in, rows_out=report.rows_out) + " "
            if report.rows_in is not None and report.rows_out is not None else "")
    big = report.largest()
    if big is None:
        return head + st.say("cleaning.nothing_changed")
    reason, action = _step_words(st, big, short=True)
    return head + st.say("cleaning.largest", n=sum(1 for s in report.steps if s.rows), reason=reason,
                         rows=big.rows, action=action)


# --------------------------------------------------------------------------- column summaries, in words
def _short_number(st: Style, x) -> str:
    """A range end as short as it is precise (6 significant digits; thousands separated from 10,000 up), in the
    style's digits and decimal sign: ``1286.01``, ``49,990,000`` (Persian: ``۱۲۸۶٫۰۱``, ``۴۹٬۹۹۰٬۰۰۰``)."""
    from babel.numbers import format_decimal

    value = float(f"{float(x):.6g}")
    return st.native(format_decimal(value, format="#,##0.######" if abs(value) >= 10_000 else "0.######",
                                    locale=st.locale, **getattr(st, "_system", {})))


def _range_end(st: Style, x) -> str:
    if isinstance(x, str):      # as the data hold it (DuckDB's SUMMARIZE gives text)
        return x
    if isinstance(x, (pd.Timestamp, pd.Period)) or hasattr(x, "year"):
        return st.date(x)
    return _short_number(st, x)


def _missing(x) -> bool:
    return x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def columns_table(st: Style, q: pd.DataFrame) -> pd.DataFrame:
    """A column summary (:func:`~insight.data.cleaning.quality_summary`, ``DataSpec.quality()``) in words:
    types, the range from ``min``/``max``, hidden identifiers; columns named by their labels."""
    out = q.copy()
    if "type" in out.columns:
        out["type"] = [st.say(f"quality.type.{t}") for t in out["type"]]
    if "min" in out.columns and "max" in out.columns:
        out["range"] = ["" if _missing(lo) or _missing(hi) else
                        st.say("quality.range", low=_range_end(st, lo), high=_range_end(st, hi))
                        for lo, hi in zip(out["min"], out["max"])]
        out = out.drop(columns=["min", "max"])
    if "identifier" in out.columns:
        if "example" in out.columns:
            out["example"] = [st.say("quality.identifier_hidden") if hidden else ex
                              for hidden, ex in zip(out["identifier"], out["example"])]
        out = out.drop(columns="identifier")
    return out.rename(columns=lambda c: st.label(c))


def exact_columns(spec) -> pd.DataFrame:
    """The exact figures of each column of a data specification that its DuckDB summary only estimates or reads as
    text: distinct values, and the range of a column whose values are all numbers (Persian digits and separators
    included).

    A value is counted once however its digits are written (``"۲۰۰۰"`` and ``"2000"`` are one value); the customer
    id column counts the distinct customers of the tidy table (placeholders and missing ids left out).

    Parameters
    ----------
    spec : insight.data.spec.DataSpec
        The data specification.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``column``: ``distinct`` (int), ``numeric`` (bool: every value present is a number), ``min`` and
        ``max`` (floats, NaN unless numeric), ``first`` and ``last`` (the first and last date of a column with a date
        role, as read; NaT otherwise).
    """
    from ...data.spec import DATE_ROLES
    from ...parsers import ascii_digits_sql, duckdb_connect, quote_ident

    con = duckdb_connect(spec.timezone)
    try:   # one scan of the raw columns, one of the tidy table (the customers, the dates as read)
        tidy, _ = spec.relation(con)
        columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM spec_raw").fetchall()]
        parts = []
        for c in columns:
            text = f"NULLIF(TRIM(CAST({quote_ident(c)} AS VARCHAR)), '')"
            ascii_text = ascii_digits_sql(text)
            num = f"TRY_CAST(REPLACE({ascii_text}, ',', '') AS DOUBLE)"
            parts += [f"COUNT({text})", f"COUNT({num})", f"MIN({num})", f"MAX({num})",
                      f"COUNT(DISTINCT COALESCE(CAST({num} AS VARCHAR), {ascii_text}))"]
        raw = con.execute(f"SELECT {', '.join(parts)} FROM spec_raw").fetchall()[0]
        id_col, id_tidy = spec.role("customer_id"), spec.column("customer_id")
        dated = {spec.role(r): spec.column(r) for r in DATE_ROLES if spec.role(r) in columns and spec.column(r)}
        tidy_parts = [f"MIN({quote_ident(d)}), MAX({quote_ident(d)})" for d in dated.values()]
        if id_col in columns and id_tidy:
            ids = quote_ident(id_tidy)
            tidy_parts.append(f"COUNT(DISTINCT {ascii_digits_sql(f'CAST({ids} AS VARCHAR)')}) FILTER (WHERE {ids} IS "
                              "NOT NULL)")
        tidy_row = con.execute(f"SELECT {', '.join(tidy_parts)} FROM ({tidy})").fetchall()[0] if tidy_parts else ()
    finally:
        con.close()
    ranges = dict(zip(dated, zip(tidy_row[0::2], tidy_row[1::2])))   # a date column's first and last date as read
    rows = []
    for i, c in enumerate(columns):
        present, numbers, low, high, distinct = raw[5 * i: 5 * i + 5]
        if c == id_col and id_tidy:
            distinct = tidy_row[-1]
        numeric = bool(present) and numbers == present
        first, last = ranges.get(c, (pd.NaT, pd.NaT))
        rows.append({"column": c, "distinct": int(distinct), "numeric": numeric,
                     "min": float(low) if numeric else float("nan"), "max": float(high) if numeric else float("nan"),
                     "first": first, "last": last})
    return pd.DataFrame(rows, columns=["column", "distinct", "numeric", "min", "max", "first", "last"]
                        ).set_index("column")


def spec_columns(spec) -> pd.DataFrame:
    """A data specification's column summary (``DataSpec.quality()``) with its estimates made exact
    (:func:`exact_columns`): the distinct count of every column, and the numeric range of every column whose values
    are all numbers, even when written as text (the summary compares text: ``"1"`` to ``"9"`` for 1 to 36).

    Parameters
    ----------
    spec : insight.data.spec.DataSpec
        The data specification.

    Returns
    -------
    pandas.DataFrame
        As ``DataSpec.quality()``, with ``distinct`` in place of ``distinct_approx``.
    """
    q = spec.quality()
    exact = exact_columns(spec).reindex(q.index)
    q = q.rename(columns={"distinct_approx": "distinct"})
    estimate = q["distinct"] if "distinct" in q.columns else pd.Series(0, index=q.index)
    q["distinct"] = [int(e) if pd.notna(e) else int(a) for e, a in zip(exact["distinct"], estimate)]
    q["min"], q["max"] = q["min"].astype(object), q["max"].astype(object)
    numeric = exact["numeric"].fillna(False).astype(bool) & q["min"].notna()   # the hidden id's range stays hidden
    q.loc[numeric, "min"] = exact.loc[numeric, "min"]
    q.loc[numeric, "max"] = exact.loc[numeric, "max"]
    dated = exact["first"].notna() & q["min"].notna()
    q.loc[dated, "min"] = [pd.Timestamp(x) for x in exact.loc[dated, "first"]]
    q.loc[dated, "max"] = [pd.Timestamp(x) for x in exact.loc[dated, "last"]]
    return q


def daily_activity(spec) -> pd.DataFrame:
    """Rows and summed amount (returns included, as negative amounts) per day of a data specification's log: what
    the monthly chart buckets into the months of the report's calendar (``DataSpec.monthly`` cuts Gregorian months).

    Parameters
    ----------
    spec : insight.data.spec.DataSpec
        A specification of kind ``transactions``.

    Returns
    -------
    pandas.DataFrame
        Columns ``day`` (datetime64, the day in the specification's time zone), ``rows`` and ``amount``, in order.
    """
    from ...parsers import duckdb_connect

    con = duckdb_connect(spec.timezone)
    try:
        sql, _ = spec.relation(con)
        df = con.execute(f"SELECT CAST(CAST(date AS DATE) AS TIMESTAMP) AS day, COUNT(*) AS rows, "
                         f"SUM(amount) AS amount FROM ({sql}) WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1").df()
    finally:
        con.close()
    return df.assign(day=pd.to_datetime(df["day"]))


def inspection_sentence(st: Style, ins) -> str:
    """What a bare file looks like and what it can feed (an :class:`~insight.data.inspect.Inspection`)."""
    return st.say("quality.inspect_finding", file=ins.path.name, rows=ins.rows, columns=len(ins.columns),
                  kind=st.say(f"quality.kind.{ins.kind}"),
                  notebooks=st.join(ins.notebooks) or st.say("quality.no_report_yet"))


# --------------------------------------------------------------------------- a bare file's inspection, in words
def _guess_words(st: Style, row) -> str:
    """One column's guess (and its note) of an :class:`~insight.data.inspect.Inspection` in words."""
    guess = st.say(f"inspect.guess.{row.guess}", **({"low": int(row.low), "high": int(row.high)}
                                                     if row.guess == "rating" else {}))
    if not isinstance(row.note, str):
        return guess
    values = dict(row.note_values or {})
    if row.note == "word_scale":
        values["mapping"] = ", ".join(f"{k}={v}" for k, v in values["mapping"].items())
    return st.say("inspect.guess_note", guess=guess, note=st.say(f"inspect.note.{row.note}", **values))


def _yaml_key(name: str) -> str:
    """A column name as a YAML key or value (quoted unless it is a plain word)."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ ]*", name) else '"' + name.replace('"', '\\"') + '"'


def proposal_yaml(st: Style, ins) -> str:
    """The proposed data specification of an :class:`~insight.data.inspect.Inspection` as YAML, a comment on
    every line (what ``insight inspect -o`` writes).

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    ins : insight.data.inspect.Inspection
        The inspection of a data file.

    Returns
    -------
    str"""
    p = ins.proposal
    lines = ["# " + st.say("inspect.yaml.title"), f"kind: {p.kind}", f"name: {p.name}", "tables:", "  data:",
             f"    path: {p.path}   # " + st.say("inspect.yaml.path_absolute" if p.path.is_absolute()
                                                  else "inspect.yaml.path")]
    if p.skip:
        lines.append(f"    skip: {p.skip}   # " + st.say("inspect.yaml.skip"))
    if p.sheet is not None:
        lines.append(f"    sheet: {_yaml_key(p.sheet)}   # " + st.say("inspect.yaml.sheet", sheets=", ".join(ins.sheets[1:])))
    if p.calendar != "gregorian":
        lines.append(f"    calendar: {p.calendar}   # " + st.say("inspect.yaml.calendar"))
    lines.append("columns:")
    for r in p.roles:
        what = st.say(f"inspect.role.{p.kind}.{r.role}")
        if r.column is not None:
            lines.append(f"  {r.role}: {r.column if ' * ' in r.column else _yaml_key(r.column)}   # {what}")
        else:
            missing = st.say("inspect.yaml.not_found_required" if r.required else "inspect.yaml.not_found", what=what)
            lines.append(f"  # {r.role}:          # {missing}")
        if r.role == "overall" and p.drivers is not None:
            lines.append("  drivers:              # " + st.say("inspect.yaml.drivers"))
            lines += [f"    - {_yaml_key(c)}" for c in p.drivers] or ["    # - " + st.say("inspect.yaml.no_drivers")]
    if p.returns:
        lines.append(f"returns: {p.returns}   # " + st.say("inspect.yaml.returns"))
    if p.scales or p.word_scales:
        lines.append("scales:")
        lines += [f"  {_yaml_key(c)}: {lo}-{hi}" for c, (lo, hi) in p.scales.items()]
        lines += [f"  {_yaml_key(c)}: {{" + ", ".join(f"{_yaml_key(w)}: {v}" for w, v in m.items()) + "}"
                  for c, m in p.word_scales.items()]
    if p.types:
        lines.append("types:                    # " + st.say("inspect.yaml.types"))
        lines += [f"  {_yaml_key(c)}: {t}" for c, t in p.types.items()]
    if p.value_period:
        check = "inspect.yaml.value_period_named" if p.value_period_known else "inspect.yaml.value_period_guessed"
        lines.append(f"value_period: {p.value_period}   # " + st.say(check))
    if p.amount_unit:
        lines.append(f"amount_unit: {p.amount_unit}   # " + st.say("inspect.yaml.amount_unit"))
    holders = ", ".join(json.dumps(h, ensure_ascii=False) for h in p.placeholders)
    lines += ["ids:", f"  placeholders: [{holders}]   # " + st.say("inspect.yaml.placeholders"),
              f"{'duplicates: ' + p.duplicates:<26}# " + st.say(
                  f"inspect.yaml.duplicates.{'day_level' if p.duplicate_rule == 'day_level' else p.duplicates}"),
              f"{'timezone: ' + p.timezone:<26}# " + st.say("inspect.yaml.timezone")]
    return "\n".join(lines) + "\n"


def inspection_text(st: Style, ins) -> str:
    """What ``insight inspect`` prints for an :class:`~insight.data.inspect.Inspection`: the column guesses, the
    notebooks it can feed and the features it would skip as comments, then the proposal (:func:`proposal_yaml`).

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    ins : insight.data.inspect.Inspection
        The inspection of a data file.

    Returns
    -------
    str"""
    lines = [st.say("inspect.header", file=ins.path.name, rows=ins.rows, columns=len(ins.columns),
                    kind=st.say(f"quality.kind.{ins.kind}")), st.say("inspect.column_guesses")]
    for r in ins.columns.itertuples():
        lines.append("  " + st.say("inspect.column", column=f"{r.column!s:<24}", type=f"{r.type:<10}",
                                   distinct=f"{st.count(r.distinct):>8}", missing=f"{st.count(r.missing):>7}",
                                   guess=_guess_words(st, r)))
    lines.append(st.say("inspect.feeds", notebooks=st.join(ins.notebooks) or st.say("inspect.feeds_none")))
    lines += [st.say("inspect.skipped", feature=st.say(f"inspect.skip.{code}")) for code in ins.skipped]
    lines += [st.say("inspect.save"), "  " + st.say("inspect.command")]
    return "\n".join("# " + line for line in lines) + "\n\n" + proposal_yaml(st, ins)


def inspection_view(st: Style, ins) -> show.Html:
    """The inspection as the data_quality report shows it: :func:`inspection_text`, preformatted."""
    text = inspection_text(st, ins)
    return show.Html(f"<pre>{html.escape(text)}</pre>", text)


# --------------------------------------------------------------------------- data quality
@styled
@dataclass
class QualityReport:
    """The data-quality report's sections (made by :func:`quality_report`): each public method returns one section.

    Attributes
    ----------
    own : insight.data.spec.DataSpec or insight.data.inspect.Inspection or None
        The data given: a specification, an inspection of a bare file, or None (the bundled data sets).
    cleaning : insight.data.cleaning.CleaningReport or None
        The cleaning of the data given by a specification.
    bundled : list of QualitySection
        One section per bundled data set (empty when data are given).
    style : insight.style.Style
        Language of the report."""
    own: object                     # None (bundled data sets), a DataSpec, or an Inspection of a bare file
    cleaning: object
    bundled: list
    style: Style

    def headline(self) -> show.Html:
        """The headline box: what the data given (or the bundled data sets) hold.

        Returns
        -------
        insight.report.display.Html"""
        from ...data.spec import DataSpec

        own, st = self.own, self.style
        if isinstance(own, DataSpec):
            return show.headline(st.say("quality.title"), own.name, [st.say(
                "quality.spec_finding", name=own.name, kind=st.say(f"quality.kind.{own.kind}"),
                tables=len(own.tables), cleaning=cleaning_sentence(st, self.cleaning))], style=st)
        if own is not None:
            return show.headline(st.say("quality.title"), own.path.name, [inspection_sentence(st, own)],
                                 action=st.say("quality.inspect_action"), style=st)
        return show.headline(st.say("quality.title"), st.say("quality.data_bundled"), [st.say(
            "quality.bundled_finding", n=len(self.bundled), names=st.join(s.title for s in self.bundled))],
            style=st)

    def yours(self) -> list:
        """The data given: the column summary, the cleaning and the monthly amounts of a purchase log (or the
        inspection of a bare file); omitted without data.

        Returns
        -------
        list of insight.report.display.Html"""
        from ...data.spec import DataSpec

        own, st = self.own, self.style
        if own is None:
            return [show.omit(st.say("quality.section.yours"))]
        if not isinstance(own, DataSpec):
            return [inspection_view(st, own)]
        out = [show.table(columns_table(st, spec_columns(own)), index_label=st.say("quality.index_column"),
                          data_names=True, style=st), cleaning_view(st, self.cleaning)]
        if own.kind == "transactions":
            out.append(show.figure(ip.plot_monthly_activity(daily_activity(own), "day", "amount", ax=new_axes(8, 3.5),
                                                               style=st),
                                   st.say("quality.monthly_amount_unit", unit=st.money_unit()) if own.amount_unit
                                   else st.say("quality.monthly_amount_yours")))
        return out

    def bundled_sets(self) -> list:
        """Each bundled data set: its description, column summaries, cleaning and monthly or rating charts.

        Returns
        -------
        list of insight.report.display.Html"""
        from ...data.datasets import SATISFACTION_LABELS

        st = self.style
        if not self.bundled:
            return [show.omit(st.say("quality.section.bundled"))]
        out = []
        for sec in self.bundled:
            out.append(show.text(st.say("quality.set_heading", title=sec.title, text=sec.text)))
            out += [show.table(columns_table(st, t), caption=c, data_names=True, index="column" not in t.columns,
                               style=st) if isinstance(t, pd.DataFrame) else cleaning_view(st, t)
                    for c, t in sec.tables]
            if sec.monthly is not None:
                what = sec.monthly.columns[1]
                out.append(show.figure(ip.plot_monthly_activity(sec.monthly, "day", what, ax=new_axes(8, 3.2),
                                                               style=st),
                                       st.say(f"quality.monthly.{what}", title=sec.title)))
            if sec.ratings is not None:
                out.append(show.figure(ip.plot_rating_distribution(sec.ratings, list(SATISFACTION_LABELS),
                                                                   labels=SATISFACTION_LABELS, scale=(1, 10),
                                                                   ax=new_axes(8, 5), style=st),
                                       st.say("quality.ratings_caption")))
        return out


@checked(language=LANGUAGE, calendar=CALENDAR, demo_customers=Number(1, integer=True), seed=Number(0, integer=True))
def quality_report(data: str = "", *, demo_customers: int = 2000, seed: int = 0,
                   language: str = "en", calendar: str = "", currency: str = "") -> QualityReport:
    """What ``data`` (a specification, a bundled name or a bare file) holds, or every bundled data set when empty (or
    "demo": the demo company is one of them).

    Parameters
    ----------
    data : str, default ""
        The data to check; "" or "demo" for every bundled data set.
    demo_customers : int, default 2000
        Number of customers of the demo company.
    seed : int, default 0
        Random seed of the demo company.
    language : str, default "en"
        Language of the report.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).
    currency : str, default ""
        Money unit of the monthly amounts of a purchase log: "" keeps the data's own; a specification's declared
        ``amount_unit`` in rials is converted to Toman (IRT) or new rials (IRN) as the other reports do.

    Returns
    -------
    QualityReport

    Raises
    ------
    insight.exceptions.DataValidationError
        When the declared unit cannot be shown in ``currency`` (dollars as rials); see
        :meth:`insight.data.spec.DataSpec.in_unit`.
    """
    from .. import sources
    from ...data.spec import DataSpec

    own = sources.own_data("" if data in ("demo", "demo_fa") else data)   # the demo company is among the bundled
    unit = currency or getattr(own, "amount_unit", "") or ""
    if isinstance(own, DataSpec) and currency:
        own = own.in_unit(currency)
    st = Style(language=language, calendar=calendar, **({"currency": unit} if unit else {}))
    cleaning = None
    if isinstance(own, DataSpec):
        cleaning = ft.summarize(own).cleaning if own.kind == "transactions" else own.load()[1]
    return QualityReport(own, cleaning, bundled_quality(st, demo_customers, seed) if own is None else [], st)


@dataclass
class QualitySection:
    """One bundled data set as the data_quality report shows it (see :func:`bundled_quality`)."""

    title: str
    text: str
    tables: list            # (caption, DataFrame or CleaningReport)
    monthly: pd.DataFrame | None = None    # day, amount (or rows): charted per month of the report's calendar
    ratings: pd.DataFrame | None = None    # survey answers for a rating-distribution chart


def bundled_quality(st: Style, demo_customers: int = 2000, seed: int = 0) -> list[QualitySection]:
    """What each bundled data set holds and what cleaning changes, for the data_quality report."""
    from ...data import simulate as sim
    from ...data.cleaning import clean_transactions, merge_same_day, quality_summary

    def monthly(df, amount=None):   # per day: the chart buckets the days into the months of the report's calendar
        m = df.assign(day=pd.to_datetime(df["date"]).dt.normalize())
        return (m.groupby("day")[amount].sum() if amount else m.groupby("day").size()).rename(
            "amount" if amount else "rows").reset_index()

    cdnow = load_cdnow()
    clean, steps = clean_transactions(cdnow, "customer_id", "date", "amount", quantity_col="quantity")
    _, merged = merge_same_day(clean, "customer_id", "date", "amount", quantity_col="quantity")
    telco_data = load("telco_churn")
    telco = telco_data.table
    survey = load_customer_satisfaction()
    demo = sim.demo_company(demo_customers, seed=seed)
    demo_clean, demo_steps = clean_transactions(demo.transactions, "customer_id", "date", "amount")
    columns, cleaning = st.say("quality.caption.columns"), st.say("quality.caption.cleaning")
    return [
        QualitySection(st.say("quality.set.cdnow.title"), st.say(
            "quality.set.cdnow.text", purchases=len(cdnow), customers=cdnow["customer_id"].nunique(),
            first=cdnow["date"].min(), last=cdnow["date"].max()),
            [(columns, quality_summary(cdnow, id_cols=["customer_id"])), (cleaning, steps + merged)],
            monthly=monthly(cdnow)),
        QualitySection(st.say("quality.set.telco.title"), st.say(
            "quality.set.telco.text", customers=len(telco), left=telco["churn"].mean()),
            [(cleaning, telco_data.cleaning), (columns, quality_summary(telco))]),
        QualitySection(st.say("quality.set.survey.title"), st.say("quality.set.survey.text", respondents=len(survey)),
                       [(columns, quality_summary(survey))], ratings=survey),
        QualitySection(st.say("quality.set.demo.title"), st.say("quality.set.demo.text"),
                       [(st.say("quality.caption.tables"),
                         pd.DataFrame({"rows": {k: len(t) for k, t in demo.tables().items()},
                                       "columns": {k: t.shape[1] for k, t in demo.tables().items()}})),
                        (cleaning, demo_steps)], monthly=monthly(demo_clean, "amount")),
    ]
