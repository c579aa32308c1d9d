"""Persian input (issue 28, item 6): Persian and Arabic-Indic digits and separators in numbers, Persian yes/no
answers and rating words, with Arabic ي/ك and zero-width non-joiners, read by the shared parsers."""

import pandas as pd
import pytest

from insight.data.scales import apply_scale
from insight.data.spec import load_spec
from insight.exceptions import DataValidationError
from insight.parsers import to_bool, to_numeric


def test_persian_digits_are_numbers():
    assert to_numeric(pd.Series(["۱۲٬۳۴۵٫۵", "٢٠", "7", None]), "amount").tolist()[:3] == [12345.5, 20.0, 7.0]
    with pytest.raises(DataValidationError, match="'amount': 1 of 2"):
        to_numeric(pd.Series(["۱۲", "دوازده"]), "amount")


def test_a_purchase_log_with_persian_amounts(tmp_path):
    pd.DataFrame({"cust": ["C1", "C2", "C1"], "day": ["2024-01-05", "2024-02-01", "2024-03-01"],
                  "amt": ["۱۲٬۳۴۵٫۵", "٢٠", "30"]}).to_csv(tmp_path / "t.csv", index=False)
    spec = load_spec({"kind": "transactions", "name": "t", "tables": {"data": {"path": str(tmp_path / "t.csv")}},
                      "columns": {"customer_id": "cust", "date": "day", "amount": "amt"}})
    df, _ = spec.load()
    assert df["amount"].tolist() == [12345.5, 20.0, 30.0]


def test_persian_yes_no_and_rating_words():
    assert to_bool(pd.Series(["بله", "خیر", "آری", "نه", "Yes"]), "opt_out").tolist() == [True, False, True, False,
                                                                                        True]
    scores, words, _ = apply_scale(pd.Series(["خيلي راضي", "ناراضی", "راضی", "متوسط", "خیلی ناراضی"]), "q")
    assert scores.tolist() == [5.0, 2.0, 4.0, 3.0, 1.0] and len(words) == 5       # Arabic ي read as Persian ی
    scores, _, _ = apply_scale(pd.Series(["کاملاً موافقم", "مخالفم", "نظری\u200cندارم"]), "q")
    assert scores.tolist() == [5.0, 2.0, 3.0]                                     # tanwin and ZWNJ


def test_solar_hijri_dates_read_with_calendar_jalali(tmp_path):
    """A log whose dates are Solar Hijri (Latin or Persian digits, / or -) is read with calendar: jalali; without it
    the dates are refused, never read as Gregorian dates of the year 1402."""
    pd.DataFrame({"cust": ["C1", "C2", "C1"], "day": ["1402/09/14", "۱۴۰۳-۰۱-۰۱", "1357/11/22"],
                  "amt": [10, 20, 30]}).to_csv(tmp_path / "t.csv", index=False)

    def spec(**table):
        return load_spec({"kind": "transactions", "name": "t",
                          "tables": {"data": {"path": str(tmp_path / "t.csv"), **table}},
                          "columns": {"customer_id": "cust", "date": "day", "amount": "amt"}})

    df, _ = spec(calendar="jalali").load()
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-12-05", "2024-03-20", "1979-02-11"]
    with pytest.raises(DataValidationError, match="3 of 3 dates look like Solar Hijri.*calendar: jalali"):
        spec().load()


def test_inspect_proposes_the_solar_hijri_calendar_and_never_reads_1402_as_a_year(tmp_path):
    from insight.data.inspect import inspect

    pd.DataFrame({"customer_id": ["C1", "C2", "C1", "C3"] * 10, "purchase_date": ["1402/09/14", "۱۴۰۳-۰۱-۰۱",
                  "1357/11/22", "1402/12/29"] * 10, "amount": [10, 20, 30, 5] * 10}).to_csv(tmp_path / "j.csv",
                                                                                          index=False)
    ins = inspect(tmp_path / "j.csv")
    assert ins.proposal.calendar == "jalali" and ins.proposal.to_dict()["tables"]["data"]["calendar"] == "jalali"
    df, _ = load_spec(ins.proposal.to_dict()).load()
    assert df["date"].min() == pd.Timestamp("1979-02-11") and df["date"].max() == pd.Timestamp("2024-03-20")


def test_the_persian_demo_company_is_the_demo_company_in_persian_and_toman():
    """data: demo_fa: the same customers and figures, values named in Persian, amounts in Toman."""
    from insight.data.demo_persian import PERSIAN_NAMES, TOMAN_PER_DOLLAR
    from insight.report.sources import churn_source, transaction_source

    en, fa = transaction_source("demo", demo_customers=400), transaction_source("demo_fa", demo_customers=400)
    assert fa.name == "شرکت نمونه (شبیه‌سازی‌شده)" and fa.simulated
    assert (fa.transactions["amount"] == en.transactions["amount"] * TOMAN_PER_DOLLAR).all()
    assert set(fa.transactions["category"].astype(str)) == {PERSIAN_NAMES["category"][c] for c in
                                                            en.transactions["category"].astype(str).unique()}
    ch_en, ch_fa = churn_source("demo", demo_customers=400), churn_source("demo_fa", demo_customers=400)
    assert ch_fa.table["churned"].equals(ch_en.table["churned"])
    assert set(ch_fa.table["complaint"].astype(str)) <= set(PERSIAN_NAMES["complaint"].values())
    # early revenue is rounded to the cent (dollars) and to the rial-cent (Toman) before and after the factor
    assert ch_fa.table["early_revenue"].to_numpy() == pytest.approx(
        ch_en.table["early_revenue"].to_numpy() * TOMAN_PER_DOLLAR, abs=0.01 * TOMAN_PER_DOLLAR)


def test_amounts_declared_in_rials_are_read_in_the_reports_unit(tmp_path):
    """A specification's amount_unit says the amounts are rials; a report in Toman (IRT) or new rials (IRN) reads them
    divided by 10 or 10,000; units without a fixed ratio are refused with what to do."""
    import pytest

    from insight.data.spec import load_spec
    from insight.exceptions import DataValidationError
    from insight.features.summary import customer_summary
    from insight.report.sources import transaction_source

    (tmp_path / "sales.csv").write_text("customer,day,rials\nA,2024-01-05,1250000\nA,2024-02-07,500000\n"
                                        "B,2024-01-09,3000000\n", encoding="utf-8")
    yaml = ("kind: transactions\ntables: sales.csv\namount_unit: irr\n"
            "columns: {customer_id: customer, date: day, amount: rials}\n")
    (tmp_path / "sales.yaml").write_text(yaml, encoding="utf-8")
    spec = load_spec(tmp_path / "sales.yaml")
    assert spec.amount_unit == "IRR"
    totals = {u: customer_summary(spec.in_unit(u))["total_revenue"].to_dict() for u in ("IRR", "IRT", "IRN")}
    assert totals["IRR"] == {"A": 1_750_000.0, "B": 3_000_000.0}
    assert totals["IRT"] == {"A": 175_000.0, "B": 300_000.0} and totals["IRN"] == {"A": 175.0, "B": 300.0}
    source = transaction_source(str(tmp_path / "sales.yaml"), currency="IRT")
    assert customer_summary(source.transactions)["total_revenue"].sum() == 475_000.0
    with pytest.raises(DataValidationError, match="amount_unit == 'IRR': the amounts cannot be shown in 'USD'"):
        transaction_source(str(tmp_path / "sales.yaml"), currency="USD")
    (tmp_path / "bad.yaml").write_text(yaml.replace("irr", "rial"), encoding="utf-8")
    with pytest.raises(DataValidationError, match="amount_unit == 'rial': must be a three-letter money code"):
        load_spec(tmp_path / "bad.yaml")


def test_the_data_layer_and_the_style_agree_on_the_rial_units():
    from insight.data.spec import RIALS_PER_UNIT
    from insight.style import UNITS

    assert RIALS_PER_UNIT == UNITS


def test_inspect_reads_a_persian_shops_export(tmp_path):
    """Persian column names (شناسه مشتری, تاریخ خرید, مبلغ (ریال)), amounts in Persian digits with ٬ separators and
    Solar Hijri dates: inspect finds the roles, the calendar and the rial unit, and the specification it writes
    reads the amounts exactly."""
    from insight.data.inspect import inspect
    from insight.data.spec import load_spec
    from insight.features.summary import customer_summary

    (tmp_path / "sales.csv").write_text(
        "شناسه مشتری,تاریخ خرید,مبلغ (ریال),شهر\nC1,۱۴۰۲/۰۹/۱۴,\"۲٬۰۴۹٬۰۰۰\",تهران\nC1,1402/10/02,500000,تهران\n"
        "C2,۱۴۰۲/۰۹/۲۰,\"۱٬۰۰۰٬۰۰۰\",مشهد\n" + "".join(f"C{k},1402/08/{k:02d},{k}000,شیراز\n" for k in range(3, 29)),
        encoding="utf-8")
    p = inspect(tmp_path / "sales.csv").proposal
    assert {r.role: r.column for r in p.roles if r.column} == {"customer_id": "شناسه مشتری", "date": "تاریخ خرید",
                                                               "amount": "مبلغ (ریال)", "channel": "شهر"}
    assert (p.calendar, p.amount_unit) == ("jalali", "IRR")
    spec = load_spec({**p.to_dict(), "tables": {"data": {**p.to_dict()["tables"]["data"],
                                                          "path": str(tmp_path / "sales.csv")}}})
    toman = customer_summary(spec.in_unit("IRT"))["total_revenue"]
    assert (toman["C1"], toman["C2"], toman["C3"]) == (254_900.0, 100_000.0, 300.0)


def test_persian_digits_in_every_column_read_as_latin_digits_would_be(tmp_path):
    """A shop's export writes ids, quantities and money in Persian or Arabic-Indic digits in some rows and Latin in
    others: ۱۰۴۰, ١٠٤٠ and 1040 are one customer (the count once came out 101 for 59), a quantity in Persian digits
    is a number a returns rule can compare, and a column declared integer reads them."""
    ids = ["1040", "۱۰۴۰", "١٠٤٠", "1041", "۱۰۴۲", "-", "C۷", "C7"]
    qty = ["۲", "1", "-۱", "۳", "4", "۱", "\u22122", "1"]   # U+2212, the typographic minus
    pd.DataFrame({"شناسه مشتری": ids, "تاریخ": ["2024-01-0%d" % (i + 1) for i in range(8)],
                  "مبلغ": ["۱۰٬۰۰۰", "2000", "۳۰۰۰", "٤٠٠٠", "5000", "۶۰۰۰", "7000", "۸۰۰۰"],
                  "تعداد": qty, "توضیح": ["ارسال ۳ روزه", "خوب", "", "عالی", "بد", "۲ بار", "", "ok"]}
                 ).to_csv(tmp_path / "o.csv", index=False)

    def spec(**extra):
        return load_spec({"kind": "transactions", "name": "o", "tables": {"data": {"path": str(tmp_path / "o.csv")}},
                          "columns": {"customer_id": "شناسه مشتری", "date": "تاریخ", "amount": "مبلغ",
                                      "quantity": "تعداد"}, "ids": {"placeholders": ["-"]}, **extra})

    df, rep = spec(returns="تعداد < 0").load()
    assert sorted(df["customer_id"].dropna().unique()) == ["1040", "1041", "1042", "C7"]   # 4 customers, not 7
    assert df["customer_id"].isna().sum() == 1
    assert df["quantity"].tolist() == [2, 1, -1, 3, 4, 1, -2, 1]
    assert df["amount"].tolist() == [10000.0, 2000.0, -3000.0, 4000.0, 5000.0, 6000.0, -7000.0, 8000.0]
    df, _ = spec(types={"تعداد": "integer"}).load()
    assert df["quantity"].sum() == 9
    # a comment column keeps its own digits: only columns of numbers are read as numbers
    from insight.data.tables import TableSpec
    from insight.parsers import duckdb_connect

    con = duckdb_connect()
    table = TableSpec("o", [tmp_path / "o.csv"])
    rows = con.execute(f"SELECT توضیح FROM {table.reader(con)}").fetchall()
    assert rows[0][0] == "ارسال ۳ روزه" and rows[5][0] == "۲ بار"


def test_a_customer_table_in_persian_digits_and_a_ticket_log_in_solar_hijri_times(tmp_path):
    """Duration and value of a subscription table in Persian digits are numbers; a ticket log's Solar Hijri
    timestamps keep their time of day (a median resolution once came out 24 h for 28.7 h)."""
    from insight.data.complaints import load_complaints

    pd.DataFrame({"شناسه": ["۱", "2", "۳"], "مدت": ["۱۲", "3", "۳۶"], "لغو": ["بله", "خیر", "خیر"],
                  "حق اشتراک": ["۱۵۰٬۰۰۰", "90000", "۲۰۰٬۰۰۰"]}).to_csv(tmp_path / "s.csv", index=False)
    customers, _ = load_spec({"kind": "customers", "name": "s", "tables": {"data": {"path": str(tmp_path / "s.csv")}},
                              "columns": {"customer_id": "شناسه", "duration": "مدت", "churn": "لغو",
                                          "value": "حق اشتراک"}, "value_period": "month"}).load()
    assert customers["مدت"].tolist() == [12, 3, 36] and customers["حق اشتراک"].sum() == 440000
    pd.DataFrame({"شماره": [1, 2, 3], "ثبت": ["1402/12/19 14:21", "۱۴۰۲/۱۲/۱۹ ۱۱:۲۶", "1403/01/05 07:05:09"],
                  "حل": ["1402/12/20 16:21", "۱۴۰۲/۱۲/۱۹ ۱۲:۵۶", ""]}).to_csv(tmp_path / "t.csv", index=False)
    log = load_complaints(load_spec({"kind": "complaints", "name": "t",
                                     "tables": {"data": {"path": str(tmp_path / "t.csv"), "calendar": "jalali"}},
                                     "columns": {"id": "شماره", "created": "ثبت", "resolved": "حل"}}))
    assert log.table["created"].dt.strftime("%Y-%m-%d %H:%M:%S").tolist() == [
        "2024-03-09 14:21:00", "2024-03-09 11:26:00", "2024-03-24 07:05:09"]
    assert log.table["hours_to_resolution"].tolist()[:2] == [26.0, 1.5]


def test_a_total_line_at_the_end_of_an_export_is_not_a_purchase(tmp_path):
    """Exports end with a total line ("جمع کل", the sum, no date): its label is a missing-id code by default, so the
    summary counts it as a row without a customer instead of refusing the file for a missing date."""
    from insight.features.summary import summarize

    rows = [("1", "2024-01-05", "100"), ("2", "2024-01-09", "50"), ("1", "2024-02-01", "۳۰"), ("جمع کل", "", "180")]
    pd.DataFrame(rows, columns=["مشتری", "تاریخ", "مبلغ"]).to_csv(tmp_path / "o.csv", index=False)
    spec = load_spec({"kind": "transactions", "name": "o", "tables": {"data": {"path": str(tmp_path / "o.csv")}},
                      "columns": {"customer_id": "مشتری", "date": "تاریخ", "amount": "مبلغ"}})   # default codes
    summary = summarize(spec, time_unit="D")
    assert summary.table["frequency"].to_dict() == {"1": 1, "2": 0}
    counts = {s.step: s.rows for s in summary.cleaning.steps}
    assert counts["placeholder_id"] == counts["missing_id"] == 1


def test_scales_all_reads_every_rating_column_with_its_words_and_not_applicable_codes(tmp_path):
    """``scales: all`` once only set the charts' range: its words and N/A codes were ignored, so each column had
    to be listed. The common neutral "نه راضی نه ناراضی" is a known wording without any scale."""
    words = ["خیلی ناراضی", "ناراضی", "نه راضی نه ناراضی", "راضی", "خیلی راضی"]
    pd.DataFrame({"کد": [1, 2, 3, 4], "کلی": ["راضی", "بدون پاسخ", "خیلی راضی", "ناراضی"],
                  "ارسال": ["نه راضی نه ناراضی", "خیلی ناراضی", "بدون پاسخ", "راضی"]}).to_csv(tmp_path / "s.csv",
                                                                                            index=False)

    def survey(scales):
        return load_spec({"kind": "survey", "name": "s", "tables": {"data": {"path": str(tmp_path / "s.csv")}},
                          "columns": {"customer_id": "کد", "overall": "کلی", "drivers": ["ارسال"]},
                          **({"scales": scales} if scales else {})}).load()

    df, rep = survey({"all": {"words": words, "na": ["بدون پاسخ"]}})
    assert df["کلی"].tolist()[0::2] == [4.0, 5.0] and df["ارسال"].tolist()[:2] == [3.0, 1.0]
    assert df[["کلی", "ارسال"]].isna().sum().tolist() == [1, 1]
    assert sum(s.rows for s in rep.steps if s.step == "not_applicable") == 2
    scores, _, _ = apply_scale(pd.Series(words), "q")
    assert scores.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
