"""Every customer-base model by name, so notebooks and the command line pick them with a string.

Each entry is a :class:`~insight.models.clv.beta_geo.CustomerBaseModel` (same contract: ``fit``, ``params_``,
standard errors, log-likelihood, AIC/BIC, ``summary()``, ``describe()``, ``diagnostics_``) with
the setting it is for and the data it fits on.
"""

from __future__ import annotations

import pandas as pd

from ...validate import check_in
from .beta_geo import BetaGeo, ModifiedBetaGeo
from .bgbb import BetaGeoBetaBinom
from .gamma_gamma import GammaGamma
from .pareto_nbd import ParetoNBD
from .sbg import ShiftedBetaGeometric

__all__ = ["MODELS", "COUNT_MODELS", "model", "models_table", "fit_models"]

#: name -> (class, setting, what it fits on)
MODELS = {
    "bgnbd": (BetaGeo, "non-contractual, continuous time: purchases any time, silent dropout after a purchase",
              "frequency, recency, T per customer"),
    "mbgnbd": (ModifiedBetaGeo, "as BG/NBD, but a customer can also leave right after the first purchase",
               "frequency, recency, T per customer"),
    "pareto": (ParetoNBD, "non-contractual, continuous time: dropout at any time",
               "frequency, recency, T per customer"),
    "bgbb": (BetaGeoBetaBinom, "non-contractual, discrete opportunities (yearly drives, weekly events)",
             "frequency, recency, n_opportunities (and a count) per pattern"),
    "sbg": (ShiftedBetaGeometric, "contractual: subscribers renew or cancel at the end of each period",
            "survivors of a cohort at each period"),
    "gammagamma": (GammaGamma, "spend per purchase, for any of the count models", "frequency, monetary_value"),
}


def model(name: str, **params):
    """A new, unfitted model by its registry name, e.g. ``model("bgbb")`` or ``model("bgnbd", T_col="age")``."""
    check_in("name", name, list(MODELS))
    return MODELS[name][0](**params)


def models_table() -> pd.DataFrame:
    """The registry as a table: model, setting, data."""
    return pd.DataFrame([(n, c.__name__, s, d) for n, (c, s, d) in MODELS.items()],
                        columns=["name", "model", "setting", "fits on"]).set_index("name")


#: the count models by the name notebooks and the command line use
COUNT_MODELS = {"bgnbd": BetaGeo, "mbgnbd": ModifiedBetaGeo, "pareto": ParetoNBD}


def fit_models(data: pd.DataFrame, model: str = "bgnbd"):
    """The count model named ``model`` (see :data:`COUNT_MODELS`) and the Gamma-Gamma spend model, fitted."""
    check_in("model", model, list(COUNT_MODELS))
    return COUNT_MODELS[model]().fit(data), GammaGamma().fit(data)
