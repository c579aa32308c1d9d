"""insight: customer analytics for marketing analysts.

Customer types, churn and customer lifetime value, satisfaction and retention
actions, as a small library driven by parameterized notebooks that render into
self-contained HTML reports.

Submodules are imported on first use (``insight.data.datasets``, ``insight.data.simulate``,
...), so ``import insight`` stays fast even though the scientific stack is heavy.
"""

from __future__ import annotations

from ._lazy import attach

__version__ = "0.1.0"

#: every top-level module and subpackage, reachable as ``insight.<name>`` after ``import insight``
#: (tests check this list against the files)
_SUBMODULES = {
    "cli", "data", "exceptions", "features", "models", "parsers", "periods", "plots", "privacy", "provenance", "style",
    "report", "retention", "validate",
}

__getattr__, __dir__, __all__ = attach(__name__, _SUBMODULES)
