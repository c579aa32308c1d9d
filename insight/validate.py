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
    """'e.g. <value> at row <label>' for the first offending row.

    Parameters
    ----------
    values : pandas.Series
        The column checked; its index gives the row label.
    mask : numpy.ndarray or pandas.Series
        Boolean, true for the offending rows, in the order of ``values``.

    Returns
    -------
    str
        The example, with value and label as plain Python objects (:func:`plain`); ``""`` when no row offends.

    Examples
    --------
    >>> import pandas as pd
    >>> example_of(pd.Series([1.0, "abc", 3.0], index=[10, 11, 12]), [False, True, True])
    "e.g. 'abc' at row 11"
    """
    mask = np.asarray(mask, dtype=bool)
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return ""
    i = idx[0]
    return f"e.g. {plain(values.iloc[i])!r} at row {plain(values.index[i])!r}"


def plain(x: Any) -> Any:
    """numpy scalars as Python ones, so messages read 'at row 2', not 'np.int64(2)'.

    Parameters
    ----------
    x : object
        A value or row label.

    Returns
    -------
    object
        ``x`` as a Python scalar when it is a numpy one; a ``pandas.Timestamp`` as text (its date alone at
        midnight); anything else unchanged.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> plain(np.int64(2)), plain(pd.Timestamp("2024-01-31")), plain(pd.Timestamp("2024-01-31 10:00"))
    (2, '2024-01-31', '2024-01-31 10:00:00')
    """
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    return x.item() if isinstance(x, np.generic) else x


def fail_rows(column: str, problem: str, mask, values: pd.Series, expected: str = "") -> None:
    """Raise the error for the rows of a pandas column found bad: how many of how many, and an example.

    Parameters
    ----------
    column : str
        The column's name, for the message.
    problem : str
        What is wrong with the rows, as a predicate: ``"are not numbers"``.
    mask : numpy.ndarray or pandas.Series
        Boolean, true for the offending rows of ``values``.
    values : pandas.Series
        The column's values; the example and its row label come from here (:func:`example_of`).
    expected : str, default ""
        What the rows should hold (``"numeric values"``); left out of the message when empty.

    Raises
    ------
    insight.exceptions.DataValidationError
        Always, worded ``column 'amount': 1 of 3 rows are not numbers (expected numeric values); e.g. 'abc' at
        row 11.``

    See Also
    --------
    bad_rows : The same message for rows an engine's query counted.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1.0, "abc", 3.0], index=[10, 11, 12])
    >>> fail_rows("amount", "are not numbers", s.map(lambda v: isinstance(v, str)), s, "numeric values")
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: column 'amount': 1 of 3 rows are not numbers (expected numeric values);
    e.g. 'abc' at row 11.
    """
    n = int(np.asarray(mask, dtype=bool).sum())
    total = len(values)
    msg = f"column {column!r}: {n:,} of {total:,} rows {problem}"
    if expected:
        msg += f" (expected {expected})"
    raise DataValidationError(f"{msg}; {example_of(values, mask)}.")


def bad_rows(column: str, count: int, total: int, problem: str, expected: str, example: Any, *,
             label: str | None = None) -> DataValidationError:
    """The error for ``count`` of ``total`` rows of ``column`` found bad by an engine's query (DuckDB or Spark),
    so both engines word it alike; ``label`` names the column otherwise (a specification's key).

    Parameters
    ----------
    column : str
        The column's name, shown as ``column 'name'`` unless ``label`` is given.
    count : int
        How many rows are bad.
    total : int
        How many rows were checked.
    problem : str
        What is wrong with the rows, as a predicate: ``"are not discounts"``.
    expected : str
        What the rows should hold.
    example : object
        One bad value, shown with ``repr``.
    label : str, optional
        Names the column in the message instead (e.g. a specification's key).

    Returns
    -------
    insight.exceptions.DataValidationError
        The error, for the caller to raise (it is not raised here).

    See Also
    --------
    fail_rows : The same message for a pandas column, with the example's row label.

    Examples
    --------
    >>> print(bad_rows("amount", 2, 5, "are not numbers", "numeric values", "abc"))
    column 'amount': 2 of 5 rows are not numbers (expected numeric values); e.g. 'abc'.
    """
    shown = "an empty cell" if example is None else repr(example)   # a missing value has nothing to quote
    return DataValidationError(f"{label or f'column {column!r}'}: {count:,} of {total:,} rows {problem} (expected "
                               f"{expected}); e.g. {shown}.")


def require_frame(df: Any, name: str = "data") -> pd.DataFrame:
    """Raise unless ``df`` is a pandas DataFrame.

    Parameters
    ----------
    df : object
        The argument to check.
    name : str, default "data"
        The parameter's name, for the message.

    Returns
    -------
    pandas.DataFrame
        ``df`` itself.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``df`` is not a ``pandas.DataFrame`` (the message names its type).
    """
    if not isinstance(df, pd.DataFrame):
        raise DataValidationError(
            f"parameter {name!r} must be a pandas DataFrame, got {type(df).__name__}."
        )
    return df


def check_columns(df: pd.DataFrame, columns: Iterable[str | None], *, name: str = "data") -> None:
    """Raise if any of ``columns`` (``None`` entries ignored) is missing from ``df``.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to check.
    columns : iterable of str or None
        The required column names; ``None`` stands for an optional column not given, and is skipped.
    name : str, default "data"
        The table's name, for the message.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``df`` is not a DataFrame, or if columns are missing (the message lists them and the first 20
        available columns).

    Examples
    --------
    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b", None])
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: data: 1 required column(s) missing: ['b']; available columns (1): a.
    """
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
    """Raise unless ``timezone`` is an IANA zone name such as ``"UTC"`` or ``"Europe/Berlin"``.

    Parameters
    ----------
    timezone : str
        The zone name to check.

    Returns
    -------
    str
        ``timezone`` unchanged.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``timezone`` is not a string or names no zone known to ``zoneinfo``.
    """
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

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        The value to check.
    kind : type or tuple of type
        The accepted type(s). ``bool`` is refused unless listed; an integer passes as ``float``.
    min_val, max_val : float, optional
        Bounds of the value; ``None`` for no bound.
    include_min, include_max : bool, default True
        Whether the value may equal ``min_val`` (``max_val``).
    allow_none : bool, default False
        Accept ``None`` (returned without further checks).

    Returns
    -------
    object
        ``value`` unchanged (an integer given for ``float`` stays an integer).

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``value`` has the wrong type, is a NaN or infinite float, or lies outside the bounds.

    See Also
    --------
    check_in : For a value from a fixed set of choices.

    Examples
    --------
    >>> check_param("n_clusters", 3, int, min_val=2)
    3
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
    """Raise unless ``value`` is one of ``choices``.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        The value to check.
    choices : sequence
        The allowed values.

    Returns
    -------
    object
        ``value`` unchanged.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``value`` is not in ``choices`` (the message lists them).

    Examples
    --------
    >>> check_in("period", "W", ["M", "Q"])
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: parameter 'period' == 'W', must be one of ['M', 'Q'].
    """
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

    Attributes
    ----------
    fitted_attribute : str
        The attribute ``fit`` sets (class attribute, default ``"params_"``); the instance is fitted once it exists.
    fit_call : str
        How ``fit`` is called, for the message (class attribute, default ``"fit(data)"``).
    """

    fitted_attribute: ClassVar[str] = "params_"
    fit_call: ClassVar[str] = "fit(data)"

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, self.fitted_attribute)

    def check_fitted(self) -> None:
        """Raise :class:`~insight.exceptions.NotFittedError` unless ``fit`` has been called.

        Raises
        ------
        insight.exceptions.NotFittedError
            If the instance has no ``fitted_attribute`` yet; the message names the class and ``fit_call``.
        """
        from sklearn.exceptions import NotFittedError as SklearnNotFitted
        from sklearn.utils.validation import check_is_fitted

        try:
            check_is_fitted(self)
        except SklearnNotFitted:
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet; call {self.fit_call} "
                                 "first.") from None
