"""The data_quality report on a specification: exact distinct counts (ids in Persian and Latin digits counted once),
numeric ranges of numbers written as text, and monthly charts by month of the report's calendar."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from insight.data.spec import load_spec
from insight.plots import plot_monthly_activity
from insight.report.sections.quality import columns_table, daily_activity, exact_columns, quality_report, spec_columns
from insight.style import Style

FA = Style(language="fa")


@pytest.fixture
def customers(tmp_path):
    """12 rows of 10 customers: ids in Persian or Latin digits (customer 5 written both ways, customer 7 twice),
    tenures 1 to 36 and amounts up to 10,790,000 written as text, some in Persian digits with separators."""
    ids = ["۱", "2", "۳", "4", "۵", "5", "6", "7", "7", "۸", "9", "10"]
    tenure = ["1", "۹", "36", "12", "۲۰", "3", "9", "4", "5", "۳۶", "2", "10"]
    amount = ["10790000", "۹٬۳۲۰٬۰۰۰", "500000", "1200000", "۸۰۰۰۰۰", "950000", "2000000", "3000000", "3100000",
              "4000000", "5000000", "6000000"]
    left = ["yes", "no"] * 6
    pd.DataFrame({"id": ids, "tenure": tenure, "fee": amount, "left": left}).to_csv(tmp_path / "subs.csv", index=False)
    (tmp_path / "subs.yaml").write_text(
        "kind: customers\nname: subs\ntables:\n  data:\n    path: subs.csv\ncolumns:\n  customer_id: id\n"
        "  duration: tenure\n  churn: left\n  value: fee\nvalue_period: month\nduplicates: drop\n", encoding="utf-8")
    return tmp_path / "subs.yaml"


def test_distinct_counts_are_exact_and_ids_count_once_however_written(customers):
    exact = exact_columns(load_spec(customers))
    assert exact.loc["id", "distinct"] == 10           # "۵" and "5" are one customer, "7" is there twice
    assert exact.loc["tenure", "distinct"] == 10       # 1 2 3 4 5 9 10 12 20 36 ("۹"/"9" and "۳۶"/"36" are one)
    assert exact.loc["left", "distinct"] == 2 and not exact.loc["left", "numeric"]
    q = spec_columns(load_spec(customers))
    assert q.loc["id", "distinct"] == 10 and "distinct_approx" not in q.columns
    assert pd.isna(q.loc["id", "min"])                 # the id's range stays hidden


def test_numbers_written_as_text_get_their_numeric_range_in_the_reports_digits(customers):
    q = spec_columns(load_spec(customers))
    assert (q.loc["tenure", "min"], q.loc["tenure", "max"]) == (1.0, 36.0)
    assert (q.loc["fee", "min"], q.loc["fee", "max"]) == (500000.0, 10790000.0)
    fa = columns_table(FA, q)
    rng = fa.columns[-1]
    assert fa.loc["tenure", rng] == "۱ تا ۳۶"
    assert fa.loc["fee", rng] == "۵۰۰٬۰۰۰ تا ۱۰٬۷۹۰٬۰۰۰"
    en = columns_table(Style(), q)
    assert en.loc["tenure", "Range"] == "1 to 36" and en.loc["fee", "Range"] == "500,000 to 10,790,000"
    assert en.loc["id", "Distinct"] == 10
    # the report's table shows the same
    shown = quality_report(str(customers)).yours()[0].text
    assert "1 to 36" in shown and "500,000 to 10,790,000" in shown


@pytest.fixture
def orders(tmp_path):
    """Five purchases across the Solar Hijri new year: 2024-03-19 is 29 Esfand 1402, 2024-03-20 is 1 Farvardin
    1403, 2024-05-25 is 5 Khordad 1403 (nothing in Ordibehesht)."""
    pd.DataFrame({"customer": ["a", "b", "a", "c", "b"],
                  "day": ["2024-03-01", "2024-03-19", "2024-03-20", "2024-03-31", "2024-05-25"],
                  "amount": [10.0, 20.0, 5.0, 7.0, 40.0]}).to_csv(tmp_path / "orders.csv", index=False)
    (tmp_path / "orders.yaml").write_text(
        "kind: transactions\nname: orders\ntables:\n  data:\n    path: orders.csv\ncolumns:\n  customer_id: customer\n"
        "  date: day\n  amount: amount\n", encoding="utf-8")
    return tmp_path / "orders.yaml"


def test_the_monthly_chart_buckets_and_labels_by_the_months_of_the_reports_calendar(orders):
    days = daily_activity(load_spec(orders))
    assert days["day"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-01", "2024-03-19", "2024-03-20", "2024-03-31",
                                                            "2024-05-25"]
    assert days["amount"].tolist() == [10.0, 20.0, 5.0, 7.0, 40.0] and days["rows"].tolist() == [1] * 5
    ax = plot_monthly_activity(days, "day", "amount", style=FA)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["اسفند ۱۴۰۲", "فروردین ۱۴۰۳", "اردیبهشت ۱۴۰۳",
                                                            "خرداد ۱۴۰۳"]
    assert [p.get_height() for p in ax.patches] == [30.0, 12.0, 0.0, 40.0]
    plt.close(ax.figure)
    ax = plot_monthly_activity(days, "day", "amount", style=Style())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-03", "2024-04", "2024-05"]
    assert [p.get_height() for p in ax.patches] == [42.0, 0.0, 40.0]
    plt.close(ax.figure)
    # the Persian report draws it (Solar Hijri by default) and its table counts the 3 customers exactly
    report = quality_report(str(orders), language="fa")
    shown = report.yours()
    assert report.style.calendar == "jalali" and len(shown) == 3 and shown[2].text.startswith("[chart]")
    assert spec_columns(load_spec(orders)).loc["customer", "distinct"] == 3


def test_monthly_amounts_of_a_log_in_rials_are_shown_in_toman_when_asked(tmp_path):
    """The other reports convert a log declared in rials to the report's Toman; data_quality showed rials beside
    them. With currency IRT its monthly amounts are a tenth of the file's, and the caption names the unit."""
    pd.DataFrame({"c": ["1", "2", "1"], "d": ["2024-01-05", "2024-01-20", "2024-02-03"],
                  "a": [1_000_000, 250_000, 40_000]}).to_csv(tmp_path / "o.csv", index=False)
    (tmp_path / "o.yaml").write_text("kind: transactions\nname: o\ntables:\n  data:\n    path: o.csv\ncolumns:\n"
                                     "  customer_id: c\n  date: d\n  amount: a\namount_unit: IRR\n", encoding="utf-8")
    rials = quality_report(str(tmp_path / "o.yaml"))
    toman = quality_report(str(tmp_path / "o.yaml"), language="fa", currency="IRT")
    assert daily_activity(rials.own)["amount"].tolist() == [1_000_000, 250_000, 40_000]
    assert daily_activity(toman.own)["amount"].tolist() == [100_000, 25_000, 4_000]
    captions = [h.text for h in toman.yours()]
    assert "مبلغ در هر ماه تقویمی به تومان، پس از پاک‌سازی." in " ".join(captions)
    # the date column's range is its first and last day as read, in the report's calendar and digits
    import jdatetime

    shown = columns_table(Style(language="fa"), spec_columns(toman.own))
    first, last = (jdatetime.date.fromgregorian(year=2024, month=m, day=d).strftime("%Y/%m/%d") for m, d in ((1, 5),
                                                                                                              (2, 3)))
    assert shown.iloc[1, -1] == Style(language="fa").native(f"{first} تا {last}") == "۱۴۰۲/۱۰/۱۵ تا ۱۴۰۲/۱۱/۱۴"
    plt.close("all")
