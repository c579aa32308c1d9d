"""The demo company's comments: themes planted in English and Persian, two of them with a known effect on who leaves.

:func:`insight.data.simulate.demo_company` calls :func:`draw_comments` last, from a random stream of its own, so every
other table is the same with or without the comments. Why hand-written: no library writes customer comments with
known themes; the texts are templates with slots.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["COMMENT_THEMES", "COMMENT_PARAMS", "COMMENT_TEMPLATES", "COMMENT_SLOTS", "draw_comments"]

#: The themes planted in the demo company's comments. The first two carry an effect on who leaves (``EFFECTS``):
#: "faulty product", written by customers who received one and never complained, and "late delivery, no answer", by
#: those whose late delivery led to a complaint handled slowly or not at all. The others follow the customer's type.
COMMENT_THEMES = ["faulty product", "late delivery, no answer", "prices and discounts", "app and website",
                  "product quality", "wish list"]
#: Who writes a comment and about what: the chance to write of a customer with such an experience
#: (``planted_write_prob``) and of any other per type, the odds of the themes per type, the Persian share and the
#: share of writers who ask not to be contacted (``opt_out``).
#: Whether a customer writes never depends on whether they later leave (that would plant a leak).
_TYPES = pd.Index(["loyal", "impulse", "discount-driven", "need-based", "wandering"], name="type")  # simulate's
COMMENT_PARAMS = {
    "planted_write_prob": 0.9, "persian_share": 0.3, "noise_prob": 0.3, "opt_out_prob": 0.15,
    "write_prob": pd.Series([0.7, 0.3, 0.25, 0.3, 0.3], index=_TYPES),
    "theme_odds": pd.DataFrame([[0.05, 0.10, 0.20, 0.65], [0.20, 0.30, 0.40, 0.10], [0.50, 0.20, 0.20, 0.10],
                                [0.15, 0.15, 0.50, 0.20], [0.25, 0.55, 0.10, 0.10]],
                               index=_TYPES, columns=COMMENT_THEMES[2:]),
}
# Sentence parts of the planted comments: per language and theme, templates whose {slots} are filled at random.
COMMENT_TEMPLATES = {
    "en": {
        "late delivery, no answer": ["{late_open} {late} {no_answer}.{end}",
                                     "Two weeks and my parcel is still not here, emails to support go unanswered."],
        "prices and discounts": [
            "Prices are too high, {cheaper}.", "I only buy when there is a discount.", "Great discounts this month.",
            "The coupon code did not work at checkout.", "Your prices went up, {cheaper}.",
            "Please send more discount codes.", "Good deals during the sale, prices were fair."],
        "app and website": [
            "The app keeps crashing when I pay.", "Website is slow and the search is confusing.",
            "Hard to find products on the site.", "The app logs me out every time.", "Love the new app design.",
            "The website froze on the checkout page.", "Search on the website shows the wrong results."],
        "faulty product": ["The {item} I received was faulty{fault_end}.", "My {item} stopped working{fault_end}.",
                           "The {item} arrived broken{fault_end}."],
        "product quality": [
            "The product quality is excellent.", "The item broke after two weeks, poor quality.",
            "The material feels cheap.", "Quality is great, well made.", "The fabric is thin and the quality is bad.",
            "The product looked different from the photos.", "Well made and sturdy, good quality."],
        "wish list": ["I wish you offered {thing}.", "Would love it if you sold {thing}.", "Please add {thing}.",
                      "It would be great to have {thing}.", "I hope you start offering {thing}."],
    },
    "fa": {
        "late delivery, no answer": ["{late_open} {late} {no_answer}.{end}",
                                     "دو هفته گذشته و هنوز بسته نرسیده، ایمیل‌هایم به پشتیبانی بی‌جواب مانده."],
        "prices and discounts": [
            "قیمت‌ها خیلی گران است، {cheaper}.", "فقط وقتی تخفیف هست خرید می‌کنم.", "تخفیف‌های این ماه عالی بود.",
            "کد تخفیف موقع پرداخت کار نکرد.", "قیمت‌ها بالا رفته، {cheaper}.", "لطفا کد تخفیف بیشتری بفرستید.",
            "در حراج قیمت‌ها منصفانه بود."],
        "app and website": [
            "اپلیکیشن موقع پرداخت بسته می‌شود.", "سایت کند است و جستجو گیج‌کننده است.", "کار با اپلیکیشن راحت است.",
            "پیدا کردن محصول در سایت سخت است.", "برنامه هر بار از حسابم خارج می‌شود.",
            "صفحه پرداخت سایت قفل کرد.", "جستجوی سایت نتیجه اشتباه نشان می‌دهد."],
        "faulty product": ["{item} که دریافت کردم معیوب بود{fault_end}.", "{item} من از کار افتاد{fault_end}.",
                           "{item} شکسته به دستم رسید{fault_end}."],
        "product quality": [
            "کیفیت محصول عالی بود.", "جنس بعد از دو هفته خراب شد، کیفیت پایین بود.", "جنسش بی‌کیفیت است.",
            "کیفیت خوب است و محکم ساخته شده.", "محصول با عکس‌ها فرق داشت.", "پارچه نازک است و کیفیت بدی دارد."],
        "wish list": ["ای کاش {thing} هم داشتید.", "خیلی خوب می‌شد اگر {thing} اضافه کنید.",
                      "لطفا {thing} راه‌اندازی کنید.", "امیدوارم {thing} هم ارائه بدهید."],
    },
}
COMMENT_SLOTS = {
    "en": {
        "late_open": ["My order arrived", "The delivery came", "My package showed up", "The parcel was delivered"],
        "late": ["a week late", "very late", "days after the promised date", "late again", "much later than promised"],
        "no_answer": ["and nobody answered my complaint", "and support never replied",
                      "and I am still waiting for an answer", "and no one responded to my ticket",
                      "and customer service ignored my messages"],
        "end": ["", " Very disappointed.", " Not ordering again.", " Terrible service."],
        "cheaper": ["cheaper elsewhere", "other shops are cheaper", "not worth it"],
        "item": ["blender", "kettle", "lamp", "backpack", "jacket", "phone case", "headphones"],
        "fault_end": ["", " after a few days", ", money wasted", ", very disappointed"],
        "thing": ["gift wrapping", "a subscription plan", "more sizes", "express shipping", "organic products",
                  "a loyalty program", "installment payments", "pickup points"],
        "noise": ["hi", "ok", "thanks", "honestly", "btw", "well", "hmm", "fyi"],
    },
    "fa": {
        "late_open": ["سفارشم", "بسته‌ام", "مرسوله", "خریدم"],
        "late": ["یک هفته دیر رسید", "خیلی دیر رسید", "با تاخیر رسید", "چند روز دیرتر از موعد رسید"],
        "no_answer": ["و هیچ کس به شکایتم جواب نداد", "و پشتیبانی پاسخ نداد", "و هنوز منتظر جواب هستم",
                      "و کسی به تیکتم رسیدگی نکرد"],
        "end": ["", " خیلی ناراحتم.", " دیگر خرید نمی‌کنم.", " افتضاح بود."],
        "cheaper": ["جای دیگر ارزان‌تر است", "ارزشش را ندارد"],
        "item": ["مخلوط کن", "کتری", "چراغ", "کوله پشتی", "کاپشن", "قاب گوشی", "هدفون"],
        "fault_end": ["", " بعد از چند روز", "، پولم هدر رفت", "، خیلی ناراحتم"],
        "thing": ["بسته‌بندی کادویی", "اشتراک ماهانه", "سایزهای بیشتر", "ارسال سریع", "محصولات ارگانیک",
                  "باشگاه مشتریان", "پرداخت اقساطی"],
        "noise": ["سلام", "ممنون", "راستش", "واقعا", "خب", "مرسی"],
    },
}


def draw_comments(rng, ids, types, ctype, planted, since, signup, end_active, end, dates) -> pd.DataFrame:
    """The demo company's comments, drawn from ``rng`` alone after every other table (so those stay unchanged).

    A customer with a planted theme writes about it with probability ``COMMENT_PARAMS["planted_write_prob"]``, a few
    days (1-10) after the experience, whether or not they have left since; any other customer with the
    ``write_prob`` of their type, on a random active day, about a theme drawn with their type's ``theme_odds``.
    A share ``persian_share`` writes in Persian; the text is a template of the theme with its slots filled at random,
    sometimes with a word of noise around it. Days are counted from the first day of the data.

    Parameters
    ----------
    rng : numpy.random.Generator
        The comments' own random stream.
    ids : numpy.ndarray
        The customer ids, one per customer.
    types : list of str
        The customer type names in the order of the codes ``ctype``.
    ctype : numpy.ndarray of int
        Each customer's type code.
    planted : numpy.ndarray of int
        Each customer's planted theme: its index in :data:`COMMENT_THEMES`, -1 for none.
    since : numpy.ndarray of float
        The day of the planted experience (the complaint or the faulty product); NaN for none.
    signup, end_active : numpy.ndarray of float
        Each customer's signup day and the day their activity ends (dropout, or ``end``).
    end : int
        The number of days in the data; nothing is written from that day on.
    dates : callable
        Turns an array of day numbers into dates.

    Returns
    -------
    pandas.DataFrame
        One row per comment: ``customer_id``, ``date``, ``language`` (``en`` or ``fa``), ``text``, ``opt_out``
        (the writer asked not to be contacted) and ``true_theme`` (categorical of :data:`COMMENT_THEMES`).
    """
    n = len(ids)
    cp = COMMENT_PARAMS
    odds = cp["theme_odds"].loc[types].to_numpy()
    odds = odds / odds.sum(axis=1, keepdims=True)
    has = planted >= 0
    p_write = np.where(has, cp["planted_write_prob"], cp["write_prob"].loc[types].to_numpy()[ctype])
    writes = rng.random(n) < p_write
    cum = np.cumsum(odds[ctype], axis=1)
    other = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, odds.shape[1] - 1) + 2
    theme = np.where(has, planted, other)
    persian = rng.random(n) < cp["persian_share"]
    after = since + rng.integers(1, 11, n)
    last = np.maximum(end_active - 1, signup)
    day = np.where(has, np.minimum(after, end - 1), np.floor(signup + rng.random(n) * (last - signup)))
    who = np.flatnonzero(writes)
    texts = []
    for i in who:
        lang = "fa" if persian[i] else "en"
        slots = COMMENT_SLOTS[lang]
        templates = COMMENT_TEMPLATES[lang][COMMENT_THEMES[theme[i]]]
        text = templates[rng.integers(len(templates))]
        text = text.format(**{k: v[rng.integers(len(v))] for k, v in slots.items() if "{" + k + "}" in text})
        if rng.random() < cp["noise_prob"]:
            word = slots["noise"][rng.integers(len(slots["noise"]))]
            text = f"{word} {text}" if rng.random() < 0.5 else f"{text} {word}"
        texts.append(text)
    return pd.DataFrame({"customer_id": ids[who], "date": dates(day[who]),
                         "language": np.where(persian[who], "fa", "en"), "text": np.array(texts, dtype=object),
                         "opt_out": rng.random(len(who)) < cp["opt_out_prob"],
                         "true_theme": pd.Categorical.from_codes(theme[who], COMMENT_THEMES)})
