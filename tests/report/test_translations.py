"""Notebook markdown in Persian (issue 28): every markdown cell of every notebook has its Persian text, the
headings the report matches against the catalog are the catalog's, and a Persian render shows them."""

import glob
import json
import re
from pathlib import Path

import nbformat
import pytest

from insight.report.translations import localize_markdown, markdown_texts
from insight.style import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "insight" / "notebooks").glob("*.ipynb"))
OTHER = [lang for lang in LANGUAGES if lang != "en"]


@pytest.mark.parametrize("language", OTHER)
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_markdown_cell_has_its_translation(nb, language):
    cells = [c for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "markdown"]
    texts = markdown_texts(nb.stem, language)
    assert set(texts) == {c["id"] for c in cells}, nb.stem
    english, translated = catalog("en"), catalog(language)
    for cell in cells:
        heads = re.findall(r"^#+ (.+)$", cell.source, re.M)
        theirs = re.findall(r"^#+ (.+)$", texts[cell["id"]], re.M)
        assert len(heads) == len(theirs), (nb.stem, cell["id"])
        for h, t in zip(heads, theirs):
            ids = [k for k, v in english.items() if v == h.strip()]
            if ids:   # a section the report may list as not covered: its heading is the catalog's
                assert t.strip() in {translated[k] for k in ids}, (nb.stem, h, t)
        assert not re.search(r"[0-9]", re.sub(r"`[^`]*`|\([^)]*\.html\)|[A-Za-z][\w/()-]*\d\w*", "", texts[cell["id"]]))


def test_localize_replaces_only_the_cells_it_has():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Hello", id="a"), nbformat.v4.new_code_cell("x = 1", id="b"),
                nbformat.v4.new_markdown_cell("kept", id="c")]
    markdown_texts.cache_clear()
    out = localize_markdown(nb, "no_such_notebook", "fa")
    assert [c.source for c in out.cells] == ["# Hello", "x = 1", "kept"]
    assert localize_markdown(nb, "feedback", "en").cells[0].source == "# Hello"


@pytest.mark.notebook
def test_the_index_and_the_bundle_take_the_reports_language(tmp_path):
    from insight.report.run import Job, render_all

    job = Job("data_quality", ROOT / "insight" / "notebooks" / "data_quality.ipynb",
              {"language": "fa", "demo_customers": 300})
    results = render_all([job], tmp_path, bundle=True, max_parallel=1)
    assert all(r.ok for r in results)
    for page in ("index.html", "bundle.html", "data_quality.html"):
        text = (tmp_path / page).read_text(encoding="utf-8")
        tag = re.search(r"<html[^>]*>", text).group(0)
        assert "lang='fa'" in tag.replace('"', "'") and "dir='rtl'" in tag.replace('"', "'"), page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "گزارش‌های مشتری" in index and not re.search(r"[0-9]", re.sub(r"<[^>]+>|\{[^}]*\}", "", index.split(
        "<body>")[1]).replace("UTC", "")), "Latin digits on the Persian index"
