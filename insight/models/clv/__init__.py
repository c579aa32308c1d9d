"""Customer-base models, one per file over one base, and what is built on them.

=================  ==========================================================
``_base``          :class:`CustomerBaseModel`, the contract every model inherits
``beta_geo``       BG/NBD and MBG/NBD
``pareto_nbd``     Pareto/NBD, optionally with covariates
``gamma_gamma``    Gamma-Gamma spend per purchase
``bgbb``           BG/BB for discrete opportunities
``sbg``            shifted-beta-geometric for subscriptions
``value``          what each customer is worth
``holdout``        calibration and holdout, tracking, the lifetimes cross-check
``goodness``       period-transactions test, model comparison
``intervals``      intervals on every prediction
``registry``       the models by name
=================  ==========================================================

The public names of every module are importable from here (``insight.models.clv.BetaGeo``).
"""

from ...features.columns import CalibrationHoldout
from ._base import MIN_REPEAT_CUSTOMERS, CustomerBaseModel, Diagnostics
from .beta_geo import BetaGeo, ModifiedBetaGeo
from .bgbb import BetaGeoBetaBinom, bgbb_summary
from .gamma_gamma import GammaGamma
from .goodness import PeriodTransactions, period_transactions, simulate_repeats
from .holdout import (AliveCheck, HoldoutCheck, Tracking, alive_check, calibration_holdout, holdout_check, holdout_metrics, holdout_report,
                      lifetimes_holdout, split_calibration, tracking, tracking_gap)
from .intervals import Intervals, parameter_draws, prediction_intervals, value_intervals
from .pareto_nbd import ParetoNBD
from .registry import count_models, fit_models, model, models, models_table
from .sbg import ShiftedBetaGeometric
from .value import CustomerValues, customer_value, value_customers

__all__ = [
    "CustomerBaseModel", "Diagnostics", "MIN_REPEAT_CUSTOMERS", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD",
    "GammaGamma", "BetaGeoBetaBinom", "bgbb_summary", "ShiftedBetaGeometric", "CustomerValues", "customer_value",
    "value_customers", "calibration_holdout", "split_calibration",
    "CalibrationHoldout", "AliveCheck", "alive_check", "Tracking", "holdout_metrics", "holdout_report", "HoldoutCheck", "holdout_check",
    "lifetimes_holdout", "tracking", "tracking_gap", "PeriodTransactions", "period_transactions",
    "simulate_repeats", "Intervals", "parameter_draws", "prediction_intervals", "value_intervals", "models",
    "count_models", "model", "models_table", "fit_models",
]
