"""The presentation layer: one style writes numbers, money and dates; one catalog holds every sentence."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from insight.report.params import CURRENCY, Choice, Number, checked, schema
from insight.style import LANGUAGES, Style, catalog, placeholders

PKG = Path(__file__).resolve().parent.parent / "insight"
FORMATS = {"", "money", "money2", "pct", "pct1", "pct2", "count", "num", "num0", "num1", "num2", "num3", "num4",
           "p", "date", "label", "unit", "short"}


def test_numbers_money_and_dates_in_english():
    st = Style(currency="USD")
    assert st.money(-1234.4) == "-$1,234" and st.money(12.5, 2) == "$12.50" and st.money(float("nan")) == "not available"
    assert Style(currency="GBP").money(1e6) == "£1,000,000" and Style(currency="BRL").money(5) == "R$5"
    assert Style(currency="CHF").money(1234) == "CHF 1,234" and Style(currency="CHF").money_unit() == "CHF"
    assert st.money_unit() == "$ (USD)"
    assert st.percent(0.159) == "16%" and st.percent(0.0512, 1) == "5.1%" and st.percent(0.004) == "<1%"
    assert st.percent(0.0004, 1) == "<0.1%" and st.percent(0) == "0%" and st.percent(1.5) == "150%"
    assert st.count(12345.4) == "12,345" and st.number(0.243129) == "0.2431" and st.number(12345.6) == "12,346"
    assert st.number(2.5, 1) == "2.5" and st.number(-3.14159, 2) == "-3.14"
    assert [st.pvalue(p) for p in (0.0004, 0.004, 0.4)] == ["p < 0.001", "p = 0.004", "p = 0.40"]
    assert st.date("2011-12-09 13:45") == "2011-12-09" and st.unit("W") == "weeks"
    assert st.label("monthly_charges") == "Monthly charges" and st.label("clv_low") == "CLV low"
    assert st.label("TotalCharges") == "Total charges" and st.label("x", {"x": "Mine"}) == "Mine"
    assert st.label("roc_auc_mean") == "ROC AUC mean" and st.label("customer_id") == "Customer ID"
    assert st.label("InvoiceDate") == "Invoice date" and st.label("Fiber optic") == "Fiber optic"


def test_numbers_money_and_dates_in_persian():
    """Persian digits with Persian separators (٬ thousands, ٫ decimal, ٪), the minus sign, and Solar Hijri dates
    by default (anchors: Nowruz 1403 = 2024-03-20, Nowruz 1402 = 2023-03-21, 22 Bahman 1357 = 1979-02-11)."""
    st = Style(language="fa")
    assert st.calendar == "jalali" and Style(language="fa", calendar="gregorian").calendar == "gregorian"
    assert st.count(12345.4) == "۱۲٬۳۴۵" and st.percent(0.159) == "۱۶٪" and st.percent(0.0512, 1) == "۵٫۱٪"
    assert st.percent(0.004) == "<۱٪" and st.fixed(-16916.44, 1) == "-۱۶٬۹۱۶٫۴" and st.number(0.243129) == "۰٫۲۴۳۱"
    assert st.pvalue(0.0004) == "p < ۰٫۰۰۱"
    assert [st.date(d) for d in ("2024-03-20", "2023-03-21 08:00", "1979-02-11")] == ["۱۴۰۳/۰۱/۰۱", "۱۴۰۲/۰۱/۰۱",
                                                                                       "۱۳۵۷/۱۱/۲۲"]
    assert Style(language="fa", calendar="gregorian").date("2024-03-20") == "۲۰۲۴-۰۳-۲۰"
    assert Style(calendar="jalali").date("2024-03-20") == "1403/01/01"             # Solar Hijri in English digits
    assert not re.search(r"[0-9]", st.money(1234567.8) + st.say("download.rows", n=12))
    assert st.say("table.showing", shown=50, n=1234) == "نمایش ۵۰ ردیف از ۱٬۲۳۴ ردیف."


def test_say_fills_placeholders_and_picks_plural_forms():
    st = Style()
    assert st.say("table.showing", shown=50, n=1234) == "Showing 50 of 1,234 rows."
    assert st.say("download.rows", n=1) == "(1 row, CSV)." and st.say("download.rows", n=2) == "(2 rows, CSV)."
    with pytest.raises(KeyError, match="not in the 'en' catalog"):
        st.say("no.such.message")
    with pytest.raises(KeyError, match="needs the value 'n'"):
        st.say("table.showing", shown=3)
    assert st.write(0.25, "pct") == "25%" and st.write(1500.0, "money") == "$1,500" and st.write("Ab", "") == "Ab"
    with pytest.raises(ValueError, match="unknown placeholder format"):
        st.write(1, "euros")


def test_a_style_refuses_what_it_cannot_write():
    with pytest.raises(ValueError, match="'currency' == 'DOLLARS'.*ISO 4217"):
        Style(currency="DOLLARS")
    with pytest.raises(ValueError, match="'language' == 'xx'.*no catalog"):
        Style(language="xx")
    with pytest.raises(ValueError, match="'calendar' == 'mayan'"):
        Style(calendar="mayan")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_uses_known_formats(language):
    bad = [(k, p) for k, v in catalog(language).items() for p in placeholders(v) if p[1] not in FORMATS]
    assert bad == []
    forms = [k for k, v in catalog(language).items() if isinstance(v, dict) and not {"one", "other"} <= set(v)]
    assert forms == []


def gaps(en: dict, other: dict) -> list[str]:
    """What a translation lacks, adds, or writes with other placeholders than English."""
    names = lambda v: {n for n, _ in placeholders(v)}   # noqa: E731
    return ([f"missing {k}" for k in sorted(set(en) - set(other))] + [f"extra {k}" for k in sorted(set(other) - set(en))]
            + [f"placeholders of {k}" for k in sorted(set(en) & set(other)) if names(en[k]) != names(other[k])])


def test_a_translation_has_every_message_with_the_same_placeholders():
    assert {lang: gaps(catalog("en"), catalog(lang)) for lang in LANGUAGES} == {lang: [] for lang in LANGUAGES}
    en = {"a": "{n:count} rows", "b": "x", "c": {"one": "{n} row", "other": "{n} rows"}}
    assert gaps(en, {"a": "{m:count} Zeilen", "c": {"one": "{n}", "other": "{n}"}, "d": "y"}) == [
        "missing b", "extra d", "placeholders of a"]


def _used_ids() -> tuple[set[str], set[str], list[re.Pattern]]:
    """Message ids the code names: literals given to say()/text(); other strings of the presentation modules (ids
    passed to a helper); and f-strings there, as patterns (``f"actions.{kind}.title"`` matches every
    ``actions.<kind>.title``)."""
    said, strings, patterns = set(), set(), []
    for path in PKG.rglob("*.py"):
        words = path.name == "style.py" or {"report", "plots"} & set(path.relative_to(PKG).parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "say", "text") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and re.fullmatch(r"[a-z_]+\.[\w.]+", node.args[0].value):
                said.add(node.args[0].value)
            elif words and isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            elif words and isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant) \
                    and re.fullmatch(r"[a-z_]+\.[\w.]*", node.values[0].value):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"[\w-]+" for v in node.values]
                patterns.append(re.compile("".join(parts)))
    return said, strings | said, patterns


def test_every_message_the_code_names_is_in_the_catalog_and_every_message_is_used():
    ids = set(catalog("en"))
    said, named, patterns = _used_ids()
    assert sorted(i for i in said if i not in ids) == []
    unused = sorted(i for i in ids if i not in named and not i.startswith(("label.",))
                    and not any(p.fullmatch(i) for p in patterns))
    assert unused == []


def test_report_parameters_are_checked_by_their_schema():
    @checked(currency=CURRENCY, margin=Number(0, 1), top_n=Number(1, integer=True), model=Choice(("a", "b")))
    def build(source, *, currency="USD", margin=0.3, top_n=20, model="a"):
        return currency, margin, top_n, model

    assert build(None, top_n=5.0) == ("USD", 0.3, 5, "a")
    for kwargs, message in [({"currency": "usd"}, "'currency' == 'usd': must be an ISO 4217"),
                            ({"margin": 1.5}, "'margin' == 1.5: must be a number from 0 to 1"),
                            ({"top_n": 2.5}, "'top_n' == 2.5: must be a whole number of at least 1"),
                            ({"top_n": True}, "'top_n' == True"),
                            ({"model": "c"}, "'model' == 'c': must be one of 'a', 'b'")]:
        with pytest.raises(ValueError, match=re.escape(message)):
            build(None, **kwargs)
    assert schema(build)["margin"] == "a number from 0 to 1"
    with pytest.raises(TypeError, match="no parameter 'horizon'"):
        checked(horizon=Number(0))(build.__wrapped__)


def test_rial_toman_and_the_new_rial():
    """Iranian money units: the ISO rial and the Toman (IRT, 10 rials) and new rial (IRN, 10,000 old rials) that
    Iranian software uses, each written as a number and the unit's word, in Persian with Persian digits."""
    assert Style(language="fa", currency="IRT").money(1234567.8) == "۱٬۲۳۴٬۵۶۸ تومان"
    assert Style(language="fa", currency="IRR").money(-5000) == "-۵٬۰۰۰ ریال"
    assert Style(language="fa", currency="IRN").money(12.5, 2) == "۱۲٫۵۰ ریال جدید"
    assert Style(currency="IRT").money(1500) == "1,500 toman" and Style(currency="IRT").money_unit() == "toman"
    with pytest.raises(ValueError, match="IRT Toman"):
        Style(currency="TOMAN")
    assert checked(currency=CURRENCY)(lambda currency="USD": currency)(currency="IRT") == "IRT"


def test_periods_are_written_in_the_reports_calendar_and_digits():
    """A Solar Hijri month is written with its name (jdatetime's), a quarter in words, both in the reader's digits;
    a Gregorian period keeps its label; a period given to a message is written the same way."""
    import pandas as pd

    from insight.periods import SolarHijriPeriod

    fa, en = Style(language="fa"), Style()
    month, quarter = SolarHijriPeriod.of(1402, 9, "M"), SolarHijriPeriod.of(1403, 1, "Q")
    assert fa.period(month) == "آذر ۱۴۰۲" and en.period(month) == "Azar 1402"
    assert fa.period(quarter) == "سه‌ماههٔ ۱ ۱۴۰۳" and en.period(quarter) == "Q1 1403"
    assert en.period(pd.Period("2024-03", "M")) == "2024-03" and fa.period(pd.Period("2024Q3", "Q")) == "۲۰۲۴Q۳"
    assert en.say("clv.buyers.none", after=3, before=4, after_period=month, before_period=month - 1).startswith(
        "3 customers bought in Azar 1402 and 4 in Aban 1402")
