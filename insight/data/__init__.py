"""Data in: the bundled data sets, data specifications of your own files, ``insight inspect``,
the simulated demo company."""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, {"cleaning", "datasets", "inspect", "scales", "simulate", "spec",
                                                 "tables"})
