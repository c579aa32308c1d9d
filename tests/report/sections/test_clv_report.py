"""The customer-value report's words: every sentence is written from the models' numbers in the report's style."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from insight.models.clv import CustomerValues, Diagnostics, Intervals, Tracking
from insight.report.sections import clv as words
from insight.report.sections._common import typical_customer_table
from insight.style import Style

EN, GBP = Style(), Style(currency="GBP")


def _worth(trusted: bool = True) -> CustomerValues:
    values = pd.DataFrame({"p_alive": [0.1, 0.9, 0.3, 0.95], "expected_purchases": [0.1, 3.0, 0.4, 5.0],
                           "expected_spend": [20.0, 30.0, 25.0, 40.0], "clv": [1.0, 90.0, 5.0, 1200.0],
                           "past_revenue": [300.0, 100.0, 100.0, 500.0], "frequency": [0.0, 2.0, 1.0, 9.0]},
                          index=["a", "b", "c", "d"])
    churned = (values["p_alive"] < 0.5) & trusted
    reason = Diagnostics() if trusted else Diagnostics("not_identified", "no_dropout", {"dropout": 2e-6})
    return CustomerValues(values, churned, 12.5, trusted, reason, 52.0, "W", 0.3, 0.5, 0.01)


def test_worth_assumptions_and_horizon():
    w = _worth()
    assert words.horizon_words(EN, w) == "52 weeks"
    assert words.worth_sentence(GBP, w) == (
        "**50%** of customers (2 of 4) have probably left (P(alive) below 50%); they brought 40% of past revenue. "
        "The customers' expected margin over the next 52 weeks is **£1,296**.")
    assert words.assumptions_sentence(GBP, w) == (
        "Assumes: a 30% margin on revenue, a horizon of 52 weeks, a discount rate of 1.0% a month; amounts in GBP. "
        "Expected purchases come from the purchase model, spend per purchase from the Gamma-Gamma model.")


def test_untrusted_values_say_why():
    w = _worth(trusted=False)
    assert words.worth_reason(EN, w).startswith("the data show almost no customers leaving (mean dropout chance "
                                                "after a purchase <0.001%)")
    assert words.worth_sentence(EN, w) == "**No P(alive), churn or CLV figures for these data:** " + \
        words.worth_reason(EN, w)
    assert words.value_range_sentence(EN, w, "anything") == ""


def test_loyal_claim_both_ways():
    w = _worth()
    r = w.loyal_ratio(0.2)
    assert r == {"new": 12.5, "loyal": 1200.0, "ratio": 96.0}
    assert words.loyal_sentence(EN, w) == (
        "A new customer is expected to be worth $12.50; the top 20% by frequency average $1,200.00, **96.0 times** as "
        "much. The claim 'up to 10 times' holds here.")
    assert words.loyal_sentence(EN, w, claim=100).endswith("The claim 'up to 100 times' is not reached here.")


def test_value_range_and_intervals():
    w = _worth()
    iv = Intervals(pd.DataFrame(), pd.Series({"estimate": 1296.0, "low": 1100.4, "high": 1500.6}), 0.9, 200, "clv")
    assert words.value_range_sentence(EN, w, iv) == ("Allowing for the uncertainty of the estimates, the total is "
                                                      "$1,100 to $1,501 (90% interval).")
    # the model's error is said in words (no developer's message, no class name)
    assert words.value_range_sentence(EN, w, "clv: 120 of 200 parameter draws give no finite prediction (...)") == (
        "No range for the total is given: 120 of 200 parameter draws give no finite prediction (some parameters are "
        "only weakly pinned down by these data), so no interval is given; more data or a simpler model is needed.")
    assert words.value_range_sentence(EN, w, "ValueError: internal") == ("No range for the total is given: the model "
                                                                          "could not be fitted to these data.")
    opp = Intervals(pd.DataFrame(), pd.Series({"estimate": 10.2, "low": 9.0, "high": 12.0}), 0.8, 150,
                    "expected_purchases", 5, "opportunities")
    assert words.interval_sentence(EN, opp) == ("Expected purchases in the next 5 opportunities: 10 (80% interval 9 to "
                                                "12, from 150 draws of the parameters).")


def test_tracking_comparison_and_win_back():
    track = Tracking(pd.DataFrame({"expected_cumulative": [5.0, 96.0], "actual_cumulative": [4.0, 100.0]}), 1.0)
    assert words.tracking_sentence(EN, track).startswith("At the end of the holdout the cumulative curve is -4.0% off")
    table = pd.DataFrame({"trusted": [True, True], "aic": [10.0, 9.0], "fit_test_p_value": [0.004, 0.2],
                          "holdout_mae": [0.75, 0.79]}, index=["pareto", "bgnbd"])
    assert words.comparison_sentence(EN, table, "bgnbd") == (
        "On the holdout, Pareto/NBD predicts best (error per customer 0.750); by AIC the best fit is BG/NBD. This "
        "report uses BG/NBD (parameter model), whose error per customer is 0.790; set model to 'pareto' to use the "
        "best predictor.")
    untrusted = table.assign(trusted=False)            # 12 customers once still gave "MBG/NBD predicts best"
    assert words.comparison_sentence(EN, untrusted, "bgnbd").startswith("None of the 2 models can be trusted on these "
                                                                        "data")
    assert "predicts best" not in words.comparison_sentence(EN, untrusted, "bgnbd")
    assert words.comparison_sentence(EN, table, "pareto").endswith("This report uses it (the fit test gives "
                                                                   "p = 0.004).")


def test_model_names_and_the_typical_customer():
    assert [words.model_name(EN, n) for n in ("bgnbd", "sbg", "mine")] == ["BG/NBD", "shifted-beta-geometric", "mine"]
    summary = pd.DataFrame({"purchases": [1.0, 2.0, 3.0], "total_revenue": [10.0, 20.0, np.nan],
                            "recency_days": [5.0, 6.0, 7.0]})
    t = typical_customer_table(EN, summary)
    assert list(t.index) == ["purchase days", "days since last purchase", "revenue"]
    assert list(t.columns) == ["median", "mean", "90th percentile"] and t.index.name == "per customer (3 customers)"
    assert t.loc["purchase days", "mean"] == pytest.approx(2.0)
