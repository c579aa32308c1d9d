"""Input checks: every public function validates its input through these.

``check_*`` functions validate a table's columns or a parameter and raise
:class:`~insight.exceptions.DataValidationError` when it is wrong. The message names the
column (or parameter), the problem, the number of offending rows and an example value with
its row label, e.g.::

    column 'amount': 2 of 5 rows are not finite numbers; e.g. 'abc' at row 3.

:func:`fail_rows` and :func:`bad_rows` word such messages alike wherever the rows were
found bad (pandas, DuckDB or Spark). The checks of whole tables and the cleaning that
removes rows (with its report) are in :mod:`insight.data.cleaning`; the shared readers of
dates, flags and SQL in :mod:`insight.parsers`.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar, Iterable, Sequence

import numpy as np
import pandas as pd

from .exceptions import DataValidationError, NotFittedError

__all__ = ["check_columns", "check_param", "check_in", "check_timezone", "bad_rows", "fail_rows", "example_of",
           "plain", "require_frame", "FittedCheck"]


# --------------------------------------------------------------------------- helpers
def example_of(values: pd.Series, mask: np.ndarray | pd.Series) -> str:
    """'e.g. <value> at row <label>' for the first offending row."""
    mask = np.asarray(mask, dtype=bool)
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return ""
    i = idx[0]
    return f"e.g. {plain(values.iloc[i])!r} at row {plain(values.index[i])!r}"


def plain(x: Any) -> Any:
    """numpy scalars as Python ones, so messages read 'at row 2', not 'np.int64(2)'."""
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    return x.item() if isinstance(x, np.generic) else x


def fail_rows(column: str, problem: str, mask, values: pd.Series, expected: str = "") -> None:
    n = int(np.asarray(mask, dtype=bool).sum())
    total = len(values)
    msg = f"column {column!r}: {n:,} of {total:,} rows {problem}"
    if expected:
        msg += f" (expected {expected})"
    raise DataValidationError(f"{msg}; {example_of(values, mask)}.")


def bad_rows(column: str, count: int, total: int, problem: str, expected: str, example: Any, *,
             label: str | None = None) -> DataValidationError:
    """The error for ``count`` of ``total`` rows of ``column`` found bad by an engine's query (DuckDB or Spark),
    so both engines word it alike; ``label`` names the column otherwise (a specification's key)."""
    return DataValidationError(f"{label or f'column {column!r}'}: {count:,} of {total:,} rows {problem} (expected "
                               f"{expected}); e.g. {example!r}.")


def require_frame(df: Any, name: str = "data") -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise DataValidationError(
            f"parameter {name!r} must be a pandas DataFrame, got {type(df).__name__}."
        )
    return df


def check_columns(df: pd.DataFrame, columns: Iterable[str | None], *, name: str = "data") -> None:
    """Raise if any of ``columns`` (``None`` entries ignored) is missing from ``df``."""
    require_frame(df, name)
    wanted = [c for c in columns if c is not None]
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        available = list(map(str, df.columns))
        shown = ", ".join(available[:20]) + (" ..." if len(available) > 20 else "")
        raise DataValidationError(
            f"{name}: {len(missing)} required column(s) missing: {missing}; "
            f"available columns ({len(available)}): {shown}."
        )


def check_timezone(timezone: str) -> str:
    """Raise unless ``timezone`` is an IANA zone name such as ``"UTC"`` or ``"Europe/Berlin"``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    check_param("timezone", timezone, str)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise DataValidationError(f"parameter 'timezone' == {timezone!r}: not a time zone name; use an IANA name "
                                  "such as 'UTC', 'Europe/London' or 'America/New_York'.") from None
    return timezone


# --------------------------------------------------------------------------- parameters
def check_param(
    name: str,
    value: Any,
    kind: type | tuple[type, ...],
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_min: bool = True,
    include_max: bool = True,
    allow_none: bool = False,
) -> Any:
    """Validate a scalar parameter the way scikit-learn's ``check_scalar`` does.

    >>> check_param("n_clusters", 1, int, min_val=2)
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: parameter 'n_clusters' == 1, must be >= 2.
    """
    if value is None and allow_none:
        return value
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = isinstance(value, kinds)
    # bool is an int subclass; an int parameter given True is almost surely a mistake.
    if isinstance(value, bool) and bool not in kinds:
        ok = False
    if float in kinds and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        ok = True
    if not ok:
        names = " or ".join(k.__name__ for k in kinds)
        raise DataValidationError(
            f"parameter {name!r} must be {names}, got {type(value).__name__} {value!r}."
        )
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and not np.isfinite(value):
        # NaN compares False with every bound, so it would pass any range check below
        raise DataValidationError(f"parameter {name!r} == {value!r}, must be a finite number.")
    if min_val is not None:
        if value < min_val or (value == min_val and not include_min):
            op = ">=" if include_min else ">"
            raise DataValidationError(f"parameter {name!r} == {value!r}, must be {op} {min_val}.")
    if max_val is not None:
        if value > max_val or (value == max_val and not include_max):
            op = "<=" if include_max else "<"
            raise DataValidationError(f"parameter {name!r} == {value!r}, must be {op} {max_val}.")
    return value


def check_in(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """Raise unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise DataValidationError(
            f"parameter {name!r} == {value!r}, must be one of {list(choices)}."
        )
    return value


class FittedCheck:
    """The one fitted check of insight's estimators, in scikit-learn's way.

    A class names the attribute its ``fit`` sets (``fitted_attribute``) and how it is called
    (``fit_call``, for the message); ``__sklearn_is_fitted__`` then serves
    ``sklearn.utils.validation.check_is_fitted``, and :meth:`check_fitted` raises insight's
    :class:`~insight.exceptions.NotFittedError` (a subclass of ``ValueError`` and
    ``AttributeError``, as scikit-learn's) with a message that says what to call.
    """

    fitted_attribute: ClassVar[str] = "params_"
    fit_call: ClassVar[str] = "fit(data)"

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, self.fitted_attribute)

    def check_fitted(self) -> None:
        """Raise :class:`~insight.exceptions.NotFittedError` unless ``fit`` has been called."""
        from sklearn.exceptions import NotFittedError as SklearnNotFitted
        from sklearn.utils.validation import check_is_fitted

        try:
            check_is_fitted(self)
        except SklearnNotFitted:
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet; call {self.fit_call} "
                                 "first.") from None
