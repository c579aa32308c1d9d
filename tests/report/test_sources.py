"""Notebooks rendered on users' files by parameters or a data specification alone (issue 13)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataValidationError
from insight.report import run as report
from insight.report import sources

ROOT = Path(__file__).resolve().parents[2]
NB = ROOT / "notebooks"


def text_of(path) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(Path(path).read_text(), "html.parser").get_text(" ")


@pytest.mark.notebook
@pytest.mark.parametrize("name", ["customer_types", "clv"])
def test_online_retail_renders_through_its_specification(name, tmp_path):
    r = report.render(NB / f"{name}.ipynb", tmp_path, {"data": "online_retail"})
    assert r.ok, r.error
    text = text_of(r.html)
    assert "exact duplicate row" in text and "float-formatted customer id" in text
    assert "Data specification: Online Retail (UCI sample)" in text and "Quantity * UnitPrice" in text  # provenance
    assert str(ROOT) not in Path(r.html).read_text()       # no warning printed with the machine's paths
    if name == "clv":   # the dropout of this year of data is not identified, and the report says so
        assert "Dropout is not identified" in text and "No P(alive), churn or CLV figures" in text


@pytest.mark.notebook
def test_churn_notebook_on_a_file_with_odd_columns(tmp_path):
    rng = np.random.default_rng(1)
    n = 400
    months = rng.integers(1, 60, n)
    df = pd.DataFrame({"Kunden-Nr.": [f"K{i:04d}" for i in range(n)], "Vertrag": rng.choice(["Monat", "Jahr"], n),
                       "Monate dabei": months, "Umsatz/Monat": rng.gamma(5, 10, n).round(2),
                       "Gekündigt?": np.where(rng.random(n) < 0.25 + 0.2 * (months < 12), "Ja", "Nein")})
    # start dates written day-first; leavers left up to a year before the export of 31.12.2024
    gone = np.where(df["Gekündigt?"] == "Ja", rng.integers(0, 365, n), 0)
    start = pd.Timestamp("2024-12-31") - pd.to_timedelta(months * 30.44 + gone, unit="D")
    df["Vertragsbeginn"] = start.strftime("%d.%m.%Y")
    df.to_csv(tmp_path / "kunden.csv", sep=";", index=False)
    (tmp_path / "kunden.yaml").write_text(
        "kind: customers\ntables:\n  k: {path: kunden.csv, sep: ';'}\n"
        "columns: {churn: 'Gekündigt?', customer_id: Kunden-Nr., duration: Monate dabei, group: Vertrag, "
        "value: Umsatz/Monat, start: Vertragsbeginn}\nchurn_value: Ja\nvalue_period: monthly\n")
    r = report.render(NB / "churn.ipynb", tmp_path / "out", {"data": str(tmp_path / "kunden.yaml"), "n_splits": 3})
    assert r.ok, r.error
    text = text_of(r.html)
    assert "(116 of 400)" in text and str(tmp_path) not in Path(r.html).read_text()
    # the start cohorts, with the day-first dates read as such (a month-first reading would fail on day 13+)
    first = start.min().to_period("M")
    assert "Retention by start cohort" in text and f"who started in {first}" in text
    assert "Vertragsbeginn" not in text.split("Why customers leave")[1].split("Hazard")[0]   # not a churn driver


@pytest.mark.notebook
def test_satisfaction_notebook_on_a_word_scale_survey(tmp_path):
    rng = np.random.default_rng(2)
    words = np.array(["Low", "Medium", "High", "Very_High"])
    n = 300
    env, bal = rng.integers(0, 4, n), rng.integers(0, 4, n)
    job = np.clip(np.round(0.5 * env + 0.3 * bal + rng.normal(0.5, 0.8, n)), 0, 3).astype(int)
    pd.DataFrame({"JobSatisfaction": words[job], "EnvironmentSatisfaction": words[env],
                  "RelationshipSatisfaction": words[bal], "Department": rng.choice(["Sales", "R&D"], n)}
                 ).to_csv(tmp_path / "hr.csv", index=False)
    (tmp_path / "hr.yaml").write_text("kind: survey\ntables: hr.csv\ncolumns: {overall: JobSatisfaction, drivers: "
                                      "[EnvironmentSatisfaction, RelationshipSatisfaction], group: Department}\n")
    r = report.render(NB / "satisfaction.ipynb", tmp_path / "out", {"data": str(tmp_path / "hr.yaml")})
    assert r.ok, r.error
    assert "scale 1-4" in text_of(r.html)


@pytest.mark.notebook
def test_data_quality_on_a_specification_and_on_a_bare_file(tmp_path):
    r = report.render(NB / "data_quality.ipynb", tmp_path / "spec", {"data": "online_retail"})
    assert r.ok, r.error
    text = text_of(r.html)
    assert "Online Retail (UCI sample) : transactions data from 1 table(s)" in text
    assert "CDNOW purchases" not in text                    # the bundled sections are left out
    raw = ROOT / "data" / "raw" / "telco_churn.csv"
    r = report.render(NB / "data_quality.ipynb", tmp_path / "file", {"data": str(raw)})
    assert r.ok, r.error
    text = text_of(r.html)
    assert "with the proposed specification it can feed" in text and "kind: customers" in text


@pytest.mark.notebook
def test_overview_notebook_on_a_log_alone(tmp_path):
    r = report.render(NB / "overview.ipynb", tmp_path, {"data": "online_retail"})
    assert r.ok, r.error
    text = text_of(r.html)
    assert "Not covered by these data" in text and "What customers think : needs a survey" in text
    assert str(ROOT) not in Path(r.html).read_text()


@pytest.mark.notebook
def test_customer_types_and_clv_on_a_multi_table_export(tmp_path):
    """Orders, payments (several per order) and customers in separate files, joined by the specification;
    too few repeat buyers for customer types, which the report says instead of clustering."""
    rng = np.random.default_rng(3)
    n = 400
    orders = pd.DataFrame({"order_id": [f"o{i}" for i in range(n)], "customer_id": rng.integers(0, 50, n).astype(str),
                           "order_purchase_timestamp": (pd.Timestamp("2023-01-01") + pd.to_timedelta(
                               rng.integers(0, 700, n), unit="D")).strftime("%d/%m/%Y 10:00")})
    pay = orders[["order_id"]].sample(frac=1.4, replace=True, random_state=1).assign(
        payment_value=rng.gamma(2, 30, int(n * 1.4)).round(2))
    orders.to_csv(tmp_path / "orders.csv", index=False)
    pay.to_csv(tmp_path / "payments.csv", index=False)
    pd.DataFrame({"customer_id": [str(i) for i in range(50)], "state": rng.choice(["SP", "RJ"], 50)}).to_csv(
        tmp_path / "customers.csv", index=False)
    (tmp_path / "shop.yaml").write_text(
        "kind: transactions\nname: shop export\ntables:\n  orders: {path: orders.csv, dayfirst: true}\n"
        "  payments: {path: payments.csv, join: order_id, aggregate: true}\n"
        "  customers: {path: customers.csv, join: customer_id}\n"
        "columns: {customer_id: customer_id, date: order_purchase_timestamp, amount: payment_value, channel: state}\n")
    spec = str(tmp_path / "shop.yaml")
    r = report.render(NB / "customer_types.ipynb", tmp_path / "ct", {"data": spec})
    assert r.ok, r.error
    text = text_of(r.html)
    assert "payments: several rows per key, summed" in text and "no matching row in payments" in text
    assert "missing amount" in text                        # orders without a payment: counted, removed
    assert "No customer types for these data" in text
    r = report.render(NB / "clv.ipynb", tmp_path / "clv", {"data": spec})
    assert r.ok, r.error


def test_a_value_column_without_its_period_is_refused(tmp_path):
    pd.DataFrame({"id": [1, 2, 3], "left": ["yes", "no", "no"], "rev": [9.0, 4.0, 5.0]}).to_csv(tmp_path / "c.csv",
                                                                                               index=False)
    path = str(tmp_path / "c.csv")
    with pytest.raises(DataValidationError, match="parameter 'value_period' is empty: say what the value column 'rev'"):
        sources.churn_source(path, target_col="left", id_col="id", value_col="rev")
    src = sources.churn_source(path, target_col="left", id_col="id", value_col="rev", value_period="year")
    assert src.value_period == "year"


def test_a_table_with_junk_lines_before_its_header_reads(tmp_path):
    """Orders and tickets files were read by pandas, and an archive tool's two banner lines gave a raw ParserError."""
    path = tmp_path / "orders.csv"
    path.write_text("Exported by ArchiveTool v2\nrun 2024-12-01 10:00\norder_id;customer_id;amount\n"
                    "o1;a;5.5\no2;b;6\no3;a;7\n")
    table = sources.read_table(path, "orders_path")
    assert list(table.columns) == ["order_id", "customer_id", "amount"] and table["amount"].tolist() == [5.5, 6.0, 7.0]
    (tmp_path / "bad.xlsx").write_text("x")
    with pytest.raises(DataValidationError, match=r"parameter 'orders_path': file bad.xlsx is read directly only as .csv or .parquet.*insight inspect bad.xlsx"):
        sources.read_table(tmp_path / "bad.xlsx", "orders_path")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataValidationError, match=r"parameter 'tickets_path': cannot read empty.csv"):
        sources.read_table(tmp_path / "empty.csv", "tickets_path")
