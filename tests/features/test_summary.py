import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataFileNotFoundError, DataValidationError
from insight.features.summary import customer_summary, summarize


@pytest.fixture
def small():
    # a: 3 purchase days (two purchases on 01-01 merged), one return; b: one purchase; c: only a return
    return pd.DataFrame({
        "cust": ["a", "a", "a", "a", "a", "b", "c"],
        "when": ["2024-01-01 09:00", "2024-01-01 17:00", "2024-01-08", "2024-01-22", "2024-01-23", "2024-01-15",
                 "2024-01-20"],
        "amt": [10.0, 5.0, 20.0, 40.0, -20.0, 7.0, -3.0],
        "disc": [0, 0, 0.2, 0, 0, 0.1, 0],
        "cat": ["x", "y", "x", "x", "x", "z", "z"],
    })


def test_hand_checked_values(small):
    s_result = summarize(small, "cust", "when", "amt", as_of="2024-01-29", discount_col="disc", category_col="cat")
    s = s_result.table
    assert list(s.index) == ["a", "b"]
    a, b = s.loc["a"], s.loc["b"]
    # a: purchase days 01-01 (15), 01-08 (20), 01-22 (40); as_of 01-29
    assert a["frequency"] == 2 and a["purchases"] == 3
    assert a["recency"] == pytest.approx(21 / 7) and a["T"] == pytest.approx(28 / 7)
    assert a["monetary_value"] == pytest.approx(30.0)        # mean of 20 and 40; first day excluded
    assert a["total_revenue"] == 75.0 and a["avg_basket"] == 25.0
    assert a["recency_days"] == 7 and a["tenure_days"] == 28
    assert a["mean_gap_days"] == pytest.approx(10.5)          # gaps 7 and 14
    assert a["interpurchase_cv"] == pytest.approx(np.std([7, 14], ddof=1) / 10.5)
    assert a["returns"] == 1 and a["returned_amount"] == 20.0
    assert a["discount_share"] == pytest.approx(1 / 4)        # 1 of 4 purchase rows discounted
    assert a["categories"] == 2
    assert b["frequency"] == 0 and b["monetary_value"] == 0 and np.isnan(b["interpurchase_cv"])
    assert b["T"] == pytest.approx(14 / 7)
    rep = s_result.cleaning
    assert rep.count("negative_amount") == 2
    assert rep.count("same_day") == 1
    assert rep.count("only_returns") == 1
    assert s_result.time_unit == "W"


def test_as_of_cuts_and_counts(small):
    s_result = summarize(small, "cust", "when", "amt", as_of="2024-01-10", time_unit="D")
    s = s_result.table
    assert s_result.cleaning.count("after_period") == 4
    assert [st.values["as_of"] for st in s_result.cleaning.steps if st.step == "after_period"] == ["2024-01-10"]
    assert s.loc["a", "frequency"] == 1 and s.loc["a", "T"] == 9.0
    assert "b" not in s.index


def test_visits_conversion(small):
    visits = pd.DataFrame({"cust": ["a"] * 6 + ["b"] * 4, "when": pd.date_range("2024-01-01", periods=10)})
    s = customer_summary(small, "cust", "when", "amt", visits=visits, as_of="2024-01-29")
    assert s.loc["a", "visits"] == 6 and s.loc["a", "visits_per_purchase"] == 2.0
    assert s.loc["b", "visits_per_purchase"] == 4.0


def test_files_parquet_and_csv(small, tmp_path):
    df = small.assign(when=pd.to_datetime(small["when"], format="mixed"))
    df.to_parquet(tmp_path / "tx.parquet")
    df.to_csv(tmp_path / "tx.csv", index=False)
    ref = customer_summary(df, "cust", "when", "amt")
    for f in ("tx.parquet", "tx.csv"):
        got = customer_summary(tmp_path / f, "cust", "when", "amt")
        pd.testing.assert_frame_equal(got[["frequency", "recency", "T", "monetary_value"]],
                                      ref[["frequency", "recency", "T", "monetary_value"]])
    with pytest.raises(DataFileNotFoundError, match="file not found"):
        customer_summary(tmp_path / "nope.parquet", "cust", "when", "amt")
    (tmp_path / "tx.json").write_text("{}")
    with pytest.raises(DataValidationError, match="must be .parquet or .csv"):
        customer_summary(tmp_path / "tx.json", "cust", "when", "amt")


def test_bad_input_messages(small):
    with pytest.raises(DataValidationError, match=r"1 required column\(s\) missing: \['amount'\]"):
        customer_summary(small, "cust", "when", "amount")
    bad = small.copy()
    bad.loc[3, "when"] = "yesterday"
    with pytest.raises(DataValidationError, match=r"column 'when': 1 of 7 rows are not parseable dates.*'yesterday'"):
        customer_summary(bad, "cust", "when", "amt")
    bad = small.copy()
    bad["amt"] = bad["amt"].astype(object)
    bad.loc[2, "amt"] = "twelve"
    with pytest.raises(DataValidationError, match=r"column 'amt': 1 of 7 rows are not finite numbers.*'twelve'"):
        customer_summary(bad, "cust", "when", "amt")
    with pytest.raises(DataValidationError, match=r"parameter 'time_unit' == 'Y', must be one of"):
        customer_summary(small, "cust", "when", "amt", time_unit="Y")
    with pytest.raises(DataValidationError, match="must be a pandas DataFrame or a path"):
        customer_summary([1, 2], "cust", "when", "amt")


def test_missing_ids_removed_and_counted(small):
    bad = small.copy()
    bad.loc[5, "cust"] = None
    s_result = summarize(bad, "cust", "when", "amt")
    s = s_result.table
    assert s_result.cleaning.count("missing_id") == 1
    assert "b" not in s.index


def test_equals_lifetimes_on_cdnow(cdnow):
    """Same numbers as lifetimes' summary with weeks as days / 7, to 1e-9."""
    from lifetimes.utils import summary_data_from_transaction_data

    ours_result = summarize(cdnow, "customer_id", "date", "amount", time_unit="W", drop_duplicates=False)
    ours = ours_result.table
    ref = summary_data_from_transaction_data(cdnow, "customer_id", "date", "amount", freq="D",
                                             freq_multiplier=7).sort_index()
    assert len(ours) == len(ref) == 23570
    assert (ours.index.to_numpy() == ref.index.to_numpy()).all()
    for col in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_allclose(ours[col].to_numpy(), ref[col].to_numpy(), rtol=0, atol=1e-9, err_msg=col)
    rep = ours_result.cleaning
    assert rep.count("same_day") == 69659 - int(ours["purchases"].sum())
    assert rep.count("zero_amount") == 80


def test_cdnow_sample_calibration_counts(cdnow_sample):
    """The 39-week calibration summary of the CDNOW sample (Fader, Hardie & Lee 2005)."""
    cal = cdnow_sample[cdnow_sample["date"] <= "1997-09-30"]
    s = customer_summary(cal, "sample_id", "date", "amount", as_of="1997-09-30", drop_duplicates=False)
    assert len(s) == 2357
    # 1,411 of 2,357 customers made no repeat purchase in the calibration period
    assert (s["frequency"] == 0).sum() == 1411
    assert s["frequency"].sum() == 2457
    full = customer_summary(cdnow_sample, "sample_id", "date", "amount", as_of="1998-06-30",
                            drop_duplicates=False)
    assert full["frequency"].sum() - s["frequency"].sum() == 1882   # holdout repeat purchases


def test_clean_log_gives_the_same_rows_as_a_log_needing_cleaning(small):
    """A log where every row is a valid purchase skips the validation scan; the result must not change."""
    clean = small[small["amt"] >= 0]
    fast_result = summarize(clean, "cust", "when", "amt", as_of="2024-01-29", discount_col="disc")
    fast = fast_result.table
    dirty = pd.concat([clean, pd.DataFrame({"cust": [None], "when": ["2024-01-02"], "amt": [9.0], "disc": [0]})])
    slow_result = summarize(dirty, "cust", "when", "amt", as_of="2024-01-29", discount_col="disc")
    slow = slow_result.table
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_result.cleaning.count("missing_id") == 0
    assert slow_result.cleaning.count("missing_id") == 1
    assert fast_result.as_of == pd.Timestamp("2024-01-29")
    # without as_of the end is the last purchase day in both
    assert summarize(clean, "cust", "when", "amt").as_of == pd.Timestamp("2024-01-22")


@pytest.mark.parametrize("value, problem", [(np.nan, "not finite numbers"), (np.inf, "not finite numbers"),
                                            (-np.inf, "not finite numbers")])
def test_non_finite_amounts_in_an_otherwise_clean_log(small, value, problem):
    bad = small[small["amt"] >= 0].reset_index(drop=True)
    bad.loc[2, "amt"] = value
    with pytest.raises(DataValidationError, match=rf"column 'amt': 1 of 5 rows are {problem}"):
        customer_summary(bad, "cust", "when", "amt")


def test_missing_date_in_a_datetime_column(small):
    bad = small.assign(when=pd.to_datetime(small["when"], format="mixed"))
    bad.loc[1, "when"] = pd.NaT
    with pytest.raises(DataValidationError, match=r"column 'when': 1 of 7 rows have a missing date"):
        customer_summary(bad, "cust", "when", "amt")


def test_batches_cut_between_customers(cdnow_sample, monkeypatch):
    """Rows stream from DuckDB in batches; customers spanning several batches are aggregated whole."""
    import insight.features.engine as engine

    whole = customer_summary(cdnow_sample, "customer_id", "date", "amount")
    monkeypatch.setattr(engine, "_BATCH_ROWS", 7)       # far fewer rows than many customers have
    small = customer_summary(cdnow_sample, "customer_id", "date", "amount")
    pd.testing.assert_frame_equal(small, whole)
    assert whole["purchases"].max() > 7
    # string ids (compared as Arrow strings): same rows, ids sorted as text
    named = customer_summary(cdnow_sample.assign(customer_id="C" + cdnow_sample["customer_id"].astype(str)),
                             "customer_id", "date", "amount")
    assert named.index.is_monotonic_increasing and named.index[0] == "C" + str(min(whole.index.astype(str)))
    expected = whole.set_axis("C" + whole.index.astype(str), axis=0).sort_index()
    pd.testing.assert_frame_equal(named, expected, check_index_type=False)


def test_only_returns_gives_no_rows_but_counts_them():
    df = pd.DataFrame({"c": ["x", "y"], "d": ["2024-01-01", "2024-01-02"], "a": [-1.0, -2.0]})
    s_result = summarize(df, "c", "d", "a")
    s = s_result.table
    assert len(s) == 0 and s.index.dtype == df["c"].dtype
    assert s_result.cleaning.count("only_returns") == 2


def test_cohort_table_matches_an_independent_pandas_count(cdnow_sample):
    """Active share by acquisition month and months since, counted directly from the raw sample log."""
    from insight.features.cohorts import cohort_table

    c = cohort_table(cdnow_sample, customer_col="sample_id", date_col="date", amount_col="amount",
                     drop_duplicates=False)
    log = cdnow_sample.assign(month=cdnow_sample["date"].dt.to_period("M"))
    first = log.groupby("sample_id")["month"].min().rename("cohort")
    log = log.join(first, on="sample_id")
    log["age"] = (log["month"] - log["cohort"]).apply(lambda d: d.n)
    active = log.groupby(["cohort", "age"])["sample_id"].nunique().unstack()
    sizes = first.value_counts().sort_index()
    expected = active.div(sizes, axis=0)
    expected.index = expected.index.astype(str)
    assert list(c.sizes) == list(sizes) and c.sizes.sum() == 2357
    got = c.active.loc[:, : expected.columns.max()]
    assert np.allclose(got.to_numpy(dtype=float), expected.reindex(columns=got.columns).to_numpy(dtype=float),
                       equal_nan=True)
    assert (c.active[0] == 1).all()
    revenue = log.groupby(["cohort", "age"])["amount"].sum().unstack()
    assert np.allclose(c.revenue.iloc[:, :6].to_numpy(dtype=float), revenue.iloc[:, :6].to_numpy(dtype=float))
    from insight.report.sections._common import cohort_sentence
    from insight.style import Style

    at = c.at_age(3)
    assert at["first"] == "1997-01" and at["first_share"] == pytest.approx(c.active.loc["1997-01", 3])
    assert at["mean"] == pytest.approx(np.average(c.active[3], weights=c.sizes))
    assert cohort_sentence(Style(), c) == (f"{at['first_share']:.0%} of the customers acquired in 1997-01 bought again "
                                           f"in their month 3 after the first purchase; of those acquired in 1997-03, "
                                           f"{at['last_share']:.0%} (weighted mean over cohorts {at['mean']:.0%}).")
    assert c.at_age(99) is None and cohort_sentence(Style(), c, 99) == ("The data cover too few months to follow "
                                                                        "cohorts 99 months on.")


def test_subscription_cohorts_against_a_direct_count():
    from insight.features.cohorts import subscription_cohorts
    from insight.data.simulate import demo_company

    d = demo_company(2000, seed=0).customers
    c = subscription_cohorts(d, "signup_date", "dropout_date", as_of="2024-12-31")
    jan = d[d["signup_date"].dt.to_period("M") == pd.Period("2023-01")]
    for k in (1, 6, 12):
        point = (pd.Period("2023-01") + k).start_time
        expected = (jan["dropout_date"].isna() | (jan["dropout_date"] >= point)).mean()
        assert c.active.loc["2023-01", k] == pytest.approx(expected)
    assert c.sizes["2023-01"] == len(jan) and c.sizes.sum() == len(d)
    last = c.active.index[-1]                 # the youngest cohort is shown only for the ages it reached
    assert c.active.loc[last].notna().sum() <= 2
    from insight.report.sections._common import cohort_sentence
    from insight.style import Style

    assert "were still subscribed 6 months after starting" in cohort_sentence(Style(), c, 6)
    with pytest.raises(DataValidationError, match="end before they start"):
        subscription_cohorts(d.assign(dropout_date=d["signup_date"] - pd.Timedelta(days=1)), "signup_date",
                             "dropout_date")


def test_subscription_cohorts_from_durations_match_the_cancellation_dates():
    """A churn table has a start date and a time with the company instead of an end date: the same cohorts."""
    from insight.features.cohorts import subscription_cohorts
    from insight.data.simulate import demo_company

    company = demo_company(2000, seed=0)
    table = company.churn_table().join(company.customers.set_index("customer_id")["signup_date"])
    by_dates = subscription_cohorts(company.customers, "signup_date", "dropout_date", as_of=company.end)
    by_durations = subscription_cohorts(table, "signup_date", duration_col="tenure_months",
                                        churned=table["churned"], duration_unit="month")
    assert list(by_durations.active.index) == list(by_dates.active.index)
    # tenure is rounded to 0.01 months (~7 hours); start + tenure, to the nearest day, is the dropout date again
    pd.testing.assert_frame_equal(by_durations.active, by_dates.active)
    assert by_durations.active.notna().sum().sum() == by_dates.active.notna().sum().sum()
    with pytest.raises(DataValidationError, match="duration_unit.*fortnights"):
        subscription_cohorts(table, "signup_date", duration_col="tenure_months", churned=table["churned"],
                             duration_unit="fortnights")
    with pytest.raises(DataValidationError, match="tenure_months.*1 rows"):
        subscription_cohorts(table.assign(tenure_months=[-1.0] + [1.0] * (len(table) - 1)), "signup_date",
                             duration_col="tenure_months", churned=table["churned"])
    with pytest.raises(DataValidationError, match="either end_col"):
        subscription_cohorts(table, "signup_date")


@pytest.mark.parametrize("ids", ["int", "str"])
def test_per_customer_pass_is_the_same_whatever_the_batches(ids):
    """Customers cut across batches, a batch of one customer only, empty batches: the same sums as one batch
    holding everything (the DuckDB stream and every Spark partition arrive in batches)."""
    import pyarrow as pa

    from insight.features.engine import per_customer

    rng = np.random.default_rng(5)
    cid = np.sort(np.r_[rng.integers(0, 40, 400), np.full(300, 17)])          # customer 17 spans batches
    day = np.concatenate([np.sort(rng.integers(0, 30, k)) for k in np.bincount(cid)])
    ids_arr = pa.array(cid) if ids == "int" else pa.array([f"c{i:03d}" for i in cid])
    table = pa.table({"cid": ids_arr, "day": day.astype(np.int32), "a": rng.choice([0.0, 1.5, 2.25], len(cid)),
                      "rh": rng.integers(0, 3, len(cid)).astype(np.uint64)})

    class Batches(list):
        schema = table.schema

    whole = per_customer(Batches(table.to_batches()), discount=False, dedupe=True)
    cuts = np.r_[0, np.sort(rng.choice(np.arange(1, len(cid)), 25, replace=False)), len(cid)]
    cuts = np.unique(np.r_[cuts, np.flatnonzero(cid == 17)[[10, 200]]])      # two cuts inside customer 17's rows
    pieces = Batches([table.slice(a, b - a).to_batches()[0] for a, b in zip(cuts[:-1], cuts[1:])])
    pieces.insert(3, table.slice(0, 0).to_batches()[0] if table.slice(0, 0).to_batches() else
                  pa.RecordBatch.from_pylist([], schema=table.schema))
    got = per_customer(pieces, discount=False, dedupe=True, chunk_rows=50)
    assert list(got["cid"]) == list(whole["cid"]) and len(got["cid"]) == len(np.unique(cid))
    for k in whole:
        if k != "cid":
            np.testing.assert_allclose(np.asarray(got[k], float).sum() if k in ("n_dup", "n_zero") else got[k],
                                       np.asarray(whole[k], float).sum() if k in ("n_dup", "n_zero") else whole[k])

    # against an independent computation in pandas: duplicates are equal (cid, day, amount, rest of the row),
    # the first kept
    df = table.to_pandas()
    kept = df.drop_duplicates(["cid", "day", "a", "rh"])
    assert int(whole["n_dup"].sum()) == len(df) - len(kept) > 0
    per = kept.groupby("cid")
    days = kept.drop_duplicates(["cid", "day"]).groupby("cid")["day"]
    first_day = per["day"].transform("min")
    expect = pd.DataFrame({
        "first_day": per["day"].min(), "last_day": per["day"].max(), "frequency": days.size() - 1,
        "first_day_revenue": kept["a"].where(kept["day"] == first_day, 0.0).groupby(kept["cid"]).sum(),
        "gap_sumsq": days.apply(lambda d: int((np.diff(d.to_numpy().astype(np.int64)) ** 2).sum())),
        "n_rows": per.size()})
    expect["later_revenue"] = per["a"].sum() - expect["first_day_revenue"]
    for k in expect:
        np.testing.assert_allclose(got[k], expect[k].to_numpy(), rtol=1e-12, atol=1e-12, err_msg=k)


def test_exact_duplicates_against_pandas():
    """Exact duplicate rows (every column equal, including one the summary does not use) are removed once
    each; distinct rows of one customer and day with equal amounts stay. The summary and the cleaning counts
    equal pandas' (drop exact duplicates, then group)."""
    rng = np.random.default_rng(11)
    n = 3000
    df = pd.DataFrame({
        "cust": rng.integers(0, 60, n),
        "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 40, n), "D")
        + pd.to_timedelta(rng.integers(0, 4, n), "h"),                      # distinct rows of one day
        "amt": rng.integers(0, 3, n) * 5.0,                                  # equal amounts, zeros among them
        "promo": rng.integers(0, 2, n), "store": rng.integers(0, 3, n)})     # a column only the hash sees
    df = pd.concat([df, df.sample(400, random_state=1)], ignore_index=True)  # 400 more exact duplicates
    s_result = summarize(df, "cust", "when", "amt", discount_col="promo", time_unit="D", as_of="2024-02-15")
    s = s_result.table
    kept = df.drop_duplicates()
    rep = s_result.cleaning
    assert rep.count("duplicate") == len(df) - len(kept) >= 400
    assert rep.count("zero_amount") == int((kept["amt"] == 0).sum())
    day = kept["when"].dt.normalize()
    per = kept.groupby("cust")
    assert (s["total_revenue"] == per["amt"].sum()).all()
    assert (s["purchases"] == day.groupby(kept["cust"]).nunique()).all()
    np.testing.assert_allclose(s["discount_share"], per["promo"].mean(), rtol=1e-12)
    first = day.groupby(kept["cust"]).transform("min")
    later = kept["amt"].where(day > first, 0.0).groupby(kept["cust"]).sum()
    np.testing.assert_allclose(s["monetary_value"], (later / s["frequency"]).fillna(0.0), rtol=1e-12)


def _shaped(df: pd.DataFrame, shape: str) -> pd.DataFrame:
    """The log (c, d: timestamps with hours, x: amounts) in one of the shapes exports come in."""
    import decimal

    import pyarrow as pa

    if shape == "date":
        return df.assign(d=pd.array(df["d"].dt.date, dtype=pd.ArrowDtype(pa.date32())))
    if shape == "timestamp":
        return df.assign(d=df["d"].astype("datetime64[us]"))
    if shape == "timestamp_tz":
        return df.assign(d=df["d"].dt.tz_localize("Europe/Berlin"))
    if shape == "text_date":
        return df.assign(d=df["d"].dt.strftime("%Y-%m-%d %H:%M"))
    if shape == "decimal_amount":    # 10^15 + cents: distinct decimals, some of them one number as doubles
        cents = (df["x"] / 2.5).astype(int)
        return df.assign(x=pd.array([decimal.Decimal(10**15) + decimal.Decimal(k) / 100 for k in cents],
                                    dtype=pd.ArrowDtype(pa.decimal128(18, 2))))
    if shape == "text_amount":       # "2.5" and "2.50": one number, different text
        return df.assign(x=[f"{v:.2f}" if i % 2 else f"{v}" for i, v in enumerate(df["x"])])
    if shape == "other_column":
        return df.assign(store=np.arange(len(df)) % 2)
    return df.assign(d=df["d"].astype("datetime64[ns]"))   # timestamp_ns


@pytest.mark.parametrize("shape, rest", [
    ("date", ""), ("timestamp", "epoch_us"), ("timestamp_ns", "epoch_ns"), ("timestamp_tz", "epoch_us"),
    ("text_date", "hash"), ("decimal_amount", "hash"), ("text_amount", "hash"), ("other_column", "hash")])
def test_exact_duplicates_whatever_the_row_shape(shape, rest):
    """The duplicate check compares only what the sort does not carry already (the customer, the day and the
    amount): nothing for calendar dates, a timestamp's exact value, or a hash of the rest. In every shape, rows
    equal in customer, day and amount but not in every column (another hour, "2.5" against "2.50", decimals
    one number as doubles, another store) stay, and the summary equals the one of pandas' drop_duplicates."""
    import duckdb

    from insight.features.engine import _row_rest

    rng = np.random.default_rng(21)
    n = 1500
    df = pd.DataFrame({"c": rng.integers(0, 40, n),
                       "d": pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 20, n), "D")
                       + pd.to_timedelta(rng.integers(0, 3, n), "h"),
                       "x": rng.integers(0, 3, n) * 2.5})
    df = _shaped(df, shape)
    df = pd.concat([df, df.sample(200, random_state=2)], ignore_index=True)   # 200 more exact duplicates
    types = {r[0]: r[1] for r in duckdb.sql("DESCRIBE SELECT * FROM df").fetchall()}
    sql = _row_rest(list(types), types, "c", "d", "x")
    assert sql.startswith(f", {rest}(") if rest else sql == ""

    s_result = summarize(df, "c", "d", "x", time_unit="D")
    s = s_result.table
    kept = customer_summary(df.drop_duplicates(), "c", "d", "x", time_unit="D", drop_duplicates=False)
    pd.testing.assert_frame_equal(s, kept)
    n_dup = int(df.duplicated().sum())
    assert s_result.cleaning.count("duplicate") == n_dup >= 200
    if shape != "date":   # rows one customer, day and amount apart from the rest of the row: not duplicates
        near = pd.DataFrame({"c": df["c"], "day": pd.to_datetime(df["d"].astype(str).str[:10]),
                             "x": df["x"].astype(float)})
        assert near.duplicated().sum() > n_dup


def _id_log(seed: int, n: int, low: int, high: int) -> pd.DataFrame:
    """A small seeded log (columns id, d, x) with integer ids in [low, high), for the tests of id types."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"id": rng.integers(low, high, n).astype(np.int64),
                         "d": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, n), "D"),
                         "x": rng.integers(0, 40, n) * 1.5})


def test_integer_ids_narrowed_for_the_sort_give_the_same_summary(tmp_path):
    """64-bit ids that fit 32 bits are sorted as INTEGER (from a frame or a Parquet file's statistics); ids that
    do not fit are not. Both give the same figures, and the index keeps the column's 64-bit type."""
    df = _id_log(3, 2000, -50, 300)
    wide = df.assign(id=df["id"] + 2**40)                    # beyond 32 bits: sorted as BIGINT
    path = tmp_path / "tx.parquet"
    df.to_parquet(path)
    small, big, file = (customer_summary(t, "id", "d", "x", as_of="2024-04-01") for t in (df, wide, path))
    assert small.index.dtype == file.index.dtype == np.int64
    assert list(small.index) == sorted(df["id"].unique()) and list(big.index - 2**40) == list(small.index)
    pd.testing.assert_frame_equal(small, big.set_axis(big.index - 2**40).rename_axis("id"))
    pd.testing.assert_frame_equal(small, file)
    import duckdb

    from insight.features.engine import _narrow_ids

    con = duckdb.connect()
    con.register("small", df)
    con.register("wide", wide)
    assert _narrow_ids(con, "small", '"id"', "BIGINT", df) == 'CAST("id" AS INTEGER)'
    assert _narrow_ids(con, "wide", '"id"', "BIGINT", wide) == '"id"'
    assert _narrow_ids(con, "small", '"id"', "BIGINT", str(tmp_path / "tx.csv")) == '"id"'   # a CSV: no scan


def _record_pass(monkeypatch, key: str) -> list:
    """The values of ``key`` that the summary passes to each per-customer pass, in order (a list filled as it runs)."""
    import insight.features.engine as engine

    seen, real = [], engine.per_customer
    monkeypatch.setattr(engine, "per_customer", lambda *a, **k: seen.append(k[key]) or real(*a, **k))
    return seen


def test_text_ids_sorted_by_a_hash_give_the_summary_in_id_order(monkeypatch):
    """Text ids are sorted by a hash of the id, then the customers by id: the same figures and order as integer
    ids. When two ids share a hash (forced here: the hash modulo 3), the rows are sorted again by id."""
    import insight.features.engine
    import insight.features.summary as features

    num = _id_log(8, 3000, 0, 200)
    text = num.assign(id=[f"C{i:04d}" for i in num["id"]])
    ints = features.customer_summary(num, "id", "d", "x", as_of="2024-04-01")
    by_hash = features.customer_summary(text, "id", "d", "x", as_of="2024-04-01")
    assert list(by_hash.index) == [f"C{i:04d}" for i in ints.index]
    pd.testing.assert_frame_equal(by_hash.reset_index(drop=True), ints.reset_index(drop=True))

    monkeypatch.setattr(insight.features.engine, "_ID_HASH", "hash(cid) % 3")
    calls = _record_pass(monkeypatch, "sort_ids")
    again = features.customer_summary(text, "id", "d", "x", as_of="2024-04-01")
    assert calls[0] is not None and calls[1:] == [None]          # a collision, then sorted by id
    pd.testing.assert_frame_equal(again, by_hash)


def test_summary_is_the_same_when_duckdb_spills_to_disk(monkeypatch):
    """Under a memory limit smaller than its sort, DuckDB spills to disk; the pass then derives the columns
    after the stream (derive_late). The summary is the same as sorted in memory, to the last bit."""
    late = _record_pass(monkeypatch, "derive_late")
    rng = np.random.default_rng(8)
    n = 1_500_000
    df = pd.DataFrame({"c": rng.integers(0, 100_000, n),
                       "d": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700 * 86400, n), "s"),
                       "x": rng.gamma(2, 20, n).round(2)})
    # two threads: DuckDB's buffers per thread would not fit 40 MB on many cores
    spilled, in_memory = (customer_summary(df, "c", "d", "x", memory_limit=m, threads=2) for m in ("40MB", "1GB"))
    assert late == [True, False]
    pd.testing.assert_frame_equal(spilled, in_memory)
    assert len(spilled) == df["c"].nunique() and spilled["purchases"].sum() == len(df.assign(d=df["d"].dt.date)
                                                                                   .drop_duplicates(["c", "d"]))


def test_a_last_month_the_data_cover_in_part_is_left_out_of_cohorts():
    """A log ending on 5 March: March would show every cohort collapsing, so it is left out and named."""
    from insight.features.cohorts import cohort_table

    days = pd.to_datetime(["2024-01-03", "2024-02-10", "2024-03-05", "2024-01-20", "2024-02-02", "2024-02-25"])
    log = pd.DataFrame({"c": ["a", "a", "a", "b", "b", "c"], "d": days, "x": 10.0})
    cut = cohort_table(log, customer_col="c", date_col="d", amount_col="x")
    assert (cut.partial, cut.partial_days) == ("2024-03", 5)
    # January's cohort (a, b): both bought in February; March is missing, not 50%
    assert cut.active.loc["2024-01", 1] == 1.0 and 2 not in cut.active.columns
    whole = cohort_table(log.assign(d=log["d"].where(log["d"] < "2024-03-01", pd.Timestamp("2024-03-29"))),
                         customer_col="c", date_col="d", amount_col="x")
    assert whole.partial is None and whole.active.loc["2024-01", 2] == 0.5


def test_customers_buying_by_period_and_the_last_change():
    from insight.features.cohorts import buyers_change, cohort_table, revenue_change

    rows = [("a", "2024-01-05"), ("b", "2024-01-09"),                                   # January: 2 buyers
            ("a", "2024-02-02"), ("c", "2024-02-11"), ("d", "2024-02-20"),              # February: 3
            *[(f"m{i}", "2024-03-10") for i in range(10)], ("a", "2024-03-30"), ("b", "2024-03-31")]  # March: 12
    log = pd.DataFrame(rows, columns=["c", "d"]).assign(x=5.0)
    c = cohort_table(log, customer_col="c", date_col="d", amount_col="x")
    assert c.by_period().tolist() == [2.0, 3.0, 12.0]
    ch = buyers_change(c)
    assert (ch["before_period"], ch["after_period"], ch["change"]) == ("2024-02", "2024-03", 9.0)
    assert (ch["low"], ch["high"]) == pytest.approx((9 - 1.96 * 15 ** 0.5, 9 + 1.96 * 15 ** 0.5)) and ch["beyond_noise"]
    assert buyers_change(cohort_table(log[log["d"] < "2024-02-01"], customer_col="c", date_col="d",
                                      amount_col="x")) is None
    # revenue: February 3 x 5 = 15, March 12 x 5 = 60; customers' squared period revenues give the noise
    rev = revenue_change(log, c, customer_col="c", date_col="d", amount_col="x")
    assert (rev["before"], rev["after"], rev["change"]) == (15.0, 60.0, 45.0)
    assert rev["high"] - rev["change"] == pytest.approx(1.96 * (3 * 25 + 12 * 25) ** 0.5) and rev["beyond_noise"]


def test_revenue_change_on_the_demo_is_the_raw_months_and_the_box_names_the_larger_change():
    """The demo's revenue in its last two complete months, recomputed from the raw log (purchases only)."""
    from insight.features.cohorts import buyers_change, cohort_table, revenue_change
    from insight.report.sections._common import buyers_sentence
    from insight.report.sources import transaction_source
    from insight.style import Style

    src = transaction_source("demo", demo_customers=1500)
    c = cohort_table(src.transactions, **src.summary_kwargs())
    rev = revenue_change(src.transactions, c, **src.summary_kwargs())
    t = src.transactions[src.transactions["amount"] > 0]
    month = pd.to_datetime(t["date"]).dt.to_period("M").astype(str)
    assert rev["after"] == pytest.approx(t.loc[month == "2024-12", "amount"].sum())
    assert rev["before"] == pytest.approx(t.loc[month == "2024-11", "amount"].sum())
    st = Style()
    assert buyers_sentence(st, c, rev).endswith("no change beyond noise between the last two complete periods.")
    # a revenue jump beyond noise is the one the box names, over a buyers change that is not
    jump = dict(rev, after=rev["after"] * 3, change=rev["after"] * 3 - rev["before"], beyond_noise=True)
    assert buyers_sentence(st, c, jump).startswith("**Revenue rose:") and not buyers_change(c)["beyond_noise"]


def test_a_time_zone_aware_as_of_is_a_day_in_the_summarys_zone():
    """A time-zone-aware as_of raised a raw TypeError; it is now the day it falls on where days are cut."""
    log = pd.DataFrame({"c": ["a", "a", "b"], "d": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-05"]),
                        "x": [1.0, 2.0, 3.0]})
    berlin = customer_summary(log, "c", "d", "x", as_of=pd.Timestamp("2024-03-01 00:30", tz="Europe/Berlin"))
    assert berlin.equals(customer_summary(log, "c", "d", "x", as_of="2024-02-29"))      # 23:30 UTC on the 29th
    tokyo = customer_summary(log, "c", "d", "x", as_of="2024-03-01T08:30:00+09:00", timezone="Asia/Tokyo")
    assert tokyo.equals(customer_summary(log, "c", "d", "x", as_of="2024-03-01", timezone="Asia/Tokyo"))
    with pytest.raises(DataValidationError, match="parameter 'as_of' == 'junk': not a date"):
        customer_summary(log, "c", "d", "x", as_of="junk")


def test_amounts_that_overflow_are_refused_not_summed_to_infinity():
    """Two amounts of 1e308 once gave a customer infinite revenue (and a RuntimeWarning in the report)."""
    import warnings

    log = pd.DataFrame({"c": ["a", "a", "b"], "d": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-05"]),
                        "x": [1e308, 1e308, 3.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DataValidationError, match=r"column 'x': the amounts of 1 of 2 customers add up to more "
                                                      r"than a number can hold, e.g. customer 'a'"):
            customer_summary(log, "c", "d", "x")
    assert customer_summary(log.assign(x=[1e300, 1e300, 3.0]), "c", "d", "x")["total_revenue"].tolist() == [2e300, 3.0]
