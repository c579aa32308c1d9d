"""Issue 28: every report in Persian reads right to left in its embedded font, writes every number insight formats in
Persian digits, labels months in the Solar Hijri calendar as the calendar library does, loads nothing from the
network and hides nothing on a 390 px phone."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import insight.report.run as report
from insight.style import Style

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: small inputs; the demo company in Persian (data demo_fa) where a notebook reads a transaction log
PERSIAN = {"data_quality": {"demo_customers": 300}, "customer_types": {"data": "demo_fa", "demo_customers": 800},
           "churn": {"data": "demo_fa", "demo_customers": 1500, "n_splits": 3},
           "clv": {"data": "demo_fa", "demo_customers": 1500}, "overview": {"demo_customers": 1500},
           "feedback": {"data": "demo_fa", "demo_customers": 1500}, "service": {"data": "demo_fa"},
           "satisfaction": {"data": "demo_fa", "demo_customers": 1500}}
#: pseudonymized customer ids (ids are codes: they keep Latin digits)
IDS = re.compile(r"cust_[0-9a-f]{12}")


def latin_numbers(html: str) -> list[str]:
    """Words with a Latin digit in what insight writes on the page: left out are the provenance and the run's
    parameters (versions, hashes and the values as given), code, ids, the data's own values (text cells, quoted
    examples, a data-quality table's column names) and pictures."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "code", "pre", "img", "svg"]):
        tag.decompose()
    for tag in soup.select("td.txt, table.insight-datanames th"):
        tag.decompose()
    provenance = Style(language="fa").say("page.provenance_heading")
    heading = next((h for h in soup.find_all("h2") if h.get_text(strip=True).rstrip("¶") == provenance), None)
    if heading is not None:   # the provenance and everything after it
        for tag in list(heading.find_all_next()):
            tag.decompose()
        heading.decompose()
    text = IDS.sub(" ", soup.get_text(" "))
    text = re.sub(r"'[^']*'|«[^»]*»", " ", text)   # the data's own values, quoted
    return re.findall(r"\S*[0-9]\S*", text)


@pytest.mark.notebook
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_persian_report(nb, tmp_path, optional_browser):
    from bs4 import BeautifulSoup

    r = report.render(nb, tmp_path, {**PERSIAN.get(nb.stem, {}), "language": "fa"})
    assert r.ok, r.error
    html = Path(r.html).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert (soup.html["lang"], soup.html["dir"]) == ("fa", "rtl")
    assert latin_numbers(html) == []
    assert re.search(r"[۰-۹]", soup.select_one(".insight-headline").get_text())
    if optional_browser is not None:
        import browser
        from browser import PHONE_TEXT_PX

        page = browser.check(optional_browser, Path(r.html))
        assert page["external"] == [] and page["console_errors"] == []
        phone = browser.on_a_phone(optional_browser, Path(r.html))
        assert (phone["dir"], phone["lang"]) == ("rtl", "fa") and phone["font"].startswith("Vazirmatn")
        assert "Vazirmatn" in phone["fonts"], phone["fonts"]
        assert phone["hidden"] == [] and not phone["sideways"], phone
        assert phone["chart_text"] is None or phone["chart_text"] >= PHONE_TEXT_PX, phone


def test_the_latin_digit_check_finds_a_number_insight_wrote():
    page = ("<html><body><p>۱۲ مشتری در 1402-09</p><table><tr><td class='txt'>q1</td></tr></table>"
            "<p>cust_0123456789ab</p><p>مثلاً '1998-05-18'</p></body></html>")
    assert latin_numbers(page) == ["1402-09"]


@pytest.mark.notebook
def test_solar_hijri_cohort_labels_are_the_calendar_librarys(tmp_path):
    """The CLV report of the Persian demo labels each acquisition cohort with the Solar Hijri month and year that
    jdatetime gives for its customers' first purchases."""
    import jdatetime
    from bs4 import BeautifulSoup

    from insight.data.demo_persian import persian_demo
    from insight.data.simulate import demo_company

    r = report.render(ROOT / "notebooks" / "clv.ipynb", tmp_path,
                      {"data": "demo_fa", "demo_customers": 800, "language": "fa"})
    assert r.ok, r.error
    soup = BeautifulSoup(Path(r.html).read_text(encoding="utf-8"), "html.parser")
    st = Style(language="fa")
    heading = st.say("clv.cohort.index")
    table = next(t for t in soup.select("table") if t.find("th") and t.find("th").get_text(strip=True) == heading)
    shown = [tr.find("th").get_text(strip=True) for tr in table.select("tr")[1:]]
    tx = persian_demo(demo_company(800, seed=0)).transactions
    first = tx.groupby("customer_id")["date"].min()
    months = sorted({(j.year, j.month) for j in (jdatetime.date.fromgregorian(date=d.date()) for d in first)})
    expected = [f"{jdatetime.date.j_months_fa[m - 1]} {st.native(str(y))}" for y, m in months]
    assert shown == expected[: len(shown)] and len(shown) >= 12
    assert pd.Series(shown).is_unique
