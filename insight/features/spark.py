"""The customer-base pipeline on Apache Spark: summary, compressed fitting and scoring in the cluster.

For logs that live in a Spark cluster (a table, or a DataFrame read from a lake), the same
steps as on one machine, without collecting the log or the customers to the driver:

* :func:`customer_summary` - one row per customer, the columns and the cleaning report of
  :func:`insight.features.summary.customer_summary`, as a Spark DataFrame;
* :func:`compressed` - the unique (frequency, recency, T) rows with their customer counts, a
  group-by in the cluster; small enough to collect, and fitting on them is exact (the
  models' ``count_col``), so :func:`fit` fits BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma
  on every customer at the cost of a few thousand rows;
* :func:`score` - P(alive), expected purchases, expected spend and CLV for every customer,
  computed in the executors by the fitted (pickled) models, as a Spark DataFrame.

How the summary is computed, and why this way: Spark repartitions the purchases by customer
and sorts each partition by (customer, day); ``mapInArrow`` then runs, on each partition, the
very per-customer pass of the DuckDB path (:func:`insight.features.engine.per_customer` and
:func:`insight.features.columns.with_end`). One implementation of the conventions (same-day merges,
returns, first-purchase spend, regularity, duplicate rows) serves both engines, so they cannot
drift apart, and the tests hold them equal. The alternative, Ibis with one expression for
DuckDB and Spark, would mean rewriting the pass as window functions and pinning Ibis's
versions of pyspark and sqlglot (ibis #12101); PySpark 4 with Arrow needs neither.

Spark is an optional dependency (``pip install "insight[spark]"``, with Java 17); this module
imports it only when called. Dates must be Spark dates or timestamps, or ISO 8601 text; days
are cut in the session's time zone (``spark.sql.session.timeZone``). For other date formats
or a data specification, use the DuckDB path.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data.cleaning import CleaningReport
from ..exceptions import DataValidationError
from ..parsers import FLAG_EXPECTED, flag_sql
from ..validate import bad_rows, check_in
from . import summary as features
from .columns import COLUMNS, TIME_UNITS, CalibrationHoldout, CustomerSummary, with_end
from .engine import PER_CHUNK, per_customer

__all__ = [
    "summarize", "customer_summary", "split_calibration", "calibration_holdout", "cohort_table", "compressed",
    "fit", "score", "session", "SPARK_MISSING",
]

SPARK_MISSING = ("Spark is not installed: pip install \"insight[spark]\" (PySpark 4 and Java 17 are needed).")


def _pyspark():
    try:
        import pyspark.sql.functions as F
        from pyspark.sql import types as Tp
    except ImportError as exc:   # the extra is not installed
        raise ImportError(SPARK_MISSING) from exc
    return F, Tp


def session(master: str = "local[*]", app_name: str = "insight", **conf):
    """A Spark session (the running one if there is one) with Arrow enabled and the session time zone UTC
    unless ``conf`` says otherwise (e.g. ``{"spark.sql.session.timeZone": "Europe/Zurich"}``). In local mode
    the Python workers run this interpreter (``PYSPARK_PYTHON``, unless set); on a cluster the executors
    need insight and its dependencies (a packed environment or the cluster's image; see the README).

    Parameters
    ----------
    master, app_name, **conf
        The Spark master URL (default ``"local[*]"``), the application's name and further settings (name -> value).

    Returns
    -------
    pyspark.sql.SparkSession
    """
    _pyspark()
    import os
    import sys

    from pyspark.sql import SparkSession

    if master.startswith("local"):   # workers on this machine run this Python (with insight), not "python3"
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app_name)
    settings = {"spark.sql.session.timeZone": "UTC", "spark.sql.execution.arrow.pyspark.enabled": "true",
                "spark.ui.showConsoleProgress": "false", **conf}
    for k, v in settings.items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def _frame(transactions: Any, spark):
    """A Spark DataFrame from a DataFrame or a table name."""
    if isinstance(transactions, str):
        if spark is None:
            raise DataValidationError(f"parameter 'transactions' == {transactions!r} is a table name, so parameter "
                                      "'spark' (the Spark session) is needed.")
        if not spark.catalog.tableExists(transactions):
            raise DataValidationError(f"parameter 'transactions': no table {transactions!r} in the Spark catalog; "
                                      f"tables: {[t.name for t in spark.catalog.listTables()][:20]}.")
        return spark.table(transactions)
    if type(transactions).__name__ != "DataFrame" or not hasattr(transactions, "sparkSession"):
        raise DataValidationError(f"parameter 'transactions' must be a Spark DataFrame or a table name, got "
                                  f"{type(transactions).__name__}; for pandas DataFrames and files use "
                                  "insight.features.summary.customer_summary.")
    return transactions


def _fail(frame, where, column: str, problem: str, count: int, total: int, expected: str) -> None:
    ex = frame.where(where).select(column).limit(1).collect()
    raise bad_rows(column, count, total, problem, expected, ex[0][0] if ex else None)


def _log(transactions, spark, as_of, **columns):
    """The log as a Spark DataFrame with its parsed columns: (frame, customer id, raw date, timestamp, amount,
    amount is finite, row is kept (has an id, not after ``as_of``), first instant after ``as_of`` or None)."""
    F, _ = _pyspark()
    df = _frame(transactions, spark)
    for pname, col in columns.items():
        if col is not None and col not in df.columns:
            raise DataValidationError(f"parameter {pname!r}: column {col!r} is not in the transactions; columns: "
                                      f"{df.columns[:20]}.")
    dtype = dict(df.dtypes)
    customer_col, date_col, amount_col = columns["customer_col"], columns["date_col"], columns["amount_col"]
    c, a, raw_date = F.col(customer_col), F.col(amount_col), F.col(date_col)
    ts = raw_date.cast("timestamp") if dtype[date_col] in ("date", "timestamp", "timestamp_ntz") \
        else F.try_to_timestamp(raw_date.cast("string"))
    amount = a.try_cast("double") if dtype[amount_col] == "string" else a.cast("double")
    finite = amount.isNotNull() & ~F.isnan(amount) & (F.abs(amount) < float("inf"))
    end_excl = None
    if as_of is not None:
        end_excl = (pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)).to_pydatetime()
    keep = c.isNotNull() if end_excl is None else c.isNotNull() & (ts < F.lit(end_excl))
    return df, c, raw_date, ts, amount, finite, keep, end_excl


class _Batches:
    """The Arrow batches of one partition as :func:`insight.features.engine.per_customer` reads them."""

    def __init__(self, batches, schema):
        self._it, self.schema = batches, schema

    def __iter__(self):
        return iter(self._it)


def summarize(transactions: Any, customer_col: str, date_col: str, amount_col: str, *, spark=None,
              as_of: Any = None, time_unit: str = "W", discount_col: str | None = None,
              category_col: str | None = None, drop_duplicates: bool = True,
              partitions: int | None = None) -> CustomerSummary:
    """One row per customer from a transaction log in Spark: the columns and conventions of
    :func:`insight.features.summary.customer_summary` (module docstring there), computed in the cluster.

    Why one function: it mirrors the DuckDB engine step for step (read, clean, count, aggregate per
    partition) so that the two engines' conventions can be compared line by line.

    Parameters
    ----------
    transactions : pyspark.sql.DataFrame or str
        A Spark DataFrame, or the name of a table (then ``spark`` is the session).
    customer_col, date_col, amount_col, as_of, time_unit, discount_col, category_col, drop_duplicates
        As in :func:`insight.features.summary.summarize`; dates are Spark dates or timestamps, or ISO 8601 text.
    spark : pyspark.sql.SparkSession, optional
        The session, needed with a table name.
    partitions : int, optional
        How many partitions the customers are spread over (default: two per core of the cluster, or one per 2M
        rows if that is more).

    Returns
    -------
    insight.features.columns.CustomerSummary
        Its ``table`` is a Spark DataFrame, customer id first (nothing per customer reaches the driver), persisted
        (``unpersist()`` it when done); beside it ``cleaning`` (the DuckDB path's counts), ``as_of``, ``time_unit``.

    Raises
    ------
    insight.exceptions.DataValidationError
    """
    F, Tp = _pyspark()
    check_in("time_unit", time_unit, list(TIME_UNITS))
    df, c, raw_date, ts, amount, finite, keep, end_excl = _log(
        transactions, spark, as_of, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
        discount_col=discount_col, category_col=category_col)
    dtype = dict(df.dtypes)
    flag = bad_flag = None
    if discount_col is not None:    # read as on DuckDB: numbers, booleans, percent text, yes/no words
        flag = F.expr(flag_sql(discount_col, dtype[discount_col], quote=lambda name: f"`{name}`"))
        if dtype[discount_col] == "string":
            bad_flag = (F.trim(F.col(discount_col)) != "") & flag.isNull()

    # ---- validation and cleaning counts: one aggregate, collected (one row)
    tot = df.agg(
        F.count(F.lit(1)).alias("total"),
        F.count_if(c.isNull()).alias("miss_id"),
        F.count_if(c.isNotNull() & raw_date.isNull()).alias("miss_date"),
        F.count_if(c.isNotNull() & raw_date.isNotNull() & ts.isNull()).alias("bad_date"),
        F.count_if(c.isNotNull() & ~finite).alias("bad_amount"),
        F.max(F.when(c.isNotNull(), ts)).alias("max_ts"),
        (F.count_if(c.isNotNull() & (ts >= F.lit(end_excl))) if end_excl is not None else F.lit(0)).alias("after"),
        F.count_if(keep & finite & (amount < 0)).alias("returns"),
        (F.count_if(bad_flag) if bad_flag is not None else F.lit(0)).alias("bad_discount"),
    ).collect()[0].asDict()
    total = tot["total"]
    if total == 0:
        raise DataValidationError("transactions: the table has 0 rows; at least one transaction is needed.")
    if tot["miss_date"]:
        _fail(df, c.isNotNull() & raw_date.isNull(), date_col, "have a missing date", tot["miss_date"], total,
              "a date")
    if tot["bad_date"]:
        _fail(df, c.isNotNull() & raw_date.isNotNull() & ts.isNull(), date_col, "are not parseable dates",
              tot["bad_date"], total, "Spark dates or timestamps, or ISO 8601 text such as 2024-01-31")
    if tot["bad_amount"]:
        _fail(df, c.isNotNull() & ~finite, amount_col, "are not finite numbers", tot["bad_amount"], total, "finite amounts")
    if tot["bad_discount"]:
        _fail(df, bad_flag, discount_col, "are not discounts", tot["bad_discount"], total, FLAG_EXPECTED)
    if tot["miss_id"] == total:
        raise DataValidationError(f"column {customer_col!r}: all {total:,} rows have a missing customer id.")
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(tot["max_ts"])
    as_of_norm = as_of_ts.normalize()
    end_day = int((as_of_norm - pd.Timestamp("1970-01-01")).days)
    unit_days = TIME_UNITS[time_unit]

    # ---- purchases, by customer then day, through the per-customer pass of the DuckDB path
    day = F.datediff(F.to_date(ts), F.lit("1970-01-01").cast("date")).alias("day")
    cols = [c.alias("cid"), day, amount.alias("a")]
    if flag is not None:
        cols.append(F.coalesce(flag > 0, F.lit(False)).alias("disc"))
    if drop_duplicates:
        cols.append(F.xxhash64(*[F.col(x) for x in df.columns]).alias("rh"))
    purchases = df.where(keep & finite & (amount >= 0)).select(*cols)
    # two partitions per core, more for a large log (at most ~2M rows each to sort); Spark's default of 200
    # made a 10M-row summary on 2 cores take 26 s instead of 16 s
    parts = partitions or max(2 * df.sparkSession.sparkContext.defaultParallelism, -(-int(total) // 2_000_000))
    rows = purchases.repartition(parts, "cid").sortWithinPartitions("cid", "day")
    id_type = purchases.schema["cid"].dataType
    schema = Tp.StructType([Tp.StructField(customer_col, id_type)]
                           + [Tp.StructField(k, Tp.TimestampNTZType() if k.endswith("_purchase") else
                                             Tp.LongType() if k in ("purchases", "recency_days", "tenure_days")
                                             else Tp.DoubleType()) for k in COLUMNS]
                           + ([Tp.StructField("discount_share", Tp.DoubleType())] if discount_col else [])
                           + [Tp.StructField(k, Tp.LongType()) for k in ("_n_rows", "_n_zero", "_n_dup")])
    arrow_schema = rows.schema

    def per_partition(batches):
        import pyarrow as pa

        from pyspark.sql.pandas.types import to_arrow_schema

        out = per_customer(_Batches(batches, to_arrow_schema(arrow_schema)), discount=discount_col is not None,
                            dedupe=drop_duplicates, unit_days=unit_days, threads=1)   # a worker per core
        if not len(out["cid"]):
            return
        cols = with_end(out, end_day, unit_days)
        data = {customer_col: pa.array(out["cid"], type=to_arrow_schema(schema).field(customer_col).type)}
        data.update({k: pa.array(cols[k]) for k in COLUMNS})     # counts int64, the rest float or datetime
        if discount_col is not None:
            data["discount_share"] = pa.array(out["n_disc"] / out["n_rows"])
        data["_n_rows"] = pa.array(out["n_rows"].astype(np.int64))
        for k in PER_CHUNK:                         # this partition's counts, on its first customer
            count = np.zeros(len(out["cid"]), dtype=np.int64)
            count[0] = int(out[k].sum())
            data[f"_{k}"] = pa.array(count)
        yield pa.RecordBatch.from_pydict(data, schema=to_arrow_schema(schema))

    summary = rows.mapInArrow(per_partition, schema)
    # returns and returned amount per customer; category breadth; joined on the customer id
    ret = (df.where(keep & finite & (amount < 0)).groupBy(c.alias(customer_col))
           .agg(F.count(F.lit(1)).alias("returns"), (-F.sum(amount)).alias("returned_amount")))
    summary = (summary.join(ret, customer_col, "left")
               .fillna({"returns": 0, "returned_amount": 0.0}))
    if category_col is not None:
        cats = (df.where(keep & (amount >= 0)).groupBy(c.alias(customer_col))
                .agg(F.count_distinct(F.col(category_col)).alias("categories")))
        summary = summary.join(cats, customer_col, "left").fillna({"categories": 0})
    summary = summary.persist()
    sums = summary.agg(F.sum("_n_rows"), F.sum("_n_zero"), F.sum("_n_dup"), F.sum("purchases"),
                       F.count(F.lit(1))).collect()[0]
    n_rows, n_zero, n_dup, n_purchases, n_customers = (int(v or 0) for v in sums)
    no_purchase = ret.join(summary.select(customer_col), customer_col, "left_anti").count() if tot["returns"] else 0

    rep = CleaningReport(rows_in=int(total))
    rep.add("missing_id", int(tot["miss_id"]), "removed")
    if drop_duplicates:
        rep.add("duplicate", n_dup, "removed")
    rep.add("after_period", int(tot["after"]), "removed", as_of=as_of_norm.strftime('%Y-%m-%d'))
    rep.add("negative_amount", int(tot["returns"]), "counted_per_customer")
    rep.add("zero_amount", n_zero, "kept_as_purchase")
    rep.add("same_day", n_rows - n_purchases, "merged_per_day")
    rep.add("only_returns", no_purchase, "no_summary_row")
    rep.rows_out = n_customers
    return CustomerSummary(_persisted(summary.drop("_n_rows", "_n_zero", "_n_dup"), summary), rep, as_of_norm, time_unit)


def customer_summary(*args, **kwargs):
    """The Spark DataFrame of :func:`summarize` (same parameters): one row per customer, persisted.

    Parameters
    ----------
    *args, **kwargs
        The parameters of :func:`summarize`.

    Returns
    -------
    pyspark.sql.DataFrame
    """
    return summarize(*args, **kwargs).table


def _persisted(frame, *sources):
    """``frame`` persisted and computed, then its persisted ``sources`` released: a frame derived from a persisted
    one is not itself cached, and its ``unpersist()`` would leave the sources cached, out of the user's reach."""
    frame = frame.persist()
    frame.count()
    for source in sources:
        source.unpersist()
    return frame


def split_calibration(transactions: Any, customer_col: str, date_col: str, amount_col: str, *, calibration_end,
                      holdout_end, spark=None, time_unit: str = "W", **summary_kwargs):
    """:func:`insight.models.clv.holdout.split_calibration` in Spark; the table is persisted (``unpersist()`` it).

    Parameters
    ----------
    transactions, customer_col, date_col, amount_col, calibration_end, holdout_end, spark, time_unit
        As there, and in :func:`summarize` (``transactions`` a Spark DataFrame or table name).
    **summary_kwargs
        Further parameters of :func:`summarize`.

    Returns
    -------
    insight.features.columns.CalibrationHoldout
        Its ``table`` is the calibration summary (a Spark DataFrame) with ``holdout_purchases``, ``holdout_length``.

    Raises
    ------
    insight.exceptions.DataValidationError
    """

    F, _ = _pyspark()
    cal_end, hold_end = pd.Timestamp(calibration_end), pd.Timestamp(holdout_end)
    if hold_end <= cal_end:
        raise DataValidationError(f"parameter 'holdout_end' == {hold_end.date()} must be after "
                                  f"'calibration_end' == {cal_end.date()}.")
    kw = dict(spark=spark, time_unit=time_unit, **summary_kwargs)
    full_summary = summarize(transactions, customer_col, date_col, amount_col, as_of=hold_end, **kw)
    full = full_summary.table
    first = full.agg(F.min("first_purchase")).collect()[0][0]
    if pd.Timestamp(first) > cal_end:
        raise DataValidationError(f"parameter 'calibration_end' == {cal_end.date()}: the calibration period holds no "
                                  f"purchase (the first is on {pd.Timestamp(first).date()}).")
    cal_summary = summarize(transactions, customer_col, date_col, amount_col, as_of=cal_end, **kw)
    cal = cal_summary.table
    out = (cal.join(full.select(customer_col, F.col("purchases").alias("_later")), customer_col, "left")
           .withColumn("holdout_purchases", (F.col("_later") - F.col("purchases")).cast("double"))
           .withColumn("holdout_length", F.lit((hold_end - cal_end).days / TIME_UNITS[time_unit]))
           .drop("_later"))
    out = _persisted(out, full, cal)
    new = full_summary.cleaning.rows_out - cal_summary.cleaning.rows_out
    return CalibrationHoldout(out, full_summary.cleaning, new, cal_end, hold_end, time_unit)


def calibration_holdout(*args, **kwargs):
    """The Spark DataFrame of :func:`split_calibration` (same parameters), persisted.

    Parameters
    ----------
    *args, **kwargs
        The parameters of :func:`split_calibration`.

    Returns
    -------
    pyspark.sql.DataFrame
    """
    return split_calibration(*args, **kwargs).table


def cohort_table(transactions: Any, customer_col: str, date_col: str, amount_col: str, *, spark=None,
                 freq: str = "M", max_periods: int = 24, as_of: Any = None, drop_duplicates: bool = True,
                 calendar: str = "gregorian"):
    """:func:`insight.features.cohorts.cohort_table` in Spark: each acquisition cohort's share buying and revenue in
    each later month or quarter, counted per (cohort, period) in the cluster; only that small table is collected.

    Parameters
    ----------
    transactions, customer_col, date_col, amount_col, spark, as_of, drop_duplicates
        As in :func:`summarize`.
    freq, max_periods, calendar
        As in :func:`insight.features.cohorts.cohort_table`.

    Returns
    -------
    insight.features.cohorts.Cohorts

    Raises
    ------
    insight.exceptions.DataValidationError
    """
    from .cohorts import cohorts_from
    from ..periods import CALENDARS, SolarHijriPeriod, day_periods, period_of, period_range
    from ..validate import check_param

    F, _ = _pyspark()
    check_in("freq", freq, ["M", "Q"])
    check_in("calendar", calendar, list(CALENDARS))
    check_param("max_periods", max_periods, int, min_val=1)
    df, c, _, ts, amount, finite, keep, _ = _log(transactions, spark, as_of, customer_col=customer_col,
                                                 date_col=date_col, amount_col=amount_col)
    rows = df.where(keep & ts.isNotNull() & finite & (amount >= 0))
    if drop_duplicates:
        rows = rows.dropDuplicates()
    if calendar == "jalali":   # each day's Solar Hijri period from the engine's table of days (as DuckDB buckets)
        dated = rows.select(c.alias("cid"), F.to_date(ts).alias("day"), amount.alias("a"))
        lo, hi = dated.agg(F.min("day"), F.max("day")).first()
        table = day_periods(lo or "2000-01-01", hi or "2000-01-01", freq)
        days = dated.sparkSession.createDataFrame(table.assign(day=table["day"].dt.date))
        rows = dated.join(F.broadcast(days), "day").select("cid", F.col("ordinal").alias("period"), "a")
    else:
        unit = {"M": "month", "Q": "quarter"}[freq]
        rows = rows.select(c.alias("cid"), F.date_trunc(unit, ts).alias("period"), amount.alias("a"))
    first = rows.groupBy("cid").agg(F.min("period").alias("cohort"))
    counts = (rows.join(first, "cid").groupBy("cohort", "period")
              .agg(F.count_distinct("cid").alias("active"), F.sum("a").alias("revenue")).toPandas())
    sizes = first.groupBy("cohort").count().toPandas()
    if sizes.empty:
        raise DataValidationError("transactions: no purchase (a row with a customer id, a date and an amount of "
                                  "0 or more) to form cohorts from.")
    def to_period(v):
        if calendar == "jalali":
            return v.map(lambda o: SolarHijriPeriod(int(o), freq))
        return pd.to_datetime(v).dt.to_period(freq)

    counts["cohort"], counts["period"] = to_period(counts["cohort"]), to_period(counts["period"])
    last = counts["period"].max()
    if as_of is not None:
        last = max(last, period_of(pd.Series([pd.Timestamp(as_of)]), freq, calendar).iloc[0])
    periods = period_range(counts["cohort"].min(), last, freq, calendar)
    grid = {k: counts.pivot(index="cohort", columns="period", values=k).reindex(columns=periods).fillna(0)
            for k in ("active", "revenue")}
    end = as_of if as_of is not None else df.where(keep & ts.isNotNull()).agg(F.max(ts)).first()[0]
    return cohorts_from(grid["active"], grid["revenue"], sizes.set_index(to_period(sizes["cohort"]))["count"],
                        freq, max_periods, end, calendar=calendar)


def compressed(summary, columns=("frequency", "recency", "T"), *, count_col: str = "count") -> pd.DataFrame:
    """The unique rows of ``columns`` with the number of customers in each (``count_col``), grouped in Spark
    and collected as a pandas DataFrame sorted by ``columns``.

    Parameters
    ----------
    summary : pyspark.sql.DataFrame
        A Spark customer summary (:func:`customer_summary`).
    columns, count_col : tuple of str, str
        Default ``("frequency", "recency", "T")``; for the spend model pass ``("frequency", "monetary_value")``: its
        rows without a repeat purchase are left out (they do not enter the Gamma-Gamma likelihood). Default "count".

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    insight.exceptions.DataValidationError
        When a column is missing from ``summary``.
    """
    F, _ = _pyspark()
    missing = [c for c in columns if c not in summary.columns]
    if missing:
        raise DataValidationError(f"summary: {len(missing)} column(s) missing, e.g. {missing[0]!r}; columns: "
                                  f"{summary.columns[:20]}.")
    frame = summary.where(F.col("frequency") > 0) if "monetary_value" in columns else summary
    out = frame.groupBy(*columns).agg(F.count(F.lit(1)).alias(count_col)).toPandas()
    return out.sort_values(list(columns), ignore_index=True)


def fit(model, summary, *, spend: bool = False):
    """Fit a count model (or with ``spend``, a Gamma-Gamma model) on a Spark summary through its compressed
    rows: exact, and only the unique rows reach the driver.

    Parameters
    ----------
    model, summary, spend
        An insight CLV model (cloned), a Spark customer summary, and whether ``model`` is a spend model.

    Returns
    -------
    estimator
        The fitted clone; its compression ratio (customers per row) is ``compression_``.
    """
    from sklearn.base import clone

    cols = (getattr(model, "frequency_col", "frequency"), getattr(model, "monetary_col", "monetary_value")) if spend \
        else (model.frequency_col, model.recency_col, model.T_col)
    if getattr(model, "covariates_trans", ()) or getattr(model, "covariates_life", ()):
        cols = cols + tuple(dict.fromkeys([*model.covariates_trans, *model.covariates_life]))
    rows = compressed(summary, cols)
    fitted = clone(model).set_params(count_col="count").fit(rows)
    fitted.compression_ = float(rows["count"].sum() / max(len(rows), 1))
    return fitted


def score(summary, model, *, t: float, spend_model=None, margin: float = 1.0, customer_col: str | None = None):
    """P(alive) and expected purchases over the next ``t`` periods for every customer, computed in the
    executors by the fitted ``model`` (with ``spend_model``: also expected spend per purchase and
    ``clv`` = expected purchases x expected spend x ``margin``, undiscounted).

    Parameters
    ----------
    summary : pyspark.sql.DataFrame
        A Spark customer summary with the models' columns.
    model, spend_model : estimator
        A fitted count model (:func:`fit`), and optionally a fitted Gamma-Gamma model.
    t, margin : float
        The horizon in the summary's time units, and the share of spend that is profit (default 1.0); both >= 0.
    customer_col : str, optional
        The customer id column (default: the summary's first column).

    Returns
    -------
    pyspark.sql.DataFrame
        The customer id, ``p_alive``, ``expected_purchases`` and, with ``spend_model``, ``expected_spend`` and ``clv``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``t`` or ``margin`` is invalid or a column is missing.
    """
    from ..validate import check_param

    F, Tp = _pyspark()
    check_param("t", t, float, min_val=0.0)
    check_param("margin", margin, float, min_val=0.0)
    model.check_fitted()
    key = customer_col or summary.columns[0]
    need = [key, model.frequency_col, model.recency_col, model.T_col,
            *getattr(model, "covariates_trans", ()), *getattr(model, "covariates_life", ())]
    if spend_model is not None:
        spend_model.check_fitted()
        need += [spend_model.frequency_col, spend_model.monetary_col]
    need = list(dict.fromkeys(need))
    missing = [c for c in need if c not in summary.columns]
    if missing:
        raise DataValidationError(f"summary: {len(missing)} column(s) missing, e.g. {missing[0]!r}.")
    out_cols = ["p_alive", "expected_purchases"] + (["expected_spend", "clv"] if spend_model is not None else [])
    schema = Tp.StructType([summary.schema[key]] + [Tp.StructField(k, Tp.DoubleType()) for k in out_cols])

    def predict(frames):
        for f in frames:
            out = pd.DataFrame({key: f[key].to_numpy()})
            out["p_alive"] = model.p_alive(f).to_numpy()
            out["expected_purchases"] = model.expected_purchases(f, t).to_numpy()
            if spend_model is not None:
                out["expected_spend"] = spend_model.expected_spend(f).to_numpy()
                out["clv"] = out["expected_purchases"] * out["expected_spend"] * margin
            yield out

    return summary.select(*need).mapInPandas(predict, schema)


# --------------------------------------------------------------------------- the "spark" engine of insight.features.summary
def _to_spark(transactions, columns: tuple, timezone: str | None):
    """The log of a notebook's source in the running (or a new local) Spark session: a Spark DataFrame or table
    name as it is, a pandas DataFrame or Parquet/CSV file read into Spark, a data specification read by DuckDB
    first (its roles, id cleaning and returns rule) with its cleaning report. Returns (frame, columns, report,
    drop_duplicates or None to keep the caller's)."""
    import os
    from pathlib import Path

    from pyspark.sql import SparkSession

    from ..data.spec import DataSpec, load_spec
    from ..parsers import duckdb_connect

    spark = SparkSession.getActiveSession() or session()
    if timezone:
        spark.conf.set("spark.sql.session.timeZone", timezone)
    if isinstance(transactions, (str, os.PathLike)) and Path(transactions).suffix.lower() in (".yaml", ".yml"):
        transactions = load_spec(transactions)
    import pyarrow as pa
    import pyarrow.compute as pc

    # through Arrow, so that a missing value (NULL in DuckDB, NaN in a pandas float column) is a Spark null, as
    # DuckDB reads it; a NaN customer id would otherwise be a customer
    if isinstance(transactions, DataSpec):
        con = duckdb_connect(transactions.timezone)
        try:
            sql, rep = transactions.relation(con)
            table = con.sql(sql).to_arrow_table()
        finally:
            con.close()
        for i, field in enumerate(table.schema):   # Spark has no unsigned integers (the row hash _row is one)
            if pa.types.is_unsigned_integer(field.type):
                table = table.set_column(i, field.name, pc.cast(table.column(i), pa.int64(), safe=False))
        cols = tuple(c or r for c, r in zip(columns, ("customer_id", "date", "amount")))
        return spark.createDataFrame(table), cols, rep, transactions.duplicates == "drop"
    if isinstance(transactions, pd.DataFrame):
        return spark.createDataFrame(pa.Table.from_pandas(transactions, preserve_index=False)), columns, None, None
    if isinstance(transactions, (str, os.PathLike)) and Path(transactions).is_file():
        path = str(transactions)
        reader = spark.read.parquet(path) if path.lower().endswith((".parquet", ".pq")) else \
            spark.read.csv(path, header=True, inferSchema=True)
        return reader, columns, None, None
    return _frame(transactions, spark), columns, None, None


def _engine_summary(transactions, customer_col=None, date_col=None, amount_col=None, *, as_of=None,
                    time_unit="W", discount_col=None, category_col=None, visits=None, timezone=None,
                    drop_duplicates=True) -> CustomerSummary:
    """:func:`insight.features.summary.summarize` with ``engine="spark"``: computed in Spark, collected."""
    if visits is not None:
        raise DataValidationError("parameter 'visits': visit counts are not computed on Spark; leave visits out "
                                  "or use engine 'duckdb'.")
    frame, (cid, date, amount), spec_rep, dedupe = _to_spark(transactions, (customer_col, date_col, amount_col),
                                                            timezone)
    if spec_rep is not None:
        discount_col = discount_col or ("discount" if "discount" in frame.columns else None)
        category_col = category_col or ("category" if "category" in frame.columns else None)
    summary = summarize(frame, cid, date, amount, as_of=as_of, time_unit=time_unit, discount_col=discount_col,
                        category_col=category_col, drop_duplicates=drop_duplicates and (dedupe is not False))
    out = summary.table.toPandas().set_index(cid).sort_index()
    summary.table.unpersist()
    order = COLUMNS + ["returns", "returned_amount"] + [c for c in ("discount_share", "categories") if c in out]
    out = out[order]
    out["first_purchase"] = out["first_purchase"].astype("datetime64[us]")
    out["last_purchase"] = out["last_purchase"].astype("datetime64[us]")
    cleaning = summary.cleaning if spec_rep is None else spec_rep + summary.cleaning
    return CustomerSummary(out, cleaning, summary.as_of, summary.time_unit)


def _engine_cohorts(transactions, *, freq="M", max_periods=24, customer_col=None, date_col=None, amount_col=None,
                    timezone=None, drop_duplicates=True, calendar="gregorian", **_):
    """:func:`insight.features.cohorts.cohort_table` with ``engine="spark"``."""
    frame, (cid, date, amount), _, dedupe = _to_spark(transactions, (customer_col, date_col, amount_col), timezone)
    return cohort_table(frame, cid, date, amount, freq=freq, max_periods=max_periods, calendar=calendar,
                        drop_duplicates=drop_duplicates and (dedupe is not False))


features.ENGINES["spark"] = (_engine_summary, _engine_cohorts)
