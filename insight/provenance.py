"""What a report was made from: input files with their SHA-256, data specifications,
package versions, git commit and run time.

Loaders call :func:`record_input` and :func:`record_spec`; a notebook's last cell shows
:func:`provenance`. Files inside the repository are named relative to it, others by name
only, so a report never shows a machine's folder layout.
"""

from __future__ import annotations

import html
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

__all__ = ["record_input", "record_spec", "provenance", "Provenance", "version"]

REPO_DIR = Path(__file__).resolve().parent.parent
#: the bundled data inside the package, listed as ``bundled/<file>`` wherever the package is installed
BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "raw"
PACKAGES = ["insight", "pandas", "numpy", "scipy", "scikit-learn", "statsmodels", "matplotlib",
            "seaborn", "duckdb", "pyarrow", "papermill", "nbconvert"]
_INPUTS: dict[str, str] = {}
_SPECS: dict[str, str] = {}
_T0 = time.perf_counter()


def record_spec(name: str, text: str) -> None:
    """Remember a data specification (its YAML text) for :func:`provenance`."""
    _SPECS[str(name)] = str(text)


def record_input(path: str | os.PathLike, sha256: str) -> None:
    """Remember an input file and its SHA-256 for :func:`provenance`.

    Bundled data sets are listed as ``bundled/<file>``, other files inside the repository
    relative to it, others by name only, so a report never shows a machine's folder layout.
    """
    p = Path(path).resolve()
    if p.parent == BUNDLED_DIR:
        shown = f"bundled/{p.name}"
    else:
        try:
            shown = str(p.relative_to(REPO_DIR))
        except ValueError:
            shown = f"{p.name} (outside the repository)"
    _INPUTS[shown] = sha256


def version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_DIR, capture_output=True,
                              text=True, timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


@dataclass
class Provenance:
    """Inputs, versions, commit and run time of the current session; renders as HTML."""

    inputs: dict[str, str]
    versions: dict[str, str]
    git_commit: str
    python: str
    seconds: float
    specs: dict = field(default_factory=dict)

    def _repr_html_(self) -> str:
        ins = "".join(f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(v)}</code></td></tr>"
                      for k, v in self.inputs.items())
        ins = ins or "<tr><td colspan=2>no file inputs (data generated in memory)</td></tr>"
        vers = ", ".join(f"{html.escape(k)} {html.escape(v)}" for k, v in self.versions.items())
        specs = "".join(f"<details><summary>Data specification: {html.escape(k)}</summary><pre>{html.escape(v)}</pre>"
                        "</details>" for k, v in self.specs.items())
        return (
            "<div class='insight-provenance'><table><tr><th>input file</th><th>SHA-256</th></tr>"
            f"{ins}</table>{specs}<p>Packages: {vers}; Python {html.escape(self.python)}; git commit "
            f"{html.escape(self.git_commit)}; run time {self.seconds:.1f} s.</p></div>"
        )

    def __repr__(self) -> str:
        return f"Provenance(inputs={self.inputs}, git_commit={self.git_commit!r}, seconds={self.seconds:.1f})"


def provenance() -> Provenance:
    """Input files read so far (with SHA-256), package versions, git commit, run time."""
    return Provenance(dict(_INPUTS), {p: version(p) for p in PACKAGES}, _git_commit(),
                      platform.python_version(), time.perf_counter() - _T0, dict(_SPECS))
