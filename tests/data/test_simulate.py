"""The demo company's documented properties hold, for several seeds."""

import pandas as pd
import pytest
import statsmodels.api as sm

from insight.exceptions import DataValidationError
from insight.data.simulate import CUSTOMER_TYPES, EFFECTS, TOUCHPOINTS, TYPE_PARAMS, demo_company

SEEDS = [0, 1, 2]


@pytest.fixture(scope="module", params=SEEDS)
def company(request):
    return demo_company(5000, seed=request.param)


def test_same_seed_same_tables():
    a, b = demo_company(300, seed=7), demo_company(300, seed=7)
    for name, t in a.tables().items():
        pd.testing.assert_frame_equal(t, b.tables()[name], obj=name)
    c = demo_company(300, seed=8)
    assert not a.transactions["amount"].equals(c.transactions["amount"])


def test_shapes_and_integrity(company):
    c = company.customers
    assert len(c) == 5000 and c["customer_id"].is_unique
    ids = set(c["customer_id"])
    for name in ("visits", "transactions", "orders", "tickets", "surveys"):
        assert set(company.tables()[name]["customer_id"]) <= ids, name
    for name, col in [("visits", "date"), ("transactions", "date"), ("orders", "order_date"), ("tickets", "date"),
                      ("surveys", "date")]:
        d = company.tables()[name][col]
        assert d.min() >= company.start and d.max() <= company.end, name
    # every customer made a first purchase on the signup day
    first = company.orders.groupby("customer_id")["order_date"].min()
    assert (first.reindex(c["customer_id"]).to_numpy() == c["signup_date"].to_numpy()).all()
    # no purchase after dropout
    o = company.orders.merge(c[["customer_id", "dropout_date"]], on="customer_id")
    assert not (o["order_date"] > o["dropout_date"]).any()
    assert c["churned"].equals(c["dropout_date"].notna())
    assert c["true_type"].isin(CUSTOMER_TYPES).all()
    # returns are negative transactions of an existing order
    ret = company.transactions[company.transactions["amount"] < 0]
    assert len(ret) > 0 and ret["order_id"].isin(company.orders["order_id"]).all()


def _by_type(company):
    c = company.customers.set_index("customer_id")
    tx = company.transactions
    sales = tx[tx["amount"] > 0]
    g = pd.DataFrame({
        "share": c["true_type"].value_counts(normalize=True),
        "revenue": tx.groupby(c["true_type"].reindex(tx["customer_id"]).to_numpy(), observed=True)["amount"].sum(),
        "visits": company.visits.groupby(c["true_type"].reindex(company.visits["customer_id"]).to_numpy(),
                                         observed=True).size(),
        "discounted": sales.groupby(c["true_type"].reindex(sales["customer_id"]).to_numpy(), observed=True)["discount"]
        .apply(lambda s: (s > 0).mean()),
    })
    g["revenue_share"] = g["revenue"] / g["revenue"].sum()
    return g


def test_customer_types_differ_as_documented(company):
    g = _by_type(company)
    assert 0.15 <= g.loc["loyal", "share"] <= 0.20
    assert g.loc["loyal", "revenue_share"] > 0.55               # well over half the revenue
    assert g["revenue_share"].drop("loyal").idxmax() == "impulse"   # second most valuable
    assert g["visits"].idxmax() == "wandering"                   # most of the traffic
    assert g["revenue_share"].idxmin() == "wandering"            # least of the revenue
    assert g.loc["discount-driven", "discounted"] > 0.7          # most purchases discounted
    assert g["discounted"].drop("discount-driven").max() < 0.3
    for t in CUSTOMER_TYPES:
        assert abs(g.loc[t, "share"] - TYPE_PARAMS.loc[t, "share"]) < 0.025


def test_complaint_recovery_effect(company):
    c = company.customers.set_index("customer_id")
    tk = company.tickets.set_index("customer_id")
    group = pd.Series("never", index=c.index)
    fast = tk["resolved"] & (tk["hours_to_resolution"] <= EFFECTS["fast_resolution_hours"])
    group[tk.index[fast]] = "fast"
    group[tk.index[~fast]] = "slow"
    churn = c["churned"].groupby(group).mean()
    # fast-resolved complainers churn less than never-complainers, slow ones more
    assert churn["fast"] < churn["never"] - 0.1
    assert churn["slow"] > churn["never"] + 0.05


def test_late_delivery_lowers_delivery_csat(company):
    s = company.surveys
    o = company.orders.set_index("order_id")
    late = (o["delivered_date"] > o["promised_date"]).reindex(s["last_order_id"]).to_numpy()
    means = s.groupby(late)["csat_delivery"].mean()
    assert means[False] - means[True] > 1.0   # built in: 1.5 points before rounding and clipping
    # late deliveries also raise complaints
    late_cust = set(o.index[o["delivered_date"] > o["promised_date"]].map(o["customer_id"]))
    has_late = company.customers["customer_id"].isin(late_cust)
    complained = company.customers["customer_id"].isin(company.tickets["customer_id"])
    assert complained[has_late].mean() > complained[~has_late].mean() + 0.2


def test_post_purchase_drives_nps_most(company):
    s = company.surveys
    stages = {st: s[[f"csat_{t}" for t in TOUCHPOINTS.index[TOUCHPOINTS["stage"] == st]]].mean(axis=1)
              for st in ("pre-purchase", "purchase", "post-purchase")}
    X = pd.DataFrame(stages)
    ok = X.notna().all(axis=1)
    fit = sm.OLS(s.loc[ok, "nps"], sm.add_constant(X[ok])).fit()
    coef = fit.params.drop("const")
    assert coef.idxmax() == "post-purchase"
    assert coef["post-purchase"] > 1.5 * coef["purchase"]
    assert coef["purchase"] > coef["pre-purchase"]
    # returns is the weakest touchpoint
    assert s.filter(like="csat_").mean().idxmin() == "csat_returns"


def test_survey_values_in_range(company):
    s = company.surveys
    assert 0.25 < len(s) / 5000 < 0.35
    csat = s.filter(like="csat_")
    assert csat.min().min() >= 1 and csat.max().max() <= 5
    assert 0.02 < csat.isna().mean().mean() < 0.08
    assert s["nps"].between(0, 10).all() and s["overall_satisfaction"].between(1, 5).all()


def test_bad_parameters():
    with pytest.raises(DataValidationError, match=r"parameter 'n_customers' == 5, must be >= 10"):
        demo_company(5)
    with pytest.raises(DataValidationError, match=r"span 31 days, must span at least 120"):
        demo_company(100, start="2024-01-01", end="2024-01-31")
    with pytest.raises(DataValidationError, match=r"parameter 'survey_share' == 2"):
        demo_company(100, survey_share=2)
