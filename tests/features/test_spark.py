"""The Spark path (insight.features.spark) against the DuckDB path, in local mode: equal summaries, cleaning counts, fits
and scores. Skipped with the reason where PySpark or Java is missing; .ci/run installs them and requires these
tests (INSIGHT_REQUIRE_SPARK=1)."""

import os
import shutil

import numpy as np
import pandas as pd
import pytest

from insight.models.clv.beta_geo import BetaGeo, ModifiedBetaGeo
from insight.models.clv.gamma_gamma import GammaGamma
from insight.models.clv.pareto_nbd import ParetoNBD
from insight.exceptions import DataValidationError
from insight.features.summary import customer_summary, summarize
from insight.features.cohorts import cohort_table

# PySpark 4.3 warns about pandas 3 and about DataFrame.attrs it cannot carry
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning",
                                        "ignore::ResourceWarning", "ignore:Could not serialize pd.DataFrame.attrs")


def _missing() -> str:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return 'PySpark is not installed (pip install "insight[spark]")'
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "Java is not installed (Spark needs Java 17)"
    return ""


@pytest.fixture(scope="module")
def spark():
    reason = _missing()
    if reason:
        if os.environ.get("INSIGHT_REQUIRE_SPARK") == "1":
            pytest.fail(f"INSIGHT_REQUIRE_SPARK=1 but {reason}")
        pytest.skip(reason)
    from insight.features.spark import session

    s = session("local[2]", **{"spark.sql.shuffle.partitions": "3", "spark.default.parallelism": "2"})
    yield s
    s.stop()


def _equal(duck, on_spark, key: str) -> None:
    """Every column of the DuckDB summary equals the Spark one, customer by customer, to 1e-9, and so do their
    cleaning counts and as-of days (both are CustomerSummary results)."""
    got = on_spark.table.toPandas().set_index(key).sort_index()
    duck_result, duck = duck, duck.table
    assert list(got.index) == list(duck.index)
    for col in duck.columns:
        a, b = duck[col], got[col]
        if pd.api.types.is_datetime64_any_dtype(a):
            assert (pd.to_datetime(b).to_numpy() == a.to_numpy()).all(), col
        else:
            np.testing.assert_allclose(b.to_numpy(float), a.to_numpy(float), rtol=1e-9, atol=1e-9, err_msg=col)
    assert on_spark.cleaning == duck_result.cleaning
    assert on_spark.as_of == duck_result.as_of


@pytest.fixture(scope="module")
def retail():
    """The Online Retail sample as an analyst would load it: missing ids, returns, same-day orders, duplicates."""
    from insight.data.datasets import data_dir

    raw = pd.read_csv(data_dir() / "online_retail_sample.csv")
    return pd.DataFrame({"customer": raw["CustomerID"].astype("Int64"),
                         "when": pd.to_datetime(raw["InvoiceDate"], format="ISO8601"),
                         "amount": raw["Quantity"] * raw["UnitPrice"], "country": raw["Country"]})


def test_summary_equals_duckdb_on_online_retail(spark, retail):
    import insight.features.spark as isp

    kw = dict(customer_col="customer", date_col="when", amount_col="amount", category_col="country")
    duck_result = summarize(retail, **kw)
    duck = duck_result.table
    rep = duck_result.cleaning
    # the bundled sample has every kind of row the conventions deal with
    assert rep.count("missing_id") == 2_000 and rep.count("negative_amount") > 0
    assert rep.count("same_day") > 0 and rep.count("duplicate") > 0
    _equal(duck_result, isp.summarize(spark.createDataFrame(retail), **kw), "customer")
    cut = summarize(retail, **kw, as_of="2011-06-30", time_unit="D")
    _equal(cut, isp.summarize(spark.createDataFrame(retail), **kw, as_of="2011-06-30", time_unit="D"),
           "customer")


def test_summary_equals_duckdb_on_the_demo_log_with_duplicates_and_a_table_name(spark):
    import insight.features.spark as isp
    from insight.data.simulate import demo_company

    tx = demo_company(800, seed=3).transactions
    again = tx.iloc[::40]
    tx = pd.concat([tx, again], ignore_index=True)       # an export that repeats some lines
    kw = dict(customer_col="customer_id", date_col="date", amount_col="amount", discount_col="discount")
    duck_result = summarize(tx, **kw)
    duck = duck_result.table
    assert duck_result.cleaning.count("duplicate") == (again["amount"] >= 0).sum() > 100
    spark.createDataFrame(tx).createOrReplaceTempView("demo_log")
    cached = len(spark.sparkContext._jsc.getPersistentRDDs())
    on_spark = isp.summarize("demo_log", spark=spark, **kw)
    _equal(duck_result, on_spark, "customer_id")
    got = on_spark.table
    assert got.is_cached and len(spark.sparkContext._jsc.getPersistentRDDs()) == cached + 1
    got.unpersist()        # frees what the summary cached (a derived frame's unpersist() would not)
    assert len(spark.sparkContext._jsc.getPersistentRDDs()) == cached


def test_discount_words_and_percents_read_as_on_duckdb(spark):
    """An export's discount column as text ("Yes", "15 %", "no", empty) reads as on DuckDB, not as null."""
    import insight.features.spark as isp
    from insight.data.simulate import demo_company

    tx = demo_company(300, seed=4).transactions
    k = np.arange(len(tx))
    words = np.where(tx["discount"] > 0, np.where(k % 2, "Yes", "15 %"), np.where(k % 3, "no", ""))
    text = tx.assign(discount=words)
    kw = dict(customer_col="customer_id", date_col="date", amount_col="amount", discount_col="discount")
    duck = summarize(text, **kw)
    pd.testing.assert_series_equal(duck.table["discount_share"], customer_summary(tx, **kw)["discount_share"])
    assert 0 < duck.table["discount_share"].mean() < 1
    _equal(duck, isp.summarize(spark.createDataFrame(text), **kw), "customer_id")
    bad = text.copy()
    bad.loc[[5, 9], "discount"] = "maybe"
    with pytest.raises(DataValidationError, match=r"'discount': 2 of 2,\d{3} rows are not discounts.*'maybe'"):
        isp.customer_summary(spark.createDataFrame(bad), **kw)


def test_compressed_fits_equal_the_duckdb_fits_on_cdnow(spark, cdnow):
    """The models fitted on the unique rows computed in Spark are the fits on every customer (exact)."""
    import insight.features.spark as isp

    kw = dict(customer_col="customer_id", date_col="date", amount_col="amount")
    duck = customer_summary(cdnow, **kw)
    summary = isp.customer_summary(spark.createDataFrame(cdnow), **kw)
    for model in (BetaGeo(), ModifiedBetaGeo(), ParetoNBD()):
        a, b = model.fit(duck), isp.fit(model, summary)
        assert b.params_ == pytest.approx(a.params_, rel=1e-9), type(model).__name__
        assert b.n_customers_ == a.n_customers_ == 23_570
        assert b.log_likelihood_ == pytest.approx(a.log_likelihood_, rel=1e-12)
    unique = len(duck.groupby(["frequency", "recency", "T"]))      # counted by pandas (recency and T in days)
    assert b.compression_ == pytest.approx(23_570 / unique) and unique < 23_570 / 2
    gg = isp.fit(GammaGamma(), summary, spend=True)
    assert gg.params_ == pytest.approx(GammaGamma().fit(duck).params_, rel=1e-9)
    # and in the cluster: the scores of every customer are the fitted models' own predictions
    bg = isp.fit(BetaGeo(), summary)
    scored = isp.score(summary, bg, t=52, spend_model=gg, margin=0.3).toPandas().set_index("customer_id").sort_index()
    np.testing.assert_allclose(scored["p_alive"], bg.p_alive(duck), rtol=1e-12)
    np.testing.assert_allclose(scored["expected_purchases"], bg.expected_purchases(duck, 52), rtol=1e-12)
    np.testing.assert_allclose(scored["clv"], bg.expected_purchases(duck, 52) * gg.expected_spend(duck) * 0.3,
                               rtol=1e-12)
    summary.unpersist()


def test_calibration_holdout_and_cohorts_equal_duckdb(spark, cdnow):
    import insight.features.spark as isp
    from insight.models.clv.holdout import split_calibration

    kw = dict(customer_col="customer_id", date_col="date", amount_col="amount")
    duck_split = split_calibration(cdnow, **kw, calibration_end="1997-09-30", holdout_end="1998-06-30")
    duck = duck_split.table
    cached = len(spark.sparkContext._jsc.getPersistentRDDs())
    on_spark = isp.split_calibration(spark.createDataFrame(cdnow), **kw, calibration_end="1997-09-30",
                                     holdout_end="1998-06-30")
    got = on_spark.table
    assert got.is_cached and len(spark.sparkContext._jsc.getPersistentRDDs()) == cached + 1   # the two summaries went
    g = got.toPandas().set_index("customer_id").sort_index()
    np.testing.assert_allclose(g["holdout_purchases"], duck["holdout_purchases"])
    assert (g["holdout_length"] == duck["holdout_length"]).all()
    assert on_spark.new_in_holdout == duck_split.new_in_holdout == 0    # CDNOW's cohort joined in Q1 1997
    assert on_spark.cleaning == duck_split.cleaning and on_spark.holdout_end == duck_split.holdout_end
    got.unpersist()
    log = cdnow[cdnow["customer_id"] <= 4000]
    a, b = cohort_table(log, **kw), isp.cohort_table(spark.createDataFrame(log), **kw)
    pd.testing.assert_frame_equal(b.active, a.active)
    pd.testing.assert_frame_equal(b.revenue, a.revenue, check_exact=False, rtol=1e-9)
    pd.testing.assert_series_equal(b.sizes, a.sizes, check_names=False)
    # Solar Hijri months: the Spark path buckets by the engine's table of days, the same cohort table
    a, b = (f(x, **kw, calendar="jalali") for f, x in ((cohort_table, log),
                                                        (isp.cohort_table, spark.createDataFrame(log))))
    assert str(a.sizes.index[0]) == "1375-10" and a.calendar == b.calendar == "jalali"   # January 1997: Dey 1375
    pd.testing.assert_frame_equal(b.active, a.active)
    pd.testing.assert_frame_equal(b.revenue, a.revenue, check_exact=False, rtol=1e-9)
    pd.testing.assert_series_equal(b.sizes, a.sizes, check_names=False)


def test_bad_input_is_named(spark):
    import insight.features.spark as isp

    frame = spark.createDataFrame(pd.DataFrame({"id": [1, 2, 3], "d": ["2024-01-05", "2024-02-30x", "2024-03-01"],
                                                "amt": [10.0, 5.0, 7.0]}))
    with pytest.raises(DataValidationError, match=r"column 'd': 1 of 3 rows are not parseable dates.*2024-02-30x"):
        isp.customer_summary(frame, "id", "d", "amt")
    with pytest.raises(DataValidationError, match=r"parameter 'amount_col': column 'amount' is not in"):
        isp.customer_summary(frame, "id", "d", "amount")
    with pytest.raises(DataValidationError, match="no table 'nowhere'"):
        isp.customer_summary("nowhere", "id", "d", "amt", spark=spark)
    with pytest.raises(DataValidationError, match="must be a Spark DataFrame or a table name, got DataFrame"):
        isp.customer_summary(pd.DataFrame({"id": [1]}), "id", "d", "amt")


def test_clv_report_on_the_spark_engine_is_the_duckdb_report(spark):
    """The notebook's engine parameter: every summary of the CLV report computed in Spark gives the same report."""
    import warnings

    import insight.report.sources as sources
    import insight.report.sections as sections

    source = sources.transaction_source("cdnow_sample")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        duck = sections.clv_report(source)
        on_spark = sections.clv_report(source, engine="spark", spark_master="local[2]")
    assert on_spark.count_model.params_ == duck.count_model.params_
    assert on_spark.spend_model.params_ == duck.spend_model.params_
    pd.testing.assert_frame_equal(on_spark.full, duck.full, check_exact=False, rtol=1e-12)
    assert str(on_spark.headline()) == str(duck.headline())
    assert on_spark.cohorts()[0].text == duck.cohorts()[0].text
    with pytest.raises(DataValidationError, match="parameter 'engine' == 'flink'"):
        sections.clv_report(source, engine="flink")


def test_engine_spark_reads_a_data_specification_like_duckdb(spark):
    """A data specification through engine "spark": DuckDB applies its roles, placeholder ids and returns rule,
    Spark the summary; the result and the whole cleaning report are DuckDB's."""
    import insight.features.spark  # noqa: F401  (registers the engine)
    from insight.data.datasets import spec_dir

    spec = spec_dir() / "online_retail.yaml"
    duck_result = summarize(spec)
    duck = duck_result.table
    on_spark_result = summarize(spec, engine="spark")
    on_spark = on_spark_result.table
    pd.testing.assert_frame_equal(on_spark, duck, check_exact=False, rtol=1e-12, check_index_type=False)
    assert on_spark_result.cleaning == duck_result.cleaning
    assert on_spark_result.cleaning.rows_in == 30_000 and len(on_spark) == on_spark_result.cleaning.rows_out
