"""The churn report on a customer table without a value column renders, and says what it cannot compute; the
median lifetimes are listed in the report's language."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

import insight.report.sections.churn as words
from insight.models.survival import kaplan_meier, logrank
from insight.report import sources
from insight.style import Style

FA = Style(language="fa", currency="IRT")


@pytest.fixture(scope="module")
def table():
    """300 subscribers with an id, months with the company, a city and whether they left; no value column."""
    rng = np.random.default_rng(1)
    n = 300
    months = rng.integers(1, 36, n)
    left = rng.random(n) < 1 / (1 + np.exp(0.5 + 0.04 * months))
    return pd.DataFrame({"id": [f"C{i}" for i in range(n)], "months": months, "city": rng.choice(["a", "b", "c"], n),
                         "left": np.where(left, "yes", "no")})


@pytest.fixture(scope="module")
def report(table):
    src = sources.ChurnSource("subs", table, "left", "yes", "id", "months", "city", None)
    return words.churn_report(src, n_splits=3, model="logistic")


def test_without_values_no_offer_pays_and_the_offers_section_says_so_in_words(report, table):
    p = report.plan
    current = int((table["left"] == "no").sum())
    assert p.params["value"] == "none" and p.best_k == 0 and len(p.table) == current
    shown = report.offers()
    assert len(shown) == 3 and shown[1].text.startswith("[chart]")          # no table, no download: no list
    text = shown[0].text
    assert text.startswith(f"**No retention offer pays at these assumptions**: without a value per customer, keeping "
                           f"any of the {current:,} customers only saves replacing them, which is less than an offer "
                           "costs ($20) over the next 12 months.")   # no break-even cost: it would be $0
    assert ("**What each customer is worth cannot be computed**: the data have no value column, so a kept customer "
            "counts only for what replacing them would cost ($100)") in text
    assert shown[2].text == ("No customer is listed: at these assumptions no offer pays for itself, so there is no "
                             "list to contact or download.")
    fa = dataclasses.replace(report, style=FA).offers()
    assert "**ارزش هر مشتری قابل محاسبه نیست**" in fa[0].text and "۱۰۰" in fa[0].text
    assert fa[2].text.startswith("هیچ مشتری‌ای فهرست نشده است")
    # the rest of the report renders: the subscriber value says what it needs, the headline has no value sentence
    assert report.value_sentence() == "" and report.lifetime is None
    assert report.subscriber_value()[0].text == (
        "Not covered by these data: What a subscriber is worth needs a duration column (time with the company) and a "
        "value column (value per period).")


def test_without_values_a_list_that_pays_through_replacement_costs_is_shown_with_reasons(table):
    src = sources.ChurnSource("subs", table, "left", "yes", "id", "months", "city", None)
    rep = words.churn_report(src, n_splits=3, model="logistic", acquisition_multiple=20.0, top_n=5)
    k = rep.plan.best_k
    assert k > 0
    shown = rep.offers()
    assert len(shown) == 4 and "replacing them would cost ($400)" in shown[0].text
    listed = rep._with_reasons(rep.plan.table.set_index("customer").head(k))
    assert len(listed) == k and listed["reason"].map(len).gt(0).all()
    assert listed.index.tolist() == rep.plan.table["customer"].head(k).tolist()
    empty = rep._with_reasons(rep.plan.table.set_index("customer").head(0))
    assert empty.empty and "reason" in empty.columns


def test_the_medians_are_listed_with_the_languages_separator(table):
    curves = kaplan_meier(table, "months", "left", "city", positive="yes")
    test = logrank(table, "months", "left", "city", positive="yes")
    medians = {g: f.median for g, f in curves.items()}
    fa = words.survival_sentence(FA, curves, test, "city", "months")
    en = words.survival_sentence(Style(), curves, test, "city", "months")
    listed = en.split("Median time with the company (months): ")[1].rstrip(".")
    parts = [f"{g}: {medians[g]:.1f}" if pd.notna(medians[g]) else
             f"{g}: not reached (more than half still customers)" for g in curves]
    assert listed == ", ".join(parts)
    assert ";" not in listed
    tail = fa.split("): ")[-1]
    assert "؛" not in tail and ";" not in tail and tail.count("، ") == len(curves) - 1
