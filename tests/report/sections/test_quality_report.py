"""The words of the data-quality report and of every report's cleaning table come from the catalog."""

from pathlib import Path

import pandas as pd
import pytest

import insight.data.cleaning as cl
from insight.data.cleaning import CleaningReport
from insight.data.inspect import Inspection
from insight.report.sections.quality import (cleaning_frame, cleaning_sentence, cleaning_view, columns_table,
                                             inspection_sentence, quality_report)
from insight.style import Style

ST = Style()


@pytest.fixture
def tx():
    return pd.DataFrame({
        "cust": ["a", "a", "b", "b", "c", None, "c"],
        "day": ["2024-01-01", "2024-01-01", "2024-01-03", "2024-02-10", "2024-03-01", "2024-03-02", "2024-03-01"],
        "amt": [10.0, 5.0, -4.0, 20.0, 7.5, 3.0, 7.5],
    })


def test_cleaning_counts_steps_by_id(tx):
    out, rep = cl.clean_transactions(tx, "cust", "day", "amt", start="2024-01-02", end="2024-02-28")
    assert [s.step for s in rep.steps] == ["missing_id", "duplicate", "negative_amount", "zero_amount",
                                           "outside_window"]
    assert (rep.count("missing_id"), rep.count("duplicate"), rep.count("negative_amount"),
            rep.count("outside_window")) == (1, 1, 1, 3)
    assert rep.steps[-1].values == {"start": pd.Timestamp("2024-01-02"), "end": pd.Timestamp("2024-02-28")}
    assert rep.steps[2].example == "-4.0" and rep.steps[2].row == "2"
    assert sum(s.rows for s in rep.steps if s.action == "removed") + rep.rows_out == rep.rows_in == 7
    assert not hasattr(rep, "sentence") and not hasattr(rep, "_repr_html_")   # words live in the report layer


def test_cleaning_view_writes_every_step_in_words(tx):
    _, rep = cl.clean_transactions(tx, "cust", "day", "amt", start="2024-01-02", end="2024-02-28")
    frame = cleaning_frame(ST, rep)
    assert list(frame.columns) == ["reason", "rows", "action", "example"]
    assert frame.iloc[-1].tolist() == ["date outside 2024-01-02 to 2024-02-28", 3, "removed",
                                       "e.g. '2024-01-01' at row 0"]
    assert frame.iloc[2].tolist() == ["return or cancellation (negative amount)", 1, "removed",
                                      "e.g. -4.0 at row 2"]
    html = cleaning_view(ST, rep)._repr_html_()
    assert html.startswith("<p>Rows in: 7; rows out: 1.</p>") and "insight-datanames" in html
    assert "exact duplicate row" in html and "'c'" not in html        # no customer id is shown
    assert cleaning_view(ST, CleaningReport(rows_in=3, rows_out=3))._repr_html_() == (
        "<p>Rows in: 3; rows out: 3.</p><p>No cleaning steps were needed.</p>")


def test_cleaning_view_escapes_values_from_the_data():
    rep = CleaningReport(rows_in=2, rows_out=1).add("placeholder_id", 1, "read_as_missing_id", "'<b>x</b>'")
    html = cleaning_view(ST, rep)._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html and "read as a missing id" in html


def test_cleaning_sentence(tx):
    clean, rep = cl.clean_transactions(tx, "cust", "day", "amt")
    _, merged = cl.merge_same_day(clean, "cust", "day", "amt")
    assert cleaning_sentence(ST, rep + merged) == (
        "7 rows read, 3 kept. 4 cleaning step(s) changed rows; the largest: missing customer id (1 rows, removed).")
    assert cleaning_sentence(ST, CleaningReport(rows_in=5, rows_out=5).add("zero_amount", 0, "kept")) == (
        "5 rows read, 5 kept. No cleaning step changed any row.")
    # a reason's own example ("e.g. 12923.0") stays in the table, not in the sentence
    ids = CleaningReport().add("float_id", 1200, "read_as_whole").add("placeholder_id", 3, "read_as_missing_id")
    assert cleaning_sentence(ST, ids) == ("2 cleaning step(s) changed rows; the largest: float-formatted customer id "
                                          "(1,200 rows, read as a whole number).")
    assert cleaning_frame(ST, ids).iloc[0, 0] == "float-formatted customer id (e.g. 12923.0)"


def test_every_step_of_the_loaders_and_summaries_has_words():
    """The step and action ids the library records are all in the catalog (with the values they need)."""
    rep = (CleaningReport()
           .add("mixed_id_types", 1, "compared_as_text")
           .add("after_period", 2, "removed", as_of=pd.Timestamp("2024-01-10"))
           .add("negative_amount", 1, "counted_per_customer").add("zero_amount", 1, "kept_as_purchase")
           .add("same_day", 1, "merged_per_day").add("only_returns", 1, "no_summary_row")
           .add("several_rows_per_key", 1, "aggregated", table="orders")
           .add("no_match", 1, "kept_empty", table="orders")
           .add("missing_amount", 1, "removed").add("returns_rule", 1, "counted_as_return")
           .add("zero_return", 1, "removed_no_money").add("answers_as_words", 9, "mapped_to_scores", column="q1",
                                                          mapping="low=1, high=2")
           .add("no_bill", 11, "set_zero", row="488").add("no_bill", 11, "kept_missing"))
    frame = cleaning_frame(ST, rep)
    assert frame.iloc[1, 0] == "dated after the end of the period (2024-01-10)"
    assert frame.iloc[6].tolist() == ["orders: several rows per key, summed", 1, "aggregated before the join", ""]
    assert frame.iloc[11, 2] == "mapped to scores low=1, high=2"
    assert frame.iloc[12].tolist() == ["total charges missing for tenure 0 (never billed)", 11, "set to 0.0", "row 488"]


def test_columns_table_writes_types_ranges_and_hides_ids():
    df = pd.DataFrame({"customer_id": [7, 8, 9], "day": pd.to_datetime(["2024-01-05", "2024-02-01", None]),
                       "amount": [0.0, 1286.01, 3.5], "flag": [True, False, True], "note": ["x", None, "y"]})
    q = cl.quality_summary(df, id_cols=["customer_id"])
    assert q["type"].tolist() == ["integer", "date", "number", "bool", "text"]
    assert q["identifier"].tolist() == [True, False, False, False, False]
    t = columns_table(ST, q)
    assert list(t.columns) == ["Column", "Type", "Missing", "Missing %", "Distinct", "Example", "Range"]
    assert t.iloc[0].tolist() == ["customer_id", "whole number", 0, 0.0, 3, "(identifier hidden)", ""]
    assert t.iloc[1, 6] == "2024-01-05 to 2024-02-01" and t.iloc[1, 3] == pytest.approx(33.33)
    assert t.iloc[2].tolist()[1:] == ["number", 0, 0.0, 3, "0.0", "0 to 1286.01"]
    assert t.iloc[3, 1] == "yes/no" and t.iloc[3, 6] == "" and t.iloc[4, 1] == "text"


def test_inspection_sentence():
    ins = Inspection(Path("/somewhere/orders.csv"), 12345, pd.DataFrame({"column": ["a", "b", "c"]}),
                     "transactions", "kind: transactions\n", ["customer_types", "clv"])
    assert inspection_sentence(ST, ins) == ("orders.csv: 12,345 rows and 3 columns that look like transactions data; "
                                            "with the proposed specification it can feed customer_types, clv.")
    ins.notebooks = []
    assert inspection_sentence(ST, ins).endswith("it can feed no report yet.")


def test_quality_report_of_the_bundled_sets():
    report = quality_report(demo_customers=200)
    head = repr(report.headline())
    assert head.startswith("Data quality - bundled data sets\n- 4 bundled data sets: CDNOW purchases, IBM Telco "
                           "churn, Yellow Pages satisfaction survey, The simulated demo company.")
    shown = [repr(x) for x in report.bundled_sets()]
    assert shown[0].startswith("**CDNOW purchases.** 69,659 purchases of 23,570 customers who first bought")
    assert "from 1997-01-01 to 1998-06-30 (Fader & Hardie)" in shown[0]
    telco = next(s for s in shown if s.startswith("**IBM Telco churn.**"))
    assert "7,043 customers of a telecom company with a churn flag and their tenure in months; 26.5% left." in telco
    html = "".join(x._repr_html_() for x in report.bundled_sets())
    assert "<td>total charges missing for tenure 0 (never billed)</td>" in html and "<td>row 488</td>" in html
    assert "(identifier hidden)" in html and "1 to 99" in html and "0 to 1286.01" in html
    with pytest.raises(ValueError, match="parameter 'language'"):
        quality_report(language="xx")
