"""Every customer-base model by name, so notebooks and the command line pick them with a string.

The registry is derived from the models' own class attributes (as sktime's ``registry``):
each subclass of :class:`~insight.models.clv.CustomerBaseModel` in this package that sets
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
    """Every model of this package by its registry name (its modules are imported on the first call).

    The registry is derived from the classes: a subclass of
    ``CustomerBaseModel`` (the model contract) with a ``registry_name`` in this package is listed, count
    models first, then spend, discrete-opportunity and contract models.

    Returns
    -------
    dict
        Name -> model class.

    Raises
    ------
    TypeError
        When two classes are registered under one name (a programming error in a new model's file).

    Examples
    --------
    >>> list(models())[:4]
    ['bgnbd', 'mbgnbd', 'pareto', 'gammagamma']
    """
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
    """The count models (repeat purchases in continuous time) by name: the candidates of a CLV report.

    Returns
    -------
    dict
        Registry name -> model class, for the models whose ``kind`` is "count".

    See Also
    --------
    models : every model.

    Examples
    --------
    >>> from insight.models.clv import count_models
    >>> list(count_models())
    ['bgnbd', 'mbgnbd', 'pareto']
    """
    return {n: c for n, c in models().items() if c.kind == "count"}


def model(name: str, **params) -> CustomerBaseModel:
    """A new, unfitted model by its registry name, e.g. ``model("bgbb")`` or ``model("bgnbd", T_col="age")``.

    Parameters
    ----------
    name : str
        Registry name, one of :func:`models`' keys.
    **params
        Parameters of the model's class (column names, ``initial`` etc.).

    Returns
    -------
    insight.models.clv.CustomerBaseModel
        The model, not yet fitted.

    Examples
    --------
    >>> from insight.models.clv import model
    >>> model("bgnbd", T_col="age")
    BetaGeo(T_col='age')
    """
    check_in("name", name, list(models()))
    return models()[name](**params)


def models_table() -> pd.DataFrame:
    """The registry as a table: model, setting, what it fits on.

    Returns
    -------
    pandas.DataFrame
        Indexed by registry ``name``: ``model`` (class name), ``label`` (the name for readers), ``setting``
        (the business setting) and ``fits on``.

    Examples
    --------
    >>> from insight.models.clv import models_table
    >>> models_table()["label"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'bgnbd': 'BG/NBD', 'mbgnbd': 'MBG/NBD', 'pareto': 'Pareto/NBD', 'gammagamma': 'Gamma-Gamma', 'bgbb': 'BG/BB',
     'sbg': 'shifted-beta-geometric'}
    """
    return pd.DataFrame([(n, c.__name__, c.display_name, c.setting, c.fits_on) for n, c in models().items()],
                        columns=["name", "model", "label", "setting", "fits on"]).set_index("name")


def fit_models(data: pd.DataFrame, model: str = "bgnbd"):
    """The count model named ``model`` (see :func:`count_models`) and the spend model, fitted on ``data``.

    Parameters
    ----------
    data : pandas.DataFrame
        A customer summary (frequency, recency, T, monetary_value), e.g. from
        :func:`insight.features.summary.customer_summary`.
    model : str, default "bgnbd"
        Registry name of the count model.

    Returns
    -------
    tuple
        ``(count_model, spend_model)``, both fitted.

    Examples
    --------
    >>> from insight.data.simulate import btyd_summary
    >>> from insight.models.clv import fit_models
    >>> count, spend = fit_models(btyd_summary(600, seed=1), "mbgnbd")
    >>> type(count).__name__, type(spend).__name__
    ('ModifiedBetaGeo', 'GammaGamma')
    """
    check_in("model", model, list(count_models()))
    spend = next(c for c in models().values() if c.kind == "spend")
    return count_models()[model]().fit(data), spend().fit(data)
