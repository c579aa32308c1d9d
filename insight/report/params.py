"""Report parameters as data: one schema per report, checked once before any model runs.

Each report builder declares its parameters' rules with :func:`checked` (the way scikit-learn's
``_parameter_constraints`` declares an estimator's), instead of checking them by side effects
deep in the models::

    @checked(currency=CURRENCY, language=LANGUAGE, margin=Number(0, 1), top_n=Number(1, integer=True))
    def churn_report(source, *, currency="USD", language="en", margin=0.3, top_n=20): ...

A value that breaks its rule fails with the parameter's name, the rule and the value, and
:func:`schema` gives a report's rules (for the parameter reference of the documentation).
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass

from ..exceptions import DataValidationError
from ..style import CALENDARS, LANGUAGES

__all__ = ["Rule", "Number", "Choice", "Currency", "checked", "schema", "CURRENCY", "LANGUAGE", "CALENDAR"]


class Rule:
    """One parameter's rule: :meth:`check` returns the value or raises ``DataValidationError`` naming the parameter.

    Subclasses implement :meth:`check` and :meth:`describe`."""

    def check(self, name: str, value):
        """Check ``value`` against the rule (implemented by each subclass).

        Parameters
        ----------
        name : str
            The parameter's name, for the message.
        value : object
            The value given.

        Returns
        -------
        object
            ``value``, possibly converted.

        Raises
        ------
        NotImplementedError
            Always, on the base class."""
        raise NotImplementedError

    def describe(self) -> str:
        """The rule in words (implemented by each subclass).

        Returns
        -------
        str

        Raises
        ------
        NotImplementedError
            Always, on the base class."""
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Rule):
    """A number from ``low`` to ``high`` (either end open with ``None``), whole when ``integer``; above ``low``, not
    equal to it, when ``above``.

    Parameters
    ----------
    low, high : float or None, default None
        The smallest and largest values allowed; None: no bound.
    integer : bool, default False
        The number must be whole (it is returned as an ``int``).
    above : bool, default False
        The number must be strictly above ``low``."""

    low: float | None = None
    high: float | None = None
    integer: bool = False
    above: bool = False

    def describe(self) -> str:
        """The rule in words, as the message and the parameter reference say it.

        Returns
        -------
        str"""
        kind = "a whole number" if self.integer else "a number"
        if self.above and self.low is not None:
            return f"{kind} above {self.low:g}" + (f" and at most {self.high:g}" if self.high is not None else "")
        if self.low is not None and self.high is not None:
            return f"{kind} from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{kind} of at least {self.low:g}"
        return f"{kind} of at most {self.high:g}" if self.high is not None else kind

    def check(self, name, value):
        """Check ``value`` against the rule.

        Parameters
        ----------
        name : str
            The parameter's name, for the message.
        value : object
            The value given.

        Returns
        -------
        object
            ``value`` (as an ``int`` when ``integer``).

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``value`` breaks the rule; the message names the parameter, the value and the rule."""
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
              and (not self.integer or float(value).is_integer())
              and (self.low is None or value >= self.low) and (self.high is None or value <= self.high)
              and not (self.above and value == self.low))
        if not ok:
            raise DataValidationError(f"parameter {name!r} == {value!r}: must be {self.describe()}.")
        return int(value) if self.integer else value


@dataclass(frozen=True)
class Choice(Rule):
    """One of ``options``.

    Parameters
    ----------
    options : tuple
        The values allowed."""

    options: tuple

    def describe(self) -> str:
        """The rule in words, as the message and the parameter reference say it.

        Returns
        -------
        str"""
        return "one of " + ", ".join(repr(o) for o in self.options)

    def check(self, name, value):
        """Check ``value`` against the rule.

        Parameters
        ----------
        name : str
            The parameter's name, for the message.
        value : object
            The value given.

        Returns
        -------
        object
            ``value``.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``value`` breaks the rule; the message names the parameter, the value and the rule."""
        if value not in self.options:
            raise DataValidationError(f"parameter {name!r} == {value!r}: must be {self.describe()}.")
        return value


class Currency(Rule):
    """An ISO 4217 currency code (checked against Babel's list)."""

    def describe(self) -> str:
        """The rule in words, as the message and the parameter reference say it.

        Returns
        -------
        str"""
        return "an ISO 4217 currency code such as 'USD', 'EUR' or 'GBP' (or IRR rial, IRT Toman, IRN new rial)"

    def check(self, name, value):
        """Check ``value`` against the rule.

        Parameters
        ----------
        name : str
            The parameter's name, for the message.
        value : object
            The value given.

        Returns
        -------
        object
            ``value``.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``value`` breaks the rule; the message names the parameter, the value and the rule."""
        from ..style import is_currency

        if not is_currency(value):
            raise DataValidationError(f"parameter {name!r} == {value!r}: must be {self.describe()}.")
        return value


CURRENCY = Currency()
LANGUAGE = Choice(LANGUAGES)
CALENDAR = Choice(("", *CALENDARS))   # "": the language's own calendar


def checked(**rules: Rule):
    """Decorate a report builder: its named parameters are checked against ``rules`` before it runs.

    Parameters
    ----------
    **rules : Rule
        A rule for each parameter to check, by parameter name.

    Returns
    -------
    callable
        The decorator; the function it returns binds the arguments (defaults applied), replaces each checked one by
        what its rule's ``check`` returns, and keeps the rules in ``__rules__`` (see :func:`schema`).

    Raises
    ------
    insight.exceptions.DataValidationError
        When the decorated builder is called with a value that breaks its rule.
    TypeError
        When the builder has no parameter of a rule's name (raised when decorating)."""
    def decorate(func):
        sig = inspect.signature(func)
        unknown = sorted(set(rules) - set(sig.parameters))
        if unknown:
            raise TypeError(f"{func.__name__} has no parameter {unknown[0]!r} to check.")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            for name, rule in rules.items():
                bound.arguments[name] = rule.check(name, bound.arguments[name])
            return func(*bound.args, **bound.kwargs)

        wrapper.__rules__ = dict(rules)
        return wrapper

    return decorate


def schema(builder) -> dict[str, str]:
    """The rules of a report builder decorated with :func:`checked`: parameter -> rule in words.

    Parameters
    ----------
    builder : callable
        A report builder such as :func:`insight.report.sections.churn_report`.

    Returns
    -------
    dict of str to str
        Each checked parameter's rule in words; empty for a function not decorated with :func:`checked`.

    Examples
    --------
    >>> from insight.report.sections import churn_report
    >>> schema(churn_report)["margin"]
    'a number from 0 to 1'"""
    return {name: rule.describe() for name, rule in getattr(builder, "__rules__", {}).items()}

