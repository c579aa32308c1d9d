"""Submodules imported on first use, as scientific Python's SPEC 1 (``lazy_loader.attach``) describes.

``import insight`` and each subpackage stay light (the scientific stack is imported only by the
module that needs it), yet ``insight.models.churn`` works after a bare ``import insight``. A
dozen lines written here rather than a dependency on ``lazy_loader`` for one function.
"""

from __future__ import annotations

import importlib


def attach(package: str, submodules: set[str]):
    """``(__getattr__, __dir__, __all__)`` for a package whose ``submodules`` load on first access."""

    def __getattr__(name: str):
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(submodules)

    return __getattr__, __dir__, sorted(submodules)
