"""Rendering notebooks into HTML: parameters, success, failure, offline output."""

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from insight import report
from insight.exceptions import DataValidationError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# small inputs so every notebook runs quickly in the test suite
SMALL = {"data_quality": {"demo_customers": 300}}


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
    assert "ZeroDivisionError" in err and "failed in cell" in err
    assert (out / "tiny.ipynb").exists()             # executed notebook kept
    idx = report.write_index([r, r2], out).read_text()
    assert "failed" in idx and "tiny.error.html" in idx


def test_render_show_code(tmp_path):
    nb = _tiny_notebook(tmp_path / "tiny.ipynb")
    r = report.render(nb, tmp_path / "out", show_code=True)
    assert "print" in Path(r.html).read_text()


@pytest.mark.notebook
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_renders_offline(nb, tmp_path):
    r = report.render(nb, tmp_path, SMALL.get(nb.stem, {}))
    assert r.ok, r.error
    html = Path(r.html).read_text()
    # nothing is loaded from the network: no external script, stylesheet, image or frame
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"'](https?:)?//", html)
    assert "<script src" not in html
    assert html.count("data:image/png;base64") >= 1
    # the notebook is committed without outputs
    stored = json.loads(nb.read_text())
    assert not any(c.get("outputs") for c in stored["cells"] if c["cell_type"] == "code")
    assert any("parameters" in c["metadata"].get("tags", []) for c in stored["cells"])
