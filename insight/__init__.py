"""insight: customer analytics for marketing analysts.

Customer types, churn and customer lifetime value, satisfaction and retention
actions, as a small library driven by parameterized notebooks that render into
self-contained HTML reports.

Submodules are imported on first use (``insight.datasets``, ``insight.simulate``,
...), so ``import insight`` stays fast even though the scientific stack is heavy.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: every submodule, reachable as ``insight.<name>`` after ``import insight`` (tests check this list against the files)
_SUBMODULES = {
    "bgbb", "churn", "cli", "clv", "datasets", "dataspec", "display", "exceptions", "features", "formats", "goodness",
    "htmlpage", "inspect", "intervals", "overview", "plots", "privacy", "provenance", "registry", "retention", "runner",
    "satisfaction", "sbg", "sections", "segments", "simulate", "spark", "validate",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'insight' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
