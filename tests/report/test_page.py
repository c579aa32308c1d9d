"""The words the HTML step adds to pages, the index, error pages and the bundle come from the catalog."""

from types import SimpleNamespace

import insight.report.html as page
import insight.report.notes as notes
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
    assert "<p>The cell begins:</p><pre dir='ltr'>1/0</pre>" in err
    assert "<pre dir='auto'>&lt;x&gt;</pre>" in err and "ZeroDivisionError" not in err   # no class name
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
    assert "<h2>What do customers think?</h2>" in index and "<p class='bad'>failed: no</p>" in index
    bundle = (tmp_path / "bundle.html").read_text()
    assert "<li><a href='#report-churn'>Churn - Demo</a>: Half left.</li>" in bundle


def _warning(category: str, *kinds: str) -> dict:
    return {"category": category, "kinds": [category, *kinds, "Warning"], "message": "m", "where": "/x/insight/a.py:1"}


def test_warnings_are_told_in_words_and_code_warnings_are_dropped():
    st = Style()
    warned = [_warning("ConvergenceWarning", "InsightWarning", "UserWarning"),
              _warning("ConvergenceWarning", "UserWarning"),                   # scikit-learn's, by its class name
              _warning("HessianInversionWarning", "UserWarning"),
              _warning("RuntimeWarning"), _warning("FutureWarning"), _warning("DeprecationWarning"),
              _warning("MatplotlibDeprecationWarning", "DeprecationWarning"), _warning("UserWarning")]
    assert notes.run_notes(st, warned, 7) == [
        "3 model fits did not fully converge; the figures that rest on them are less certain than they look.",
        ("One calculation met a value it could not use (such as a division by zero or the square root of a negative "
         "number); a figure that could not be computed is shown as – or as not estimable."),
        "One other technical warning was raised while computing; the executed notebook lists it.",
        ("7 lines of technical output printed while computing were left out of this page; the executed notebook keeps "
         "them.")]
    assert notes.run_notes(st, [_warning("FutureWarning")]) == []
    try:
        notes.run_notes(st, "RuntimeWarning")
    except TypeError as exc:
        assert "parameter 'warned' must be a list of records (dicts), got str" in str(exc)
    else:
        raise AssertionError("a string was taken for a list of warnings")


def test_stray_error_output_is_left_out_and_counted():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    nb = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("stream", name="stderr", text="/site-packages/x.py:3: UserWarning: w\n  warn()\n\n"),
        new_output("stream", name="stdout", text="kept\n"),
        new_output("stream", name="stderr", text=["Traceback (most recent call last):\n", "  boom\n"])])])
    assert notes.drop_stderr(nb) == 4
    assert nb.cells[0].outputs == [new_output("stream", name="stdout", text="kept\n")]
    assert notes.drop_stderr(nb) == 0


def test_notes_are_listed_before_provenance():
    html, _ = page.finish_html(BODY, "churn.ipynb", {}, "2026-01-01 10:00 UTC", 2.5, notes=["A note."])
    assert "<section class=\"insight-notes\"><h2 id=\"run-notes\">Notes on the computations</h2><ul><li>A note.</li>" \
           "</ul></section>" in html
    notes, provenance = html.index("<h2 id=\"run-notes\">"), html.index(">Provenance</h2>")
    assert html.index("Not covered by these data</h2>") < notes < provenance


def test_a_bundle_holds_only_this_runs_reports_and_says_what_failed(tmp_path):
    """A report that failed in this run was carried into bundle.html from the previous run as if it were current."""
    for name, title in (("churn", "Churn"), ("clv", "Customer value")):
        html, _ = page.finish_html(BODY.replace("data-title='Churn'", f"data-title='{title}'"), f"{name}.ipynb", {},
                                   "2026-01-01 10:00 UTC", 2.5)
        (tmp_path / f"{name}.html").write_text(html)   # clv.html: an earlier run's good report
    failed = [SimpleNamespace(name="clv", notebook="clv.ipynb", status="failed", failed_cell=4, ok=False),
              SimpleNamespace(name="satisfaction", notebook="satisfaction.ipynb", status="failed", failed_cell=None,
                              ok=False),
              SimpleNamespace(name="types", notebook="customer_types.ipynb", status="skipped", failed_cell=None,
                              ok=False)]
    bundle = page.bundle(tmp_path, ["churn"], failed=failed).read_text()
    assert 'id="report-churn"' in bundle and 'id="report-clv"' not in bundle
    assert "<li><a href='#report-clv'>" not in bundle
    assert ("<h2>Not in this file</h2><ul><li><strong>Customer value - Demo</strong> failed in this run (in cell 4) "
            "and is left out; its error page says why. An earlier version, if any, is not shown as if it were "
            "current.</li><li><strong>satisfaction</strong> failed in this run before any cell ran and is left out; "
            "its error page says why.") in bundle
    assert "<li><strong>types</strong> was not rendered in this run and is left out.</li></ul>" in bundle
    nothing = page.bundle(tmp_path, [], failed=failed[:1]).read_text()
    assert "report-churn" not in nothing and "failed in this run (in cell 4)" in nothing
    assert 'id="report-clv"' in page.bundle(tmp_path).read_text()        # the library's default: every report


def test_the_index_shows_no_machine_path(tmp_path):
    failed = SimpleNamespace(name="churn", notebook="churn.ipynb", status="failed", ok=False,
                             error="ImportError: cannot import name 'x' from 'insight.report' "
                                   "(/work/main/insight/report/sections/_actions.py)")
    index = page.write_index([failed], tmp_path).read_text()
    assert "<p class='bad'>failed: cannot import name &#x27;x&#x27; from &#x27;insight.report&#x27; " \
           "(_actions.py)</p>" in index and "/work/" not in index
