import subprocess
import sys
from pathlib import Path

import pytest

from insight.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_list_shows_parameters(capsys):
    assert main(["report", "--list", "data_quality"]) == 0
    out = capsys.readouterr().out
    assert "demo_customers: int = 2000  # number of customers of the simulated demo company" in out


def test_unknown_parameter_fails_before_running(tmp_path, capsys):
    assert main(["report", "data_quality", "-p", "customers", "5", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "'customers' is not a parameter of data_quality.ipynb" in err
    assert not any(tmp_path.iterdir())


def test_missing_notebook(capsys):
    assert main(["report", "no_such_notebook"]) == 2
    err = capsys.readouterr().err
    assert "1 report(s) not found, e.g. 'no_such_notebook'" in err and "'clv_demo'" in err


def test_python_m_insight_entry_point():
    r = subprocess.run([sys.executable, "-m", "insight", "report", "--list", "data_quality"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "seed: int = 0" in r.stdout


# --------------------------------------------------------------------------- the pipeline, on tiny notebooks
def _nb(folder: Path, name: str, code: str, params: str = "n: int = 3  # how many") -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell(f"# {name}"), p, new_code_cell(code), new_code_cell("print('done')")]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb"


@pytest.fixture()
def nbdir(tmp_path):
    d = tmp_path / "nbs"
    _nb(d, "good", "print(n * 2)")
    _nb(d, "bad", "1 / 0")
    _nb(d, "slow", "import time; time.sleep(60)")
    (d / "runs.yaml").write_text("good_big:\n  notebook: good\n  parameters:\n    n: 50\n")
    return d


def _run(nbdir, out, *args):
    return main(["report", "--notebook-dir", str(nbdir), "--out", str(out), *args])


def test_named_run_and_params_files(nbdir, tmp_path, capsys):
    out = tmp_path / "out"
    assert _run(nbdir, out, "good_big") == 0                    # a named run from runs.yaml, by name
    assert "100" in (out / "good_big.ipynb").read_text()
    plain = tmp_path / "p.yaml"
    plain.write_text("n: 7\n")
    assert _run(nbdir, out, "good", "--params", str(plain)) == 0
    assert "14" in (out / "good.ipynb").read_text()
    runs = tmp_path / "runs.yaml"
    runs.write_text("two:\n  notebook: good\n  parameters: {n: 2}\nthree:\n  notebook: good\n  parameters: {n: 3}\n")
    assert _run(nbdir, out, "--params", str(runs), "-p", "n", "21") == 0   # -p overrides the file
    assert "42" in (out / "two.ipynb").read_text() and "42" in (out / "three.ipynb").read_text()
    index = (out / "index.html").read_text()
    assert "two.html" in index and "three.html" in index
    bad = tmp_path / "bad.yaml"
    bad.write_text("n: seven\n")
    assert _run(nbdir, out, "good", "--params", str(bad)) == 2
    assert "'n' == 'seven' does not convert to the declared type int" in capsys.readouterr().err


def test_failures_are_isolated_and_fail_fast(nbdir, tmp_path, capsys):
    out = tmp_path / "out"
    assert _run(nbdir, out, "bad", "good", "-j", "1") == 1      # good still renders after bad failed
    assert (out / "good.html").exists() and (out / "bad.error.html").exists()
    assert "ZeroDivisionError" in (out / "bad.error.html").read_text()
    capsys.readouterr()
    assert _run(nbdir, tmp_path / "ff", "bad", "good", "-j", "1", "--fail-fast") == 1
    assert not (tmp_path / "ff" / "good.html").exists()
    assert "skipped" in (tmp_path / "ff" / "index.html").read_text()


def test_run_timeout_stops_the_run(nbdir, tmp_path):
    import time

    t0 = time.perf_counter()
    assert _run(nbdir, tmp_path / "out", "slow", "--run-timeout", "8") == 1
    assert time.perf_counter() - t0 < 30
    page = (tmp_path / "out" / "slow.error.html").read_text()
    assert "timed out after 8 s" in page and "cell 3" in page       # the cell that was running


def test_dated_output_replaces_the_day_atomically(nbdir, tmp_path):
    import datetime

    base = tmp_path / "reports"
    assert _run(nbdir, base, "good", "--dated") == 0
    day = base / datetime.date.today().isoformat()
    assert day.is_symlink() and (day / "good.html").exists()
    assert (base / "latest").resolve() == day.resolve()
    first = day.resolve()
    assert _run(nbdir, base, "good_big", "--dated") == 0          # same day again: new folder, old one gone
    assert (day / "good.html").exists() and (day / "good_big.html").exists()
    assert day.resolve() != first and not first.exists()
    assert (base / "latest" / "good_big.html").exists()


def test_required_parameter_and_progress(tmp_path, capsys):
    d = tmp_path / "nbs"
    _nb(d, "needs", "print(path)", params="path: str = None  # input file (required)")
    assert main(["report", "--notebook-dir", str(d), "--out", str(tmp_path / "o"), "needs"]) == 2
    assert "1 required parameter(s) not given, e.g. 'path'" in capsys.readouterr().err
    from insight.runner import render

    cells = []
    r = render(d / "needs.ipynb", tmp_path / "o", {"path": "x"}, progress=lambda i, n: cells.append((i, n)))
    assert r.ok and cells == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]   # papermill adds the injected-parameters cell


def test_reveal_ids(tmp_path, monkeypatch):
    from insight.privacy import pseudonymize

    assert pseudonymize(["C1"]).iloc[0].startswith("cust_")
    monkeypatch.setenv("INSIGHT_REVEAL_IDS", "1")
    assert pseudonymize(["C1"]).iloc[0] == "C1"
    assert pseudonymize(["C1"], reveal=False).iloc[0] != "C1"
