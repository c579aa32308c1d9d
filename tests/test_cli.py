import subprocess
import sys
from pathlib import Path

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
    assert "1 notebook(s) not found" in capsys.readouterr().err


def test_python_m_insight_entry_point():
    r = subprocess.run([sys.executable, "-m", "insight", "report", "--list", "data_quality"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "seed: int = 0" in r.stdout
