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

from .style import Style

__all__ = ["record_input", "record_spec", "provenance", "Provenance", "version", "use_language"]

REPO_DIR = Path(__file__).resolve().parent.parent
#: the bundled data inside the package, listed as ``bundled/<file>`` wherever the package is installed
BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "raw"
PACKAGES = ["insight", "pandas", "numpy", "scipy", "scikit-learn", "statsmodels", "matplotlib",
            "seaborn", "duckdb", "pyarrow", "papermill", "nbconvert"]
_INPUTS: dict[str, str] = {}
_OUTSIDE: set[str] = set()          # inputs from outside the repository (shown by name only)
_SPECS: dict[str, str] = {}
_T0 = time.perf_counter()
_LANGUAGE: list[str] = ["en"]       # the session's report language: what provenance() writes in without a style


def use_language(language: str) -> str:
    """Set the language :func:`provenance` writes in when it is given no style (a report's kernel sets its own).

    Parameters
    ----------
    language : str
        Language code of the report; one without a catalog (not in :data:`insight.style.LANGUAGES`) gives English.

    Returns
    -------
    str
        The language used from now on.

    Examples
    --------
    >>> use_language("fa"), provenance().style.language, use_language("xx")
    ('fa', 'fa', 'en')
    """
    from .style import LANGUAGES

    _LANGUAGE[0] = language if language in LANGUAGES else "en"
    return _LANGUAGE[0]


def record_spec(name: str, text: str) -> None:
    """Remember a data specification (its YAML text) for :func:`provenance`.

    Parameters
    ----------
    name : str
        The specification's name (a later one of the same name replaces it).
    text : str
        Its YAML text, shown in full under the provenance.
    """
    _SPECS[str(name)] = str(text)


def record_input(path: str | os.PathLike, sha256: str) -> None:
    """Remember an input file and its SHA-256 for :func:`provenance`.

    Bundled data sets are listed as ``bundled/<file>``, other files inside the repository
    relative to it, others by name only, so a report never shows a machine's folder layout.

    Parameters
    ----------
    path : str or os.PathLike
        The file read.
    sha256 : str
        The hex SHA-256 digest of its bytes.
    """
    p = Path(path).resolve()
    if p.parent == BUNDLED_DIR:
        shown = f"bundled/{p.name}"
    else:
        try:
            shown = str(p.relative_to(REPO_DIR))
        except ValueError:
            shown = p.name
            _OUTSIDE.add(shown)
    _INPUTS[shown] = sha256


def version(pkg: str) -> str | None:
    """The installed version of ``pkg``, or None when it is not installed.

    Parameters
    ----------
    pkg : str
        A distribution name, as ``pip`` knows it (``"scikit-learn"``).

    Returns
    -------
    str or None
        The version string from the package's metadata, or ``None``.

    Examples
    --------
    >>> version("no-such-package-here") is None
    True
    """
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_DIR, capture_output=True,
                              text=True, timeout=5).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


@dataclass
class Provenance:
    """Inputs, versions, commit and run time of the current session; renders as HTML in ``style``'s words.

    A version or commit that is not known is None; ``outside`` names the inputs from outside the repository.

    Parameters
    ----------
    inputs : dict of str to str
        Each input file as shown (``bundled/<file>``, a path relative to the repository, or a name) and its SHA-256.
    versions : dict of str to str or None
        Each package's installed version.
    git_commit : str or None
        The repository's short commit hash.
    python : str
        The Python version.
    seconds : float
        Seconds since :mod:`insight.provenance` was imported (about the session's run time).
    specs : dict of str to str, optional
        Each data specification's name and YAML text.
    outside : set of str, optional
        The ``inputs`` from outside the repository, marked as such when shown.
    style : insight.style.Style, optional
        The language of the HTML (English by default).

    See Also
    --------
    provenance : This record for the current session.
    """

    inputs: dict[str, str]
    versions: dict[str, str | None]
    git_commit: str | None
    python: str
    seconds: float
    specs: dict = field(default_factory=dict)
    outside: set = field(default_factory=set)
    style: Style = field(default_factory=Style, repr=False, compare=False)

    def _repr_html_(self) -> str:
        st = self.style
        esc = html.escape

        def shown(name: str) -> str:
            return st.say("page.provenance.outside", file=name) if name in self.outside else name

        ins = "".join(f"<tr><td>{esc(shown(k))}</td><td><code>{esc(v)}</code></td></tr>"
                      for k, v in self.inputs.items())
        ins = ins or f"<tr><td colspan=2>{esc(st.say('page.provenance.no_inputs'))}</td></tr>"
        vers = st.join(st.say("page.provenance.package", package=k,
                                version=v if v is not None else st.say("page.provenance.not_installed"))
                         for k, v in self.versions.items())
        specs = "".join(f"<details><summary>{esc(st.say('page.provenance.spec', name=k))}</summary><pre>{esc(v)}</pre>"
                        "</details>" for k, v in self.specs.items())
        line = st.say("page.provenance.line", packages=vers, python=self.python, seconds=self.seconds,
                      commit=self.git_commit if self.git_commit else st.say("page.provenance.unknown"))
        return (
            f"<div class='insight-provenance'><table><tr><th>{esc(st.say('page.provenance.col.file'))}</th>"
            f"<th>{esc(st.say('page.provenance.col.sha'))}</th></tr>{ins}</table>{specs}<p>{esc(line)}</p></div>"
        )

    def __repr__(self) -> str:
        return f"Provenance(inputs={self.inputs}, git_commit={self.git_commit!r}, seconds={self.seconds:.1f})"


def provenance(style: Style | None = None) -> Provenance:
    """Input files read so far (with SHA-256), package versions, git commit, run time; shown in ``style``'s words
    (by default the session's language, :func:`use_language`: English unless a report set its own).

    Parameters
    ----------
    style : insight.style.Style, optional
        The language of the HTML a notebook shows; the session's language (:func:`use_language`) when not given.

    Returns
    -------
    Provenance
        The inputs (:func:`record_input`) and specifications (:func:`record_spec`) recorded so far, the versions
        of the packages in ``PACKAGES``, the git commit and the seconds since :mod:`insight.provenance` was
        imported.

    Examples
    --------
    >>> p = provenance()
    >>> p.python == __import__("platform").python_version(), "pandas" in p.versions
    (True, True)
    """
    return Provenance(dict(_INPUTS), {p: version(p) for p in PACKAGES}, _git_commit(),
                      platform.python_version(), time.perf_counter() - _T0, dict(_SPECS), set(_OUTSIDE),
                      style or Style(language=_LANGUAGE[0]))
