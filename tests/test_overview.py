"""The overview's figures come from the same library functions as the detailed reports."""

import pytest

import insight.clv as clv
import insight.datasets as ds
from insight.overview import build_overview


@pytest.fixture(scope="module")
def demo_view():
    tx = ds.transaction_source("demo", demo_customers=1500)
    view = build_overview(tx, churn_source=ds.churn_source("demo", demo_customers=1500),
                          survey_source=ds.survey_source("demo", demo_customers=1500),
                          customers=tx.demo.customers.set_index("customer_id")[["on_time_payment", "referrals"]])
    return tx, view


def test_demo_overview_prices_five_actions_and_agrees_with_the_clv_report(demo_view):
    tx, view = demo_view
    assert len(view.actions) == 5 and view.not_covered == {}
    # the CLV notebook's computation on the same data and parameters gives the same total (one set of numbers)
    end = view.summary.attrs["as_of"]
    full = clv.calibration_holdout(tx.transactions, "customer_id", "date", "amount",
                                   calibration_end=end - __import__("pandas").Timedelta(days=1), holdout_end=end)
    worth = clv.value_customers(clv.BetaGeo().fit(full), clv.GammaGamma().fit(full), full, margin=0.3)
    assert worth.values["clv"].sum() == pytest.approx(view.worth.values["clv"].sum(), rel=1e-12)
    assert f"{worth.values['clv'].sum():,.0f}" in view.churn_sentence()


def test_overview_on_a_log_alone_lists_what_it_cannot_cover():
    view = build_overview(ds.transaction_source("online_retail"))
    assert list(view.actions["action"]) == ["Thank the 50 best-scored customers instead of a blanket discount"]
    assert set(view.not_covered) == {"retention offers", "win-back of lost customers", "what customers think"}
    assert "no CLV or value-at-risk figures" in view.churn_sentence()
    assert view.opinion_sentence() == ""
