"""The words the HTML step adds to pages, the index, error pages and the bundle come from the catalog."""

from types import SimpleNamespace

import insight.report.html as page
from insight.style import Style

BODY = """<html><head><title>t</title></head><body><main>
<div class="jp-Cell"><h1>Whom to call</h1></div>
<div class="jp-Cell"><section class='insight-headline' data-title='Churn' data-data='Demo'>
<h2 class='insight-headline-title'>In brief</h2><ul><li>Half left.</li></ul></section></div>
<div class="jp-Cell"><h2>Trend</h2></div>
<div class="jp-Cell"><div class='insight-not-covered' data-section='Trend' data-needs='a date column'></div></div>
<div class="jp-Cell"><h2>Drivers</h2><p>text</p></div>
<div class="jp-Cell"><h2>Provenance</h2></div>
</main></body></html>"""


def test_the_language_of_pages_is_chosen_in_one_place():
    assert page.page_style() == Style()


def test_finished_page_words():
    html, meta = page.finish_html(BODY, "churn.ipynb", {}, "2026-01-01 10:00 UTC", 2.5)
    assert meta["title"] == "Churn - Demo" and meta["summary"] == "Half left."
    assert "<h2 id=\"not-covered\">Not covered by these data</h2><ul><li><strong>Trend</strong>: needs a date " \
           "column.</li></ul>" in html
    assert html.index("Not covered by these data") < html.index("Provenance")      # listed before provenance
    assert "Whom to call · Rendered 2026-01-01 10:00 UTC.</p>" in html
    assert "<strong>Contents:</strong> <a href=\"#section-0\">Drivers</a>" in html
    assert "<summary>Parameters of this run (churn.ipynb, 2.5 s, insight " in html
    assert "<th>parameter</th><th>value</th>" in html and "<td colspan=\"2\">the notebook's defaults</td>" in html


def test_error_page_words(tmp_path):
    err = page.error_page("tiny", "tiny.ipynb", 3, "ZeroDivisionError: <x>", tmp_path / "tiny.ipynb", "1/0")
    assert "<title>tiny: failed</title>" in err and "<h1>Report tiny failed</h1>" in err
    assert "<p>Notebook <code>tiny.ipynb</code> failed in cell 3.</p>" in err
    assert "<p>The cell begins:</p><pre>1/0</pre>" in err and "ZeroDivisionError: &lt;x&gt;" in err
    assert f"<p>The executed notebook is kept at <code>{tmp_path / 'tiny.ipynb'}</code>.</p>" in err
    assert "was left in place.</p>" in err
    start = page.error_page("tiny", "tiny.ipynb", None, "boom", None)
    assert "<p>Notebook <code>tiny.ipynb</code> failed while starting (no cell had run).</p>" in start


def test_index_and_bundle_words(tmp_path):
    html, _ = page.finish_html(BODY, "churn.ipynb", {}, "2026-01-01 10:00 UTC", 2.5)
    (tmp_path / "churn.html").write_text(html)
    page.bundle(tmp_path)
    failed = SimpleNamespace(name="broken", notebook="satisfaction.ipynb", status="failed", ok=False,
                             error="ValueError: no\nmore")
    index = page.write_index([failed], tmp_path).read_text()
    assert "<title>Customer reports</title>" in index and "<h1>Customer reports</h1>" in index
    assert "Each report opens with its findings and recommended action" in index
    assert "<p><a href='bundle.html'>All reports in one file</a> (to send by email).</p>" in index
    assert "<h2>Who is leaving, and what are they worth?</h2>" in index
    assert "Who leaves contracts and subscriptions, when and why" in index
    assert "<h2>What do customers think?</h2>" in index and "<p class='bad'>failed: ValueError: no</p>" in index
    bundle = (tmp_path / "bundle.html").read_text()
    assert "<li><a href='#report-churn'>Churn - Demo</a>: Half left.</li>" in bundle
