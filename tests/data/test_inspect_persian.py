"""``insight inspect`` on Persian exports (a new-user trial): numbers in Persian digits, Persian "no answer" codes,
Persian headers of surveys, tickets and reviews, a workbook with a title line, and the proposed path.

Every file is constructed here, small, of the shape the trial met.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from insight.data.inspect import inspect
from insight.data.spec import DEFAULT_PLACEHOLDERS, load_spec
from insight.report.sections.quality import proposal_yaml
from insight.style import Style

FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WORDS = ["خیلی ناراضی", "ناراضی", "متوسط", "راضی", "خیلی راضی"]


def fa(x, i: int = 0) -> str:
    """``x`` written in Persian digits (even ``i``), Arabic-Indic digits (``i % 3 == 1``) or Latin ones."""
    s = f"{x:,}".replace(",", "٬") if isinstance(x, int) and x >= 1000 else str(x)
    return s.translate(FA if i % 3 == 0 else AR) if i % 3 != 2 else s.replace("٬", "")


def jalali(i: int) -> str:
    return (f"1402/{1 + i % 12:02d}/{1 + i % 28:02d}").translate(FA if i % 2 else str.maketrans("", ""))


def guesses(ins) -> dict:
    return ins.columns.set_index("column")["guess"].to_dict()


def roles(ins) -> dict:
    return {r.role: r.column for r in ins.proposal.roles if r.column is not None}


def reread(ins, base: Path):
    """The proposal as printed, read back as a specification (it must load)."""
    return load_spec(yaml.safe_load(proposal_yaml(Style(), ins)), base=base)


# --------------------------------------------------------------------------- 1. Persian digits
def test_numbers_in_persian_digits_with_few_values_are_numbers_not_a_traceback(tmp_path):
    """A fee like ۱۵۰٬۰۰۰ and a rating ۱-۵ with 11 or fewer values ended in ValueError / TypeError."""
    n = 60
    frame = pd.DataFrame({"شناسه": range(2000, 2000 + n),
                          "لغو شده": ["بله" if i % 4 == 0 else "خیر" for i in range(n)],
                          "حق اشتراک ماهانه (تومان)": [fa([150_000, 400_000, 250_000][i % 3], i) for i in range(n)],
                          "امتیاز": [fa(1 + i % 5, i) for i in range(n)],
                          "توصیه به دیگران": ["بدون پاسخ" if i % 9 == 0 else fa(i % 11, i) for i in range(n)]})
    path = tmp_path / "subscribers.csv"
    frame.to_csv(path, index=False)
    got = inspect(path)
    cols = got.columns.set_index("column")
    assert cols.loc["حق اشتراک ماهانه (تومان)", "guess"] == "amount"
    assert (cols.loc["امتیاز", "guess"], cols.loc["امتیاز", "low"], cols.loc["امتیاز", "high"]) == ("rating", 1, 5)
    assert (cols.loc["توصیه به دیگران", "guess"], cols.loc["توصیه به دیگران", "low"],
            cols.loc["توصیه به دیگران", "high"]) == ("rating", 0, 10)
    out = subprocess.run([sys.executable, "-m", "insight", "inspect", str(path)], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr


# --------------------------------------------------------------------------- 2. placeholders
def test_placeholders_keep_the_defaults_and_add_the_codes_the_ids_hold(tmp_path):
    n = 80
    ids = [str(1000 + i % 20) for i in range(n)]
    ids[3], ids[7], ids[11] = "نامشخص", "N/A", "-"
    frame = pd.DataFrame({"شناسه مشتری": ids, "تاریخ خرید": [jalali(i) for i in range(n)],
                          "مبلغ (ریال)": [100_000 + 5_000 * i for i in range(n)]})
    frame.to_csv(tmp_path / "orders.csv", index=False)
    got = inspect(tmp_path / "orders.csv")
    assert got.proposal.placeholders == DEFAULT_PLACEHOLDERS + ["نامشخص"]
    assert "-" in got.proposal.placeholders and got.proposal.calendar == "jalali"
    assert reread(got, tmp_path).placeholders == DEFAULT_PLACEHOLDERS + ["نامشخص"]


# --------------------------------------------------------------------------- 3. kinds by Persian names
def test_a_persian_survey_is_a_survey_with_its_nps_question_text_and_no_answer_codes(tmp_path):
    """Word answers with 'بدون پاسخ' were no scale; a 0-10 recommend question in Persian digits was not found."""
    rng = np.random.default_rng(1402)
    n = 120

    def answers():
        return [WORDS[k] if k < 5 else "بدون پاسخ" for k in rng.integers(0, 6, n)]

    frame = pd.DataFrame({"کد پاسخ‌دهنده": range(3000, 3000 + n), "تاریخ پاسخ": [jalali(i) for i in range(n)],
                          "رضایت کلی": answers(), "کیفیت کالا": answers(), "سرعت ارسال": answers(),
                          "چقدر احتمال دارد ما را توصیه کنید؟": ["بدون پاسخ" if i % 10 == 0 else fa(i % 11, i)
                                                                for i in range(n)],
                          "نظر شما": [f"نظر شماره {i % 40}" if i % 3 else None for i in range(n)]})
    frame.to_csv(tmp_path / "survey.csv", index=False)
    got = inspect(tmp_path / "survey.csv")
    assert got.kind == "survey" and got.notebooks == ["satisfaction"] and got.skipped == []
    nps = "چقدر احتمال دارد ما را توصیه کنید؟"
    assert roles(got) == {"overall": "رضایت کلی", "customer_id": "کد پاسخ‌دهنده", "date": "تاریخ پاسخ",
                          "nps": nps, "text": "نظر شما"}
    assert got.proposal.drivers == ["کیفیت کالا", "سرعت ارسال"]
    assert got.proposal.word_scales["رضایت کلی"] == {"words": WORDS, "na": ["بدون پاسخ"]}
    assert got.proposal.word_scales[nps] == {"range": "0-10", "na": ["بدون پاسخ"]}
    spec = reread(got, tmp_path)
    assert spec.kind == "survey" and spec.columns["nps"] == nps and spec.scales[nps]["na"] == ["بدون پاسخ"]


def test_an_english_likert_column_with_na_is_a_scale(tmp_path):
    likert = ["strongly disagree", "disagree", "neutral", "agree", "strongly agree"]
    n = 50
    frame = pd.DataFrame({"Overall": [1 + i % 5 for i in range(n)],
                          "Q1": [likert[i % 5] if i % 7 else "N/A" for i in range(n)]})
    frame.to_csv(tmp_path / "answers.csv", index=False)
    got = inspect(tmp_path / "answers.csv")
    assert guesses(got)["Q1"] == "rating_words" and got.kind == "survey"
    assert got.proposal.word_scales["Q1"] == {"words": likert, "na": ["N/A"]}


def test_persian_tickets_are_a_complaint_log_with_their_roles(tmp_path):
    n = 90
    frame = pd.DataFrame({"شماره تیکت": range(70000, 70000 + n), "شناسه مشتری": [1000 + i % 30 for i in range(n)],
                          "تاریخ ثبت": [jalali(i) + " 10:15" for i in range(n)],
                          "تاریخ حل": [jalali(i) + " 18:40" if i % 5 else None for i in range(n)],
                          "کانال": [["تلفن", "وب‌سایت", "حضوری"][i % 3] for i in range(n)],
                          "موضوع": [["کیفیت کالا", "تاخیر در ارسال"][i % 2] for i in range(n)],
                          "پاسخ به موقع": ["بله" if i % 3 else "خیر" for i in range(n)]})
    frame.to_csv(tmp_path / "tickets.csv", index=False)
    got = inspect(tmp_path / "tickets.csv")
    assert got.kind == "complaints" and got.proposal.calendar == "jalali"
    assert roles(got) == {"created": "تاریخ ثبت", "id": "شماره تیکت", "resolved": "تاریخ حل", "timely": "پاسخ به موقع",
                          "channel": "کانال", "category": "موضوع", "customer_id": "شناسه مشتری"}


def test_persian_reviews_are_a_complaint_log_with_their_text_not_purchases(tmp_path):
    """'کانال سفارش' (the order's channel) was taken for the order id and 'متن نظر' (the review) for a group."""
    n = 90
    frame = pd.DataFrame({"شناسه": range(4000, 4000 + n),
                          "متن نظر": [["پیتزا عالی بود", "کیفیت پایین بود", "دیر رسید"][i % 3] for i in range(n)],
                          "امتیاز": [fa(1 + i % 5, i) for i in range(n)], "تاریخ": [jalali(i) for i in range(n)],
                          "کانال سفارش": [["تلفنی", "اسنپ‌فود", "حضوری"][i % 3] for i in range(n)]})
    frame.to_csv(tmp_path / "reviews.csv", index=False)
    got = inspect(tmp_path / "reviews.csv")
    assert guesses(got)["کانال سفارش"] == "channel" and guesses(got)["متن نظر"] == "text"
    assert guesses(got)["امتیاز"] == "rating"
    assert got.kind == "complaints" and "feedback" in got.notebooks
    assert {k: roles(got)[k] for k in ("created", "text", "channel", "rating")} == {
        "created": "تاریخ", "text": "متن نظر", "channel": "کانال سفارش", "rating": "امتیاز"}
    # the proposal, saved as it is printed, feeds the feedback report with the reviews' own stars
    from insight.report.sources import feedback_source

    (tmp_path / "reviews.yaml").write_text(proposal_yaml(Style(), got).replace(
        f"path: {got.proposal.path}", "path: reviews.csv"), encoding="utf-8")
    src = feedback_source(str(tmp_path / "reviews.yaml"))
    assert src.rating_col == "rating" and len(src.table) == n
    stars = pd.to_numeric(src.table["rating"].astype(str).str.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    assert stars.tolist() == [1 + i % 5 for i in range(n)]


def test_a_duration_in_months_and_a_discount_code_are_named_right(tmp_path):
    """'مدت اشتراک (ماه)' was no duration; 'کد تخفیف' (3-digit codes) was proposed as the discount amount."""
    n = 80
    subs = pd.DataFrame({"شناسه": range(n), "مدت اشتراک (ماه)": [fa(1 + i % 30, i) for i in range(n)],
                         "لغو شده": ["بله" if i % 4 == 0 else "خیر" for i in range(n)],
                         "حق اشتراک ماهانه (تومان)": [fa([150_000, 400_000][i % 2], i) for i in range(n)]})
    subs.to_csv(tmp_path / "subscribers.csv", index=False)
    got = inspect(tmp_path / "subscribers.csv")
    assert got.kind == "customers" and roles(got)["duration"] == "مدت اشتراک (ماه)"
    assert roles(got)["value"] == "حق اشتراک ماهانه (تومان)" and got.proposal.value_period == "month"
    orders = pd.DataFrame({"شناسه مشتری": [1000 + i % 20 for i in range(n)],
                           "تاریخ خرید": [jalali(i) for i in range(n)],
                           "مبلغ (ریال)": [100_000 + 5_000 * i for i in range(n)],
                           "کد تخفیف": [100 + (i * 37) % 900 if i % 4 == 0 else None for i in range(n)]})
    orders.to_csv(tmp_path / "orders.csv", index=False)
    got = inspect(tmp_path / "orders.csv")
    assert guesses(got)["کد تخفیف"] != "discount" and "discount" not in roles(got)


# --------------------------------------------------------------------------- 4. a workbook with a title line
def test_a_workbook_with_a_title_line_is_read_below_it_with_its_calendar(tmp_path):
    n = 40
    frame = pd.DataFrame({"شناسه مشتری": [1000 + i % 10 for i in range(n)],
                          "تاریخ خرید": [jalali(i) for i in range(n)],
                          "مبلغ (ریال)": [100_000 + 1_000 * i for i in range(n)]})
    path = tmp_path / "orders.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame([["گزارش فروش فروشگاه - خروجی نرم‌افزار حسابداری"]]).to_excel(book, index=False, header=False)
        frame.to_excel(book, index=False, startrow=1)
    got = inspect(path)
    assert list(got.columns["column"]) == list(frame.columns)
    assert got.proposal.skip == 1 and got.proposal.calendar == "jalali" and got.rows == n
    assert roles(got) == {"customer_id": "شناسه مشتری", "date": "تاریخ خرید", "amount": "مبلغ (ریال)"}
    spec = reread(got, tmp_path)
    assert spec.tables[0].skip == 1 and spec.tables[0].calendar == "jalali"


# --------------------------------------------------------------------------- 6. the proposed path
def test_the_path_is_relative_to_the_working_folder_when_under_it(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    frame = pd.DataFrame({"CustomerID": range(30), "Date": ["2024-01-05"] * 30, "Amount": [1.5] * 30})
    frame.to_csv(tmp_path / "data" / "sales.csv", index=False)
    monkeypatch.chdir(tmp_path)
    assert inspect(tmp_path / "data" / "sales.csv").proposal.path == Path("data/sales.csv")
    assert inspect("data/sales.csv").proposal.path == Path("data/sales.csv")
    monkeypatch.chdir(tmp_path / "data")
    assert inspect("sales.csv").proposal.to_dict()["tables"]["data"]["path"] == "sales.csv"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert inspect(tmp_path / "data" / "sales.csv").proposal.path == tmp_path / "data" / "sales.csv"
