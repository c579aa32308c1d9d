"""Customer-base models, one per file over one base, and what is built on them: value,
holdout checks, goodness of fit, intervals, the registry of models by name."""

from ..._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, {'beta_geo', 'bgbb', 'goodness', 'intervals', 'registry', 'sbg'})
