"""Transactions to one row per customer: the summary in DuckDB, the same on Spark, cohorts."""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, {'spark', 'summary'})
