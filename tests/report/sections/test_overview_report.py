"""The overview's figures come from the same library functions as the detailed reports."""

import pandas as pd
import pytest

import insight.models.churn as ch
import insight.models.clv as clv
import insight.report.sources as sources
import insight.retention as rt
from insight.report.sections._actions import action_basis, action_line, action_title, plan_assumptions, recommendation
from insight.report.sections.overview import build_overview
from insight.style import Style


@pytest.fixture(scope="module")
def demo_view():
    tx = sources.transaction_source("demo", demo_customers=1500)
    churn = sources.churn_source("demo", demo_customers=1500)
    view = build_overview(tx, churn_source=churn, survey_source=sources.survey_source("demo", demo_customers=1500),
                          customers=tx.demo.customers.set_index("customer_id")[["on_time_payment", "referrals"]],
                          n_splits=3)
    return tx, churn, view


def test_demo_overview_prices_five_actions_and_agrees_with_the_clv_report(demo_view):
    tx, _, view = demo_view
    assert len(view.actions) == 5 and view.not_covered == []
    # an independent computation by the CLV notebook's steps on the same data and parameters gives the same total
    end = sources.split_dates(tx)[1]
    full = clv.calibration_holdout(tx.transactions, "customer_id", "date", "amount",
                                   calibration_end=end - pd.Timedelta(days=1), holdout_end=end)
    worth = clv.value_customers(clv.BetaGeo().fit(full), clv.GammaGamma().fit(full), full, margin=0.3, time_unit="W")
    assert worth.values["clv"].sum() == pytest.approx(view.worth.values["clv"].sum(), rel=1e-12)
    assert f"${worth.values['clv'].sum():,.0f}" in view.churn_sentence()


def test_overview_retention_offers_are_the_churn_reports_plan(demo_view):
    """Same list, same money as the churn report (the overview once said 250 offers, churn_demo 4,509)."""
    _, churn, view = demo_view
    model = ch.ChurnModel(target=churn.target_col, positive=churn.positive, id_col=churn.id_col,
                          value_col=churn.value_col, drop=("signup_date",), n_splits=3,
                          random_state=0).fit(churn.table)
    # the churn report's pipeline on the same customers: the value column made per month from its declared period
    _, plan = sources.subscriber_plan(churn, model, horizon=12.0, margin=0.3, offer_cost=20.0, success_rate=0.3,
                                      acquisition_multiple=5.0, discount_rate=0.01, seed=0, unit="months")
    assumptions = plan_assumptions(view.style, plan)
    assert "the value of a customer's first 90 days, made a value per month" in assumptions
    action = view.actions[view.actions["action"] == "retention_plan"].iloc[0]
    assert action["net"] == pytest.approx(plan.best_profit, rel=1e-12)
    assert action["cost"] == pytest.approx(plan.best_k * 20.0) and action["horizon"] == 12.0
    assert action["values"]["customers"] == plan.best_k
    assert action_title(view.style, action) == (f"Retention offers to the {plan.best_k:,} current customers most "
                                                "worth keeping")
    assert action["report"] == "churn"
    line = view.action_lines()[list(view.actions["action"]).index("retention_plan")]
    assert (f"**Retention offers to the {plan.best_k:,} current customers most worth keeping**: net value "
            f"${plan.best_profit:,.0f} over the next 12 months (brings ${plan.best_profit + plan.best_k * 20:,.0f}, "
            f"costs ${plan.best_k * 20:,.0f}). {assumptions} The [churn report](churn.html) shows the same figure.") == line
    # only customers who are still customers are targeted or counted at risk
    gone = set(churn.table.loc[model.y_.astype(bool), churn.id_col])
    assert not gone & set(plan.table["customer"]) and len(plan.table) == int((~model.y_.astype(bool)).sum())
    current = model.oof_proba_[~model.y_.astype(bool)]
    assert f"{int((current >= 0.5).sum()):,} ({(current >= 0.5).mean():.0%})" in view.churn_sentence()
    assert f"of the {len(current):,} still with us" in view.churn_sentence()


def test_appreciation_is_valued_against_what_the_company_does_today():
    tx = sources.transaction_source("demo", demo_customers=800)
    today_nothing = build_overview(tx, current_practice="nothing", top_n=20)
    today_discount = build_overview(tx, current_practice="discount", top_n=20)
    a = today_nothing.actions.set_index("action")
    b = today_discount.actions.set_index("action")
    thanks, instead = a.loc["appreciation"], b.loc["appreciation_instead_of_discount"]
    st = today_nothing.style
    assert "Thank the 20 best-scored customers" in today_nothing.action_titles()
    assert "Thank the 20 best-scored customers instead of today's blanket discount" in today_discount.action_titles()
    # against doing nothing: margin kept minus the cost of the thanks, never a saving on a discount nobody gives
    cost = thanks["values"]["cost"]
    assert thanks["net"] == pytest.approx(thanks["values"]["kept_margin"] - cost) and thanks["cost"] == cost
    assert f"the thanks cost ${cost:,.0f} over the next 12 months" in action_basis(
        st, rt.Action("appreciation", 0.0, cost, 12.0, thanks["values"]))
    assert thanks["net"] < instead["net"]
    with pytest.raises(ValueError, match="current_practice"):
        build_overview(tx, current_practice="sometimes")
    with pytest.raises(ValueError, match="parameter 'margin' == 1.5: must be a number from 0 to 1"):
        build_overview(tx, margin=1.5)
    with pytest.raises(ValueError, match="parameter 'language'"):
        build_overview(tx, language="xx")


def test_overview_on_a_log_alone_lists_what_it_cannot_cover():
    view = build_overview(sources.transaction_source("online_retail"), currency="GBP")
    assert list(view.actions["action"]) == ["appreciation"]
    assert view.action_titles() == ["Thank the 25 best-scored customers"]
    assert view.not_covered == ["retention_offers", "win_back", "opinion"]
    assert "no CLV or value-at-risk figures" in view.churn_sentence()
    assert view.opinion_sentence() == ""
    assert "£" in view.action_lines()[0]
    # thanking customers costs more than it keeps here: the box never recommends it, and says what would make it pay
    assert not view.actions["pays"].any()
    box = recommendation(view.style, view.actions)
    # the purchase model cannot say who would leave here, so thanking keeps nothing: no cost would make it pay
    assert box == ("**No action pays at these assumptions** over the next 12 months. The closest, *Thank the 25 "
                   "best-scored customers*, would pay if it were expected to bring anything; here it brings nothing, "
                   "so no cost would make it pay.")
    assert view.actions.loc[1, "gross"] == 0 and view.actions.loc[1, "cost"] > 0


def test_action_money_states_its_assumptions():
    a = rt.action_win_back(pd.Series([100.0, 50.0, 10.0]), top_n=2, margin=0.3, success_rate=0.5, offer_cost=5)
    assert a.net == pytest.approx(0.5 * 150 * 0.3 - 10)
    st = Style(currency="EUR")
    assert action_title(st, a) == "Win back the 2 most valuable customers who have probably left"
    assert action_basis(st, a) == ("they brought €150 in the last 12 months; 50% won back at a 30% margin over the "
                                   "next 12 months, each offer €5")
    assert action_line(st, a) == ("**Win back the 2 most valuable customers who have probably left**: net value €12 "
                                  "over the next 12 months (brings €22, costs €10). They brought €150 in the last 12 "
                                  "months; 50% won back at a 30% margin over the next 12 months, each offer €5. The "
                                  "[CLV report](clv.html) shows the same figure.")
    assert recommendation(st, rt.rank_actions([a]), link=False) == action_line(st, a, link=False)
    # at an offer of €20 the same win-back loses money: the box says none pays, and at what offer cost one would
    dear = rt.action_win_back(pd.Series([100.0, 50.0, 10.0]), top_n=2, margin=0.3, success_rate=0.5, offer_cost=20)
    assert recommendation(st, rt.rank_actions([dear])) == (
        "**No action pays at these assumptions** over the next 12 months. The closest, *Win back the 2 most valuable "
        "customers who have probably left*, would pay if an offer cost less than €11 (it is assumed to cost €20), or "
        "if an offer kept more than 89% of those contacted (it is assumed to keep 50%).")


def test_every_action_kind_is_written_from_the_catalog():
    from insight.models.satisfaction.service import Recovery

    st = Style()
    table = pd.DataFrame({"customers": [100, 20, 30, 10], "rate": [0.5, 0.8, 0.5, 0.3]},
                         index=["never complained", "resolved fast", "resolved slowly", "unresolved"])
    fast = rt.action_fast_resolution(Recovery(table, 0, 0, 0.3, True, 48), years=2.0, annual_margin=100.0)
    assert action_title(st, fast) == "Resolve every complaint within 48 h"
    assert action_basis(st, fast) == ("20 customers with a slow or unresolved complaint over the next 12 months; fast "
                                      "resolution keeps 80% of them against 45%; a kept customer brings $100 of margin "
                                      "a year from their complaint to the end of the horizon")
    assert action_line(st, fast, link=False).startswith(
        "**Resolve every complaint within 48 h**: brings $379 over the next 12 months; its cost is not known here: "
        "it pays if it costs less than $379.")
    # the satisfaction report prices it too when it has the purchase log; without one the link leads to the analysis
    assert action_line(st, fast).endswith("The [satisfaction report](satisfaction.html) shows the same figure.")
    assert action_line(st, fast, same=False).endswith(
        "The analysis behind it: [satisfaction report](satisfaction.html).")
    disc = rt.action_fast_resolution(Recovery(table, 0, 0, 0.3, True, 48), years=2.0, annual_margin=100.0,
                                     discount_rate=0.01)
    assert action_basis(st, disc).endswith("to the end of the horizon; money to come discounted at 1.0% a month")
    tp = rt.action_touchpoint(pd.Series([1, 2, 5, 5]), pd.Series([False, True, True, True]), name="returns",
                              customers=1000, annual_margin=10.0, low_max=2.5)
    assert action_title(st, tp) == "Improve the returns touchpoint"
    assert action_basis(st, tp) == ("50% rate it 2.5 or lower and say they would buy again 50 percentage points less "
                                    "often than the others; value if 25% of them moved up, at $10 of margin a customer "
                                    "a year")
    one = rt.action_touchpoint(pd.Series([4, 5]), pd.Series([True, False]), name="returns", customers=10,
                               annual_margin=1.0)
    assert action_basis(st, one) == "every answer is on one side of 3"
    comp = pd.DataFrame({"customers_reached": [1000, 20], "revenue_given_away": [5000.0, 300.0],
                         "share_of_revenue_reached": [1.0, 0.25]}, index=["blanket", "targeted"])
    instead = rt.action_appreciation(comp, current_practice="discount")
    assert action_basis(st, instead) == ("today's blanket discount gives away $5,000 over the next 12 months; the "
                                         "targeted one reaches customers with 25% of revenue for $300")
    strategies = pd.DataFrame({"contacted": [250, 250], "cost": [5000.0, 5000.0], "profit": [9000.0, 1200.0]},
                              index=["within_budget", "random"])
    offers = rt.action_retention_offers(strategies, offer_cost=20, budget=5000, success_rate=0.3)
    assert (offers.gross, offers.cost, offers.net) == (14000.0, 5000.0, 9000.0)
    # gross grows with the offer's cost (replacing a lost customer), so only the success rate's break-even is exact
    assert offers.break_even == pytest.approx({"success_rate": 0.3 * 5000 / 14000})
    assert action_title(st, offers) == "Retention offers to the active customers with the highest expected value"
    assert action_basis(st, offers) == ("250 offers at $20 within the budget of $5,000; a random sample of the same "
                                        "size would bring $1,200")
    ranked = rt.rank_actions([fast, offers])
    assert [action_title(st, r) for _, r in ranked.iterrows()] == [action_title(st, offers), action_title(st, fast)]


def test_the_discount_rule_is_a_parameter_of_the_actions():
    """Discounts pay only once loyal customers cover the target revenue: their revenue a year, computed by hand
    from the types the overview fitted, decides the wording; without a target the rule is not applied."""
    tx = sources.transaction_source("demo", demo_customers=800)
    short = build_overview(tx, target_revenue=1e9, current_practice="discount", top_n=20)
    s = short.summary
    years = (sources.split_dates(tx)[1] - s["first_purchase"].min()).days / 365.25
    loyal = s.loc[short.types.types_ == "loyal", "total_revenue"].sum() / years
    assert short.rule == pytest.approx({"loyal_revenue": loyal, "target": 1e9, "holds": False})
    assert short.findings()[-1].startswith("**Today's blanket discount breaks the practitioner rule:** loyal "
                                           f"customers bring ${loyal:,.0f} a year")
    covered = build_overview(tx, target_revenue=1000.0, top_n=20)
    assert covered.rule["holds"] and covered.findings()[-1] == "" and "**Discounts may pay:**" in covered.rule_sentence()
    assert build_overview(tx, top_n=20).rule is None
    with pytest.raises(ValueError, match="'target_revenue' == -5"):
        build_overview(tx, target_revenue=-5)


def test_actions_whose_cost_is_not_known_are_not_said_to_lose_money():
    """The satisfaction report's two actions have no cost in the data: its box once said 'No action pays'."""
    tp = rt.action_touchpoint(pd.Series([1, 2, 5, 5]), pd.Series([False, True, True, True]), name="returns",
                              customers=1000, annual_margin=10.0)
    st = Style()
    assert recommendation(st, rt.rank_actions([tp]), link=False) == (
        "**No action's cost is known here** over the next 12 months. The one that brings most, *Improve the returns "
        "touchpoint*, would pay if it cost less than $625; give its cost as a parameter to rank it.")
    priced = rt.action_touchpoint(pd.Series([1, 2, 5, 5]), pd.Series([False, True, True, True]), name="returns",
                                  customers=1000, annual_margin=10.0, cost=2000.0)
    assert recommendation(st, rt.rank_actions([priced]), link=False).startswith("**No action pays")


@pytest.mark.parametrize("kind", ["passenger", "reviews"])
def test_overview_reads_surveys_as_they_are(kind, tmp_path):
    """A word outcome with 0-as-N/A ratings, and one rating with text: the overview once applied the overall's scale
    to every column ('outside the 1-2 scale') and needed two drivers."""
    import surveys

    df = surveys.passenger_survey() if kind == "passenger" else surveys.reviews()
    spec = (surveys.passenger_spec if kind == "passenger" else surveys.reviews_spec)(tmp_path, df)
    survey = sources.survey_source(str(spec))
    view = build_overview(sources.transaction_source("cdnow_sample"), survey_source=survey)
    text = view.opinion_sentence()
    if kind == "passenger":           # the share satisfied, as the satisfaction report gives it
        share = (df["satisfaction"] == "satisfied").mean()
        assert text.startswith(f"{share:.0%} satisfied (") and view.drivers is not None
        assert view.touchpoints is not None and len(view.touchpoints.table) == 14
    else:
        assert text.startswith("Overall satisfaction 3.78 of 5 (") and view.drivers is None
