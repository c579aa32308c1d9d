import os
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
    page = (out / "bad.error.html").read_text()
    assert "division by zero" in page and "ZeroDivisionError" not in page   # what went wrong, no class name
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
    from insight.report.run import render

    cells = []
    r = render(d / "needs.ipynb", tmp_path / "o", {"path": "x"}, progress=lambda i, n: cells.append((i, n)))
    assert r.ok and cells == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]   # papermill adds the injected-parameters cell


def test_reveal_ids(tmp_path, monkeypatch):
    from insight.privacy import pseudonymize

    assert pseudonymize(["C1"]).iloc[0].startswith("cust_")
    monkeypatch.setenv("INSIGHT_REVEAL_IDS", "1")
    assert pseudonymize(["C1"]).iloc[0] == "C1"
    assert pseudonymize(["C1"], reveal=False).iloc[0] != "C1"


# --------------------------------------------------------------------------- a pipeline that never loses or exposes a report
def test_run_names_stay_inside_the_output_folder(nbdir, tmp_path, capsys):
    from insight.exceptions import DataValidationError
    from insight.report.run import Job, check_run_name

    for bad in ("../x", "a/b", ".hidden", "..", "x/../../y", ""):
        with pytest.raises(DataValidationError, match="stays inside the output folder"):
            check_run_name(bad)
    assert check_run_name("churn_demo-2.v1") == "churn_demo-2.v1"
    with pytest.raises(DataValidationError):
        Job("../x", nbdir / "good.ipynb")
    runs = tmp_path / "runs.yaml"
    runs.write_text("../escape:\n  notebook: good\n")
    assert _run(nbdir, tmp_path / "out", "--params", str(runs)) == 2
    assert "run name '../escape'" in capsys.readouterr().err
    assert not (tmp_path / "escape.html").exists()


def test_bad_yaml_and_bad_out_give_one_line(nbdir, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("n: [1, 2\nm: 3\n")
    afile = tmp_path / "afile"
    afile.write_text("x")
    for args, expected in [(["good", "--params", str(bad)], "bad.yaml: not valid YAML"),
                           (["good", "--out", str(afile / "sub")], "is a file, not a folder"),
                           (["good", "--out", "/proc/insight-cannot-write"], "cannot write there")]:
        cmd = [sys.executable, "-m", "insight", "report", "--notebook-dir", str(nbdir), *args]
        if "--out" not in args:
            cmd += ["--out", str(tmp_path / "o")]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 2, r.stderr
        assert "Traceback" not in r.stderr and expected in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_a_cell_time_out_names_the_cell(nbdir, tmp_path):
    assert _run(nbdir, tmp_path / "out", "slow", "--timeout", "3") == 1
    page = (tmp_path / "out" / "slow.error.html").read_text()
    assert "failed in cell 3" in page and "time.sleep(60)" in page and "3 s limit" in page
    assert "before any cell ran" not in page


def test_two_dated_runs_on_the_same_day_keep_each_others_reports(tmp_path):
    """Started together, each copies the day's folder before the other publishes; the merge keeps both."""
    import datetime

    d = tmp_path / "nbs"
    _nb(d, "first", "import time; time.sleep(4); print('first')")
    _nb(d, "second", "import time; time.sleep(1); print('second')")
    base = tmp_path / "reports"
    cmd = [sys.executable, "-m", "insight", "report", "--notebook-dir", str(d), "--out", str(base), "--dated"]
    procs = [subprocess.Popen([*cmd, name], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for name in ("first", "second")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    day = base / datetime.date.today().isoformat()
    assert (day / "first.html").exists() and (day / "second.html").exists()
    index = (day / "index.html").read_text()
    assert "first.html" in index and "second.html" in index
    assert len([p for p in (base / ".runs").iterdir() if p.is_dir()]) == 1   # the replaced folder was removed


def test_ctrl_c_stops_the_kernels_writes_the_index_and_exits_130(tmp_path):
    import signal
    import time

    d = tmp_path / "nbs"
    _nb(d, "quick", "print('quick')")
    _nb(d, "slow", "import time; time.sleep(120)")
    out = tmp_path / "out"
    # a shell that starts the test run in the background (nohup ... &) ignores SIGINT for everything it starts,
    # and an ignored SIGINT is inherited; this test sends one on purpose, so its command gets the default back
    proc = subprocess.Popen([sys.executable, "-m", "insight", "report", "--notebook-dir", str(d), "--out", str(out),
                             "-j", "2", "quick", "slow"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while not (out / "quick.html").exists() and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(2)                                     # the slow one is in its sleeping cell now
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and time.perf_counter() - t0 < 10
    assert "Traceback" not in err and "interrupted" in err
    index = (out / "index.html").read_text()
    assert "quick.html" in index and "interrupted" in index
    assert (out / "slow.error.html").exists()
    r = subprocess.run(["pgrep", "-f", "time.sleep(120)"], capture_output=True, text=True)
    assert r.stdout.strip() == ""                     # no kernel left running


def test_bundle_holds_every_report_with_working_links(nbdir, tmp_path):
    out = tmp_path / "out"
    assert _run(nbdir, out, "good", "good_big", "--bundle") == 0
    page = (out / "bundle.html").read_text()
    assert 'id="report-good"' in page and 'id="report-good_big"' in page
    import re

    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"'](https?:)?//", page)
    index = (out / "index.html").read_text()
    assert "bundle.html" in index


def test_models_are_listed_and_fitted_by_name(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for name in ("bgnbd", "mbgnbd", "pareto", "bgbb", "sbg", "gammagamma"):
        assert name in out
    assert main(["fit", "bgbb", str(ROOT / "data" / "raw" / "donations.csv")]) == 0
    out = capsys.readouterr().out
    assert "alpha 1.204, beta 0.750, gamma 0.657, delta 2.783; log-likelihood -33,225.6" in out
    assert main(["fit", "bgnbd", "cdnow_sample"]) == 0 and "BG/NBD on 2,357 customers" in capsys.readouterr().out
    assert main(["fit", "zeta", "cdnow_sample"]) == 2
    assert "'zeta' is not in the registry" in capsys.readouterr().err


def _children(pid: int) -> list[int]:
    """Every process below ``pid``, from /proc (psutil may not be installed)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass
    found, todo = [], [pid]
    while todo:
        below = [p for p, pp in parents.items() if pp == todo[-1]]
        todo.pop()
        found += below
        todo += below
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"   # a zombie has ended
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_render_processes_and_kernels_end_when_the_command_is_killed(tmp_path):
    """After kill -9 of the command (or a cancelled scheduler job), its render process and kernel lived on."""
    import signal
    import time

    d = tmp_path / "nbs"
    _nb(d, "slow", "import time; time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-m", "insight", "report", "--notebook-dir", str(d), "--out",
                             str(tmp_path / "out"), "slow"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline, below = time.time() + 60, []
    while time.time() < deadline:                     # wait for the kernel to run the sleeping cell
        below = _children(proc.pid)
        if any("ipykernel" in Path(f"/proc/{p}/cmdline").read_text(errors="replace") for p in below if _alive(p)):
            break
        time.sleep(0.2)
    assert len(below) >= 2, below                      # a render process and its kernel
    time.sleep(2)
    below = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.time() + 5
    while any(_alive(p) for p in below) and time.time() < deadline:
        time.sleep(0.1)
    left = [p for p in below if _alive(p)]
    for p in left:                                     # a failing test leaves nothing running either
        os.kill(p, signal.SIGKILL)
    assert left == []


def test_a_bundle_holds_only_what_this_run_rendered(nbdir, tmp_path):
    """A report that failed was carried into bundle.html from the previous run as if it were current."""
    out = tmp_path / "out"
    _nb(nbdir, "flip", "assert n != 0\nprint('flip', n)")
    assert _run(nbdir, out, "flip", "good", "--bundle") == 0
    assert 'id="report-flip"' in (out / "bundle.html").read_text()
    assert _run(nbdir, out, "flip", "good", "--bundle", "-p", "n", "0") == 1
    page = (out / "bundle.html").read_text()
    assert 'id="report-good"' in page and 'id="report-flip"' not in page
    assert ("<h2>Not in this file</h2><ul><li><strong>flip</strong> failed in this run (in cell 4) and is left "
            "out") in page
    assert (out / "flip.html").exists()                # the previous good report itself stays in place
