"""Every customer-base model by name, so notebooks and the command line pick them with a string.

The registry is derived from the models' own class attributes (as sktime's ``registry``):
each subclass of :class:`~insight.models.clv._base.CustomerBaseModel` in this package that sets
``registry_name`` is listed, with its ``display_name``, ``setting``, ``fits_on`` and ``kind`` (for the command
line's ``insight models``; reports name a model through the message catalog, ``clv.model.<registry name>``).
A new model is one new module here and its test; nothing else names it.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys

import pandas as pd

from ...validate import check_in
from ._base import CustomerBaseModel

__all__ = ["models", "count_models", "model", "models_table", "fit_models"]


@functools.cache
def models() -> dict[str, type[CustomerBaseModel]]:
    """name -> model class, for every model of this package (its modules are imported on the first call)."""
    for info in pkgutil.iter_modules(importlib.import_module(__package__).__path__):
        importlib.import_module(f"{__package__}.{info.name}")
    found, todo = {}, [CustomerBaseModel]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        module = sys.modules.get(cls.__module__)
        live = module is not None and getattr(module, cls.__qualname__, None) is cls   # not a class left by a reload
        if cls.registry_name and cls.__module__.startswith(__package__ + ".") and live:
            if cls.registry_name in found and found[cls.registry_name] is not cls:
                raise TypeError(f"two models are registered as {cls.registry_name!r}: {found[cls.registry_name]} "
                                f"and {cls}.")
            found[cls.registry_name] = cls
    order = {"count": 0, "spend": 1, "opportunities": 2, "contract": 3}
    return dict(sorted(found.items(), key=lambda kv: (order.get(kv[1].kind, 9), kv[0])))


def count_models() -> dict[str, type[CustomerBaseModel]]:
    """The count models (repeat purchases in continuous time) by name: the candidates of a CLV report."""
    return {n: c for n, c in models().items() if c.kind == "count"}


def model(name: str, **params) -> CustomerBaseModel:
    """A new, unfitted model by its registry name, e.g. ``model("bgbb")`` or ``model("bgnbd", T_col="age")``."""
    check_in("name", name, list(models()))
    return models()[name](**params)


def models_table() -> pd.DataFrame:
    """The registry as a table: model, setting, what it fits on."""
    return pd.DataFrame([(n, c.__name__, c.display_name, c.setting, c.fits_on) for n, c in models().items()],
                        columns=["name", "model", "label", "setting", "fits on"]).set_index("name")


def fit_models(data: pd.DataFrame, model: str = "bgnbd"):
    """The count model named ``model`` (see :func:`count_models`) and the spend model, fitted on ``data``."""
    check_in("model", model, list(count_models()))
    spend = next(c for c in models().values() if c.kind == "spend")
    return count_models()[model]().fit(data), spend().fit(data)
