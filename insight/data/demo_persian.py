"""The demo company in Persian: the same simulated retailer with its categories, channels and customer types named in
Persian and its amounts in Toman, for reports seen in Persian on bundled data (``data: demo_fa`` with
``language: fa`` and ``currency: IRT``). Dates stay dates: a Persian report writes them in the Solar Hijri
calendar. Every figure is the demo company's: only names change, and money by one factor, so each report's
findings are those of ``data: demo`` in another language and unit.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from .simulate import DemoCompany

__all__ = ["PERSIAN_NAMES", "TOMAN_PER_DOLLAR", "persian_demo", "persian_names", "DEMO_NAMES"]

#: the demo company's name in the reports, by the ``data`` value that asks for it
DEMO_NAMES = {"demo": "demo company (simulated)", "demo_fa": "شرکت نمونه (شبیه‌سازی‌شده)"}

#: the Persian name of each value the demo company's tables use, by column
PERSIAN_NAMES = {
    "category": {"music": "موسیقی", "books": "کتاب", "electronics": "لوازم الکترونیکی", "home": "خانه",
                 "garden": "باغچه", "toys": "اسباب‌بازی", "fashion": "پوشاک", "sports": "ورزشی",
                 "delivery": "ارسال", "product quality": "کیفیت کالا", "billing": "صورت‌حساب", "website": "سایت",
                 "staff": "کارکنان"},
    "acquisition_channel": {"search": "جست‌وجو", "social": "شبکه‌های اجتماعی", "referral": "معرفی دوستان",
                            "email": "ایمیل", "marketplace": "بازارگاه"},
    "channel": {"web": "وب", "app": "اپلیکیشن", "phone": "تلفن", "chat": "گفت‌وگوی آنلاین", "email": "ایمیل",
                "social": "شبکه‌های اجتماعی"},
    "complaint": {"none": "بدون شکایت", "fast": "رسیدگی سریع", "slow": "رسیدگی کند", "unresolved": "حل‌نشده"},
    "true_type": {"loyal": "وفادار", "impulse": "تکانشی", "discount-driven": "تخفیف‌محور", "need-based": "نیازمحور",
                  "wandering": "سرگردان"},
}
#: the demo's amounts (dollars) times this are Toman amounts of a plausible size; a round figure, not a rate
TOMAN_PER_DOLLAR = 50_000


def persian_names(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the values of its columns in :data:`PERSIAN_NAMES` named in Persian.

    Parameters
    ----------
    table : pandas.DataFrame
        A table of the demo company; values without a Persian name are kept.

    Returns
    -------
    pandas.DataFrame
        A copy, the renamed columns as ``category``.
    """
    out = table.copy()
    for col, names in PERSIAN_NAMES.items():
        if col in out:
            values = out[col].astype(object)
            out[col] = values.map(lambda v: names.get(v, v)).astype("category")
    return out


def persian_demo(company: DemoCompany) -> DemoCompany:
    """``company`` with Persian names and amounts in Toman (:data:`PERSIAN_NAMES`, :data:`TOMAN_PER_DOLLAR`).

    Parameters
    ----------
    company : insight.data.simulate.DemoCompany
        The demo company, as :func:`insight.data.simulate.demo_company` makes it.

    Returns
    -------
    insight.data.simulate.DemoCompany
        A copy whose customers, visits, transactions and tickets are renamed (orders, surveys and comments are
        unchanged) and whose transaction amounts are in Toman.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> company = demo_company(n_customers=300, seed=1)
    >>> fa = persian_demo(company)
    >>> float(fa.transactions["amount"].iloc[0] / company.transactions["amount"].iloc[0])
    50000.0
    """
    tx = persian_names(company.transactions)
    tx["amount"] = tx["amount"] * TOMAN_PER_DOLLAR
    return dataclasses.replace(company, customers=persian_names(company.customers), visits=persian_names(company.visits),
                               transactions=tx, tickets=persian_names(company.tickets))
