"""The words of the data-quality report and of every report's cleaning table come from the catalog."""

import html
from pathlib import Path

import pandas as pd
import pytest
import yaml

import insight.data.cleaning as cl
from insight.data.cleaning import CleaningReport
from insight.data.inspect import Inspection, Proposal, Role
from insight.report.sections.quality import (cleaning_frame, cleaning_sentence, cleaning_view, columns_table,
                                             inspection_sentence, inspection_text, inspection_view, proposal_yaml,
                                             quality_report)
from insight.style import Style

ST = Style()


def test_cleaning_counts_steps_by_id(tx):
    out, rep = cl.clean_transactions(tx, "cust", "day", "amt", start="2024-01-02", end="2024-02-28", drop_duplicates=True)
    assert [s.step for s in rep.steps] == ["missing_id", "duplicate", "negative_amount", "zero_amount",
                                           "outside_window"]
    assert (rep.count("missing_id"), rep.count("duplicate"), rep.count("negative_amount"),
            rep.count("outside_window")) == (1, 1, 1, 3)
    assert rep.steps[-1].values == {"start": pd.Timestamp("2024-01-02"), "end": pd.Timestamp("2024-02-28")}
    assert rep.steps[2].example == "-4.0" and rep.steps[2].row == "2"
    assert sum(s.rows for s in rep.steps if s.action == "removed") + rep.rows_out == rep.rows_in == 7
    assert not hasattr(rep, "sentence") and not hasattr(rep, "_repr_html_")   # words live in the report layer


def test_cleaning_view_writes_every_step_in_words(tx):
    _, rep = cl.clean_transactions(tx, "cust", "day", "amt", start="2024-01-02", end="2024-02-28", drop_duplicates=True)
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
    clean, rep = cl.clean_transactions(tx, "cust", "day", "amt", drop_duplicates=True)
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
                     "transactions", Proposal("transactions", "orders", Path("orders.csv"), []),
                     ["customer_types", "clv"])
    assert inspection_sentence(ST, ins) == ("orders.csv: 12,345 rows and 3 columns that look like transactions data; "
                                            "with the proposed specification it can feed customer_types, clv.")
    ins.notebooks = []
    assert inspection_sentence(ST, ins).endswith("it can feed no report yet.")


def _guesses(rows) -> pd.DataFrame:
    """An Inspection's columns table from (column, type, distinct, missing, guess, low, high, note, note_values)."""
    return pd.DataFrame(rows, columns=["column", "type", "distinct", "missing", "guess", "low", "high", "note",
                                       "note_values"], dtype=object)


def test_inspection_text_writes_every_guess_and_note_code():
    cols = _guesses([
        ("InvoiceNo", "VARCHAR", 12931, 0, "order_id", None, None, "cancellations", {"n": 1620, "marker": "C"}),
        ("UnitPrice", "DOUBLE", 287, 0, "unit_price", None, None, None, None),
        ("CustomerID", "DOUBLE", 3543, 2000, "customer_id", None, None, "float_ids", {}),
        ("Day", "VARCHAR", 4, 0, "date", None, None, "date_check", {"error": "column 'Day': say which"}),
        ("Q1", "VARCHAR", 3, 0, "rating_words", None, None, "word_scale", {"mapping": {"low": 1, "high": 2}}),
        ("Q2", "BIGINT", 11, 0, "rating", 0, 10, None, None),
        ("Promo", "BOOLEAN", 2, 0, "flag", None, None, None, None)])
    p = Proposal("transactions", "sales", Path("sales.csv"),
                 [Role("customer_id", "CustomerID", True), Role("date", "Day", True),
                  Role("amount", "Quantity * UnitPrice", True), Role("quantity", None), Role("channel", "Sales (€)")],
                 returns="InvoiceNo LIKE 'C%'")
    ins = Inspection(Path("/data/sales.csv"), 30000, cols, "transactions", p, [], ["discount_type", "visits"])
    text = inspection_text(ST, ins)
    head, yaml_text = text.split("\n\n")
    assert head.splitlines() == [
        "# sales.csv: 30,000 rows, 7 columns; looks like transactions data.",
        "# Column guesses:",
        ("#   InvoiceNo                VARCHAR      12,931 distinct        0 missing  -> order_id  "
         "(1,620 values start with 'C' (cancellations?))"),
        "#   UnitPrice                DOUBLE          287 distinct        0 missing  -> unit price",
        ("#   CustomerID               DOUBLE        3,543 distinct    2,000 missing  -> customer_id  "
         "(float-formatted ids, read as whole numbers)"),
        ("#   Day                      VARCHAR           4 distinct        0 missing  -> date  "
         "(CHECK: column 'Day': say which)"),
        ("#   Q1                       VARCHAR           3 distinct        0 missing  -> rating (words)  "
         "(mapped as low=1, high=2)"),
        "#   Q2                       BIGINT           11 distinct        0 missing  -> rating 0-10",
        "#   Promo                    BOOLEAN           2 distinct        0 missing  -> yes/no flag",
        "# Notebooks this can feed: none yet (check the roles).",
        "# Would be skipped: discount-driven customer type (no discount column)",
        "# Would be skipped: visits per purchase (no visits table)",
        "# Save the specification below as a .yaml file, check every role, then:",
        "#   insight report <notebook> -p data your_spec.yaml"]
    assert yaml_text == proposal_yaml(ST, ins) and yaml_text.splitlines() == [
        "# insight data specification (proposed by `insight inspect`; check every line)",
        "kind: transactions", "name: sales", "tables:", "  data:",
        "    path: sales.csv   # relative to the folder of this file: save it in the folder insight inspect ran in, "
        "or edit the path",
        "columns:",
        "  customer_id: CustomerID   # customer id",
        "  date: Day   # purchase date",
        "  amount: Quantity * UnitPrice   # amount of the line (an expression is fine)",
        "  # quantity:          # quantity (not found)",
        '  channel: "Sales (€)"   # channel or country',
        "returns: InvoiceNo LIKE 'C%'   # rows that are returns or cancellations",
        "ids:",
        '  placeholders: ["", "(blank)", "nan", "unknown", "0"]   # read as a missing id',
        "duplicates: drop          # exact duplicate rows are removed and counted",
        "timezone: UTC             # days are cut in this zone"]
    assert yaml.safe_load(yaml_text) == p.to_dict()
    view = inspection_view(ST, ins)
    assert view._repr_html_() == f"<pre>{html.escape(text)}</pre>" and repr(view) == text


def test_proposal_yaml_of_a_survey_and_of_a_customer_table():
    survey = Proposal("survey", "answers", Path("answers.csv"),
                      [Role("overall", "Overall", True), Role("customer_id", None), Role("date", None)],
                      drivers=["speed", "friendliness"], scales={"Overall": (1, 5), "speed": (1, 5)},
                      duplicates="keep")
    ins = Inspection(Path("answers.csv"), 10, _guesses([]), "survey", survey, ["satisfaction"], ["nps"])
    text = proposal_yaml(ST, ins)
    assert ("columns:\n  overall: Overall   # overall satisfaction\n  drivers:              # aspects rated\n"
            "    - speed\n    - friendliness\n  # customer_id:          # respondent or customer id (not found)\n"
            "  # date:          # answer date, for the trend (not found)\n"
            "scales:\n  Overall: 1-5\n  speed: 1-5\n") in text
    assert "duplicates: keep          # identical answers of different people are real" in text
    assert yaml.safe_load(text) == survey.to_dict()
    assert "# Would be skipped: NPS (no 0-10 recommend question)" in inspection_text(ST, ins)
    survey.drivers = []
    assert "  drivers:              # aspects rated\n    # - (none found; REQUIRED)\n" in proposal_yaml(ST, ins)
    subs = Proposal("customers", "subs", Path("subs.csv"), [Role("churn", None, True), Role("duration", None)])
    ins = Inspection(Path("subs.csv"), 10, _guesses([]), "customers", subs, [],
                     ["retention_curves", "retention_economics"])
    text = inspection_text(ST, ins)
    assert "  # churn:          # churned yes/no (not found; REQUIRED)\n" in text
    assert "  # duration:          # time with the company, for retention curves (not found)\n" in text
    assert ("# Would be skipped: retention curves and the Cox model (no duration column)\n"
            "# Would be skipped: retention economics (no value column)\n") in text


def test_quality_report_of_a_bare_file_shows_the_inspection(tmp_path):
    path = tmp_path / "orders.csv"
    pd.DataFrame({"CustomerID": [1, 2, 3, 1] * 20, "InvoiceDate": ["2024-01-02"] * 80,
                  "Amount": [1.5, 2.0, 3.0, 4.0] * 20}).to_csv(path, index=False)
    report = quality_report(str(path))
    shown = report.yours()
    assert len(shown) == 1 and repr(shown[0]) == inspection_text(ST, report.own)
    assert repr(shown[0]).startswith("# orders.csv: 80 rows, 3 columns; looks like transactions data.\n")
    assert "  amount: Amount   # amount of the line (an expression is fine)\n" in repr(shown[0])


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


def test_a_persian_cleaning_example_keeps_the_datas_text_in_order_and_writes_its_numbers():
    """In Persian the data's own text is isolated (FSI ... PDI) so a quoted Latin date keeps its order in a
    right-to-left line; a number and the row are written in Persian digits with the data's decimals."""
    from insight.data.cleaning import CleaningStep
    from insight.report.sections.quality import _example
    from insight.style import Style

    fa = Style(language="fa")
    assert _example(fa, CleaningStep("x", 1, "y", "'1998-05-18'", "1381")) == "مثلاً \u2068'1998-05-18'\u2069 در ردیف ۱۳۸۱"
    assert _example(fa, CleaningStep("x", 1, "y", "-16.29", "51")) == "مثلاً -۱۶٫۲۹ در ردیف ۵۱"
