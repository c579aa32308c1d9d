import numpy as np
import pandas as pd
import pytest

from insight import parsers
from insight import validate as v
from insight.data import cleaning as cl
from insight.exceptions import DataValidationError


def test_check_transactions_types(tx):
    out = cl.check_transactions(tx.dropna(), "cust", "day", "amt")
    assert pd.api.types.is_datetime64_any_dtype(out["day"])
    assert out["amt"].dtype == float
    # the input is not modified
    assert tx["day"].dtype != out["day"].dtype


def test_yyyymmdd_integers_are_dates():
    df = pd.DataFrame({"c": [1, 2], "d": [19970101, 19971231], "a": [1.0, 2.0]})
    out = cl.check_transactions(df, "c", "d", "a")
    assert out["d"].tolist() == [pd.Timestamp("1997-01-01"), pd.Timestamp("1997-12-31")]


def test_missing_column_names_it_and_lists_available(tx):
    with pytest.raises(DataValidationError, match=r"1 required column\(s\) missing: \['amount'\].*cust, day, amt"):
        cl.check_transactions(tx, "cust", "day", "amount")


def test_missing_id_message(tx):
    with pytest.raises(DataValidationError, match=r"column 'cust': 1 of 7 rows have a missing customer id.*at row 5"):
        cl.check_transactions(tx, "cust", "day", "amt")


def test_unparseable_date_message(tx):
    bad = tx.dropna().copy()
    bad.loc[2, "day"] = "not a date"
    bad.loc[3, "day"] = "2024-13-45"
    with pytest.raises(DataValidationError, match=r"column 'day': 2 of 6 rows are not parseable dates.*'not a date' at row 2"):
        cl.check_transactions(bad, "cust", "day", "amt")


def test_non_numeric_and_infinite_amounts(tx):
    bad = tx.dropna().copy()
    bad["amt"] = bad["amt"].astype(object)
    bad.loc[4, "amt"] = "abc"
    with pytest.raises(DataValidationError, match=r"column 'amt': 1 of 6 rows are not numbers.*'abc' at row 4"):
        cl.check_transactions(bad, "cust", "day", "amt")
    bad = tx.dropna().copy()
    bad.loc[0, "amt"] = np.inf
    with pytest.raises(DataValidationError, match=r"column 'amt': 1 of 6 rows are infinite.*inf at row 0"):
        cl.check_transactions(bad, "cust", "day", "amt")


def test_negative_amounts_can_be_refused(tx):
    with pytest.raises(DataValidationError, match=r"column 'amt': 1 of 6 rows are negative.*-4.0 at row 2"):
        cl.check_transactions(tx.dropna(), "cust", "day", "amt", allow_negative=False)


def test_empty_and_not_a_frame():
    with pytest.raises(DataValidationError, match="0 rows"):
        cl.check_transactions(pd.DataFrame({"c": [], "d": [], "a": []}), "c", "d", "a")
    with pytest.raises(DataValidationError, match="must be a pandas DataFrame, got list"):
        cl.check_transactions([1, 2], "c", "d", "a")


def test_clean_transactions_counts_every_reason(tx):
    out, rep = cl.clean_transactions(tx, "cust", "day", "amt", start="2024-01-02", end="2024-02-28", drop_duplicates=True)
    assert rep.rows_in == 7
    assert rep.count("missing_id") == 1
    assert rep.count("duplicate") == 1         # the repeated c / 2024-03-01 row
    assert rep.count("negative_amount") == 1
    assert rep.count("outside_window") == 3  # two on 01-01, one on 03-01
    assert len(out) == 1 and rep.rows_out == 1
    assert out["amt"].tolist() == [20.0]
    # removed + kept adds up: 7 in = 1 + 1 + 1 + 3 removed + 1 out
    removed = sum(s.rows for s in rep.steps if s.action == "removed")
    assert removed + rep.rows_out == rep.rows_in
    # the report renders as an escaped table and never shows customer ids
    from insight.report.sections.quality import cleaning_view
    from insight.style import Style

    html = cleaning_view(Style(), rep).markup
    assert "exact duplicate row" in html and "date outside 2024-01-02 to 2024-02-28" in html and "'c'" not in html


def test_clean_returns_keep_and_raise(tx):
    out, rep = cl.clean_transactions(tx, "cust", "day", "amt", returns="keep")
    assert (out["amt"] < 0).sum() == 1
    assert rep.steps[2].action == "kept"
    with pytest.raises(DataValidationError, match="negative"):
        cl.clean_transactions(tx, "cust", "day", "amt", returns="raise")
    with pytest.raises(DataValidationError, match=r"parameter 'returns' == 'ignore', must be one of"):
        cl.clean_transactions(tx, "cust", "day", "amt", returns="ignore")


def test_clean_everything_removed_raises(tx):
    with pytest.raises(DataValidationError, match="no rows left after cleaning"):
        cl.clean_transactions(tx, "cust", "day", "amt", start="2030-01-01", end="2030-02-01")


def test_merge_same_day(tx):
    clean, _ = cl.clean_transactions(tx, "cust", "day", "amt", drop_duplicates=True)
    merged, rep = cl.merge_same_day(clean, "cust", "day", "amt")
    assert rep.count("same_day") == 1
    a = merged[merged["cust"] == "a"]
    assert len(a) == 1 and a["amt"].iloc[0] == 15.0
    assert len(merged) == len(clean) - 1


def test_check_customers():
    df = pd.DataFrame({"id": [1, 2, 2], "signup": ["2024-01-01", "x", "2024-01-03"], "churn": ["Yes", "no", "maybe"]})
    with pytest.raises(DataValidationError, match=r"column 'id': 1 of 3 rows repeat an id.*2 at row 2"):
        cl.check_customers(df, "id")
    df["id"] = [1, 2, 3]
    with pytest.raises(DataValidationError, match=r"column 'signup': 1 of 3 rows are not parseable dates.*'x' at row 1"):
        cl.check_customers(df, "id", date_cols=["signup"])
    with pytest.raises(DataValidationError, match=r"column 'churn': 1 of 3 rows are not yes/no values.*'maybe' at row 2"):
        cl.check_customers(df, "id", bool_cols=["churn"])
    df["churn"] = ["Yes", "no", "YES"]
    assert cl.check_customers(df, "id", bool_cols=["churn"])["churn"].tolist() == [True, False, True]


def test_to_bool_positive_value():
    s = pd.Series(["yes", "no", "Yes"])
    assert parsers.to_bool(s, "t", positive="Yes").tolist() == [True, False, True]
    with pytest.raises(DataValidationError, match=r"positive value 'churned' occurs in 0 of 3 rows"):
        parsers.to_bool(s, "t", positive="churned")
    assert parsers.to_bool(pd.Series([1, 0, 1]), "t", positive=1).tolist() == [True, False, True]


def test_check_survey():
    df = pd.DataFrame({"q1": [1, 5, 11, 3], "q2": [np.nan] * 4, "q3": [1, 2.5, 3, 4]})
    with pytest.raises(DataValidationError, match=r"column 'q1': 1 of 4 rows are outside the 1-10 scale.*11 at row 2"):
        cl.check_survey(df, ["q1"])
    with pytest.raises(DataValidationError, match=r"column 'q2': all 4 rows are missing"):
        cl.check_survey(df, ["q2"])
    with pytest.raises(DataValidationError, match=r"column 'q3': 1 of 4 rows are not whole numbers.*2.5 at row 1"):
        cl.check_survey(df, ["q3"])
    with pytest.raises(DataValidationError, match=r"1 respondent\(s\); at least 2"):
        cl.check_survey(df.iloc[:1], ["q1"])
    nps = pd.DataFrame({"nps": [0, 10, 7]})
    assert cl.check_survey(nps, "nps", scale=(0, 10))["nps"].tolist() == [0.0, 10.0, 7.0]


def test_check_param():
    with pytest.raises(DataValidationError, match=r"parameter 'n_clusters' == 1, must be >= 2."):
        v.check_param("n_clusters", 1, int, min_val=2)
    with pytest.raises(DataValidationError, match=r"parameter 'n_clusters' must be int, got str '3'"):
        v.check_param("n_clusters", "3", int)
    with pytest.raises(DataValidationError, match=r"must be int, got bool"):
        v.check_param("n_clusters", True, int)
    with pytest.raises(DataValidationError, match=r"parameter 'rate' == 1.5, must be < 1"):
        v.check_param("rate", 1.5, float, max_val=1, include_max=False)
    assert v.check_param("rate", 1, float) == 1
    assert v.check_param("x", None, int, allow_none=True) is None


def test_quality_summary_hides_ids(cdnow):
    q = cl.quality_summary(cdnow.head(100), id_cols=["customer_id"])
    row = q.set_index("column").loc["customer_id"]
    assert bool(row["identifier"]) and row["example"] == "" and row["min"] is None and row["max"] is None
    assert q.set_index("column").loc["amount", "missing"] == 0
    assert str(q.set_index("column").loc["date", "min"]).startswith("1997-01-01")
    from insight.report.sections.quality import columns_table
    from insight.style import Style

    words = columns_table(Style(), q.set_index("column"))
    assert words.loc["customer_id", "Example"] == "(identifier hidden)" and words.loc["customer_id", "Range"] == ""
    assert words.loc["date", "Range"].startswith("1997-01-01 to ")


def test_dates_with_month_names_are_read():
    from insight.parsers import to_datetime

    cases = {("28-Jul-18", "01-Aug-18"): ["2018-07-28", "2018-08-01"],
             ("Jul 28, 2018", "August 1, 2018"): ["2018-07-28", "2018-08-01"],
             ("28 Jul 2018", "1 Aug 2018"): ["2018-07-28", "2018-08-01"]}
    for values, expected in cases.items():
        assert to_datetime(pd.Series(values), "d").dt.strftime("%Y-%m-%d").tolist() == expected
    # two-digit years were read as the years 23 and 1 (an invoice export's '01-Jan-23 13:00' gave 'up to 0024-06-23')
    two_digit = {("01-Jan-23 13:00", "15-Feb-24 09:30"): ["2023-01-01 13:00", "2024-02-15 09:30"],
                 ("01/02/23", "28/12/23"): ["2023-02-01 00:00", "2023-12-28 00:00"],
                 ("12/28/23", "01/02/23"): ["2023-12-28 00:00", "2023-01-02 00:00"],
                 ("28.07.18", "01.08.18"): ["2018-07-28 00:00", "2018-08-01 00:00"],
                 ("28/12/2023 10:00", "01/02/2024"): ["2023-12-28 10:00", "2024-02-01 00:00"]}
    for values, expected in two_digit.items():
        assert to_datetime(pd.Series(values), "d").dt.strftime("%Y-%m-%d %H:%M").tolist() == expected
    # still refused: a column mixing numeric and month-name dates, naming an example
    with pytest.raises(DataValidationError, match=r"not parseable dates.*'28-Jul-18'"):
        to_datetime(pd.Series(["03/04/2020", "28-Jul-18"]), "d")
