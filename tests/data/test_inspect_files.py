"""Files that always read, one duplicate rule, and ``insight inspect`` on surveys and workbooks (issue 26).

Every file here is constructed in the test, of the shape the issue met: an invoice file whose ids turn to letters
after the reader's sample, junk lines before a header, day-level logs with identical rows, a passenger survey with
a word outcome beside 0-5 ratings, a workbook with several sheets, and wide files.
"""

import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from insight.data.cleaning import DUPLICATE_RULES, clean_transactions, duplicate_rule, order_column
from insight.data.inspect import inspect
from insight.data.spec import load_spec
from insight.exceptions import DataValidationError
from insight.features.summary import summarize

#: more lines than DuckDB's sniffer samples (20,480): the letters come after it has typed the column
DIGITS = 21_000


def invoice_file(path, junk: str = ""):
    """21,000 invoice lines with numeric invoice numbers, then A563185 and two more lines: 21,003 lines, 300
    customers; 'A563185' is on line 21,002 of the file (after the header and any junk lines)."""
    n = DIGITS + 3
    inv = [str(536365 + i) for i in range(n)]
    inv[DIGITS] = "A563185"
    frame = pd.DataFrame({"InvoiceNo": inv, "CustomerID": [12000 + i % 300 for i in range(n)],
                          "InvoiceDate": [f"2011-01-{1 + i % 28:02d} 10:{i % 60:02d}" for i in range(n)],
                          "Amount": [1.5 + i % 7 for i in range(n)]})
    path.write_text(junk + frame.to_csv(index=False))
    return path, frame


# --------------------------------------------------------------------------- types
def test_a_column_whose_later_values_hold_letters_is_read_as_text(tmp_path):
    """The first 21,000 invoice numbers are digits and a later one is A563185: DuckDB typed the column BIGINT from
    its sample and every route ended in 'Could not convert string "A563185" to BIGINT'."""
    path, frame = invoice_file(tmp_path / "invoices.csv")
    got = inspect(path)
    row = got.columns.set_index("column").loc["InvoiceNo"]
    assert row["type"] == "VARCHAR" and row["distinct"] == DIGITS + 3 and row["guess"] == "order_id"
    assert row["note"] == "type_fallback" and row["note_values"] == {
        "column": "InvoiceNo", "sniffed": "BIGINT", "value": "A563185", "line": DIGITS + 2}
    assert got.columns.set_index("column")["type"].to_dict() == {
        "InvoiceNo": "VARCHAR", "CustomerID": "BIGINT", "InvoiceDate": "VARCHAR", "Amount": "DOUBLE"}
    assert got.proposal.types == {"InvoiceNo": "text"} and got.proposal.to_dict()["types"] == {"InvoiceNo": "text"}
    # with no types: key at all, a specification reads the whole file
    spec = load_spec({"tables": str(path), "columns": {"customer_id": "CustomerID", "date": "InvoiceDate",
                                                       "amount": "Amount", "order_id": "InvoiceNo"}})
    result = summarize(spec)
    assert result.cleaning.rows_in == DIGITS + 3 and len(result.table) == 300
    assert result.table["total_revenue"].sum() == pytest.approx(frame["Amount"].sum())
    assert spec.tables[0].fallbacks_["InvoiceNo"].value == "A563185"


def test_inspect_command_names_the_conflict_without_a_traceback(tmp_path):
    path, _ = invoice_file(tmp_path / "invoices.csv")
    out = subprocess.run([sys.executable, "-m", "insight", "inspect", str(path)], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert ("read as text: 'A563185' on line 21002 is not BIGINT; in the specification: types: InvoiceNo: text"
            in out.stdout)
    assert "Traceback" not in out.stderr and "Conversion Error" not in out.stdout + out.stderr


def test_types_of_a_specification_set_a_columns_type(tmp_path):
    path, _ = invoice_file(tmp_path / "invoices.csv")
    cols = {"customer_id": "CustomerID", "date": "InvoiceDate", "amount": "Amount", "order_id": "InvoiceNo"}
    spec = load_spec({"tables": str(path), "columns": cols,
                      "types": {"InvoiceNo": "text", "CustomerID": "text", "Amount": "number"}})
    import duckdb

    con = duckdb.connect()
    reader = spec.tables[0].reader(con)
    assert "'InvoiceNo': 'VARCHAR'" in reader and "'Amount': 'DOUBLE'" in reader
    assert spec.tables[0].fallbacks_ == {}              # declared: nothing was left to fall back
    sql, _ = spec.relation(con)
    assert con.execute(f"SELECT typeof(customer_id), COUNT(*) FROM ({sql}) GROUP BY 1").fetchall() == [
        ("VARCHAR", DIGITS + 3)]
    assert len(summarize(spec).table) == 300
    # a date column of a customer table, declared, is parsed by insight's parser (day first here)
    (tmp_path / "subs.csv").write_text("id,left,since\n1,yes,03.02.2024\n2,no,15.02.2024\n")
    subs = load_spec({"kind": "customers", "tables": {"s": {"path": str(tmp_path / "subs.csv"), "dayfirst": True}},
                      "columns": {"churn": "left", "customer_id": "id"}, "types": {"since": "date"}})
    df, _ = subs.load()
    assert df["since"].tolist() == [pd.Timestamp("2024-02-03"), pd.Timestamp("2024-02-15")]


def test_types_are_checked_naming_the_key(tmp_path):
    path, _ = invoice_file(tmp_path / "invoices.csv")
    cols = {"customer_id": "CustomerID", "date": "InvoiceDate", "amount": "Amount"}
    with pytest.raises(DataValidationError, match=r"types: 1 unknown type\(s\), e.g. InvoiceNo: 'string'; a type is "
                                                  r"one of text, number, integer, date; e.g. types: \{InvoiceNo: text"):
        load_spec({"tables": str(path), "columns": cols, "types": {"InvoiceNo": "string"}})
    with pytest.raises(DataValidationError, match=r"types == \['InvoiceNo'\]: must map columns to a type"):
        load_spec({"tables": str(path), "columns": cols, "types": ["InvoiceNo"]})
    spec = load_spec({"tables": str(path), "columns": cols, "types": {"Invoice": "text"}})
    with pytest.raises(DataValidationError, match=r"types: 1 column\(s\) not in the tables: \['Invoice'\]; columns "
                                                  r"\(4\): InvoiceNo, CustomerID, InvoiceDate, Amount"):
        summarize(spec)
    # a declared type is never second-guessed: the value that contradicts it is named with its line
    spec = load_spec({"tables": str(path), "columns": cols, "types": {"InvoiceNo": "integer"}})
    with pytest.raises(DataValidationError, match=r"types.InvoiceNo == 'integer': invoices.csv, line 21,002 holds "
                                                  r"'A563185', which is not of that type; declare the column as text"):
        summarize(spec)


# --------------------------------------------------------------------------- junk lines
def test_inspect_proposes_skip_for_junk_lines_before_the_header(tmp_path):
    path, _ = invoice_file(tmp_path / "archive.csv", junk="Exported by ArchiveTool 2.1\nrun 2024-05-01 03:00\n")
    got = inspect(path)
    assert got.proposal.skip == 2 and got.proposal.to_dict()["tables"]["data"] == {"path": str(path), "skip": 2}
    assert got.rows == DIGITS + 3 and list(got.columns["column"]) == ["InvoiceNo", "CustomerID", "InvoiceDate",
                                                                      "Amount"]
    assert got.columns.set_index("column").loc["InvoiceNo", "note_values"]["line"] == DIGITS + 4   # 2 lines more
    spec = load_spec(got.proposal.to_dict())
    assert spec.tables[0].skip == 2 and len(summarize(spec).table) == 300
    # a file without junk lines proposes none
    clean, _ = invoice_file(tmp_path / "clean.csv")
    assert inspect(clean).proposal.skip == 0 and "skip" not in inspect(clean).proposal.to_dict()["tables"]["data"]


# --------------------------------------------------------------------------- one duplicate rule
def day_log(times: bool = False, order: bool = False) -> pd.DataFrame:
    """Eight lines; lines 2 and 3 and lines 5 and 6 are identical (2 identical rows)."""
    log = pd.DataFrame({"customer": ["a", "a", "a", "b", "b", "b", "c", "c"],
                        "date": ["2024-01-01", "2024-01-02", "2024-01-02", "2024-01-03", "2024-01-05", "2024-01-05",
                                 "2024-01-06", "2024-01-08"],
                        "amount": [5.0, 7.0, 7.0, 3.0, 4.0, 4.0, 9.0, 1.0]})
    if times:
        log["date"] = log["date"] + " 10:15"
    if order:
        log.insert(0, "order_id", ["o1", "o2", "o2", "o3", "o4", "o4", "o5", "o6"])
    return log


def test_the_duplicate_rule_by_what_a_log_records():
    assert duplicate_rule(["customer", "date", "amount"], time_of_day=False) == "day_level"
    assert duplicate_rule(["customer", "date", "amount"], time_of_day=True) == "time_of_day"
    assert duplicate_rule(["InvoiceNo", "customer", "date"], time_of_day=False) == "order_id"
    assert duplicate_rule(["ref", "customer"], time_of_day=False, order_col="ref") == "order_id"
    assert DUPLICATE_RULES == {"order_id": "drop", "time_of_day": "drop", "day_level": "keep"}
    assert [order_column([c]) for c in ("InvoiceNo", "order_id", "Transaction ID", "orders", "customer")] == [
        "InvoiceNo", "order_id", "Transaction ID", None, None]
    with pytest.raises(DataValidationError, match=r"parameter 'order_col' == 'ref': not a column; 2 columns: "
                                                  r"customer, date"):
        duplicate_rule(["customer", "date"], time_of_day=False, order_col="ref")
    with pytest.raises(DataValidationError, match=r"parameter 'time_of_day' == 'no', must be True or False"):
        duplicate_rule(["customer"], time_of_day="no")
    with pytest.raises(DataValidationError, match=r"parameter 'columns' must be a list of column names"):
        duplicate_rule("customer", time_of_day=False)


def test_clean_transactions_applies_the_rule_and_says_which():
    out, rep = clean_transactions(day_log(), "customer", "date", "amount")
    assert len(out) == 8 and rep.count("duplicate") == 0 and rep.count("identical_rows") == 2
    step = next(s for s in rep.steps if s.step == "identical_rows")
    assert (step.action, step.values, step.example, step.row) == ("kept_day_level", {"rule": "day_level"},
                                                                  "'2024-01-02'", "2")
    for log, rule in ((day_log(times=True), "time_of_day"), (day_log(order=True), "order_id")):
        out, rep = clean_transactions(log, "customer", "date", "amount")
        assert len(out) == 6 and rep.count("duplicate") == 2 and rep.count("identical_rows") == 0
        assert next(s for s in rep.steps if s.step == "duplicate").values == {"rule": rule}
    out, rep = clean_transactions(day_log(), "customer", "date", "amount", drop_duplicates=True)
    assert len(out) == 6 and rep.steps[1].values == {"rule": "declared"}
    out, rep = clean_transactions(day_log(times=True), "customer", "date", "amount", drop_duplicates=False)
    assert len(out) == 8 and (rep.steps[1].step, rep.steps[1].action) == ("identical_rows", "kept_declared")
    with pytest.raises(DataValidationError, match=r"parameter 'drop_duplicates' == 'yes', must be True, False or "
                                                  r"None"):
        clean_transactions(day_log(), "customer", "date", "amount", drop_duplicates="yes")
    with pytest.raises(DataValidationError, match=r"1 required column\(s\) missing: \['ref'\]"):
        clean_transactions(day_log(), "customer", "date", "amount", order_col="ref")


def test_a_specification_applies_the_same_rule(tmp_path):
    cols = {"customer_id": "customer", "date": "date", "amount": "amount"}
    day_log().to_csv(tmp_path / "day.csv", index=False)
    spec = load_spec({"tables": str(tmp_path / "day.csv"), "columns": cols})
    assert (spec.duplicates, spec.duplicate_rule) == ("keep", "day_level")
    result = summarize(spec)
    assert result.cleaning.count("duplicate") == 0 and result.cleaning.count("identical_rows") == 2
    assert next(s for s in result.cleaning.steps if s.step == "identical_rows").action == "kept_day_level"
    assert result.table["total_revenue"].to_dict() == {"a": 19.0, "b": 11.0, "c": 10.0}   # repeat purchases count
    day_log(times=True).to_csv(tmp_path / "timed.csv", index=False)
    day_log(order=True).to_csv(tmp_path / "orders.csv", index=False)
    for name, rule in (("timed.csv", "time_of_day"), ("orders.csv", "order_id")):
        spec = load_spec({"tables": str(tmp_path / name), "columns": cols})
        assert (spec.duplicates, spec.duplicate_rule) == ("drop", rule)
        result = summarize(spec)
        assert result.cleaning.count("duplicate") == 2 and result.cleaning.count("identical_rows") == 0
        assert result.table["total_revenue"].to_dict() == {"a": 12.0, "b": 7.0, "c": 10.0}
    declared = load_spec({"tables": str(tmp_path / "day.csv"), "columns": cols, "duplicates": "drop"})
    assert (declared.duplicates, declared.duplicate_rule) == ("drop", "declared")
    assert summarize(declared).cleaning.count("duplicate") == 2
    # inspect proposes what the rule decides
    assert inspect(tmp_path / "day.csv").proposal.duplicates == "keep"
    assert inspect(tmp_path / "timed.csv").proposal.duplicates == "drop"


def test_cdnow_identical_rows_are_kept_by_every_report(cdnow):
    """CDNOW is a day-level log without order ids: "Can we trust the data?" removed 255 identical rows that the
    customer-types report kept; the rule now keeps them in both, and the cleaning table says so."""
    from insight.report import sources
    from insight.report.sections.quality import bundled_quality
    from insight.style import Style

    out, rep = clean_transactions(cdnow, "customer_id", "date", "amount", quantity_col="quantity")
    assert len(out) == len(cdnow) == 69_659 and rep.count("identical_rows") == 255 and rep.count("duplicate") == 0
    src = sources.transaction_source("cdnow")
    assert src.drop_duplicates is False       # the customer-types and CLV reports' setting agrees with the rule
    cdnow_set = bundled_quality(Style(), demo_customers=200)[0]
    steps = next(t for _, t in cdnow_set.tables if not isinstance(t, pd.DataFrame))
    assert (steps.count("identical_rows"), steps.count("duplicate")) == (255, 0)


# --------------------------------------------------------------------------- surveys
def passenger_survey(n: int = 25_976, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"id": rng.permutation(np.arange(1, 129_881))[:n], "Gender": rng.choice(["Male", "Female"], n),
                       "Class": rng.choice(["Eco", "Business", "Eco Plus"], n), "Age": rng.integers(7, 86, n)})
    for aspect in ("Inflight wifi service", "Seat comfort", "Cleanliness", "Baggage handling"):
        df[aspect] = rng.integers(0, 6, n)
    df["satisfaction"] = rng.choice(["satisfied", "neutral or dissatisfied"], n, p=[0.44, 0.56])
    return df


def test_inspect_tells_a_surveys_outcome_from_its_aspects(tmp_path):
    """The passenger survey: the wifi rating was proposed as the overall score, the real outcome as a group, and
    26,291 distinct values were reported in a 25,976-row file (an approximate count of the row-number column)."""
    passenger_survey().to_csv(tmp_path / "passengers.csv")          # with pandas' row number, as exported
    got = inspect(tmp_path / "passengers.csv")
    cols = got.columns.set_index("column")
    assert got.rows == 25_976 and (cols["distinct"] <= got.rows).all()
    assert cols.loc["column0", "distinct"] == cols.loc["id", "distinct"] == 25_976      # exact, not 26,291
    assert cols.loc["column0", "guess"] == "index" and cols.loc["column0", "note"] == "index_column"
    assert cols.loc["satisfaction", "guess"] == "outcome" and cols.loc["satisfaction", "note_values"] == {
        "positive": "satisfied", "negative": "neutral or dissatisfied"}
    p = got.proposal
    assert got.kind == "survey" and got.notebooks == ["satisfaction"]
    assert p.roles[0].column == "satisfaction" and p.drivers == ["Inflight wifi service", "Seat comfort",
                                                                  "Cleanliness", "Baggage handling"]
    assert {r.role: r.column for r in p.roles}["group"] == "Gender"
    assert p.to_dict()["scales"]["satisfaction"] == {"neutral or dissatisfied": 0, "satisfied": 1}
    assert p.to_dict()["scales"]["Inflight wifi service"] == "0-5"


def test_an_aspect_is_never_the_overall_score_while_a_column_is_named_like_one(tmp_path):
    rng = np.random.default_rng(3)
    n = 200
    numeric = pd.DataFrame({"Inflight wifi service": rng.integers(0, 6, n), "Seat comfort": rng.integers(0, 6, n),
                            "Overall satisfaction": rng.integers(1, 6, n)})
    numeric.to_csv(tmp_path / "numeric.csv", index=False)
    got = inspect(tmp_path / "numeric.csv")
    assert got.proposal.roles[0].column == "Overall satisfaction"
    assert got.proposal.drivers == ["Inflight wifi service", "Seat comfort"]
    # a 0/1 outcome named like satisfaction is the outcome, with its 0-1 scale, not a yes/no flag
    flag = numeric.drop(columns="Overall satisfaction").assign(satisfied=rng.integers(0, 2, n))
    flag.to_csv(tmp_path / "flag.csv", index=False)
    got = inspect(tmp_path / "flag.csv")
    assert got.columns.set_index("column").loc["satisfied", "guess"] == "outcome"
    assert got.proposal.roles[0].column == "satisfied" and got.proposal.scales["satisfied"] == (0, 1)
    # named like satisfaction but in no wording known: no aspect is taken for it, the role is left to fill in
    odd = numeric.drop(columns="Overall satisfaction").assign(
        satisfaction=rng.choice(["meh", "ok", "wow"], n))
    odd.to_csv(tmp_path / "odd.csv", index=False)
    got = inspect(tmp_path / "odd.csv")
    assert got.proposal.roles[0].column is None and got.proposal.missing()[0] == "overall"


# --------------------------------------------------------------------------- workbooks
def test_inspect_reads_the_first_sheet_and_names_the_others(tmp_path):
    with pd.ExcelWriter(tmp_path / "book.xlsx") as xl:
        pd.DataFrame({"customer": ["a", "b", "a"], "date": ["2024-01-01 09:00", "2024-01-02 10:00", "2024-01-03 11:00"],
                      "amount": [1.0, 2.0, 3.0]}).to_excel(xl, sheet_name="Orders", index=False)
        pd.DataFrame({"x": [1]}).to_excel(xl, sheet_name="Notes", index=False)
        pd.DataFrame({"y": [1, 2]}).to_excel(xl, sheet_name="Totals", index=False)
    got = inspect(tmp_path / "book.xlsx")
    assert got.sheets == ["Orders", "Notes", "Totals"] and got.rows == 3
    assert got.proposal.to_dict()["tables"]["data"] == {"path": str(tmp_path / "book.xlsx"), "sheet": "Orders"}
    cols = {"customer_id": "customer", "date": "date", "amount": "amount"}
    spec = load_spec({"tables": {"o": {"path": str(tmp_path / "book.xlsx"), "sheet": "Orders"}}, "columns": cols})
    assert summarize(spec).table["total_revenue"].to_dict() == {"a": 4.0, "b": 2.0}
    totals = load_spec({"kind": "customers", "tables": {"t": {"path": str(tmp_path / "book.xlsx"), "sheet": 2}},
                        "columns": {"churn": "y"}})
    assert totals.load()[0]["y"].tolist() == [1, 2]
    bad = load_spec({"tables": {"o": {"path": str(tmp_path / "book.xlsx"), "sheet": "Sales"}}, "columns": cols})
    with pytest.raises(DataValidationError, match=r"tables.o.sheet == 'Sales': book.xlsx has no such sheet; its 3 "
                                                  r"sheet\(s\): Orders, Notes, Totals"):
        summarize(bad)
    single = tmp_path / "single.xlsx"
    pd.DataFrame({"x": [1, 2]}).to_excel(single, index=False)
    assert inspect(single).sheets == ["Sheet1"] and "sheet" not in inspect(single).proposal.to_dict()["tables"]["data"]


# --------------------------------------------------------------------------- time
def test_inspect_time_grows_with_the_columns_not_their_square(tmp_path):
    """Each column was profiled by a query that read the whole file again: 4x the columns took 16x the time
    (50 columns 31 s, 200 columns 493 s on 5,000 rows); the file is now read once."""
    rng = np.random.default_rng(0)

    def wide(k: int):
        cols = {f"{'qxgt'[j % 4]}{j}": (rng.integers(1, 6, 2000) if j % 4 == 0 else rng.normal(size=2000).round(3)
                                         if j % 4 == 1 else rng.choice(["north", "south", "east"], 2000) if j % 4 == 2
                                         else [f"w{v}" for v in rng.integers(0, 1500, 2000)]) for j in range(k)}
        path = tmp_path / f"wide{k}.csv"
        pd.DataFrame(cols).to_csv(path, index=False)
        return path

    def seconds(path) -> float:
        best = np.inf
        for _ in range(2):
            start = time.perf_counter()
            inspect(path)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = wide(30), wide(120)
    assert seconds(large) < 9 * seconds(small)        # linear: about 4x; the square: 16x


def test_inspect_proposes_a_complaint_log_and_its_roles(tmp_path):
    """A help-desk export was proposed as a purchase log (its ticket number as the customer id, no amount found)."""
    import yaml

    from insight.data.complaints import load_complaints
    from insight.report.sections.quality import proposal_yaml
    from insight.style import Style

    rng = np.random.default_rng(4)
    n = 300
    opened = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200 * 24, n), unit="h")
    log = pd.DataFrame({"Ticket No": [f"T{i:04d}" for i in range(n)], "Opened": opened.strftime("%Y-%m-%d %H:%M"),
                        "Client": rng.integers(100, 180, n), "Channel": rng.choice(["phone", "chat", "email"], n),
                        "Issue": rng.choice(["billing", "delivery", "login"], n),
                        "Description": rng.choice(["parcel never came", "charged twice", "cannot log in"], n),
                        "Resolved At": (opened + pd.to_timedelta(rng.integers(1, 96, n), unit="h")).strftime(
                            "%Y-%m-%d %H:%M"),
                        "Resolution": rng.choice(["refund", "explained", "replaced"], n),
                        "Disputed": rng.choice(["yes", "no"], n)})
    log.to_csv(tmp_path / "helpdesk.csv", index=False)
    ins = inspect(tmp_path / "helpdesk.csv")
    p = ins.proposal
    assert p.kind == "complaints"
    roles = {r.role: r.column for r in p.roles}
    assert {k: roles[k] for k in ("created", "id", "text", "resolved", "disputed", "outcome", "channel", "category",
                                  "customer_id")} == {
        "created": "Opened", "id": "Ticket No", "text": "Description", "resolved": "Resolved At",
        "disputed": "Disputed", "outcome": "Resolution", "channel": "Channel", "category": "Issue",
        "customer_id": "Client"}
    # the proposal, saved as it is printed, reads: every ticket, its hours to resolution from the two timestamps
    (tmp_path / "helpdesk.yaml").write_text(proposal_yaml(Style(), ins))
    spec = load_spec(yaml.safe_load((tmp_path / "helpdesk.yaml").read_text()), base=tmp_path)
    complaints = load_complaints(spec)
    assert len(complaints.table) == n
