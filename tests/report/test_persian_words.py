"""Every word a Persian reader sees comes from the catalog: model errors and names, the scale-usage table's headings,
theme labels, the provenance, error pages and the index's build date (found in English by a new-user trial)."""

import json
import re
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import insight.provenance as prov
from insight.report import html as page
from insight.report import run as report
from insight.report.sections import clv as sc
from insight.report.sections import satisfaction as ss
from insight.report.sections.feedback import theme_label
from insight.report.sections.satisfaction_words import adjustment_column
from insight.style import Style

FA = Style(language="fa", currency="IRT")
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")

SBG_ERROR = ("ShiftedBetaGeometric: no intervals for a fit that cannot be trusted: fit status 'not_converged' "
             "(flat).")
FIT_TEST_ERROR = ("summary: only 3 purchase-count categories have enough expected customers for a chi-square test "
                  "of a 4-parameter model; more customers are needed.")


def test_model_errors_are_said_in_persian_without_class_or_status_names():
    words = sc.fit_error_words(FA, SBG_ERROR)
    assert words == ("مدل بتا-هندسی انتقال‌یافته (sBG) روی این داده‌ها قابل اعتماد نیست: برازش بیشینه درست‌نمایی به "
                     "نقطه بهینه‌ای نرسید (درست‌نمایی در یک جهت مسطح است: داده‌ها همه پارامترها را مشخص نمی‌کنند).")
    for english in ("ShiftedBetaGeometric", "not_converged", "flat", "intervals", "trusted"):
        assert english not in words
    assert sc.fit_error_words(FA, FIT_TEST_ERROR) == (
        "فقط ۳ گروه از تعداد خریدها آن‌قدر مشتری مورد انتظار دارند که بتوان آزمون کای‌دو را برای مدلی با ۴ پارامتر "
        "انجام داد؛ مشتری‌های بیشتری لازم است.")
    # the figures of a diagnosis reach the catalog's sentence
    few = sc.fit_error_words(FA, "BetaGeo: no intervals for a fit that cannot be trusted: fit status 'edge' "
                                 "(few_repeaters; n 3, needed 10).")
    assert few.startswith("مدل BG/NBD روی این داده‌ها قابل اعتماد نیست: فقط ۳ مشتری ") and "BetaGeo" not in few
    # an error the words do not know: in general terms, never the developer's message
    assert sc.fit_error_words(FA, "LinAlgError: Singular matrix") == "مدل روی این داده‌ها برازش نشد."
    assert sc.fit_error_words(Style(), "LinAlgError: Singular matrix") == "the model could not be fitted to these data."
    # the same in English: no class name
    assert sc.fit_error_words(Style(), SBG_ERROR).startswith("shifted-beta-geometric cannot be trusted on these data: ")


def test_no_fit_test_and_no_range_sentences_in_persian():
    assert FA.say("clv.no_fit_test", reason=sc.fit_error_words(FA, FIT_TEST_ERROR)).startswith(
        "آزمون برازش انجام نشد: فقط ۳ گروه")
    worth = SimpleNamespace(trusted=True)
    text = sc.value_range_sentence(FA, worth, SBG_ERROR.replace("ShiftedBetaGeometric", "BetaGeo"))
    assert text.startswith("بازه‌ای برای مجموع ارائه نمی‌شود: مدل BG/NBD روی این داده‌ها قابل اعتماد نیست")
    assert "BetaGeo" not in text and "status" not in text


@pytest.mark.parametrize("failed, reason", [("ConvergenceError: Problem with minimize", "برازش آن همگرا نشد"),
                                            ("LinAlgError: Singular matrix", "برازش آن با خطا متوقف شد")])
def test_the_lifetimes_cross_check_never_names_an_exception(failed, reason):
    check = SimpleNamespace(metrics={"mae": 0.8, "naive_mae": 1.4, "total_error": -0.05, "actual_total": 80},
                            lifetimes_failed=failed)
    text = sc.holdout_sentence(FA, check)
    assert text.endswith(f"بررسی تطبیقی با کتابخانه lifetimes روی این داده‌ها برازش نشد ({reason})؛ "
                         "برازش insight به‌تنهایی ارائه می‌شود.")
    assert "Error" not in text and "minimize" not in text
    assert "ConvergenceError" not in sc.holdout_sentence(Style(), check)


def test_model_names_come_from_the_catalog_for_class_names_too():
    assert sc.model_name(FA, "BetaGeo") == "BG/NBD" == sc.model_name(FA, "bgnbd")
    assert sc.model_name(FA, "ShiftedBetaGeometric") == "بتا-هندسی انتقال‌یافته (sBG)"


def test_model_view_names_the_model_as_readers_know_it():
    from insight.data.datasets import load_cdnow
    from insight.features.summary import customer_summary
    from insight.models.clv import BetaGeo

    summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    view = sc.model_view(FA, BetaGeo().fit(summary))
    assert "BG/NBD: " in view.markup and "BetaGeo" not in view.markup


def test_scale_use_headings_are_words_not_tuples():
    assert adjustment_column(FA, "none", "share") == "سهم (پاسخ‌های خام)"
    assert adjustment_column(FA, "standardize", "direction") == "جهت (استانداردسازی)"
    assert adjustment_column(Style(), "center", "rank") == "Rank (center)"


def test_satisfaction_scale_use_table_in_persian():
    from insight.report.sources import survey_source

    rep = ss.satisfaction_report(survey_source("yellow_pages"), language="fa")
    parts = rep.scale_use()
    markup = "".join(getattr(p, "markup", "") or "" for p in parts)
    if "<table" not in markup:
        pytest.skip("this survey gives no scale-use comparison")
    heads = re.findall(r"<th>([^<]*)</th>", markup)
    assert "سهم (پاسخ‌های خام)" in heads and "رتبه (مرکزی‌سازی)" in heads and "جهت (استانداردسازی)" in heads
    assert "(&#x27;" not in markup and "('none'" not in markup and "share" not in markup


def test_theme_labels_use_the_persian_list_separator():
    assert theme_label(["ارسال سریع", "بسته عالی", "ارسال"], style=FA) == "ارسال سریع، بسته عالی"
    assert theme_label(["late", "delay", "late delay", "flight"]) == "late, delay, flight"


def test_role_heading_is_persian():
    assert FA.label("role") == "نقش" and Style().label("role") == "Role"


def test_provenance_in_the_sessions_language(tmp_path):
    try:
        assert prov.use_language("fa") == "fa"
        prov._OUTSIDE.add("orders.csv")
        prov._INPUTS["orders.csv"] = "ab" * 32
        markup = prov.provenance()._repr_html_()
    finally:
        prov.use_language("en")
        prov._OUTSIDE.discard("orders.csv")
        prov._INPUTS.pop("orders.csv", None)
    assert "<th>فایل ورودی</th>" in markup and "orders.csv (بیرون از مخزن)" in markup
    assert "<p>بسته‌ها: insight " in markup and "، pandas " in markup and "؛ پایتون " in markup
    for english in ("input file", "outside the repository", "Packages", "Python", "run time", ", pandas"):
        assert english not in markup
    assert "<th>input file</th>" in prov.provenance()._repr_html_()


def _text(markup: str) -> str:
    """A page's visible text (no style sheet)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", markup, flags=re.S))


def test_error_page_follows_the_reports_language(tmp_path):
    err = page.error_page("churn", "churn.ipynb", 4, "DataValidationError: line 2 holds '۴۰۰٬۰۰۰'",
                          tmp_path / "churn.ipynb", "data = 'x'", language="fa")
    assert "<html lang='fa' dir='rtl'>" in err and "Vazirmatn" in err
    assert "<h1>ساخت گزارش churn ناموفق بود</h1>" in err
    assert "<p>نوت‌بوک <code>churn.ipynb</code> در سلول ۴ با خطا متوقف شد.</p>" in err
    assert "<p>آغاز سلول:</p>" in err and "<p>پیام خطا، همان‌طور که برنامه نوشته است:</p>" in err
    assert "line 2 holds" in err and "DataValidationError" not in err
    for english in ("Report", "Notebook", "failed", "The cell begins", "previous good report", "kept at"):
        assert english not in _text(err)
    stopped = page.error_page("churn", "churn.ipynb", None, "", None, language="fa", why="page.error_run_timeout",
                              why_values={"seconds": 900})
    assert "<p>اجرای گزارش پس از ۹۰۰ ثانیه به سقف زمان رسید و متوقف شد.</p>" in stopped
    assert "<pre dir='auto'>" not in stopped


def test_index_build_date_in_the_reports_calendar(tmp_path):
    meta = {"title": "ریزش مشتری - نمونه", "notebook": "churn", "summary": "", "language": "fa", "calendar": "jalali"}
    (tmp_path / "churn.html").write_text(
        f"<html><head><meta name='insight-report' content='{json.dumps(meta, ensure_ascii=False)}'></head>"
        "<body></body></html>", encoding="utf-8")
    text = page.write_index([], tmp_path).read_text(encoding="utf-8")
    stamp = re.search(r"تاریخ ساخت: (\S+) ", text).group(1)
    assert re.fullmatch(r"۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}", stamp), stamp
    assert not re.search(r"۲۰[۰-۹]{2}-", text)


def test_a_persian_page_records_its_calendar():
    body = ("<html><head></head><body><main><div class='insight-headline' data-lang='fa' data-title='ریزش' "
            "data-data='نمونه'><ul><li>یافته</li></ul></div><h1>عنوان</h1></main></body></html>")
    html, meta = page.finish_html(body, "churn.ipynb", {"calendar": "gregorian"}, "2026-12-06 01:28 UTC", 1.0)
    assert meta["calendar"] == "gregorian" and "۲۰۲۶-۱۲-۰۶ ۰۱:۲۸" in html
    html, meta = page.finish_html(body, "churn.ipynb", {}, "2026-12-06 01:28 UTC", 1.0)
    assert meta["calendar"] == "jalali" and "۱۴۰۵/۰۹/۱۵ ۰۱:۲۸" in html


def _notebook(path, body: str):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = new_code_cell("language: str = 'en'  # language of the words")
    p.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# Tiny\n\n## Provenance"), p, new_code_cell(body)]
    nbformat.write(nb, path)
    return path


def test_a_rendered_persian_report_shows_its_provenance_and_errors_in_persian(tmp_path):
    nb = _notebook(tmp_path / "tiny.ipynb", "from insight.provenance import provenance\n\nprovenance()")
    res = report.render(nb, tmp_path / "out", {"language": "fa"})
    assert res.ok, res.error
    html = (tmp_path / "out" / "tiny.html").read_text(encoding="utf-8")
    assert "فایل ورودی" in html and "بسته‌ها:" in html
    assert "input file" not in html and "Packages:" not in html
    bad = _notebook(tmp_path / "bad.ipynb", "from insight.exceptions import DataValidationError\n"
                                            "raise DataValidationError('bad value')")
    res = report.render(bad, tmp_path / "out", {"language": "fa"})
    assert res.status == "failed"
    err = (tmp_path / "out" / "bad.error.html").read_text(encoding="utf-8")
    assert "<h1>ساخت گزارش bad ناموفق بود</h1>" in err and "bad value" in err
    assert "<pre dir='auto'>bad value</pre>" in err and "DataValidationError: bad" not in err
    assert "Notebook" not in _text(err) and "<html lang='fa' dir='rtl'>" in err
