"""Retention actions: appreciation scores, spending under a budget, survey sampling (hand-checked and on the demo)."""

import numpy as np
import pandas as pd
import pytest

import insight.models.satisfaction as sat
import insight.retention as rt
from insight.models.churn import ChurnModel
from insight.exceptions import DataValidationError


# --------------------------------------------------------------------------- appreciation
def test_appreciation_scores_by_hand():
    c = pd.DataFrame({"years": [1, 2, 3], "returns": [0, 5, 1]}, index=["a", "b", "c"])
    s = rt.appreciation_scores(c, {"loyalty": ("years", "higher"), "cooperation": ("returns", "lower")},
                               {"loyalty": 3, "cooperation": 1})
    # percentile ranks rescaled to 0-1: years a 0, b .5, c 1; returns reversed: a 1, b 0, c .5
    assert s["loyalty"].tolist() == pytest.approx([0, 37.5, 75])
    assert s["cooperation"].tolist() == pytest.approx([25, 0, 12.5])
    assert s["score"].tolist() == pytest.approx([25, 37.5, 87.5])
    assert s["rank"].tolist() == [3, 2, 1]
    assert list(rt.top_customers(s, 2).index) == ["c", "b"]
    with pytest.raises(DataValidationError, match="not criteria, e.g. 'speed'"):
        rt.appreciation_scores(c, {"loyalty": ("years", "higher")}, {"speed": 1})
    with pytest.raises(DataValidationError, match=r"column 'years': 1 of 3 customers have no numeric value"):
        rt.appreciation_scores(c.assign(years=[1, None, 3]), {"loyalty": ("years", "higher")})
    with pytest.raises(DataValidationError, match="must be \\(column, 'higher' or 'lower'\\)"):
        rt.appreciation_scores(c, {"loyalty": ("years", "more")})


def test_discount_comparison_by_hand():
    s = pd.DataFrame({"score": [10.0, 90.0, 50.0]}, index=["a", "b", "c"])
    rev = pd.Series({"a": 100.0, "b": 700.0, "c": 200.0})
    t = rt.discount_comparison(rev, s, discount=0.1, top_n=1)
    assert t.iloc[0].tolist() == pytest.approx([3, 100.0, 1.0, 100 / 3])
    assert t.iloc[1].tolist() == pytest.approx([1, 70.0, 0.7, 70.0])
    assert list(t.index) == ["blanket", "targeted"]
    assert list(t.columns) == ["customers_reached", "revenue_given_away", "share_of_revenue_reached",
                               "cost_per_customer_reached"]
    by_budget = rt.discount_comparison(rev, s, discount=0.1, budget=95.0)   # b (70) fits, b + c (90) fits, + a no
    assert by_budget.loc["targeted", "customers_reached"] == 2
    with pytest.raises(DataValidationError, match="exactly one of"):
        rt.discount_comparison(rev, s, discount=0.1)


@pytest.fixture(scope="module")
def demo_customers(demo):
    from insight.features.summary import customer_summary

    s = customer_summary(demo.transactions, "customer_id", "date", "amount")
    return s.join(demo.customers.set_index("customer_id")[["on_time_payment", "referrals", "true_type"]])


def test_appreciation_finds_the_loyal_customers(demo_customers):
    s = rt.appreciation_scores(demo_customers)
    top = demo_customers.loc[rt.top_customers(s, 50).index, "true_type"]
    assert (top == "loyal").mean() >= 0.8
    cmp = rt.discount_comparison(demo_customers["total_revenue"], s, discount=0.1, top_n=250)
    # 5% of customers carry about a quarter of revenue: a targeted thank-you costs a quarter of a blanket one
    assert 0.2 < cmp.loc["targeted", "share_of_revenue_reached"] < 0.35
    assert cmp.loc["targeted", "revenue_given_away"] == pytest.approx(
        cmp.loc["targeted", "share_of_revenue_reached"] * cmp.loc["blanket", "revenue_given_away"])


# --------------------------------------------------------------------------- retention economics
def test_plan_contacts_under_budget_by_hand():
    p = np.array([0.9, 0.1, 0.5, 0.8])
    value = np.array([100.0, 100.0, 100.0, 10.0])
    # EV = p * 0.5 * value - 10 (no acquisition term): 35, -5, 15, -6
    plan = rt.plan_contacts(p, value, budget=25, offer_cost=10, success_rate=0.5, acquisition_multiple=0)
    assert plan["expected_value"].tolist() == pytest.approx([35, 15, -5, -6])
    assert list(plan.index[plan["contact"]]) == [0, 2]           # 2 affordable, both positive
    small = rt.plan_contacts(p, value, budget=15, offer_cost=10, success_rate=0.5, acquisition_multiple=0)
    assert list(small.index[small["contact"]]) == [0]
    # the acquisition claim makes keeping anyone worth 5 offers more
    acq = rt.plan_contacts(p, value, budget=100, offer_cost=10, success_rate=0.5, acquisition_multiple=5)
    assert acq.loc[1, "expected_value"] == pytest.approx(0.1 * 0.5 * 150 - 10)
    assert rt.value_from_claims([True, False], 50.0, loyal_multiplier=10).tolist() == [500.0, 50.0]


def test_targeting_beats_random_and_blanket_on_demo_truth(demo):
    table = demo.churn_table()
    model = ChurnModel(target="churned", positive=True, model="logistic", n_splits=3, random_state=0).fit(table)
    value = (table["early_revenue"] * 4 * 0.3).to_numpy()       # a year's margin at 30 %
    cmp = rt.compare_strategies(model.oof_proba_.to_numpy(), value, budget=5000, offer_cost=20, success_rate=0.3,
                                churned=table["churned"].to_numpy(), seed=0)
    expected = rt.compare_strategies(model.oof_proba_.to_numpy(), value, budget=5000, offer_cost=20, success_rate=0.3)
    assert cmp.loc["within_budget", "profit"] != expected.loc["within_budget", "profit"]   # the truth was used
    ev, rnd = cmp.loc["within_budget"], cmp.loc["random"]
    assert ev["contacted"] == rnd["contacted"] == 250 and ev["cost"] <= 5000
    assert ev["profit"] > 3 * rnd["profit"]
    assert cmp.loc["no_budget_limit", "profit"] > cmp.loc["everyone", "profit"]
    assert ev["profit_per_unit_spent"] > cmp.loc["everyone", "profit_per_unit_spent"]
    assert cmp.loc["no_one", "profit"] == 0


# --------------------------------------------------------------------------- survey sampling
def _population():
    return pd.DataFrame({"type": ["a"] * 1000 + ["b"] * 100},
                        index=[f"C{i:04d}" for i in range(1100)])


def test_survey_sample_sizes_by_hand():
    s = sat.survey_sample(_population(), ["type"], margin=0.05, reveal_ids=True)
    n0 = 1.959964 ** 2 * 0.25 / 0.05 ** 2                    # 384.1
    n = int(np.ceil(n0 / (1 + (n0 - 1) / 1100)))              # 285 with the finite-population correction
    assert s.design["sample"].sum() == pytest.approx(n, abs=1)
    assert s.design.loc["a", "sample"] == round(n * 1000 / 1100) and s.design.loc["b", "sample"] == round(n * 100 / 1100)
    assert s.contacts["weight"].sum() == pytest.approx(1100)
    nb = s.design.loc["b", "sample"]
    assert s.design.loc["b", "margin_of_error"] == pytest.approx(1.959964 * np.sqrt(0.25 / nb * (100 - nb) / 99),
                                                                 rel=1e-5)
    assert s.margin == pytest.approx(0.05, abs=0.002)
    assert set(s.contacts.index) <= set(_population().index)   # revealed ids


def test_survey_sample_equal_allocation_reproducible_and_pseudonymized():
    eq = sat.survey_sample(_population(), ["type"], margin=0.05, allocation="equal")
    assert (eq.design["margin_of_error"] <= 0.05).all()
    assert eq.design.loc["b", "sample"] == int(np.ceil(384.146 / (1 + 383.146 / 100)))   # 80 of 100
    a = sat.survey_sample(_population(), ["type"], seed=3)
    b = sat.survey_sample(_population(), ["type"], seed=3)
    c = sat.survey_sample(_population(), ["type"], seed=4)
    assert list(a.contacts.index) == list(b.contacts.index) != list(c.contacts.index)
    assert all(i.startswith("cust_") for i in a.contacts.index)
    with pytest.raises(DataValidationError, match="'allocation'"):
        sat.survey_sample(_population(), ["type"], allocation="optimal")
    with pytest.raises(DataValidationError, match="1 of 1,100 have no stratum value"):
        sat.survey_sample(_population().assign(type=["a"] * 1099 + [None]), ["type"])


def test_survey_sample_covers_every_type_and_recency_group(demo_customers):

    c = demo_customers.assign(recency_group=sat.recency_groups(demo_customers["recency_days"]),
                              type=demo_customers["true_type"].astype(str))
    s = sat.survey_sample(c, ["type", "recency_group"], margin=0.05, min_per_stratum=5, seed=0)
    assert len(s.design) == 15 and (s.design["sample"] >= 5).all()
    assert s.contacts["weight"].sum() == pytest.approx(len(c))
    # the weights feed the satisfaction functions: a weighted share reproduces the population share
    loyal = (s.contacts["type"] == "loyal").astype(float)
    est = sat.share(loyal, weights=s.contacts["weight"].to_numpy())
    assert est["share"] == pytest.approx((c["type"] == "loyal").mean(), abs=0.01)
    assert sat.recency_groups([10, 100, 400]).astype(str).tolist() == ["recent", "lapsing", "long-lapsed"]


# --------------------------------------------------------------------------- recommended actions
def test_actions_by_hand():
    from insight.models.satisfaction.service import Recovery

    table = pd.DataFrame({"customers": [100, 20, 30, 10], "rate": [0.5, 0.8, 0.5, 0.3]},
                         index=["never complained", "resolved fast", "resolved slowly", "unresolved"])
    fast = rt.action_fast_resolution(Recovery(table, 0, 0, 0.3, True, 48), years=2.0, annual_margin=100.0)
    # 40 slow/unresolved over 2 years = 20 a year; their retention (30*.5 + 10*.3)/40 = .45 against .8; one arriving
    # in month a of 12 is kept for months a..12: (1 + ... + 12) / 12 = 6.5 months on average, of 100 / 12 a month
    assert fast.gross == pytest.approx(20 * (0.8 - 0.45) * 100 * 6.5 / 12) and fast.cost is None
    assert np.isnan(fast.net) and not fast.pays
    assert fast.break_even == pytest.approx({"cost": 379.1667, "cost_per_complaint": 379.1667 / 20}, rel=1e-5)
    assert (fast.kind, fast.horizon, fast.report) == ("fast_resolution", 12.0, "satisfaction")
    assert fast.values == pytest.approx({"hours": 48, "complaints": 20, "fast_rate": 0.8, "slow_rate": 0.45,
                                         "annual_margin": 100, "discount_rate": 0})
    # over 6 months: 10 complaints, each kept one for (1 + ... + 6) / 6 = 3.5 months
    six = rt.action_fast_resolution(Recovery(table, 0, 0, 0.3, True, 48), years=2.0, annual_margin=100.0,
                                    horizon=6.0, cost=500.0)
    assert six.gross == pytest.approx(10 * 0.35 * 100 * 3.5 / 12) and six.net == pytest.approx(six.gross - 500)
    # discounted at 1% a month: month t's margin is worth 1.01^-t today
    d = 1.01 ** -np.arange(1, 13)
    disc = rt.action_fast_resolution(Recovery(table, 0, 0, 0.3, True, 48), years=2.0, annual_margin=100.0,
                                     discount_rate=0.01)
    assert disc.gross == pytest.approx(20 / 12 * 0.35 * 100 / 12 * sum(d[a:].sum() for a in range(12)))
    assert rt.discounted_months(12, 0.01) == pytest.approx(d.sum()) and rt.discounted_months(12) == 12
    win_d = rt.action_win_back(pd.Series([500.0, 100.0, 300.0]), top_n=2, margin=0.5, success_rate=0.2,
                               offer_cost=10, discount_rate=0.01)
    assert win_d.gross == pytest.approx(0.2 * 800 * 0.5 / 12 * d.sum()) and win_d.cost == 20
    win = rt.action_win_back(pd.Series([500.0, 100.0, 300.0]), top_n=2, margin=0.5, success_rate=0.2, offer_cost=10)
    assert (win.gross, win.cost, win.net) == pytest.approx((0.2 * 800 * 0.5, 20, 0.2 * 800 * 0.5 - 20)) and win.pays
    # pays nothing at an offer of 80 / 2 = 40, or when it wins back 0.2 x 20 / 80 = 5 %
    assert win.break_even == pytest.approx({"offer_cost": 40.0, "success_rate": 0.05})
    for paid, won in ((40.0, 0.2), (10.0, 0.05)):    # at either break-even the win-back brings exactly nothing
        at = rt.action_win_back(pd.Series([500.0, 100.0, 300.0]), top_n=2, margin=0.5, success_rate=won,
                                offer_cost=paid)
        assert at.net == pytest.approx(0.0)
    assert win.kind == "win_back" and win.values == pytest.approx(
        {"customers": 2, "revenue": 800, "success_rate": 0.2, "margin": 0.5, "offer_cost": 10, "discount_rate": 0})
    scores = pd.Series([1, 2, 5, 5, np.nan])
    buy = pd.Series([False, True, True, True, True])
    tp = rt.action_touchpoint(scores, buy, name="returns", customers=1000, annual_margin=10.0, reach=0.5)
    # low scorers (1, 2) buy again 50 %, high scorers 100 %: half of the 50 % low share moves up
    assert tp.gross == pytest.approx(0.5 * 0.5 * 0.5 * 1000 * 10) and tp.break_even == pytest.approx({"cost": 1250.0})
    assert tp.kind == "touchpoint" and tp.values["name"] == "returns" and tp.values["low_share"] == pytest.approx(0.5)
    assert tp.values["uplift"] == pytest.approx(0.5) and tp.values["low_max"] == 3
    one_sided = rt.action_touchpoint(scores.clip(upper=3), buy, name="returns", customers=1000, annual_margin=10.0)
    assert (one_sided.kind, one_sided.gross) == ("touchpoint_one_sided", 0.0)
    comp = pd.DataFrame({"customers_reached": [10, 2], "revenue_given_away": [100.0, 30.0],
                         "share_of_revenue_reached": [1.0, 0.3]}, index=["blanket", "targeted"])
    instead = rt.action_appreciation(comp, current_practice="discount")
    assert instead.net == pytest.approx(70) and instead.kind == "appreciation_instead_of_discount"
    assert instead.values == pytest.approx({"customers": 2, "blanket_cost": 100, "cost": 30, "revenue_share": 0.3,
                                            "discount_rate": 0})
    thanks = rt.action_appreciation(comp, kept_margin=12.0)       # today: nothing
    assert thanks.net == pytest.approx(12 - 30) and thanks.kind == "appreciation" and not thanks.pays
    ranked = rt.rank_actions([fast, win, tp, thanks])
    # known net values first (best first), then the actions whose cost is not known, by what they bring
    assert list(ranked["action"]) == ["win_back", "appreciation", "touchpoint", "fast_resolution"]
    assert list(ranked.index) == [1, 2, 3, 4] and ranked["pays"].tolist() == [True, False, False, False]
    assert ranked.loc[3, "values"]["name"] == "returns" and ranked.loc[1, "report"] == "clv"
    with pytest.raises(DataValidationError, match="2 different horizons"):
        rt.rank_actions([win, six])


def test_retention_plan_break_even_by_hand():
    # two customers: p .5 and .2, value 100 each, offer 10, success .4, no acquisition cost
    curve = rt.retention_profit([0.5, 0.2], [100.0, 100.0], offer_cost=10, success_rate=0.4, acquisition_multiple=0)
    assert curve.best_k == 1 and curve.best_profit == pytest.approx(0.5 * 0.4 * 100 - 10)
    assert curve.break_even == pytest.approx({"offer_cost": 20.0, "success_rate": 0.2})
    # at the break-even offer cost the first contact brings exactly nothing, at the break-even rate likewise
    at_cost = rt.contact_profit([0.5], [100.0], offer_cost=20.0, success_rate=0.4, acquisition_multiple=0)
    at_rate = rt.contact_profit([0.5], [100.0], offer_cost=10.0, success_rate=0.2, acquisition_multiple=0)
    assert at_cost[0] == pytest.approx(0.0) and at_rate[0] == pytest.approx(0.0)
    # nothing pays: the break-even of the single best customer says what would have to be true
    none = rt.retention_profit([0.05, 0.01], [100.0, 100.0], offer_cost=10, success_rate=0.3, acquisition_multiple=2)
    assert none.best_k == 0 and none.best_profit == 0
    # 0.05 x s x (100 + 2c) = c: c = 0.05 x .3 x 100 / (1 - .3 x 2 x .05); s = 10 / (0.05 x 120)
    assert none.break_even == pytest.approx({"offer_cost": 1.5 / 0.97, "success_rate": 10 / 6})
    c = none.break_even["offer_cost"]
    assert rt.contact_profit([0.05], [100.0], offer_cost=c, success_rate=0.3, acquisition_multiple=2)[0] == \
        pytest.approx(0.0, abs=1e-12)


def test_value_from_claims_reads_loyal_flags_as_words():
    assert rt.value_from_claims(["no", "yes", "No", "TRUE"], 10.0).tolist() == [10.0, 100.0, 10.0, 100.0]


def test_retention_offers_that_reach_no_one_say_what_would_make_one_pay():
    """With no offer worth making, the action once said 'would pay if the data showed it bringing anything'."""
    p, v = [0.2, 0.1], [50.0, 50.0]
    strategies = rt.compare_strategies(p, v, budget=1000, offer_cost=20, success_rate=0.3, acquisition_multiple=0)
    best = rt.retention_profit(p, v, offer_cost=20, success_rate=0.3, acquisition_multiple=0)
    a = rt.action_retention_offers(strategies, offer_cost=20, budget=1000, success_rate=0.3, best=best)
    assert a.values["offers"] == 0 and a.gross == 0 and not a.pays
    # the customer most worth an offer (p .2, value 50) pays at an offer under .3 x .2 x 50 = 3, or a success of 2
    assert a.break_even == pytest.approx({"offer_cost": 3.0, "success_rate": 2.0})


def test_an_offer_cost_left_for_another_currency_is_named():
    """20 read as 20 Toman against customers worth millions: every contact pays, so the assumptions say to check the
    costs; against customers worth hundreds (the demo's dollars) they say nothing more."""
    from insight.report.sections._actions import plan_assumptions
    from insight.style import Style

    params = {"value": "none", "horizon": 12.0}
    rich = rt.retention_profit([0.9, 0.6, 0.3], [4e6, 2e6, 8e6], offer_cost=20.0)
    assert rich.params["value_median"] == 4e6 and rich.best_k == 3
    rich.params.update(params)
    text = plan_assumptions(Style(currency="IRT"), rich)
    assert text.endswith("**Check the costs**: an offer costs 20 toman, under 0.1% of what the median customer here "
                         "is worth (4,000,000 toman); were the costs given in the report's currency (-p offer_cost)?")
    assert "هزینه‌ها را بررسی کنید" in plan_assumptions(Style("fa", currency="IRT"), rich)
    modest = rt.retention_profit([0.9, 0.6, 0.3], [400.0, 200.0, 800.0], offer_cost=20.0)
    modest.params.update(params)
    assert "Check the costs" not in plan_assumptions(Style(), modest)
