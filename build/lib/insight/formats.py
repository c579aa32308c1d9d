"""Numbers and names for people: money with its currency, shares as %, p-values, labels.

Used by the models' sentences and by the report helpers of :mod:`insight.report.display`, so it
sits low in the layering (it needs only numpy).
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["number", "type_word", "UNIT_NAMES", "CURRENCIES", "money", "money_unit", "percent", "pvalue", "count",
           "label"]

#: time units of the customer summaries, in words
UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months"}

#: symbols of common currency codes; other codes are written before the amount ("CHF 1,234")
CURRENCIES = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩", "BRL": "R$",
              "AUD": "A$", "CAD": "C$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "MXN": "MX$", "ILS": "₪",
              "TRY": "₺", "PLN": "zł", "RUB": "₽", "ZAR": "R"}
_CODE = re.compile(r"^[A-Z]{3}$")


def _check_currency(currency: str) -> str:
    if not isinstance(currency, str) or not _CODE.match(currency):
        raise ValueError(f"parameter 'currency' == {currency!r}: must be a three-letter ISO code such as 'USD', "
                         "'EUR' or 'GBP'.")
    return currency


def money(x, currency: str = "USD", digits: int = 0) -> str:
    """``1234.5`` -> ``"$1,235"``; codes without a symbol are written before the amount."""
    _check_currency(currency)
    if x is None or not np.isfinite(x):
        return "not available"
    sym = CURRENCIES.get(currency)
    sign = "-" if x < 0 else ""
    body = f"{abs(x):,.{digits}f}"
    return f"{sign}{sym}{body}" if sym else f"{sign}{currency} {body}"


def money_unit(currency: str = "USD") -> str:
    """How a chart axis names the currency: ``"$ (USD)"``, or the code alone."""
    sym = CURRENCIES.get(_check_currency(currency))
    return f"{sym} ({currency})" if sym else currency


def percent(x, digits: int = 0) -> str:
    """A share as a percentage: ``0.159`` -> ``"16%"``; tiny non-zero shares are not rounded to 0."""
    if x is None or not np.isfinite(x):
        return "not available"
    shown = f"{100 * x:.{digits}f}%"
    if x > 0 and float(f"{100 * x:.{digits}f}") == 0:
        return f"<{10 ** -digits:g}%"
    return shown


def pvalue(p) -> str:
    """``"p < 0.001"``, ``"p = 0.03"`` or ``"p = 0.41"``."""
    if p is None or not np.isfinite(p):
        return "p not available"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def count(x) -> str:
    return f"{int(round(x)):,}"


_ACRONYMS = {"id": "ID", "nps": "NPS", "csat": "CSAT", "clv": "CLV", "roc": "ROC", "auc": "AUC", "pr": "PR",
             "ci": "CI", "rfm": "RFM", "ph": "PH", "sd": "SD", "mae": "MAE", "p": "P"}


def label(name, labels: dict | None = None) -> str:
    """A human label for a column or term: ``"monthly_charges"`` -> ``"Monthly charges"``.

    ``labels`` overrides any name; acronyms (ID, NPS, CLV, ROC AUC, ...) keep their case.
    Names that are already words with spaces and capitals are left as they are.
    """
    if labels and name in labels:
        return str(labels[name])
    s = str(name)
    if " " in s and "_" not in s:
        return s[:1].upper() + s[1:]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", s.replace("_", " ")).split()
    out = [_ACRONYMS.get(w.lower(), w.lower() if w.isupper() is False else w) for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def type_word(dtype) -> str:
    """A column type in words ("whole number", "number", "text", "date", "yes/no") for pandas or SQL type names."""
    t = str(dtype).lower()
    if t.startswith(("bool",)):
        return "yes/no"
    if any(k in t for k in ("datetime", "timestamp", "date")):
        return "date"
    if any(k in t for k in ("int", "bigint", "hugeint")):
        return "whole number"
    if any(k in t for k in ("float", "double", "decimal", "real", "numeric")):
        return "number"
    if "category" in t:
        return "category"
    return "text"


def number(x, digits: int = 4) -> str:
    """A model estimate for people: ``digits`` significant decimals below 10,000, whole with separators above."""
    if x is None or not np.isfinite(x):
        return "not available"
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:,.{digits}f}"
