import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from insight.exceptions import DataValidationError, NotFittedError
from insight.features.summary import customer_summary
from insight.models.segments import (SEGMENT_TABLE, TOO_FEW_CUSTOMERS, TOO_LITTLE, UNIDENTIFIED, CustomerTypes,
                                     loyal_claim, revenue_concentration, rfm_scores, rfm_segments, segment_table)
from insight.exceptions import InsufficientDataError
from insight.data.simulate import demo_company


def test_rfm_scores_hand_checked():
    s = pd.DataFrame({"recency_days": [1, 5, 10, 20, 40, 80, 100, 200, 300, 400],
                      "purchases": [9, 8, 7, 6, 5, 4, 3, 2, 1, 1],
                      "total_revenue": [100, 90, 80, 70, 60, 50, 40, 30, 20, 10]})
    sc = rfm_scores(s)
    assert sc["R"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert sc["M"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    # ties: the two customers with 1 purchase share the average rank 1.5 -> pct 0.15 -> score 1
    assert sc["F"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert sc["RFM"].iloc[0] == "555" and sc["FM"].iloc[0] == 5
    tied = pd.DataFrame({"recency_days": [3] * 6, "purchases": [1] * 5 + [2], "total_revenue": range(6)})
    t = rfm_scores(tied)
    assert t["R"].nunique() == 1 and t["F"].iloc[:5].nunique() == 1   # equal values, equal scores


def test_segment_table_covers_grid_and_names():
    scores = pd.DataFrame({"R": [5, 5, 1, 1, 3, 2], "FM": [5, 1, 1, 5, 3, 3]})
    seg = rfm_segments(scores)
    assert seg.tolist() == ["champions", "new", "lost", "cant_lose_them", "need_attention", "at_risk"]
    assert set(seg.cat.categories) == set(SEGMENT_TABLE["segment"]) and len(SEGMENT_TABLE) == 11
    # the default table holds ids and score ranges only: names, descriptions and actions are the report's words
    assert list(SEGMENT_TABLE.columns) == ["segment", "r_min", "r_max", "fm_min", "fm_max"]
    holey = SEGMENT_TABLE[SEGMENT_TABLE["segment"] != "lost"]
    # Lost was a subset of Hibernating's cell range except R=1,FM=1 which Hibernating covers too
    assert rfm_segments(pd.DataFrame({"R": [1], "FM": [1]}), holey).iloc[0] == "hibernating"
    with pytest.raises(DataValidationError, match=r"leaves 4 of 25 \(R, FM\) cells without a segment; e.g. R=3, FM=5"):
        rfm_segments(scores, SEGMENT_TABLE[SEGMENT_TABLE["segment"] != "champions"].assign(
            fm_max=lambda t: t["fm_max"].where(t["segment"] != "loyal", 4)))


def test_segment_table_numbers_and_own_words():
    segs = pd.Series(pd.Categorical(["a", "a", "b"], categories=["a", "b", "c"]))
    t = segment_table(segs, pd.Series([10.0, 30.0, 60.0]), pd.DataFrame(
        {"segment": ["a", "b", "c"], "r_min": 1, "r_max": 5, "fm_min": 1, "fm_max": 5}))
    assert t.index.tolist() == ["b", "a", "c"] and list(t.columns) == ["customers", "revenue_share"]
    assert t["customers"].tolist() == [1, 2, 0] and t["revenue_share"].tolist() == pytest.approx([0.6, 0.4, 0.0])
    own = pd.DataFrame({"segment": ["a", "b", "c"], "r_min": 1, "r_max": 5, "fm_min": 1, "fm_max": 5,
                        "description": ["A!", "B!", "C!"], "action": ["do a", "do b", "do c"]})
    t = segment_table(segs, pd.Series([10.0, 30.0, 60.0]), own)
    assert t.loc["a", "description"] == "A!" and t.loc["b", "action"] == "do b"
    assert list(segment_table(segs, pd.Series([1.0, 1.0, 1.0])).columns) == ["customers", "revenue_share"]


def test_revenue_concentration_hand_checked():
    c = revenue_concentration([0, 0, 0, 0, 100], top=0.2)
    assert c.top_share == 1.0
    assert c.gini == pytest.approx(0.8)          # (n-1)/n for one customer with everything
    eq = revenue_concentration([5] * 10)
    assert eq.gini == pytest.approx(0.0) and eq.top_share == pytest.approx(0.2)
    assert eq.lorenz_revenue[-1] == pytest.approx(1.0) and len(eq.lorenz_customers) == 11
    with pytest.raises(DataValidationError, match=r"1 of 3 values are missing, infinite or negative; e.g. -1.0"):
        revenue_concentration([1, -1, 2])
    with pytest.raises(DataValidationError, match=r"parameter 'top' == 0"):
        revenue_concentration([1, 2], top=0)


def test_loyal_claim():
    rev = pd.Series([100, 100, 10, 10, 10, 5, 5, 5, 5, 5])
    types = pd.Series(["loyal", "loyal"] + ["other"] * 8)
    r = loyal_claim(rev, types)
    assert r == {"customer_share": 0.2, "revenue_share": pytest.approx(200 / 255), "holds": True, "n_loyal": 2,
                 "max_share": 0.2}
    r2 = loyal_claim(rev, pd.Series(["loyal"] * 5 + ["other"] * 5))
    assert not r2["holds"] and r2["customer_share"] == 0.5 and r2["revenue_share"] == pytest.approx(230 / 255)
    r3 = loyal_claim(rev, pd.Series(["other"] * 10))
    assert r3 == {"customer_share": 0.0, "revenue_share": 0.0, "holds": False, "n_loyal": 0, "max_share": 0.2}


@pytest.fixture(scope="module", params=[0, 1, 2])
def fitted(request):
    d = demo_company(5000, seed=request.param)
    s = customer_summary(d.transactions, "customer_id", "date", "amount", discount_col="discount",
                         category_col="category", visits=d.visits)
    ct = CustomerTypes(n_bootstrap=3, random_state=0).fit(s)
    truth = d.customers.set_index("customer_id")["true_type"].astype(str).reindex(s.index)
    return d, s, ct, truth


def test_recovers_demo_types(fitted):
    d, s, ct, truth = fitted
    history = s["purchases"] >= 2
    assert ct.n_clusters_ == 5                               # chosen automatically
    # customers with a history shape the clusters; these are the thresholds
    assert adjusted_rand_score(truth[history], ct.types_[history]) >= 0.8
    assert (truth[history] == ct.types_[history]).mean() >= 0.85
    # customers with a single purchase day get the nearest cluster's type, flagged provisional
    assert (ct.provisional_ == ~history).all()
    assert ct.n_excluded_ == int((~history).sum()) > 500
    assert (truth == ct.types_).mean() >= 0.85                  # every customer counted
    assert adjusted_rand_score(truth, ct.types_) >= 0.78        # 0.78-0.81 over seeds 0-5
    assert (truth[~history] == ct.types_[~history]).mean() >= 0.7
    assert ct.stability_ > 0.9
    assert set(ct.cluster_types_.values()) == {"loyal", "impulse", "discount-driven", "need-based", "wandering"}
    assert ct.unidentifiable_ == {}


def test_short_history_excluded_on_request(fitted):
    d, s, ct, truth = fitted
    ex = CustomerTypes(n_bootstrap=0, random_state=0, short_history="exclude").fit(s)
    history = s["purchases"] >= 2
    assert ((ex.types_ == TOO_LITTLE) == ~history).all() and not ex.provisional_.any()
    assert (ex.types_[history] == ct.types_[history]).all()     # the clusters do not change
    summ = ex.summary()
    assert summ.loc[TOO_LITTLE, "customers"] == (~history).sum()
    assert summ["customers"].sum() == len(s) and summ["provisional"].sum() == 0
    assert ex.predict(s.loc[~history]).eq(TOO_LITTLE).all()


def test_profiles_and_summary(fitted):
    d, s, ct, truth = fitted
    summ = ct.summary()
    assert summ["customers"].sum() == len(s) and summ["provisional"].sum() == ct.n_excluded_
    assert summ["share"].sum() == pytest.approx(1.0)
    assert summ["revenue_share"].sum() == pytest.approx(1.0)
    assert summ["revenue_share"].idxmax() == "loyal"
    p = ct.profiles_
    assert p.loc[p["type"] == "wandering", "visits_per_purchase"].iloc[0] > 10
    assert p.loc[p["type"] == "discount-driven", "discount_share"].iloc[0] > 0.6
    # what sets each cluster apart: its three most distinctive signals, with the medians behind them
    e = ct.explanations_
    assert list(e.columns) == ["cluster", "type", "rank", "signal", "high", "median", "overall_median"]
    assert len(e) == 3 * ct.n_clusters_ and set(e["rank"]) == {1, 2, 3}
    assert (e.groupby("cluster")["type"].first() == pd.Series(ct.cluster_types_)).all()
    disc = e[(e["type"] == "discount-driven") & (e["signal"] == "discount_share")].iloc[0]
    assert disc["high"] and disc["median"] > 0.6 > disc["overall_median"]
    history = s[s["purchases"] >= 2]
    assert disc["overall_median"] == pytest.approx(history["discount_share"].median())
    assert "explanation" not in p.columns
    # predict reproduces the fitted labels
    assert (ct.predict(s) == ct.types_).all()
    claim = loyal_claim(s["total_revenue"], ct.types_)
    assert claim["holds"]


def test_missing_signals_are_named(cdnow):
    s = customer_summary(cdnow, "customer_id", "date", "amount", drop_duplicates=False)
    ct = CustomerTypes(n_bootstrap=0).fit(s)
    assert ct.unidentifiable_ == {"impulse": ["categories"], "discount-driven": ["discount_share"],
                                  "need-based": ["categories"], "wandering": ["visits_per_purchase"]}
    assert set(ct.cluster_types_.values()) <= {"loyal", UNIDENTIFIED}
    assert "loyal" in ct.cluster_types_.values()


def test_bad_parameters_and_unfitted():
    s = pd.DataFrame({"purchases": [2] * 40, "total_revenue": np.arange(40.0), "avg_basket": np.ones(40)})
    with pytest.raises(DataValidationError, match=r"parameter 'n_clusters' == 1, must be 0"):
        CustomerTypes(n_clusters=1).fit(s)
    with pytest.raises(DataValidationError, match=r"parameter 'method' == 'dbscan', must be one of"):
        CustomerTypes(method="dbscan").fit(s)
    with pytest.raises(DataValidationError, match=r"parameter 'short_history' == 'drop', must be one of"):
        CustomerTypes(short_history="drop").fit(s)
    with pytest.raises(DataValidationError, match=r"parameter 'k_range'"):
        CustomerTypes(k_range=(5, 3)).fit(s)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        CustomerTypes().predict(s)
    with pytest.raises(InsufficientDataError, match=r"only 20 customers have 2 or more purchase days; customer types "
                                                    r"need at least 30 per type, so at least 60 for 2 types"):
        CustomerTypes().fit(s.iloc[:20])
    assert CustomerTypes(n_clusters=3).get_params()["n_clusters"] == 3


def test_too_few_repeat_buyers_for_k_types():
    """59 repeat buyers were once split into 8 customer types: now at most one type per 30 customers."""
    d = demo_company(800, seed=4)
    s = customer_summary(d.transactions, "customer_id", "date", "amount", discount_col="discount",
                         category_col="category")
    repeat = s[s["purchases"] >= 2]
    with pytest.raises(InsufficientDataError, match="only 59 customers"):
        CustomerTypes(n_bootstrap=0).fit(pd.concat([repeat.iloc[:59], s[s["purchases"] < 2]]))
    noted = CustomerTypes(n_bootstrap=0, too_little_data="note").fit(
        pd.concat([repeat.iloc[:59], s[s["purchases"] < 2]]))
    assert noted.insufficient_ == TOO_FEW_CUSTOMERS and noted.n_history_ == 59 and not hasattr(noted, "types_")
    ct = CustomerTypes(n_bootstrap=0, k_range=(3, 8)).fit(pd.concat([repeat.iloc[:100], s[s["purchases"] < 2]]))
    assert ct.k_capped_ and ct.n_clusters_ <= 3 and ct.labels_.value_counts().size == ct.n_clusters_
    assert ct.insufficient_ is None and ct.n_history_ == 100
    with pytest.raises(InsufficientDataError, match="at least 150 for 5 types"):
        CustomerTypes(n_clusters=5, n_bootstrap=0).fit(repeat.iloc[:100])


def test_one_time_buyers_are_never_frequent_in_rfm():
    """With 90% one-time buyers their average rank would give F = 3 and names such as "Loyal"."""
    n = 100
    s = pd.DataFrame({"recency_days": np.arange(n), "purchases": [1] * 90 + list(range(2, 12)),
                      "total_revenue": np.linspace(10, 1000, n)[::-1]})
    sc = rfm_scores(s)
    assert (sc["F"].iloc[:90] == 1).all() and sc["F"].iloc[90:].min() >= 4
    named = rfm_segments(sc).iloc[:90]
    assert not named.isin(["champions", "loyal", "cant_lose_them"]).any()


def test_no_two_clusters_share_a_type_name():
    """A grocery-like log without visits (wandering cannot be identified) split into 6 clusters: two of them resemble
    the discount-driven type and were both named "discount-driven"; the closer one keeps the name, the other is
    "discount-driven_2", and type_of reads the type back."""
    from insight.models.segments import type_of

    d = demo_company(3000, seed=0)
    s = customer_summary(d.transactions, "customer_id", "date", "amount", discount_col="discount",
                         category_col="category")
    ct = CustomerTypes(n_clusters=6, n_bootstrap=0, random_state=0).fit(s)
    names = ct.cluster_types_
    assert sorted(names.values()) == ["discount-driven", "discount-driven_2", "impulse", "loyal", "need-based",
                                      UNIDENTIFIED]
    first = next(c for c, t in names.items() if t == "discount-driven")
    second = next(c for c, t in names.items() if t == "discount-driven_2")
    scores = ct.type_scores_["discount-driven"]
    assert scores[first] > scores[second] > 0.5
    assert ct.profiles_["type"].is_unique and set(ct.summary().index) == set(names.values())
    assert ct.explanations_.groupby("cluster")["type"].first().to_dict() == names
    assert [type_of(t) for t in ["discount-driven_2", "loyal", "too_little_history", "unidentified", "x_2"]] == [
        "discount-driven", "loyal", "too_little_history", "unidentified", "x_2"]
    # a numbered group of the loyal type counts as loyal in the claim
    rev = pd.Series([50.0, 30.0, 10.0, 5.0, 5.0] * 2)
    types = pd.Series(["loyal", "loyal_2", "impulse", "wandering", "wandering"] * 2)
    assert loyal_claim(rev, types)["n_loyal"] == 4
