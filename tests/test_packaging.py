"""pyproject.toml and environment.yml agree; the package imports lightly."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# conda-forge names that differ from PyPI's
CONDA_TO_PIP = {"python-duckdb": "duckdb"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_reqs = dict(_split(r) for r in py["dependencies"])
    for extra in ("dev", "lab", "spark", "docs"):
        pip_reqs.update(_split(r) for r in py["optional-dependencies"][extra])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        # a package conda-forge does not carry is installed by pip, in the environment's pip: list
        for req in ([dep] if isinstance(dep, str) else dep.get("pip", [])):
            if req.startswith("-"):       # pip's own options (the package itself, --editable .)
                continue
            name, spec = _split(req)
            if name in ("python", "pip"):
                continue
            conda[CONDA_TO_PIP.get(name, name)] = spec
    assert conda == pip_reqs


def test_python_version_agrees():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert py["requires-python"] == ">=3.11"
    assert "python=3.11" in env["dependencies"]


def test_import_is_light():
    """``import insight`` must not pull in the scientific stack (keeps it well under 1 s)."""
    code = "import sys, insight; heavy = [m for m in ('pandas', 'numpy', 'scipy', 'sklearn', 'matplotlib', " \
           "'statsmodels', 'duckdb', 'papermill') if m in sys.modules]; print(heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_submodules_load_lazily():
    import insight

    # every top-level module and subpackage is reachable as an attribute after `import insight`
    files = {p.stem for p in (ROOT / "insight").glob("*.py") if not p.stem.startswith("_")}
    files |= {p.parent.name for p in (ROOT / "insight").glob("*/__init__.py")}
    assert files == set(insight._SUBMODULES)
    code = "import insight; print(sorted(m for m in insight._SUBMODULES if getattr(insight, m) is None))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    assert insight.models.satisfaction.nps is not None and insight.retention is not None
    assert insight.data.datasets.load_cdnow is not None
    assert "validate" in dir(insight)
    try:
        insight.nonexistent
    except AttributeError as exc:
        assert "nonexistent" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_bundled_data_unchanged():
    """data/raw holds the published files unchanged (sizes of the published copies)."""
    sizes = {"cdnow_master.txt": 1950500, "cdnow_sample.txt": 228327, "telco_churn.csv": 975663,
             "customer_satisfaction.csv": 39474, "online_retail_sample.csv": 2696375,
             "cfpb_complaints_payday_2023.csv": 3891599, "airline_tweets.csv": 3421431, "parsinlu_food.jsonl": 508018}
    for name, size in sizes.items():
        assert (ROOT / "data" / "raw" / name).stat().st_size == size, name


@pytest.mark.notebook
def test_the_wheel_renders_a_report_from_an_empty_folder(tmp_path):
    """The built wheel carries the notebooks, templates and bundled data: installed into a fresh virtual
    environment and run from an empty folder, ``insight report`` renders a report.

    The fresh environment takes insight from the wheel only (``--no-deps --no-index``); the scientific stack
    it needs is this environment's, reached through a ``.pth`` line, so the test measures the wheel, not PyPI.
    """
    import sysconfig
    import zipfile

    import shutil

    src, dist = tmp_path / "src", tmp_path / "dist"   # built from a copy: setuptools writes build/ beside the sources
    shutil.copytree(ROOT / "insight", src / "insight", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(dist), str(src)], check=True, capture_output=True)
    wheel = next(dist.glob("insight-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("insight/notebooks/data_quality.ipynb", "insight/notebooks/runs.yaml", "insight/data/raw/cdnow_master.txt",
                 "insight/data/specs/online_retail.yaml", "insight/report/templates/insight/conf.json"):
        assert part in names, part
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    fresh = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    Path(fresh, "insight-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "INSIGHT_DATA_DIR")}
    # the dependencies' data files (nbconvert's templates, the kernel spec) are this environment's too
    env.update(MPLBACKEND="Agg", PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               JUPYTER_PATH=str(Path(sys.prefix, "share", "jupyter")))
    where = subprocess.run([str(py), "-c", "import insight; print(insight.__file__)"], cwd=empty, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(venv)), where
    run = subprocess.run([str(venv / "bin" / "insight"), "report", "data_quality", "--out", "out"], cwd=empty, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    page = (empty / "out" / "data_quality.html").read_text(encoding="utf-8")
    assert "insight-headline" in page and "bundled/cdnow_master.txt" in page
