"""The analyses: customer types, churn and survival, customer-base models (``clv``), satisfaction."""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, {"churn", "clv", "satisfaction", "segments", "survival"})
