"""Numbers for people, escaped tables, the headline box and the page layout of a report."""

import re

import pandas as pd
import pytest

from insight.report import display as show
from insight.report import html as htmlpage
from insight.style import Style


def test_table_escapes_every_cell_and_labels_columns(monkeypatch):
    monkeypatch.delenv("INSIGHT_REVEAL_IDS", raising=False)
    monkeypatch.setenv("INSIGHT_ID_KEY", "k")
    bad = "<img src=x onerror=alert(1)>"
    df = pd.DataFrame({"churn_probability": [0.5, 0.013], "expected_profit": [1234.5, -3.0], f"c{bad}": [bad, "ok"],
                       "p_value": [0.0001, 0.2]}, index=pd.Index([bad, "C2"], name="customer_id"))
    html = show.table(df, money=["expected_profit"], style=Style(currency="GBP"), ids=True).markup
    assert "<img" not in html and "&lt;img" in html
    assert "Churn probability" in html and "Expected profit" in html and "P value" in html
    assert "50%" in html and "1.3%" in html and "£1,234" in html and "-£3" in html and "&lt; 0.001" in html
    assert "C2" not in html and "cust_" in html                      # ids pseudonymized
    monkeypatch.setenv("INSIGHT_REVEAL_IDS", "1")
    revealed = show.table(df, ids=True).markup
    assert "C2" in revealed and "<img" not in revealed and "&lt;img src=x" in revealed   # revealed, still escaped
    assert "Showing 1 of 2 rows" in show.table(df, max_rows=1).markup


def test_text_headline_and_figure_escape_data_but_keep_emphasis_and_report_links():
    t = show.text("**NPS 16** for <script>x</script>; see [churn](churn_demo.html) at $20 and $30.\n\n- a\n- b")
    assert "<strong>NPS 16</strong>" in t.markup and "&lt;script&gt;" in t.markup and "<script>" not in t.markup
    assert '<a href="churn_demo.html">churn</a>' in t.markup and "$20 and $30" in t.markup
    assert "<ul><li>a</li><li>b</li></ul>" in t.markup
    assert "[x](javascript" not in show.text("[x](javascript:alert(1))").markup.replace("[x](javascript:alert(1))", "")
    h = show.headline("Churn", "IBM <b>Telco</b>", ["one", "", "two"], action="Do it", assumptions="if so",
                      simulated=True).markup
    assert h.count("<li>") == 2 and "Simulated data." in h and "IBM &lt;b&gt;Telco&lt;/b&gt;" in h
    with pytest.raises(ValueError, match="findings"):
        show.headline("x", "y", ["", ""])
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1])
    f = show.figure(ax, 'Churn "rises" with **price** <b>').markup
    assert 'alt="Churn &quot;rises&quot; with price &lt;b&gt;"' in f and "<figcaption>" in f
    with pytest.raises(ValueError, match="caption"):
        show.figure(plt.subplots()[0], "")


def _page(*cells):
    """A page shaped like nbconvert's lab output: one div.jp-Cell per cell."""
    body = "".join(f"<div class='jp-Cell'>{c}</div>" for c in cells)
    return f"<html><head><title>x</title></head><body><main>{body}</main></body></html>"


def test_page_layout_headline_first_and_uncovered_sections_listed_once():
    head = show.headline("Churn", "IBM Telco", ["26.5% of customers have left."], action="Call them").markup
    page = _page("<h1>Who is leaving?</h1><p>intro</p>", "<h2>How many leave</h2>", "<p>26.5%</p>",
                 "<h2>Retention over time</h2>", show.not_covered("Retention over time", "a duration column").markup,
                 "<h2>Hazard ratios</h2>", "<p>cox text</p>",
                 show.not_covered("Hazard ratios", "a duration column").markup,
                 "<h2>Whom to call</h2>", head,
                 show.not_covered("A side analysis", "a survey", remove_section=False).markup,
                 "<h2>Provenance</h2>")
    html, meta = htmlpage.finish_html(page, "churn.ipynb", {"data": "telco"}, "2026-01-01", 1.0)
    assert meta == {"title": "Churn - IBM Telco", "notebook": "churn", "summary": "26.5% of customers have left.",
                    "subtitle": "Who is leaving?", "language": "en", "calendar": "gregorian"}
    assert "<title>Churn - IBM Telco</title>" in html and 'name="viewport"' in html
    body = html.split("<body")[1]
    assert body.index("insight-headline") < body.index("insight-toc") < body.index("How many leave</h2>")
    toc = html.split('class="insight-toc"')[1].split("</nav>")[0]
    assert "Retention over time" not in toc and "Hazard ratios" not in toc and "Whom to call" in toc
    assert "cox text" not in html and ">Retention over time</h2>" not in html
    listed = html.split("Not covered by these data</h2>")[1].split("</ul>")[0]
    assert listed.count("<li>") == 3 and "needs a duration column" in listed and "A side analysis" in listed
    assert body.index("Not covered by these data") < body.index("Provenance</h2>")
    assert body.count("<h1") == 1 and "Whom to call</h2>" in html   # the notebook's own title became the subtitle


def test_index_is_a_landing_page_and_the_bundle_works_alone(tmp_path):
    for name, nb, title in [("churn_demo", "churn", "Churn - demo company"), ("overview", "overview", "Overview - x"),
                            ("clv", "clv", "CLV - CDNOW")]:
        head = show.headline(title.split(" - ")[0], title.split(" - ")[1], [f"{name} finding"]).markup
        page = _page("<h1>Q</h1>", head, "<h2>Part</h2>", "<p>see <a href='clv.html#section-0'>clv</a> and "
                     "<a href='churn_demo.html'>churn</a> and <a href='#section-0'>here</a></p>")
        html, _ = htmlpage.finish_html(page, f"{nb}.ipynb", {}, "today", 1.0)
        (tmp_path / f"{name}.html").write_text(html)
    index = htmlpage.write_index([], tmp_path).read_text()
    assert "name='viewport'" in index
    cards = re.findall(r"<h3><a href='([a-z_]+)\.html'>", index)
    assert cards[0] == "overview" and set(cards) == {"overview", "churn_demo", "clv"}
    assert "Who is leaving, and what are they worth?" in index and "churn_demo finding" in index
    assert "Start here" in index.split("overview.html")[0]
    bundle = htmlpage.bundle(tmp_path).read_text()
    assert bundle.index('id="report-overview"') < bundle.index('id="report-churn_demo"')
    assert "href=\"#clv--section-0\"" in bundle and "href=\"#report-churn_demo\"" in bundle
    assert "href=\"#overview--section-0\"" in bundle and 'id="clv--section-0"' in bundle
    assert ".html" not in re.sub(r"<title>.*?</title>", "", bundle.split("<body")[1]).replace("insight-", "")


def test_number_at_risk_is_counted_from_the_durations(telco):
    """The at-risk row once read 1,537 at 0, 10 and 20 months for two-year contracts; the data give these."""
    from insight.models.survival import kaplan_meier, number_at_risk

    curves = kaplan_meier(telco, "tenure", "churn", "contract")
    counts = number_at_risk(curves, [0, 10, 20])
    two = telco.loc[telco["contract"] == "Two year", "tenure"]
    assert list(counts.loc["Two year"]) == [int((two >= t).sum()) for t in (0, 10, 20)] == [1695, 1646, 1579]
    for g in curves:
        d = telco.loc[telco["contract"] == g, "tenure"]
        assert list(counts.loc[g]) == [int((d >= t).sum()) for t in (0, 10, 20)]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_at_risk_rows_sit_under_the_ticks_in_the_readers_digits(telco, language):
    """Each count of the Kaplan-Meier chart's at-risk table is drawn under its tick, in the page's digits, with the
    group's name isolated in a right-to-left language (so a Latin name cannot turn a Persian label around)."""
    import matplotlib.pyplot as plt

    from insight.models.survival import kaplan_meier, number_at_risk
    from insight.plots.churn import plot_km

    st = Style(language)
    curves = kaplan_meier(telco, "tenure", "churn", "contract")
    ax = plot_km(curves, time_unit="months", style=st)
    lo, hi = ax.get_xlim()
    ticks = [t for t in ax.get_xticks() if lo <= t <= hi and t >= 0]
    counts = number_at_risk(curves, ticks)
    drawn = {(round(a.xy[0], 6), a.xyann[1]): a.get_text() for a in ax.texts}
    rows = sorted({y for _, y in drawn}, reverse=True)[1:]   # the first line is the table's heading
    for g, y in zip(counts.index, rows):
        assert [drawn[(round(t, 6), y)] for t in ticks] == [st.count(c) for c in counts.loc[g]]
        assert drawn[(round(lo, 6), y)] == st.isolate(g) and (st.isolate(g) != g) == (language == "fa")
    label = ax.get_legend().get_texts()[0].get_text()
    assert label.startswith(st.isolate("Month-to-month")) and ("n=" in label) == (language == "en")
    plt.close(ax.figure)
