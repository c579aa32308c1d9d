"""Words, money, numbers and dates for readers: one :class:`Style` per report, one message catalog per language.

Models return numbers; everything a reader sees is made here, from a style given once to each
report (language, currency, calendar) and a catalog of messages keyed by id::

    st = Style(currency="GBP")
    st.say("types.concentration", top=0.2, share=0.61, gini=0.58)
    # 'The top 20% of customers bring 61.0% of revenue (Gini 0.58; ...).'

A catalog is one folder per language, ``insight/messages/<language>/``, of JSON files (one per topic: ``common``,
``types``, ``clv``, ``churn``, ``satisfaction``, ``actions``, ``overview``, ``quality``, ``page``) mapping a message id
to its text; an id is defined once. Placeholders name their value and say how it is written, so a translation may
reorder them and numbers still follow the language's conventions:

==============  ===================================================================  ======================
placeholder     written as                                                           English example
==============  ===================================================================  ======================
``{x:money}``   money in the report's currency (no cents)                            ``$1,235``
``{x:money2}``  money with cents                                                     ``$1,234.50``
``{x:pct}``     a share as a percentage (``pct1``: 1 decimal)                        ``16%``, ``<1%``
``{x:count}``   a whole number with separators                                       ``12,345``
``{x:num}``     an estimate (4 decimals, none from 10,000)                           ``0.2431``, ``12,345``
``{x:num1}``    exactly 1 decimal (``num0``..``num4``)                               ``-16,916.4``
``{x:short}``   as few decimals as it needs                                          ``2.5``, ``48``
``{x:p}``       a p-value                                                            ``p < 0.001``
``{x:date}``    a date                                                               ``2011-12-09``
``{x:label}``   a column or term name as a label                                     ``Monthly charges``
``{x:unit}``    a time unit code (D, W, M) in words                                  ``weeks``
``{x}``         the value as given (text from the data, or a sentence already made)
==============  ===================================================================  ======================

A message whose wording depends on a count is an object of CLDR plural forms
(``{"one": "...", "other": "..."}``) chosen by the ``n`` value. ``**bold**`` and report links
(``[churn report](churn.html)``) are the only markup a message may hold
(:func:`insight.report.display.inline` renders them after escaping).

Babel (CLDR data) writes the numbers, money and dates, so a second language needs no code:
add ``messages/<language>/`` with the same ids and placeholders (a test checks that
every catalog has every id with the same placeholders) and translate the notebooks' markdown.

Only the plots and the report layer use this module; a test keeps models, features and data
free of it.
"""

from __future__ import annotations

import json
import math
import numbers
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["Style", "catalog", "LANGUAGES", "CALENDARS", "placeholders", "UNITS", "is_currency", "is_period"]

#: languages that have a catalog
LANGUAGES = ("en", "fa")
CALENDARS = ("gregorian", "jalali")
#: the calendar of a language when none is asked for
DEFAULT_CALENDAR = {"fa": "jalali"}

_BABEL_LOCALE = {"en": "en_US", "fa": "fa_IR"}
#: Iranian money units besides the ISO rial (IRR): the Toman (10 rials; IRT is the code Iranian software uses) and the
#: redenominated rial approved in 2025 (1 new rial = 10,000 old rials; IRN here). A money figure in these units is
#: written as a number and the unit's word (catalog ``money.<code>``), as Iranian readers write it.
UNITS = {"IRR": 1, "IRT": 10, "IRN": 10_000}


def is_currency(code) -> bool:
    """Whether ``code`` is a money unit a style can write: an ISO 4217 code, or one of :data:`UNITS`.

    Parameters
    ----------
    code : object
        The code to check, such as ``"EUR"`` or ``"IRT"``.

    Returns
    -------
    bool
        True for a string Babel lists as a currency or a key of :data:`UNITS`, else False.
    """
    from babel.numbers import list_currencies

    return isinstance(code, str) and (code in UNITS or code in list_currencies())


#: languages written with their own digits: Babel gives the separators (٬ ٫) of the numbering system, not its digits
#: languages written right to left: their pages carry ``dir="rtl"`` and their charts isolate names from the data
RIGHT_TO_LEFT = frozenset({"fa", "ar", "ur", "he"})

_NATIVE = {"fa": ("arabext", str.maketrans("0123456789%", "۰۱۲۳۴۵۶۷۸۹٪"))}
_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
_ACRONYMS = {"id": "ID", "nps": "NPS", "csat": "CSAT", "clv": "CLV", "roc": "ROC", "auc": "AUC", "pr": "PR",
             "ci": "CI", "rfm": "RFM", "ph": "PH", "sd": "SD", "mae": "MAE", "p": "P", "aic": "AIC", "bic": "BIC"}


@lru_cache(maxsize=None)
def catalog(language: str = "en") -> dict:
    """The message catalog of ``language`` (one of :data:`LANGUAGES`): message id -> text (or plural forms).

    The catalog is the union of the JSON files in ``insight/messages/<language>/`` (one per report area), read
    once per process and cached.

    Parameters
    ----------
    language : str, default "en"
        Language code, one of :data:`LANGUAGES`.

    Returns
    -------
    dict
        Message id (e.g. ``"actions.line"``) -> its text, or a dict of plural forms (form -> text). The same
        cached object is returned on each call: do not change it.

    Raises
    ------
    ValueError
        If ``language`` has no catalog, or a message id is defined in two of its files.

    Examples
    --------
    >>> messages = catalog("en")
    >>> messages["actions.line"]
    '**{action}**: {money}. {basis}.'
    >>> messages["actions.horizon"]
    {'one': 'over the next month', 'other': 'over the next {n:count} months'}
    >>> set(catalog("fa")) == set(messages)
    True
    """
    if language not in LANGUAGES:
        raise ValueError(f"parameter 'language' == {language!r}: no catalog for this language; "
                         f"choose one of {list(LANGUAGES)}.")
    out: dict = {}
    folder = resources.files("insight").joinpath("messages", language)
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name):
        part = json.loads(path.read_text(encoding="utf-8"))
        twice = sorted(set(part) & set(out))
        if twice:
            raise ValueError(f"message id {twice[0]!r} is defined twice in the {language!r} catalog.")
        out.update(part)
    return out


def placeholders(text) -> set[tuple[str, str]]:
    """The ``(name, format)`` pairs of a message (of every plural form).

    Parameters
    ----------
    text : str or dict
        A message's text, or its plural forms (form -> text).

    Returns
    -------
    set of tuple of (str, str)
        Each placeholder's name and format (``""`` for a bare ``{name}``).
    """
    forms = text.values() if isinstance(text, dict) else [text]
    return {(m.group(1), m.group(2) or "") for t in forms for m in _FIELD.finditer(t)}


def is_period(value) -> bool:
    """Whether ``value`` is a month, quarter or year a style writes with :meth:`Style.period`.

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    bool
        True for a :class:`pandas.Period` or an :class:`insight.periods.SolarHijriPeriod` (told by their attributes:
        the style stands below the periods module).
    """
    return hasattr(value, "start_time") and (hasattr(value, "first_month") or hasattr(value, "freqstr"))


class _Formatter(string.Formatter):
    def __init__(self, style: "Style"):
        self.style = style

    def format_field(self, value, spec):
        return self.style.write(value, spec)


@dataclass(frozen=True)
class Style:
    """How one report writes for its readers.

    Parameters
    ----------
    language : str
        Language of the words (a catalog folder in ``insight/messages``): ``"en"`` or ``"fa"`` (Persian: Persian
        digits and separators, ٪).
    currency : str
        ISO 4217 code of the money amounts, such as ``"USD"``, ``"EUR"`` or ``"GBP"``.
    calendar : str
        Calendar of the dates: ``"gregorian"`` or ``"jalali"`` (Solar Hijri, with ``jdatetime``); "" for the
        language's own (Solar Hijri in Persian).

    Raises
    ------
    ValueError
        If ``language`` has no catalog, ``currency`` is not a money unit (``is_currency``) or ``calendar`` unknown.

    Examples
    --------
    >>> en, fa = Style(), Style(language="fa")
    >>> en.number(12345), fa.number(12345), en.number(0.24312), fa.fixed(-16916.44, 1), en.short(2.5)
    ('12,345', '۱۲٬۳۴۵', '0.2431', '-۱۶٬۹۱۶٫۴', '2.5')
    >>> en.money(1234.6), en.money(1234.5, 2), Style(currency="CHF").money(1234.6), en.money_unit()
    ('$1,235', '$1,234.50', 'CHF 1,235', '$ (USD)')
    >>> en.percent(0.159), en.percent(0.0004), fa.percent(0.159), en.pvalue(0.0001), en.pvalue(0.412)
    ('16%', '<1%', '۱۶٪', 'p < 0.001', 'p = 0.41')
    >>> en.date("2011-12-09"), fa.date("2011-12-09"), fa.say("actions.horizon", n=6)
    ('2011-12-09', '۱۳۹۰/۰۹/۱۸', 'در ۶ ماه آینده')
    """

    language: str = "en"
    currency: str = "USD"
    calendar: str = ""
    _fmt: _Formatter = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        catalog(self.language)
        if not is_currency(self.currency):
            raise ValueError(f"parameter 'currency' == {self.currency!r}: not an ISO 4217 currency code; use a code "
                             "such as 'USD', 'EUR' or 'GBP' (or IRR rial, IRT Toman, IRN new rial).")
        if not self.calendar:
            object.__setattr__(self, "calendar", DEFAULT_CALENDAR.get(self.language, "gregorian"))
        if self.calendar not in CALENDARS:
            raise ValueError(f"parameter 'calendar' == {self.calendar!r}: choose one of {list(CALENDARS)}.")
        object.__setattr__(self, "_fmt", _Formatter(self))

    @property
    def locale(self) -> str:
        """Babel's locale of the language: ``"en_US"`` or ``"fa_IR"``."""
        return _BABEL_LOCALE.get(self.language, self.language)

    # ----------------------------------------------------------------------- sentences
    def say(self, message_id: str, /, **values) -> str:
        """The message ``message_id`` of this style's catalog with ``values`` written in.

        Parameters
        ----------
        message_id : str
            The message's id, such as ``"types.concentration"``.
        **values : object
            The value of each placeholder by name, written by :meth:`write`; ``n`` also picks a plural form.

        Returns
        -------
        str
            The sentence in this style's language.

        Raises
        ------
        KeyError
            If the id is not in the catalog, a message with plural forms has no ``n``, or a placeholder no value.
        ValueError
            If a placeholder's format is unknown.
        """
        text = self.text(message_id, values.get("n"))
        try:
            return self._fmt.vformat(text, (), values)
        except KeyError as e:
            raise KeyError(f"message {message_id!r} needs the value {e.args[0]!r}; given: {sorted(values)}.") from None

    def text(self, message_id: str, n=None) -> str:
        """The raw text of ``message_id`` (its plural form for ``n``).

        Parameters
        ----------
        message_id : str
            The message's id.
        n : int or float, optional
            The count that chooses the language's CLDR plural form; needed for a message with plural forms.

        Returns
        -------
        str
            The text with its placeholders unfilled.

        Raises
        ------
        KeyError
            If the id is not in this language's catalog, or the message has plural forms and ``n`` is None.
        """
        from babel import Locale

        try:
            text = catalog(self.language)[message_id]
        except KeyError:
            raise KeyError(f"message id {message_id!r} is not in the {self.language!r} catalog.") from None
        if isinstance(text, dict):
            if n is None:
                raise KeyError(f"message {message_id!r} has plural forms and needs the count n=...")
            text = text.get(Locale.parse(self.locale).plural_form(abs(n)), text["other"])
        return text

    def write(self, value, spec: str = "") -> str:
        """One value as the placeholder format ``spec`` writes it (see the module's table).

        Parameters
        ----------
        value : object
            The value.
        spec : str, default ""
            A format of the table (``money2``, ``pct1``, ``num``, ``date``, ...). ``""`` writes a float as
            :meth:`number`, an integer in the language's digits, a period as :meth:`period`, text as it is.

        Returns
        -------
        str
            The value as readers of this style's language read it.

        Raises
        ------
        ValueError
            If ``spec`` is not a known format.
        """
        kind, digits = re.fullmatch(r"([a-z]*)(\d*)", spec or "").groups()
        digits = int(digits) if digits else None
        if kind == "":   # a whole number in the language's digits; text (names from the data) as it is
            if is_period(value):
                return self.period(value)
            if isinstance(value, float):
                return self.number(value)
            whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
            return self.native(str(value)) if whole else str(value)
        writer = {"money": lambda v: self.money(v, digits or 0), "pct": lambda v: self.percent(v, digits or 0),
                  "count": self.count, "num": lambda v: self.number(v) if digits is None else self.fixed(v, digits),
                  "p": self.pvalue, "date": self.date, "short": self.short, "label": self.label, "unit": self.unit}.get(kind)
        if writer is None:
            raise ValueError(f"unknown placeholder format {spec!r}; see insight.style for the formats.")
        return writer(value)

    # ----------------------------------------------------------------------- numbers, money, dates
    def _missing(self, x) -> bool:
        return x is None or not math.isfinite(float(x))

    def money(self, x, digits: int = 0) -> str:
        """``1234.6`` -> ``"$1,235"`` in the report's currency and language (halves to even: 1234.5 -> $1,234).

        Parameters
        ----------
        x : float
            The amount, in the currency's units (dollars, not cents).
        digits : int, default 0
            Decimals shown (``2`` for cents).

        Returns
        -------
        str
            The amount with the currency's symbol or code (rials, Toman, new rials: a number and the unit's word);
            the catalog's "not available" for None, NaN or inf.
        """
        from babel import Locale
        from babel.numbers import format_currency, get_currency_symbol

        if self._missing(x):
            return self.say("word.not_available")
        if self.currency in UNITS:   # rial, Toman, new rial: a number and the unit's word
            return self.say(f"money.{self.currency}", amount=self.fixed(x, digits))
        pattern = Locale.parse(self.locale).currency_formats["standard"].pattern.split(";")[0]
        pattern = re.sub(r"\.0+", "." + "0" * digits if digits else "", pattern)
        out = format_currency(float(x), self.currency, format=pattern, locale=self.locale, currency_digits=False,
                              **self._system)
        sym = get_currency_symbol(self.currency, self.locale)
        if sym.isalpha():   # a code or word: a space between it and the digits ("CHF 1,234")
            out = re.sub(rf"{re.escape(sym)}(?=[\d])", sym + " ", out)
        return self.native(out)

    def money_unit(self) -> str:
        """How a chart axis names the currency: ``"$ (USD)"``, or the code alone.

        Returns
        -------
        str
            Symbol and code; the code alone when it has no symbol of its own; the unit's word for Iranian units.
        """
        from babel.numbers import get_currency_symbol

        if self.currency in UNITS:
            return self.say(f"money.unit.{self.currency}")
        sym = get_currency_symbol(self.currency, self.locale)
        return self.currency if sym == self.currency else f"{sym} ({self.currency})"

    def percent(self, x, digits: int = 0) -> str:
        """A share as a percentage: ``0.159`` -> ``"16%"``; a tiny non-zero share is ``"<1%"``, not 0.

        Parameters
        ----------
        x : float
            The share, a fraction (0.159 for 15.9%).
        digits : int, default 0
            Decimals of the percentage (with 1, a tiny share is ``"<0.1%"``).

        Returns
        -------
        str
            The percentage in the language's digits and sign; the catalog's "not available" for None, NaN or inf.
        """
        from babel.numbers import format_percent

        if self._missing(x):
            return self.say("word.not_available")
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        x = float(x)
        if 0 < x < 0.5 * 10 ** -(digits + 2):
            return self.native("<" + format_percent(10 ** -(digits + 2), format=pattern, locale=self.locale,
                                                    **self._system))
        return self.native(format_percent(x, format=pattern, locale=self.locale, **self._system))

    def count(self, x) -> str:
        """A whole number with separators: ``12345.2`` -> ``"12,345"``.

        Parameters
        ----------
        x : float
            The number, rounded to a whole one (halves to even).

        Returns
        -------
        str
            The number in the language's separators and digits; the catalog's "not available" for None, NaN or inf.
        """
        from babel.numbers import format_decimal

        if self._missing(x):
            return self.say("word.not_available")
        return self.native(format_decimal(int(round(float(x))), format="#,##0", locale=self.locale, **self._system))

    def number(self, x, digits: int = 4) -> str:
        """An estimate: ``digits`` decimals below 10,000, whole with separators from 10,000 on.

        Parameters
        ----------
        x : float
            The number.
        digits : int, default 4
            Decimals below 10,000 in absolute value; ``0`` for none.

        Returns
        -------
        str
            The number in the language's separators and digits; the catalog's "not available" for None, NaN or inf.
        """
        from babel.numbers import format_decimal

        if self._missing(x):
            return self.say("word.not_available")
        x = float(x)
        pattern = "#,##0" if abs(x) >= 1e4 or not digits else "#,##0." + "0" * digits
        return self.native(format_decimal(x, format=pattern, locale=self.locale, decimal_quantization=True,
                                          **self._system))

    def fixed(self, x, digits: int) -> str:
        """A number with exactly ``digits`` decimals and separators: ``-16916.44`` -> ``"-16,916.4"`` (``num1``).

        Parameters
        ----------
        x : float
            The number.
        digits : int
            Decimals shown.

        Returns
        -------
        str
            The number in the language's separators and digits; the catalog's "not available" for None, NaN or inf.
        """
        from babel.numbers import format_decimal

        if self._missing(x):
            return self.say("word.not_available")
        return self.native(format_decimal(float(x), format="#,##0" + ("." + "0" * digits if digits else ""),
                                          locale=self.locale, **self._system))

    def short(self, x) -> str:
        """A number with as few decimals as it needs, at most 4: ``5``, ``2.5``, ``0.05`` (``{x:short}``).

        Parameters
        ----------
        x : float
            The number.

        Returns
        -------
        str
            As :meth:`number` writes it with the fewest decimals (0 to 4) that keep its value; "not available" for NaN.
        """
        if self._missing(x):
            return self.say("word.not_available")
        x = float(x)
        return self.number(x, next((d for d in range(5) if abs(round(x, d) - x) < 1e-9), 4))

    def pvalue(self, p) -> str:
        """``"p < 0.001"``, ``"p = 0.003"`` or ``"p = 0.41"``.

        Parameters
        ----------
        p : float
            The p-value: below 0.001 as ``p < 0.001``, below 0.01 with three decimals, else two.

        Returns
        -------
        str
            The p-value in words; the catalog's "p not available" for None, NaN or inf.
        """
        if self._missing(p):
            return self.say("word.p_not_available")
        if p < 0.001:
            return self.say("word.p_below", p=self.number(0.001, 3))
        return self.say("word.p_equals", p=self.number(p, 3 if p < 0.01 else 2))

    def date(self, d) -> str:
        """A date as ``2011-12-09``; in the Solar Hijri calendar as ``1390/09/18`` (in Persian digits in Persian).

        Parameters
        ----------
        d : str, datetime.date or pandas.Timestamp
            The date (anything ``pandas.Timestamp`` reads); a time of day is dropped.

        Returns
        -------
        str
            The date in this style's calendar and digits; the catalog's "not available" for None or ``NaT``.
        """
        from babel.dates import format_date

        import pandas as pd

        if d is None or d is pd.NaT:
            return self.say("word.not_available")
        day = pd.Timestamp(d).date()
        if self.calendar == "jalali":
            import jdatetime

            return self.native(jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"))
        return self.native(format_date(day, "yyyy-MM-dd", locale=self.locale))

    def join(self, items) -> str:
        """Items as a list in a sentence: ``"a, b, c"`` (Persian: ``"a، b، c"``).

        Parameters
        ----------
        items : iterable of str
            The items, in order.

        Returns
        -------
        str
            The items joined by the language's list separator (catalog ``word.list_separator``).

        Examples
        --------
        >>> Style(language="fa").join(["تحویل", "قیمت"])
        'تحویل، قیمت'
        """
        return self.say("word.list_separator").join(str(i) for i in items)

    def isolate(self, text) -> str:
        """A name from the data made to keep its own direction inside a sentence of a right-to-left language.

        A Latin name ("Month-to-month") at the head of a Persian label would otherwise make the whole label read left
        to right; wrapped in Unicode's first-strong isolate (U+2068 ... U+2069) it is laid out on its own, as HTML's
        ``<bdi>`` does on the page.

        Parameters
        ----------
        text : object
            The name (written with ``str``).

        Returns
        -------
        str
            The name isolated in a right-to-left language; the name unchanged otherwise.

        Examples
        --------
        >>> Style().isolate("One year")
        'One year'
        >>> Style(language="fa").isolate("One year") == "\u2068One year\u2069"
        True
        """
        return f"\u2068{text}\u2069" if self.language in RIGHT_TO_LEFT else str(text)

    def period(self, p) -> str:
        """A month, quarter or year (a ``pandas.Period`` or :class:`insight.periods.SolarHijriPeriod`) as the
        reader writes it: ``2024-03`` and ``2024Q1`` in the Gregorian calendar, ``Azar 1402`` (Persian: ``آذر ۱۴۰۲``)
        and ``Q3 1402`` in the Solar Hijri one.

        Parameters
        ----------
        p : pandas.Period or insight.periods.SolarHijriPeriod
            The period; its own calendar decides how it is written, not the style's.

        Returns
        -------
        str
            The period in the language's words and digits.
        """
        if not hasattr(p, "first_month"):   # a Gregorian period
            return self.native(str(p))
        if p.freq == "M":
            import jdatetime

            months = jdatetime.date.j_months_fa if self.language == "fa" else jdatetime.date.j_months_en
            return self.say("word.period_month", month=months[p.number - 1], year=self.native(str(p.year)))
        if p.freq == "Q":
            return self.say("word.period_quarter", quarter=p.number, year=self.native(str(p.year)))
        return self.native(str(p.year))

    @property
    def _system(self) -> dict:
        """Babel's numbering system of the language (its separators), where it has digits of its own."""
        return {"numbering_system": _NATIVE[self.language][0]} if self.language in _NATIVE else {}

    def native(self, text: str) -> str:
        """``text`` with the language's own digits and percent sign (Persian: ۰-۹, ٪); unchanged in English.

        Parameters
        ----------
        text : str
            Text written with ASCII digits.

        Returns
        -------
        str
            The text with each digit and ``%`` replaced by the language's own.
        """
        return text.translate(_NATIVE[self.language][1]) if self.language in _NATIVE else text

    def unit(self, code: str) -> str:
        """A time unit code of the customer summaries (``D``, ``W``, ``M``) in words (``"weeks"``).

        Parameters
        ----------
        code : str
            ``"D"``, ``"W"`` or ``"M"``.

        Returns
        -------
        str
            The unit's plural in this style's language (catalog ``unit.<code>``).
        """
        return self.say(f"unit.{code}")

    def label(self, name, labels: dict | None = None) -> str:
        """A column or term name as a label: ``"monthly_charges"`` -> ``"Monthly charges"``.

        ``labels`` overrides any name; names insight writes have a label in the catalog (``label.<name>``); other
        names are made readable (underscores to spaces, acronyms such as ID, NPS, CLV in capitals); names already
        written as words are kept.

        Parameters
        ----------
        name : str or number
            The column or term name; a number (a period's number, an age) is written in the language's digits.
        labels : dict, optional
            Labels to use instead, by name.

        Returns
        -------
        str
            The label.
        """
        if labels and name in labels:
            return str(labels[name])
        if is_period(name):   # a month or quarter as a column (complaints per period)
            return self.period(name)
        if isinstance(name, numbers.Number) and not isinstance(name, bool):   # a period's number, an age
            return self.native(str(name))
        s = str(name)
        known = catalog(self.language).get(f"label.{s}")
        if known is not None:
            return known
        if " " in s and "_" not in s:
            return s[:1].upper() + s[1:]
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", s.replace("_", " ")).split()
        text = " ".join(_ACRONYMS.get(w.lower(), w if w.isupper() else w.lower()) for w in words)
        return text[:1].upper() + text[1:]
