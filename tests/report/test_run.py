"""Rendering notebooks into HTML: parameters, success, failure, offline output."""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from insight.report import display

from insight.report import html as htmlpage

from insight import privacy
from insight.report import run as report
from insight.exceptions import DataValidationError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# small inputs so every notebook runs quickly in the test suite
SMALL = {"data_quality": {"demo_customers": 300}, "customer_types": {"demo_customers": 800},
         "churn": {"data": "demo", "demo_customers": 1500, "n_splits": 3}, "overview": {"demo_customers": 1500}}


#: what a reader must never see in a report: warning class names, source paths, tracebacks
LEAKS = re.compile(r"\b[A-Z]\w*Warning\b|\.py:\d+|site-packages|/insight/\S+\.py|ipykernel_\d+|Traceback")


def leaks(html: str) -> list[str]:
    """Every leak in a rendered page (anywhere in it: text, code blocks, attributes)."""
    return sorted(set(LEAKS.findall(html)))


def _tiny_notebook(path: Path, fail: bool = False) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = new_code_cell("n: int = 3  # how many\nlabel: str = 'x'  # a label")
    p.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# Tiny report\n\n## First part"), p,
                new_code_cell("1 / 0" if fail else "print(n * 2)")]
    nbformat.write(nb, path)
    return path


def test_notebook_parameters_read_types_defaults_and_comments(tmp_path):
    nb = _tiny_notebook(tmp_path / "tiny.ipynb")
    params = report.notebook_parameters(nb)
    assert params["n"] == {"type": "int", "default": "3", "help": "how many"}
    assert params["label"]["type"] == "str"


def test_coerce_parameters(tmp_path):
    nb = _tiny_notebook(tmp_path / "tiny.ipynb")
    assert report.coerce_parameters(nb, {"n": "5"}) == {"n": 5}
    with pytest.raises(DataValidationError, match=r"'m' is not a parameter of tiny.ipynb; valid parameters: \['label', 'n'\]"):
        report.coerce_parameters(nb, {"m": "5"})
    with pytest.raises(DataValidationError, match=r"'n' == 'five' does not convert to the declared type int"):
        report.coerce_parameters(nb, {"n": "five"})


def test_render_ok_then_failure_keeps_good_report(tmp_path):
    nb = _tiny_notebook(tmp_path / "tiny.ipynb")
    out = tmp_path / "out"
    r = report.render(nb, out, {"n": "21"})
    assert r.ok and Path(r.html).name == "tiny.html"
    html = (out / "tiny.html").read_text()
    assert "42" in html and "Tiny report" in html
    assert "insight-toc" in html and "First part" in html
    assert "print(n * 2)" not in html           # code hidden by default
    good = html
    _tiny_notebook(nb, fail=True)
    r2 = report.render(nb, out)
    assert not r2.ok and "ZeroDivisionError" in r2.error
    assert (out / "tiny.html").read_text() == good   # previous good report untouched
    err = (out / "tiny.error.html").read_text()
    assert "division by zero" in err and "failed in cell" in err
    assert "ZeroDivisionError" not in err    # no class name reaches the reader
    assert (out / "tiny.ipynb").exists()             # executed notebook kept
    idx = htmlpage.write_index([r, r2], out).read_text()
    assert "failed" in idx and "tiny.error.html" in idx


def test_render_show_code(tmp_path):
    nb = _tiny_notebook(tmp_path / "tiny.ipynb")
    r = report.render(nb, tmp_path / "out", show_code=True)
    assert "print" in Path(r.html).read_text()


@pytest.mark.notebook
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_renders_offline(nb, tmp_path, optional_browser):
    r = report.render(nb, tmp_path, SMALL.get(nb.stem, {}))
    assert r.ok, r.error
    html = Path(r.html).read_text()
    if nb.stem == "overview":                        # five actions, each linked to its detailed report
        actions = html.split("Actions, ranked by net value")[2].split("<h2")[0]
        assert len(re.findall(r"<li><strong>", actions)) == 5
        assert {"churn_demo.html", "clv_demo.html", "satisfaction_demo.html", "customer_types.html"} <= set(
            re.findall(r'href="([a-z_]+\.html)"', actions))
    body = html.split("<body")[1]
    assert "insight-headline" in body and body.index("insight-headline") < body.index("insight-toc")
    # no bundled report recommends an action that loses money
    action = re.search(r"<div class='insight-action'>(.*?)</div>", html, re.S)
    assert action is None or not re.search(r"(net value|expected profit <strong>)\s*-\S*\d", action.group(1))
    from leftovers import leftovers

    assert leftovers(html) == {}                     # no developer output or machine formatting
    assert leaks(html) == []                         # no warning, source path or traceback anywhere in the page
    if optional_browser is not None:                 # the real-browser check (always on in CI)
        import browser
        from browser import PHONE_TEXT_PX

        page = browser.check(optional_browser, Path(r.html), screenshot=nb.stem)
        assert page["external"] == [] and page["console_errors"] == []
        assert len(page["images"]) == html.count("<img") >= 1
        assert all(done and w > 0 and h > 0 for done, w, h in page["images"]), page["images"]
        assert page["screenshot"].stat().st_size > 10_000 and page["height"] > 1000
        phone = browser.on_a_phone(optional_browser, Path(r.html))   # no table hides its figures off-screen
        assert phone["hidden"] == [] and not phone["sideways"], phone
        assert phone["chart_text"] is None or phone["chart_text"] >= PHONE_TEXT_PX, phone   # legible chart text
    # nothing is loaded from the network: no external script, stylesheet, image or frame
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"'](https?:)?//", html)
    assert "<script src" not in html
    assert html.count("<img") >= 1 and html.count("<img") == html.count('src="data:image/png;base64')
    # the notebook is committed without outputs
    stored = json.loads(nb.read_text())
    assert not any(c.get("outputs") for c in stored["cells"] if c["cell_type"] == "code")
    assert any("parameters" in c["metadata"].get("tags", []) for c in stored["cells"])


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_parameter_line_parses(nb):
    """papermill silently skips a parameter line with two '=' (e.g. in its comment); catch that."""
    stored = json.loads(nb.read_text())
    cell = next(c for c in stored["cells"] if "parameters" in c["metadata"].get("tags", []))
    lines = [ln for ln in "".join(cell["source"]).splitlines() if ln.strip() and not ln.strip().startswith("#")]
    params = report.notebook_parameters(nb)
    assert len(params) == len(lines), set(ln.split(":")[0] for ln in lines) - set(params)
    assert all(p["help"] for p in params.values()), "every parameter has a comment"
    assert all(p["type"] in ("int", "float", "str", "bool") for p in params.values())


def test_runs_file_is_valid():
    runs = report.load_runs(ROOT / "notebooks" / "runs.yaml", ROOT / "notebooks")
    assert ("customer_types_cdnow", ROOT / "notebooks" / "customer_types.ipynb", {"data": "cdnow"}) in runs


def test_runs_file_errors(tmp_path):
    _tiny_notebook(tmp_path / "tiny.ipynb")
    (tmp_path / "runs.yaml").write_text("big:\n  notebook: tiny\n  parameters: {m: 1}\n")
    with pytest.raises(DataValidationError, match="'m' is not a parameter of tiny.ipynb"):
        report.load_runs(tmp_path / "runs.yaml", tmp_path)
    (tmp_path / "runs.yaml").write_text("big:\n  notebook: nothere\n")
    with pytest.raises(DataValidationError, match="names notebook 'nothere', not found"):
        report.load_runs(tmp_path / "runs.yaml", tmp_path)


@pytest.mark.notebook
def test_customer_types_on_cdnow_sample(tmp_path):
    """The second parameter set (real data without discounts, categories or visits), on the small sample."""
    r = report.render(ROOT / "notebooks" / "customer_types.ipynb", tmp_path, {"data": "cdnow_sample"})
    assert r.ok, r.error
    html = Path(r.html).read_text()
    assert "cannot be identified" in html and "Simulated data" not in html
    assert "cdnow_sample.txt" in html    # provenance lists the input file


def test_pseudonymize(monkeypatch):
    monkeypatch.setenv("INSIGHT_ID_KEY", "k1")
    a = privacy.pseudonymize(pd.Series(["C1", "C2", "C1"]))
    assert a[0] == a[2] != a[1] and a[0].startswith("cust_") and "C1" not in a[0]
    monkeypatch.setenv("INSIGHT_ID_KEY", "k2")
    assert privacy.pseudonymize(pd.Series(["C1"]))[0] != a[0]      # the key matters
    assert privacy.pseudonymize(pd.Series(["C1"]), reveal=True)[0] == "C1"
    d = display.csv_download(pd.DataFrame({"x": [1]}, index=pd.Index(["C000001"], name="customer_id")), "t.csv")
    import base64
    csv = base64.b64decode(d._repr_html_().split("base64,")[1].split("'")[0]).decode()
    assert "C000001" not in csv and "cust_" in csv


@pytest.mark.notebook
def test_satisfaction_demo_renders_every_section(tmp_path):
    nb = ROOT / "notebooks" / "satisfaction.ipynb"
    r = report.render(nb, tmp_path, {"data": "demo", "demo_customers": 1500})
    assert r.ok, r.error
    html = Path(r.html).read_text()
    covered = html.split("Not covered by these data</h2>")[1].split("</ul>")[0]   # every input but comments
    assert covered.count("<li>") == 1 and "What respondents write" in covered
    for text in ("Focus on", "the claim that fast-resolved complainers", "Contact ratings fall", "Most important:"):
        assert text in html
    yp = Path(report.render(nb, tmp_path / "yp").html).read_text()
    missing = yp.split("Not covered by these data</h2>")[1].split("</ul>")[0]
    assert missing.count("<li>") == 8                # groups, trend, levels, speed, complaints, touchpoints, actions
    for gone in ("Scores by group", "Scores over time", "Four levels of satisfaction", "Service speed",   # comments
                 "Complaints and recovery", "Touchpoints", "What to do", "What respondents write"):
        assert gone in missing and f">{gone}</h2>" not in yp and f">{gone}<a" not in yp
    assert "Most important: Appropriate pricing given volume (" in yp


PAYLOADS = ["<script>window.__pwned='script'</script>", "<img src=x onerror=\"window.__pwned='img'\">"]


@pytest.mark.notebook
def test_untrusted_text_does_not_execute_in_browser(tmp_path, browser):
    """Strings from the data (column names, group values) reach tables, plots and sentences; none may run."""
    import browser as b

    rng = np.random.default_rng(0)
    drivers = [f"price{PAYLOADS[0]}", f"reach{PAYLOADS[1]}", "q4"]
    df = pd.DataFrame({c: rng.integers(1, 11, 300) for c in ["q1", *drivers]})
    df["q1"] = np.clip(df[drivers].mean(axis=1).round() + rng.integers(-1, 2, 300), 1, 10).astype(int)
    df["group"] = np.where(np.arange(300) % 2, PAYLOADS[0], PAYLOADS[1])
    path = tmp_path / "survey.csv"
    df.to_csv(path, index=False)
    nb = ROOT / "notebooks" / "satisfaction.ipynb"
    r = report.render(nb, tmp_path / "out", {"data": str(path), "overall_col": "q1", "driver_cols": ",".join(drivers),
                                             "scale": "1-10", "group_col": "group"})
    assert r.ok, r.error
    page = b.check(browser, Path(r.html), screenshot="untrusted_text")
    assert page["pwned"] is None
    assert page["external"] == [] and page["console_errors"] == []
    assert PAYLOADS[0] in page["body"] and "onerror" in page["body"]   # shown as text, in tables and sentences
    assert "Most important:" in page["body"]


def test_browser_check_catches_network_and_errors(tmp_path, browser):
    """The check itself can fail: an external script, a console error and a broken image are all reported."""
    import browser as b

    page = tmp_path / "bad.html"
    page.write_text("<html><body><script src='https://cdn.example.com/x.js'></script>"
                    "<script>console.error('boom')</script><img src='missing.png'></body></html>")
    res = b.check(browser, page)
    assert any(u.startswith("https://cdn.example.com") for u in res["external"])
    assert any("boom" in m for m in res["console_errors"])
    assert res["images"] and res["images"][0][1] == 0


def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch):
    """Parallel reports race for ZMQ ports; a kernel lost that race before any cell ran is simply restarted."""
    import papermill

    nb = _tiny_notebook(tmp_path / "tiny.ipynb")
    real, calls = papermill.execute_notebook, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    r = report.render(nb, tmp_path / "out")
    assert r.ok and len(calls) == 2

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("something else")

    calls.clear()
    monkeypatch.setattr(papermill, "execute_notebook", broken)
    assert not report.render(nb, tmp_path / "out2").ok and len(calls) == 1   # other errors are not retried


@pytest.mark.notebook
def test_overview_and_detailed_reports_agree_exactly(tmp_path):
    """One set of numbers: the overview's retention money and CLV total are the detailed reports' figures."""
    from bs4 import BeautifulSoup

    def text(r):
        assert r.ok, r.error
        return re.sub(r"\s+", " ", BeautifulSoup(Path(r.html).read_text(), "html.parser").get_text(" "))

    nb = ROOT / "notebooks"
    overview = text(report.render(nb / "overview.ipynb", tmp_path, {"demo_customers": 1500}))
    churn = text(report.render(nb / "churn.ipynb", tmp_path, {"data": "demo", "demo_customers": 1500}))
    clv = text(report.render(nb / "clv.ipynb", tmp_path, {"data": "demo", "demo_customers": 1500,
                                                          "calibration_end": "2024-03-31", "holdout_end": "2024-12-31"}))
    offers = re.search(r"Contact the ([\d,]+) of the ([\d,]+) current customers .*? expected profit (\$[\d,]+) over "
                       r"the next 12 months", churn)
    assert offers, churn[:3000]
    assert f"Retention offers to the {offers.group(1)} current customers most worth keeping : net value " \
           f"{offers.group(3)} over the next 12 months" in overview
    win = re.search(r"Win back the ([\d,]+) most valuable customers who have probably left : net value (\$[\d,]+) "
                    r"over the next 12 months \(brings (\$[\d,]+), costs (\$[\d,]+)\)", clv)
    assert win, clv[:3000]
    assert win.group(0) in overview
    total = re.search(r"expected margin over the next 52 weeks is (\$[\d,]+)", clv).group(1)
    assert f"expected margin over the next 52 weeks is {total}" in overview
    gone = re.search(r"\(([\d,]+) of ([\d,]+)\) have probably left", clv).group(0)
    assert gone in overview
    feedback = text(report.render(nb / "feedback.ipynb", tmp_path, {"data": "demo", "demo_customers": 1500}))
    costs = re.search(r"[^.]* costs the most customers: of its [\d,]+ writers [^()]*\(95% interval [-\d]+ to "
                      r"[-\d]+\)\.", feedback)
    assert costs, feedback[:3000]
    assert costs.group(0).strip() in overview and "Details: feedback report" in overview


@pytest.mark.notebook
def test_revealed_ids_and_categories_never_run_as_code(tmp_path, browser, monkeypatch):
    """With --reveal-ids the retention list shows real ids; ids and categories that are markup stay text."""
    import browser as b

    rng = np.random.default_rng(1)
    n = 400
    df = pd.DataFrame({"kunde": [PAYLOADS[i % 2] + f"-{i}" for i in range(n)],
                       "plan": rng.choice([PAYLOADS[0], PAYLOADS[1], "basic"], n),
                       "monate": rng.integers(1, 60, n), "umsatz": rng.uniform(10, 90, n).round(2)})
    df["gekuendigt"] = np.where(rng.random(n) < 0.25 + 0.2 * (df["plan"] == "basic"), "ja", "nein")
    path = tmp_path / "kunden.csv"
    df.to_csv(path, index=False)
    monkeypatch.setenv("INSIGHT_REVEAL_IDS", "1")
    r = report.render(ROOT / "notebooks" / "churn.ipynb", tmp_path / "out", {
        "data": str(path), "target_col": "gekuendigt", "positive_value": "ja", "id_col": "kunde",
        "duration_col": "monate", "group_col": "plan", "value_col": "umsatz", "value_period": "month", "n_splits": 3})
    assert r.ok, r.error
    page = b.check(browser, Path(r.html), screenshot="untrusted_ids")
    assert page["pwned"] is None and page["console_errors"] == []
    assert "onerror" in page["body"] and "-1" in page["body"]          # real ids shown, as text
    assert page["body"].count("cust_") == 0


def test_render_refuses_a_name_that_leaves_the_output_folder(tmp_path):
    """The library's render() wrote <out>/../escaped.html; only the CLI checked run names."""
    with pytest.raises(DataValidationError, match=r"run name '\.\./escaped'"):
        report.render(ROOT / "notebooks" / "data_quality.ipynb", tmp_path / "out", name="../escaped")
    assert not (tmp_path / "escaped.html").exists() and not (tmp_path / "escaped.ipynb").exists()


def test_a_shared_parameter_a_report_does_not_use_is_ignored_and_said(tmp_path):
    """One -p margin 0.2 for every report: data_quality has no margin, so it ignores it instead of failing (its
    currency converts a log declared in rials)."""
    nb = ROOT / "notebooks" / "data_quality.ipynb"
    assert "margin" not in report.notebook_parameters(nb) and "currency" in report.notebook_parameters(nb)
    assert report.coerce_parameters(nb, {"currency": "EUR", "margin": 0.2}) == {"currency": "EUR"}
    assert report.ignored_parameters(nb, {"margin": 0.2, "data": "x"}) == ["margin"]
    with pytest.raises(DataValidationError, match="'colour' is not a parameter of data_quality.ipynb"):
        report.coerce_parameters(nb, {"colour": "red"})


WARNED = """import logging, sys, warnings
import numpy as np
from insight.exceptions import ConvergenceWarning, StatisticalWarning
warnings.warn("the fit did not converge", ConvergenceWarning)
warnings.warn("groups are small", StatisticalWarning)
np.sqrt(np.array([-1.0]))
warnings.warn("an old interface", FutureWarning)
warnings.warn("something else", UserWarning)
print("a line for stderr", file=sys.stderr)
logging.getLogger("lib").warning("a logged warning")
print(n * 14)"""


def test_warnings_become_notes_in_words_and_nothing_leaks(tmp_path):
    """Warnings once reached the page as '/.../insight/sections.py:454: StatisticalWarning: ...' lines."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = new_code_cell("n: int = 3  # how many")
    p.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# Warned\n\n## Part"), p, new_code_cell(WARNED), new_markdown_cell("## Provenance")]
    nbformat.write(nb, tmp_path / "warned.ipynb")
    r = report.render(tmp_path / "warned.ipynb", tmp_path / "out")
    assert r.ok, r.error
    html = Path(r.html).read_text()
    assert "42" in html and leaks(html) == []
    assert "a line for stderr" not in html and "a logged warning" not in html and "an old interface" not in html
    notes = re.search(r"<h2 id=\"run-notes\">Notes on the computations</h2><ul>(.*?)</ul>", html).group(1)
    assert re.findall(r"<li>(.*?)</li>", notes) == [
        "One model fit did not fully converge; the figures that rest on it are less certain than they look.",
        ("One result rests on shaky statistics (for example a small group, or a model assumption the data do not "
         "meet); read it as an indication, not as proof."),
        ("One calculation met a value it could not use (such as a division by zero or the square root of a negative "
         "number); a figure that could not be computed is shown as – or as not estimable."),
        "One other technical warning was raised while computing; the executed notebook lists it.",
        ("2 lines of technical output printed while computing were left out of this page; the executed notebook keeps "
         "them.")]
    assert html.index("Notes on the computations</h2>") < html.rindex(">Provenance")   # last, before provenance
    kept = nbformat.read(tmp_path / "out" / "warned.ipynb", as_version=4)        # for whoever debugs the run
    assert [w["category"] for w in kept.metadata["insight"]["warnings"]] == [
        "ConvergenceWarning", "StatisticalWarning", "RuntimeWarning", "FutureWarning", "UserWarning"]
    assert "a line for stderr" in json.dumps(kept.cells[2].outputs)
    assert not list((tmp_path / "out").glob(".*.jsonl"))                         # the record file is gone


def test_relative_paths_are_read_from_the_callers_folder(tmp_path, monkeypatch):
    """A relative survey_data was looked up in notebooks/ (the kernel's folder), not where the command ran."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = new_code_cell('survey_data: str = ""  # a survey file\ndata: str = "bundled"  # the data')
    p.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# Paths"), p,
                new_code_cell("from pathlib import Path\nprint(Path(survey_data).read_text(), data)")]
    (tmp_path / "nbs").mkdir()
    nbformat.write(nb, tmp_path / "nbs" / "paths.ipynb")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "survey.yaml").write_text("answers-from-the-callers-folder")
    monkeypatch.chdir(tmp_path)
    r = report.render(tmp_path / "nbs" / "paths.ipynb", tmp_path / "out", {"survey_data": "mine/survey.yaml"})
    assert r.ok, r.error
    assert "answers-from-the-callers-folder bundled" in Path(r.html).read_text()
    assert r.parameters == {"survey_data": str(tmp_path / "mine" / "survey.yaml")}
    got = report.absolute_paths({"data": "demo", "survey_data": "mine/survey.yaml", "orders_path": "none.csv",
                                 "customers_data": str(tmp_path / "x.yaml"), "n": "mine/survey.yaml"}, tmp_path)
    assert got == {"data": "demo", "survey_data": str(tmp_path / "mine" / "survey.yaml"), "orders_path": "none.csv",
                   "customers_data": str(tmp_path / "x.yaml"), "n": "mine/survey.yaml"}
    with pytest.raises(DataValidationError, match="parameter 'base' == .*nowhere.*: not a folder"):
        report.absolute_paths({}, tmp_path / "nowhere")
    # a runs file's relative paths are read from the runs file's folder
    (tmp_path / "mine" / "runs.yaml").write_text("mine:\n  notebook: paths\n  parameters: {survey_data: survey.yaml}\n")
    (run,) = report.load_runs(tmp_path / "mine" / "runs.yaml", tmp_path / "nbs")
    assert run[2] == {"survey_data": str(tmp_path / "mine" / "survey.yaml")}


def test_the_overview_never_renders_the_demo_company_for_your_tables():
    """Given a customer table and a survey but data left at 'demo', the overview silently showed the demo company."""
    nb = ROOT / "notebooks" / "overview.ipynb"
    with pytest.raises(DataValidationError, match=r"parameter 'data' is 'demo' \(the simulated company\) while 2 of "
                                                  r"your own table\(s\) are given, e.g. customers_data='c.yaml'"):
        report.coerce_parameters(nb, {"customers_data": "c.yaml", "survey_data": "s.yaml"})
    with pytest.raises(DataValidationError, match="while 1 of your own table"):
        report.coerce_parameters(nb, {"data": "demo", "survey_data": "s.yaml"})
    assert report.coerce_parameters(nb, {"data": "sales.yaml", "survey_data": "s.yaml"}) == {
        "data": "sales.yaml", "survey_data": "s.yaml"}
    assert report.coerce_parameters(nb, {"survey_data": ""}) == {"survey_data": ""}


@pytest.mark.notebook
def test_a_persian_report_reads_right_to_left_with_its_font_and_digits(tmp_path, optional_browser):
    """Issue 28, first part: the page takes the language of its headline box; Persian pages are right to left with
    the Vazirmatn font embedded, and every number insight writes in the box is in Persian digits."""
    from bs4 import BeautifulSoup

    r = report.render(ROOT / "notebooks" / "feedback.ipynb", tmp_path,
                      {"data": "demo", "demo_customers": 1500, "language": "fa"})
    assert r.ok, r.error
    page = Path(r.html).read_text()
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "fa" and soup.html["dir"] == "rtl"
    assert "font-family: 'Vazirmatn'" in page and "data:font/woff2;base64," in page
    box = soup.select_one(".insight-headline")
    assert box.h2.get_text() == "خلاصه"
    numbers = re.findall(r"[0-9۰-۹][0-9۰-۹٬٫]*", " ".join(li.get_text() for li in box.select("li")))
    assert numbers and all(not re.search(r"[0-9]", n) for n in numbers), numbers
    if optional_browser is not None:   # in a real browser: right to left, the embedded font in use, nothing cut off
        import browser

        phone = browser.on_a_phone(optional_browser, Path(r.html))
        assert (phone["dir"], phone["lang"]) == ("rtl", "fa") and "Vazirmatn" in phone["fonts"]
        assert phone["hidden"] == [] and not phone["sideways"], phone
    english = Path(report.render(ROOT / "notebooks" / "feedback.ipynb", tmp_path / "en",
                                 {"data": "demo", "demo_customers": 1500}).html).read_text()
    assert "dir=\"rtl\"" not in english and "Vazirmatn" not in english and "<html lang=\"en\"" in english
