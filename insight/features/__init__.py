"""Transactions to one row per customer, and cohorts.

===========  ==================================================================
``summary``  :func:`customer_summary`: one row per customer, from a frame, a file or a specification
``columns``  the summary's columns, derived alike by every engine
``engine``   the DuckDB engine (sort, stream, one pass per chunk of customers)
``spark``    the same on Apache Spark (the ``spark`` extra), imported only when asked for
``cohorts``  acquisition and subscription cohorts
===========  ==================================================================

The public names of ``summary``, ``columns`` and ``cohorts`` are importable from here
(``insight.features.customer_summary``).
"""

from .cohorts import DAYS_PER_UNIT, Cohorts, buyers_change, cohort_table, revenue_change, subscription_cohorts
from .columns import TIME_UNITS, CustomerSummary, describe_summary
from .summary import ENGINES, customer_summary, summarize

__all__ = [
    "customer_summary", "summarize", "CustomerSummary", "ENGINES", "TIME_UNITS",
    "describe_summary", "Cohorts", "cohort_table", "subscription_cohorts", "buyers_change", "revenue_change", "DAYS_PER_UNIT",
]
