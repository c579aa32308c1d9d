"""The reference documentation's checks: every public object documented in numpydoc style
(``scripts/validate_api_docs.py``), and every docstring example run as a doctest, so none can rot; and the site
``make docs`` builds: every module on the API pages, the example scripts run, the built pages load nothing from
another host and carry every report parameter in English and Persian."""

from __future__ import annotations

import doctest
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import validate_api_docs  # noqa: E402

MODULES = validate_api_docs.public_modules()


@pytest.fixture
def numpydoc():
    """numpydoc (the 'docs' extra): skipped without it, except where INSIGHT_REQUIRE_DOCS=1 (.ci/run) requires it."""
    try:
        import numpydoc.validate  # noqa: F401
    except ImportError:
        reason = "numpydoc is not installed (the 'docs' extra: make docs, or pip install -e '.[docs]')"
        if os.environ.get("INSIGHT_REQUIRE_DOCS") == "1":
            pytest.fail(f"INSIGHT_REQUIRE_DOCS=1 but {reason}")
        pytest.skip(reason)


def test_every_public_object_has_the_sections_numpydoc_requires(numpydoc):
    found = []
    for name in MODULES:
        for path in validate_api_docs.public_objects(name):
            found += validate_api_docs.problems(path)
    assert found == [], f"{len(found)} missing sections, for example {found[:5]}"


def test_the_checker_finds_a_missing_section(tmp_path, monkeypatch, numpydoc):
    """The check is not vacuous: a function with an undocumented parameter and a raise without Raises fails."""
    (tmp_path / "undocumented_example.py").write_text(
        'def f(x, y):\n    """Add.\n\n    Parameters\n    ----------\n    x : int\n        A number.\n\n'
        '    Returns\n    -------\n    int\n        The sum.\n    """\n    if x < 0:\n        raise ValueError("x")\n'
        '    return x + y\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    codes = sorted(p.split()[0] for p in validate_api_docs.problems("undocumented_example.f"))
    assert codes == ["PR01", "RA01"]


@pytest.mark.parametrize("name", [m for m in MODULES if ">>>" in (Path(importlib.util.find_spec(m).origin)
                                                                  .read_text(encoding="utf-8"))])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


# ---------------------------------------------------------------------------------------------------------------------
# The documentation site (docs/, built by `make docs`): API pages cover every module, example scripts run, and the
# built pages open offline. INSIGHT_REQUIRE_DOCS=1 (set by .ci/run) turns a skip for want of Sphinx into a failure.

DOCS = ROOT / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("*.py"))
#: tags whose src/href/data attribute makes the browser load something (an <a href> does not)
LOADING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
           "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
           "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"),
           "use": ("href", "xlink:href")}
_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
_CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?([^"')\s;]+)""", re.I)


def test_api_pages_list_every_public_module():
    assert validate_api_docs.missing_from_api_pages(MODULES) == []


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_script_runs(script, tmp_path):
    """Each example of docs/examples runs from an empty folder, prints something and saves its figure."""
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip()
    figures = list(tmp_path.glob("*.png"))
    assert figures and all(f.stat().st_size > 5_000 for f in figures), figures


def test_there_are_four_examples():
    assert {p.stem for p in EXAMPLES} >= {"fit_model_by_name", "value_with_intervals", "p_alive", "complaint_themes"}


def remote_loads(html_dir: Path) -> list[str]:
    """``file: what`` for every resource a built page would load from another host: src/href of the tags that
    load (script, stylesheet, image, frame, media...), ``url()`` and ``@import`` in style elements, style attributes
    and CSS files. Links a reader clicks (``<a href>``) are not loads."""
    from bs4 import BeautifulSoup

    found = []
    for page in sorted(html_dir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        name = page.relative_to(html_dir).as_posix()
        for tag in soup.find_all(list(LOADING)):
            for attr in LOADING[tag.name]:
                for value in (tag.get(attr) or "").split(","):
                    url = value.strip().split(" ")[0]
                    if _REMOTE.match(url):
                        found.append(f"{name}: <{tag.name} {attr}={url}>")
        styles = [t.string or "" for t in soup.find_all("style")] + [t.get("style", "") for t in soup.find_all(style=True)]
        for meta in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
            if re.search(r"url\s*=\s*(https?:)?//", meta.get("content", ""), re.I):
                found.append(f"{name}: <meta refresh {meta.get('content')}>")
        found += [f"{name}: url({u})" for css in styles for u in _CSS_URL.findall(css) if _REMOTE.match(u)]
    for sheet in sorted(html_dir.rglob("*.css")):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        found += [f"{sheet.relative_to(html_dir).as_posix()}: url({u})" for u in _CSS_URL.findall(css)
                  if _REMOTE.match(u)]
    return found


def test_the_offline_scan_finds_remote_loads(tmp_path):
    """The scan is not vacuous: a CDN script, a web font, a remote image and a style import are all found, and a
    link a reader clicks and an SVG namespace inside a data: URL are not."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(
        "<html><head><script src='https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js'></script>"
        "<link rel='stylesheet' href='//fonts.googleapis.com/css?family=Roboto'>"
        "<style>@import url('https://example.com/a.css'); .x{background:url(http://example.com/b.png)}</style>"
        "</head><body><img srcset='local.png 1x, https://example.com/c.png 2x'>"
        "<a href='https://en.wikipedia.org/wiki/Customer_lifetime_value'>CLV</a>"
        "<div style=\"background:url('data:image/svg+xml,<svg xmlns=&quot;http://www.w3.org/2000/svg&quot;/>')\">"
        "</div></body></html>", encoding="utf-8")
    (tmp_path / "theme.css").write_text("@font-face{src:url(https://fonts.gstatic.com/x.woff2)}", encoding="utf-8")
    found = remote_loads(tmp_path)
    assert len(found) == 6, found
    assert not any("wikipedia" in f or "w3.org" in f for f in found)


def _docs_missing_reason() -> str | None:
    try:
        import furo  # noqa: F401
        import numpydoc  # noqa: F401
        import sphinx  # noqa: F401
    except ImportError as exc:
        return f"Sphinx, numpydoc or furo is not installed ({exc.name}): pip install -e '.[docs]' (make docs does)"
    return None


def _fresh(html: Path) -> bool:
    """The built site is newer than every source of the documentation (pages, conf, extension, examples)."""
    index = html / "index.html"
    if not index.is_file():
        return False
    built = index.stat().st_mtime
    sources = [p for p in DOCS.rglob("*") if p.is_file() and "_build" not in p.relative_to(DOCS).parts]
    return all(p.stat().st_mtime <= built for p in sources)


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory) -> Path:
    """The built site: ``docs/_build/html`` when it is newer than the sources (``make docs`` ran, as in .ci/run),
    else a build into a temporary folder (warnings allowed: the strict build is ``make docs``)."""
    html = DOCS / "_build" / "html"
    if _fresh(html):
        return html
    reason = _docs_missing_reason()
    if reason:
        if os.environ.get("INSIGHT_REQUIRE_DOCS") == "1":
            pytest.fail(f"INSIGHT_REQUIRE_DOCS=1 but {reason}")
        pytest.skip(f"no fresh docs/_build/html and {reason}")
    out = tmp_path_factory.mktemp("docs")
    env = dict(os.environ, MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees"), str(DOCS),
                          str(out / "html")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return out / "html"


def test_built_docs_load_nothing_from_another_host(built_docs):
    """Every page opens offline: no script, style, font or image from another host (no CDN MathJax, no web font)."""
    pages = list(built_docs.rglob("*.html"))
    assert len(pages) > 20
    assert remote_loads(built_docs) == []


def test_built_docs_show_no_error_box(built_docs):
    """No page shows a reStructuredText error or the theme's refusal of a construct (furo turns a ``contents``
    directive into a red box, which is not a Sphinx warning)."""
    bad = [p.relative_to(built_docs).as_posix() for p in built_docs.rglob("*.html")
           if "gallery/reports" not in p.as_posix()
           and re.search(r'class="system-message"|Furo-based documentation is unnecessary', p.read_text(encoding="utf-8"))]
    assert bad == []
    assert "mathjax" not in "".join(p.read_text(encoding="utf-8", errors="replace").lower()
                                    for p in built_docs.rglob("*.html") if "gallery/reports" not in p.as_posix())


def test_built_docs_have_every_report_parameter_in_both_languages(built_docs):
    from insight.report.run import notebook_parameters

    for page in ("report_parameters.html", "fa/report_parameters.html"):
        text = (built_docs / page).read_text(encoding="utf-8")
        for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
            assert f'id="params-{"fa" if page.startswith("fa") else "en"}-{nb.stem}"' in text, (page, nb.stem)
            for name in notebook_parameters(nb):
                assert f">{name}<" in text, (page, nb.stem, name)


def test_built_persian_pages_read_right_to_left_in_vazirmatn(built_docs):
    for page in ("fa/getting_started.html", "fa/report_parameters.html"):
        text = (built_docs / page).read_text(encoding="utf-8")
        assert '<div dir="rtl" lang="fa" class="insight-fa">' in text
        assert "راهنمای شروع" in text or "پارامترهای گزارش‌ها" in text
    css = (built_docs / "_static" / "insight.css").read_text(encoding="utf-8")
    assert "Vazirmatn" in css and (built_docs / "_static" / "Vazirmatn-Regular.woff2").is_file()
    assert (built_docs / "_static" / "OFL.txt").is_file()


def test_built_gallery_shows_every_example_with_its_figure(built_docs):
    text = (built_docs / "gallery" / "examples.html").read_text(encoding="utf-8")
    for script in EXAMPLES:
        assert f"docs/examples/{script.name}" in text, script.name
    assert text.count("<img") >= len(EXAMPLES)
    for src in re.findall(r'<img[^>]+src="([^"]+)"', text):
        assert (built_docs / "gallery" / src).resolve().is_file(), src


def test_built_gallery_links_the_rendered_reports(built_docs):
    """The gallery copies what `make reports` left in reports/ (when it ran) and every link it shows works."""
    text = (built_docs / "gallery" / "reports.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(reports/[^"#]+\.html)"', text)
    for link in links:
        assert (built_docs / "gallery" / link).is_file(), link
    if not links:  # a clean clone: the page says how to get them (words split by markup, as the page shows them)
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        assert "No rendered reports were found" in words and "make reports docs" in words


def test_built_docs_open_offline_in_a_browser(built_docs, optional_browser):
    """In headless Chromium with the network blocked (always in CI): no request leaves the files, no console
    error, on the front page, an API page and a Persian page."""
    if optional_browser is None:
        pytest.skip("no headless Chromium here (.ci/run installs it)")
    import browser

    for page in ("index.html", "api/clv.html", "fa/getting_started.html", "gallery/examples.html"):
        res = browser.check(optional_browser, built_docs / page)
        assert res["external"] == [] and res["console_errors"] == [], (page, res["external"], res["console_errors"])


def test_data_spec_page_examples_use_known_keys():
    """The YAML examples of docs/data_spec.rst use only keys and roles the specification accepts."""
    import yaml

    from insight.data import spec, tables

    text = (DOCS / "data_spec.rst").read_text(encoding="utf-8")
    blocks = re.findall(r"\.\. code-block:: yaml\n\n((?:   .*\n|\n)+)", text)
    assert len(blocks) >= 3
    for block in blocks:
        doc = yaml.safe_load("\n".join(line[3:] for line in block.splitlines()))
        assert set(doc) <= spec._TOP_KEYS, set(doc) - spec._TOP_KEYS
        for table in doc.get("tables", {}).values():
            assert set(table) <= tables.TABLE_KEYS, set(table) - tables.TABLE_KEYS
        required, optional = spec.ROLES[doc["kind"]]
        assert set(required) <= set(doc["columns"]) <= set(required) | set(optional), doc["columns"]
