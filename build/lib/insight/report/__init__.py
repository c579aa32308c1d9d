"""Everything a reader sees: the notebooks' data sources, the sections of each report, display
helpers, HTML pages, and running notebooks into reports."""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, {"display", "html", "run", "sections"})
