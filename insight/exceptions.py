"""Exception and warning classes of insight.

The rule (as in lifelines/exceptions.py): misuse raises, statistical trouble warns.
Every message names the column or parameter, the problem, how many rows and an
example value, so the user can find the offending data.
"""

from __future__ import annotations


class InsightError(Exception):
    """Base class of all insight errors."""


class DataValidationError(InsightError, ValueError):
    """An input table or parameter does not have the shape, type or values required.

    Subclasses ``ValueError`` so generic ``except ValueError`` handlers still catch it.
    """


class InsufficientDataError(DataValidationError):
    """The data are valid but too few for this analysis (e.g. 59 repeat buyers for 8 customer types).

    Reports print the message as one line under the section instead of a number; ``count``, when given, is how many
    usable items there were (for a report's own words).

    Parameters
    ----------
    message : str, default ""
        What is too few, and how many are needed.
    count : int, optional
        How many usable items there were; kept as the attribute ``count`` (``None`` when not given).
    """

    def __init__(self, message: str = "", count: int | None = None):
        super().__init__(message)
        self.count = count


class NotFittedError(InsightError, ValueError, AttributeError):
    """An estimator was used before ``fit`` was called.

    Subclasses ``ValueError`` and ``AttributeError`` like scikit-learn's
    ``NotFittedError``, so ``sklearn.utils.validation.check_is_fitted`` users are served too.
    """


class DataFileNotFoundError(InsightError, FileNotFoundError):
    """A bundled or user data file is missing; the message names the path searched."""


class InsightWarning(UserWarning):
    """Base class of all insight warnings."""


class ConvergenceWarning(InsightWarning):
    """A model fit did not converge; the message says what to try."""


class StatisticalWarning(InsightWarning):
    """A result is computable but statistically shaky (small groups, violated assumptions)."""
