"""What real churn tables do to the models, caught and recorded: leaks, many-level categories, constant and
collinear covariates, intervals that cannot be estimated, and a Cox model that used to fail as a whole."""

import warnings

import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataValidationError
from insight.models.churn import (LEAK_AUC, MAX_CI_RATIO, OTHER, ChurnModel, estimable, frequent_levels,
                                  independent_columns, single_column_auc)
from insight.models.survival import cox_model

STATES = ("AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY "
          "OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY").split()


def leaky_table(n: int = 1000, seed: int = 2) -> pd.DataFrame:
    """A churn table with two columns recorded after leaving: a closing score and an account status that is the
    outcome with 0.4% of rows flipped."""
    rng = np.random.default_rng(seed)
    months = rng.integers(1, 60, n)
    plan = rng.choice(["basic", "plus", "pro"], n)
    left = rng.random(n) < 1 / (1 + np.exp(-(-0.5 - 0.04 * months + np.where(plan == "basic", 1.0, 0.0))))
    flip = rng.random(n) < 0.004
    return pd.DataFrame({"months": months, "plan": plan, "noise": rng.normal(size=n),
                         "closing_score": np.where(left, 0.9, 0.1) + rng.normal(0, 0.05, n),
                         "account_status": np.where(left ^ flip, "closed", "open"), "left": left})


def state_table(n: int = 3333, seed: int = 7) -> pd.DataFrame:
    """A telecom churn table with a 51-level State; AK is the most frequent state and has no leaver."""
    rng = np.random.default_rng(seed)
    state = np.where(np.arange(n) < 150, "AK", rng.choice(STATES[1:], n))
    calls = rng.poisson(1.5, n)
    left = (rng.random(n) < 1 / (1 + np.exp(-(-2.2 + 0.6 * (calls - 1.5))))) & (state != "AK")
    return pd.DataFrame({"State": state, "service_calls": calls, "country": "US",
                         "churn": np.where(left, "yes", "no")})


def test_single_column_auc_by_hand():
    y = np.array([0, 0, 0, 1, 1, 1], dtype=bool)
    X = pd.DataFrame({"up": [1.0, 2, 3, 4, 5, 6], "down": [6.0, 5, 4, 3, 2, 1], "tie": [1.0, 1, 2, 1, 2, 2],
                      "gone": [1.0, 2, 3, np.nan, np.nan, np.nan]})
    auc = single_column_auc(X, y, n_splits=2)
    # either direction separates; missing values at the end that separates best: "gone" is missing for leavers only
    assert auc["up"] == auc["down"] == auc["gone"] == 1.0
    # tie: stayers 1, 1, 2 and leavers 1, 2, 2; of the 9 leaver-stayer pairs the leaver is above in 4 and tied in
    # 4 (counted half): (4 + 2) / 9
    assert auc["tie"] == pytest.approx(6 / 9) and auc.index[-1] == "tie"
    with pytest.raises(DataValidationError, match=r"parameters 'X' and 'y' have 6 and 5 rows"):
        single_column_auc(X, y[:5])
    with pytest.raises(DataValidationError, match=r"parameter 'y': 3 customers in the smaller class; at least "
                                                  r"n_splits == 5"):
        single_column_auc(X, y)


def test_two_leaky_columns_are_named_and_left_out():
    df = leaky_table()
    kept = ChurnModel(target="left", n_splits=3, keep_leaky=("closing_score", "account_status")).fit(df)
    assert kept.cv_results_["roc_auc_mean"].max() == pytest.approx(1.0, abs=1e-3)   # what the table gave silently
    assert kept.leaky_.empty and kept.single_auc_["closing_score"] == 1.0
    m = ChurnModel(target="left", n_splits=3).fit(df)
    assert list(m.leaky_.index) == ["closing_score", "account_status"] and LEAK_AUC == 0.99
    assert m.leaky_["closing_score"] == 1.0 and 0.99 <= m.leaky_["account_status"] < 1.0
    assert m.features_ == ["months", "plan", "noise"] and m.constant_ == [] and m.grouped_.empty
    assert m.cv_results_["roc_auc_mean"].max() < 0.75                                # an honest figure
    assert m.predict_proba(df.drop(columns=["closing_score", "account_status"]).head(2)).shape == (2, 2)
    with pytest.raises(DataValidationError, match=r"1 required column\(s\) missing: \['nope'\]"):
        ChurnModel(target="left", keep_leaky=("nope",)).fit(df)
    with pytest.raises(DataValidationError, match=r"parameter 'keep_leaky' == 'closing_score': must be a list"):
        ChurnModel(target="left", keep_leaky="closing_score").fit(df)
    with pytest.raises(DataValidationError, match=r"parameter 'leak_auc' == 0.4"):
        ChurnModel(target="left", leak_auc=0.4).fit(df)
    only = df[["closing_score", "left"]]
    with pytest.raises(DataValidationError, match=r"no feature left; 1 column\(s\) alone separate churners .* "
                                                  r"e.g. 'closing_score'"):
        ChurnModel(target="left", n_splits=3).fit(only)


def test_a_50_level_category_is_grouped_and_unbounded_intervals_are_not_estimable():
    df = state_table()
    m = ChurnModel(target="churn", model="logistic", n_splits=3).fit(df)
    assert m.grouped_.loc["State"].tolist() == [51, 10, 41, int((~df["State"].isin(m.levels_["State"])).sum())]
    assert m.levels_["State"][0] == "AK" and m.constant_ == ["country"] and "country" not in m.features_
    odds = m.odds_ratios()
    t = odds.table
    states = t[t["feature"] == "State"]
    assert len(states) == 10 and (states["reference"] == OTHER).all()          # compared with the pooled rest
    # AK has no leaver: its interval runs to 1e-82 and is marked, every other one is finite and bounded
    assert t["estimable"].tolist().count(False) == 1 and not t.loc["State_AK", "estimable"]
    ok = t[t["estimable"]]
    assert np.isfinite(ok[["ci_low", "ci_high"]]).all().all() and (ok["ci_high"] / ok["ci_low"]).max() < 100
    assert (ok["ci_high"] < 10).all()
    assert odds.dropped.empty and "State_CA" not in t.index                  # CA is one of the grouped states
    with pytest.raises(DataValidationError, match=r"parameter 'alpha' == 2"):
        m.odds_ratios(alpha=2)


def test_frequent_levels_and_estimable_rules():
    s = pd.Series(["a"] * 40 + ["b"] * 35 + ["c"] * 5 + ["d"] * 3 + ["e"])
    assert frequent_levels(s, "x", min_count=30) == ["a", "b"]
    assert frequent_levels(s, "x", min_count=1, max_levels=3) == ["a", "b", "c"]
    assert frequent_levels(s.iloc[:-4], "x", min_count=30) is None              # one rare level: nothing to group
    with pytest.raises(DataValidationError, match=r"column 'x': 1 rows hold the value '__other__'"):
        frequent_levels(pd.Series(["a", OTHER]), "x")
    ok = estimable([0.5, 1e-82, 0.01, 0.5], [2.0, 1e3, 0.01 * MAX_CI_RATIO * 1.01, np.inf], [0.1, 0.9, 0.2, 0.1])
    assert ok.tolist() == [True, False, False, False]


def test_constant_duplicate_and_collinear_terms_are_dropped_with_the_reason():
    X = pd.DataFrame({"a": [1.0, 2, 3, 4], "k": 1.0, "a2": [1.0, 2, 3, 4], "b": [0.0, 1, 0, 1],
                      "ab": [1.0, 3, 3, 5]})
    kept, dropped = independent_columns(X)
    assert list(kept.columns) == ["a", "b"] and dropped == {"k": "constant", "a2": "duplicate", "ab": "collinear"}


def test_cox_on_the_first_600_telco_rows_drops_the_duplicate_term(telco):
    """These covariates (the churn report's choice on 600 rows) gave LinAlgError: Singular matrix; "No internet
    service" of tech support is the same column as internet service "No"."""
    head = telco.head(600)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cox = cox_model(head, "tenure", "churn", ["contract", "monthly_charges", "tech_support", "internet_service"])
    hr = cox.hazard_ratios
    assert cox.dropped["reason"].to_dict() == {"internet_service_No": "duplicate"}
    assert cox.dropped.loc["internet_service_No", ["feature", "level", "reference"]].tolist() == [
        "internet_service", "No", "DSL"]
    assert len(hr) == 6 and hr["estimable"].all() and hr["p_value"].notna().all()
    assert hr.loc["contract_Two year", "hazard_ratio"] < 0.1 and cox.grouped.empty


def test_cox_reports_constant_covariates_and_refuses_when_nothing_is_left():
    rng = np.random.default_rng(0)
    n = 300
    df = pd.DataFrame({"t": rng.integers(1, 40, n), "gone": rng.random(n) < 0.4, "region": "north",
                       "x": rng.normal(size=n)})
    cox = cox_model(df, "t", "gone", ["region", "x"])
    assert list(cox.hazard_ratios.index) == ["x"] and cox.dropped.empty      # a one-level category has no term
    cox = cox_model(df.assign(k=2.0), "t", "gone", ["k", "x"])
    assert cox.dropped["reason"].to_dict() == {"k": "constant"} and list(cox.hazard_ratios.index) == ["x"]
    with pytest.raises(DataValidationError, match=r"no term left to fit; all 1 are constant or repeat other terms, "
                                                  r"e.g. 'k'"):
        cox_model(df.assign(k=2.0), "t", "gone", ["k"])
    with pytest.raises(DataValidationError, match=r"column 'gone': 0 of 300 customers have an event"):
        cox_model(df.assign(gone=False), "t", "gone", ["x"])
    with pytest.raises(DataValidationError, match=r"column 't': 1 of 300 rows are missing, not numbers or negative; "
                                                  r"e.g. -1"):
        cox_model(df.assign(t=df["t"].where(df.index != 3, -1)), "t", "gone", ["x"])
