"""pyproject.toml and environment.yml agree; the package imports lightly."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

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
    for extra in ("dev", "lab", "spark"):
        pip_reqs.update(_split(r) for r in py["optional-dependencies"][extra])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = _split(dep)
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
             "customer_satisfaction.csv": 39474, "online_retail_sample.csv": 2696375}
    for name, size in sizes.items():
        assert (ROOT / "data" / "raw" / name).stat().st_size == size, name
