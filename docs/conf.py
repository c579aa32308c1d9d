"""Sphinx configuration of the insight documentation (``make docs``).

Everything is built offline: no intersphinx, no MathJax (formulas are shown as their LaTeX source by the small
``plain`` math renderer of ``_ext/insight_docs.py``), no font or script from another host. The report parameters,
the data specification's keys, the gallery of rendered reports and the example scripts' output are generated at
build time from the code, the notebooks and ``reports/``, so they cannot drift.

``make docs SPHINXOPTS=--keep-going`` drops ``-W`` (warnings are errors) while docstrings are unfinished.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT / "scripts"))   # validate_api_docs: the public API, as the checks read it
os.environ.setdefault("MPLBACKEND", "Agg")

import insight  # noqa: E402

project = "insight"
author = "the insight authors"
copyright = "the insight authors"
release = getattr(insight, "__version__", "")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "insight_docs",
]

templates_path: list[str] = []
exclude_patterns = ["_build", "examples", "Thumbs.db", ".DS_Store"]
root_doc = "index"
language = "en"

# -- references: every insight reference must resolve; external types cannot offline -------------------------------
nitpicky = True
#: namespaces of other packages (and the standard library) whose objects cannot be resolved without intersphinx
EXTERNAL = ("pandas", "pd", "numpy", "np", "scipy", "matplotlib", "mpl", "plt", "sklearn", "statsmodels", "duckdb",
            "pyspark", "pyarrow", "pathlib", "typing", "collections", "os", "datetime", "dt", "babel", "jdatetime",
            "nbformat", "papermill", "yaml", "bs4", "concurrent", "subprocess", "io", "enum", "dataclasses",
            "re", "json", "argparse", "logging", "threading", "multiprocessing", "types", "abc", "numbers",
            "decimal", "fractions", "functools", "itertools", "contextlib", "seaborn", "openpyxl", "selenium",
            "importlib", "warnings", "zoneinfo", "lifetimes", "lifelines", "stopwordsiso", "snowballstemmer")
nitpick_ignore_regex = [
    (r"py:.*", rf"({'|'.join(EXTERNAL)})(\..*)?"),
    # plain English words numpydoc reads as types in "Parameters" lines (``x : array-like or None``)
    (r"py:.*", r"(array-like|array_like|list-like|dict-like|path-like|file-like|optional|callable|iterable|"
               r"sequence|scalar|mapping|default .*)"),
]

# -- autodoc / numpydoc ------------------------------------------------------------------------------------------------
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()   # scripts/validate_api_docs.py and tests/test_docs.py check them

# -- HTML --------------------------------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "insight"
html_static_path = ["_static", "../insight/fonts"]   # the reports' Vazirmatn (OFL), not a second copy
html_css_files = ["insight.css"]
html_math_renderer = "plain"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": True,
}
smartquotes = False   # the parameters' comments mean "" literally (an empty string)
