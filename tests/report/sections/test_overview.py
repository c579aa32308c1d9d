"""The overview's figures come from the same library functions as the detailed reports."""

import pandas as pd
import pytest

import insight.models.churn as ch
import insight.models.clv as clv
import insight.report.sources as sources
import insight.retention as rt
from insight.report.sections.overview import build_overview


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
    assert len(view.actions) == 5 and view.not_covered == {}
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
    from insight.models.clv.intervals import contract_values

    _, values, basis = contract_values(churn.table, churn.duration_col, model.y_, churn.value_col, unit="months")
    plan = rt.retention_plan(model, churn.table, churn.value_col, lifetime_value=values.per_customer["estimate"],
                             value_basis=basis)
    assert "expected remaining time with the company" in plan.assumptions()
    action = view.actions[view.actions["action"].str.startswith("Retention offers")].iloc[0]
    assert action["expected value"] == pytest.approx(plan.best_profit, rel=1e-12)
    assert f"{plan.best_k:,} current customers" in action["action"]
    assert action["horizon"] == "over the kept customers' remaining time with the company (discounted)"
    assert action["horizon"] in view.action_lines()[list(view.actions["action"]).index(action["action"])]
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
    thanks = a.loc["Thank the 20 best-scored customers"]
    # against doing nothing: margin kept minus the cost of the thanks, never a saving on a discount nobody gives
    assert "cost" in thanks["basis"] and thanks["expected value"] < b.loc[
        "Thank the 20 best-scored customers instead of today's blanket discount", "expected value"]
    with pytest.raises(Exception, match="current_practice"):
        build_overview(tx, current_practice="sometimes")


def test_overview_on_a_log_alone_lists_what_it_cannot_cover():
    view = build_overview(sources.transaction_source("online_retail"), currency="GBP")
    assert list(view.actions["action"]) == ["Thank the 50 best-scored customers"]
    assert set(view.not_covered) == {"retention offers", "win-back of lost customers", "what customers think"}
    assert "no CLV or value-at-risk figures" in view.churn_sentence()
    assert view.opinion_sentence() == ""
    assert "£" in view.action_lines()[0]


def test_action_money_states_its_assumptions():
    a = rt.action_win_back(pd.Series([100.0, 50.0, 10.0]), top_n=2, margin=0.3, success_rate=0.5, offer_cost=5,
                           currency="EUR")
    assert a.expected_value == pytest.approx(0.5 * 150 * 0.3 - 10)
    assert "€150" in a.basis and "30% margin" in a.basis and "each offer €5" in a.basis
