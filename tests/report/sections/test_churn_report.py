"""The churn report's words: the model, survival and the retention plan said from numbers, in the report's style."""

import dataclasses
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import insight.report.sections.churn as words
import insight.retention as rt
from insight.exceptions import DataValidationError
from insight.models.churn import ChurnModel
from insight.models.survival import cox_model, kaplan_meier, logrank
from insight.style import Style

EN = Style()


@pytest.fixture(scope="module")
def telco_fit(telco):
    m = ChurnModel(target="churn", id_col=None, model="logistic", n_splits=3).fit(telco)
    return m, m.permutation_importance(n_repeats=2), m.odds_ratios()


@pytest.fixture(scope="module")
def small():
    """A synthetic churn table with a value column, and its fitted model."""
    rng = np.random.default_rng(1)
    n = 600
    months = rng.integers(1, 60, n)
    left = rng.random(n) < 1 / (1 + np.exp(0.5 + 0.04 * months))
    df = pd.DataFrame({"months": months, "monthly": rng.uniform(10, 100, n).round(2),
                       "noise": rng.normal(size=n), "left": np.where(left, "yes", "no")})
    return df, ChurnModel(target="left", value_col="monthly", model="logistic", n_splits=3).fit(df)


def test_model_words(telco_fit, monkeypatch):
    m = telco_fit[0]
    gone = int(m.y_.sum())
    assert words.rate_sentence(EN, m) == (f"**26.5%** of customers have left ({gone:,} of 7,043); {7043 - gone:,} are "
                                          "still customers.")
    r = m.cv_results_.loc["logistic"]
    assert words.model_sentence(EN, m) == (
        f"Kept model: **logistic regression**. It ranks a random leaver above a random stayer "
        f"**{r['roc_auc_mean']:.0%}** of the time (ROC AUC {r['roc_auc_mean']:.3f} ± {r['roc_auc_std']:.3f} over 3 "
        "held-out folds). Missing values filled in: none.")
    t = words.comparison_table(EN, m)
    assert list(t.columns) == ["ROC AUC (higher is better)", "PR AUC (higher is better)",
                               "Brier score (lower is better)", "kept"]
    assert t.loc["Logistic regression", "ROC AUC (higher is better)"] == f"{r['roc_auc_mean']:.3f} ± {r['roc_auc_std']:.3f}"
    assert t["kept"].tolist() == [True] and t.index.name == "model"
    monkeypatch.setattr(m, "imputed_", {"total_charges": 1234, "tenure": 2})
    assert words.model_sentence(EN, m).endswith("Missing values filled in: 1,234 in total_charges, 2 in tenure.")


def test_odds_ratios_name_their_reference_category(telco_fit):
    m, imp, result = telco_fit
    odds = words.with_labels(EN, result.table)
    # "No phone service" is 1 - "phone service": left out, so every p-value is identified (NaN with one BLAS thread)
    assert "multiple_lines_No phone service" in result.dropped.index and odds["p_value"].notna().all()
    row = odds[(odds["feature"] == "contract") & (odds["level"] == "Two year")].iloc[0]
    assert row["reference"] == "Month-to-month" and row["scale"] == "level"
    assert row["label"] == "Contract: Two year (vs Month-to-month)" and row["odds_ratio"] < 1
    assert odds.loc[odds["feature"] == "tenure", "label"].iloc[0] == "Tenure (per standard deviation)"
    assert "label" not in result.table.columns           # the model gives the parts, the report the words
    text = words.drivers_sentence(EN, imp, result)
    assert text.startswith(f"The model relies most on {', '.join(imp.index[:3]).replace('_', ' ')}. Higher odds of "
                           "leaving: ")
    assert "(vs " in text and "_" not in text and text.endswith("(odds ratios; significant at the 0.05 level).")
    top = odds[odds["p_value"] < 0.05].iloc[0]
    assert f"{top['label']} ({top['odds_ratio']:.1f}x)" in text
    assert words.duration_note(EN, m, "tenure").startswith("Note: tenure is measured up to the churn date")
    assert words.duration_note(EN, m, None) == "" and words.duration_note(EN, m, "not_a_feature") == ""


def test_survival_words(telco):
    curves = kaplan_meier(telco, "tenure", "churn", "contract")
    lr = logrank(telco, "tenure", "churn", "contract")
    text = words.survival_sentence(EN, curves, lr, "contract", "tenure")
    assert text.startswith("Retention curves by contract differ more than chance allows (log-rank test, chi-squared "
                           f"{lr['chi2']:,.1f} on 2 df, p < 0.001). Median time with the company (tenure): ")
    assert "Month-to-month: 35.0, One year: not reached (more than half still customers), Two year: not reached" in text
    same = words.survival_sentence(EN, curves, {**lr, "p_value": 0.41}, "contract", "tenure")
    assert "do not differ beyond chance" in same and "p = 0.41" in same


def test_cox_verdict_names_every_term_it_counts(telco):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cox = cox_model(telco, "tenure", "churn", ["contract", "internet_service", "monthly_charges", "paperless_billing"])
    bad = cox.violations()
    text = words.cox_verdict(EN, cox)
    n = int(re.search(r"violated for (\d+) term", text).group(1))
    listed = text.split("(", 1)[1].split("): their effect")[0]
    assert n == len(bad) == listed.count(", ") + 1 > 0
    assert "Contract: Two year (vs Month-to-month)" in text or "contract_Two year" not in bad
    assert "Monthly charges (per unit)" in words.with_labels(EN, cox.hazard_ratios)["label"].tolist()
    ok = dataclasses.replace(cox, ph_test=cox.ph_test.assign(p_value=0.5))
    assert words.cox_verdict(EN, ok) == ("The proportional-hazards assumption looks reasonable: no term's Schoenfeld "
                                         "residuals trend with time (all p >= 0.05).")


def test_plan_words_by_hand():
    # benefit = 150 + 5 * 10 = 200; expected profit 100 p - 10: contact the 0.9 and the 0.3 customer
    c = rt.retention_profit([0.9, 0.05, 0.3, 0.1], value=150, offer_cost=10, success_rate=0.5)
    gbp = Style(currency="GBP")
    assert words.plan_sentence(gbp, c) == (
        "Contact the 2 of 4 customers with the highest expected profit (churn probability 30% or more among them): "
        "expected profit **£100** over the period the values cover, against £95 when contacting all of them and £0 "
        "when contacting no one.")
    assert words.plan_assumptions(gbp, c) == (
        "Assumes: no customer value column (a kept customer counts only for what replacing them would cost); each "
        "offer costs £10 and keeps 50% of the would-be leavers contacted; replacing a lost customer costs 5 offers "
        "(£50; the practitioner claim is that acquiring a customer costs about 5 times retaining one). Probabilities "
        "are held-out model predictions.")
    half = rt.retention_profit([0.9], value=150, offer_cost=10, success_rate=0.5, acquisition_multiple=2.5)
    assert "costs 2.5 offers (£25;" in words.plan_assumptions(gbp, half)
    none = rt.retention_profit([0.9], value=150, offer_cost=10, success_rate=0.5, acquisition_multiple=0)
    assert "replacing a lost customer is not counted." in words.plan_assumptions(gbp, none)


def test_retention_plan_keeps_the_figures_the_words_need(small):
    df, m = small
    current = ~m.y_.astype(bool)
    value = pd.Series(120.0, index=current[current].index)
    basis = {"value": "periods", "value_col": "monthly", "value_period": "month", "margin": 0.3,
             "discount_rate": 0.01, "unit": "months"}
    plan = rt.retention_plan(m, df, value, horizon=12, value_basis=basis)
    gone = int(m.y_.sum())
    assert plan.params["gone"] == gone and plan.params["value"] == "periods" and len(plan.table) == len(df) - gone
    assert plan.params["horizon"] == 12.0 and plan.params["value_period"] == "month"
    assert words.plan_sentence(EN, plan).startswith(
        f"Contact the {plan.best_k:,} of the {len(df) - gone:,} current customers (the {gone:,} who already left are "
        "not contacted)")
    assert "over the next 12 months, against" in words.plan_sentence(EN, plan)
    assert words.plan_assumptions(EN, plan).startswith(
        "Assumes: keeping a customer is worth their monthly (a value per month) x a 30% margin for each period within "
        "the next 12 months, discounted at 1.0% a month; each offer costs $20 ")
    first = rt.retention_plan(m, df, value, horizon=6, value_basis=dict(basis, value="survival",
                                                                         value_period="first 90 days"))
    assert words.plan_assumptions(EN, first).startswith(
        "Assumes: keeping a customer is worth their monthly (the value of a customer's first 90 days, made a value "
        "per month) x a 30% margin for each period they are expected to stay within the next 6 months "
        "(shifted-beta-geometric model of tenure, discounted at 1.0% a month); ")
    with pytest.raises(DataValidationError, match="1 of .* current customers have no value"):
        rt.retention_plan(m, df, value.iloc[1:], value_basis=basis)
    # when no contact pays, the box says so and what an offer would have to cost or achieve
    dear = rt.retention_plan(m, df, value, horizon=12, offer_cost=500.0, value_basis=basis)
    text = words.plan_sentence(EN, dear)
    assert dear.best_k == 0 and text.startswith("**No retention offer pays at these assumptions**")
    assert f"it cost under {EN.money(dear.break_even['offer_cost'])} (it costs $500)" in text


def test_plot_words_come_from_the_style(small, telco):
    import matplotlib.pyplot as plt

    import insight.plots as ip

    df, m = small
    plan = rt.retention_plan(m, df, df["monthly"] * 3.6)
    ax = ip.plot_profit(plan, style=Style(currency="EUR"))
    assert ax.get_ylabel() == "cumulative expected profit, € (EUR)"
    assert ax.texts[0].get_text().startswith(f"best: contact {plan.best_k:,}\nprofit €")
    ax = ip.plot_roc(m)
    assert [t.get_text() for t in ax.get_legend().get_texts()][0].startswith("logistic regression (AUC 0.")
    ax = ip.plot_km(kaplan_meier(telco, "tenure", "churn", "contract"), time_unit="months")
    assert ax.get_xlabel() == "months since start" and ax.texts[0].get_text() == "customers still followed at each time (months)"
    assert any(t.get_text() == "Two year (n=1,695, median not reached)" for t in ax.get_legend().get_texts())
    hr = pd.DataFrame({"odds_ratio": [2.0, 0.5], "ci_low": [1.5, 0.4], "ci_high": [2.5, 0.6]}, index=["a_b", "c"])
    ax = ip.plot_forest(hr, value_col="odds_ratio")
    assert ax.get_xlabel() == "odds ratio (log scale; 1x = no effect)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C", "A b"]
    plt.close("all")


def test_churn_report_checks_its_parameters_first():
    from insight.report import sources

    src = sources.churn_source("demo", demo_customers=300)
    for bad, match in [({"margin": 2}, r"parameter 'margin' == 2: must be a number from 0 to 1"),
                       ({"currency": "dollars"}, r"parameter 'currency' == 'dollars'"),
                       ({"language": "xx"}, r"parameter 'language' == 'xx'"),
                       ({"n_splits": 1}, r"parameter 'n_splits' == 1"), ({"model": "svm"}, r"parameter 'model'")]:
        with pytest.raises(ValueError, match=match):
            words.churn_report(src, **bad)


def test_churn_report_start_cohorts_on_the_demo_and_not_on_telco():
    """The demo company has start dates: the churn report shows its start cohorts and keeps the date out of the
    model; Telco has none, and the section says what it would need."""
    from insight.report import sources
    from insight.data.simulate import demo_company
    from insight.features.cohorts import subscription_cohorts
    from insight.report.sections._common import cohort_sentence

    src = sources.churn_source("demo", demo_customers=1500)
    rep = words.churn_report(src, n_splits=3, currency="EUR")
    assert src.start_col == "signup_date" and "signup_date" not in rep.model.features_
    assert rep.style == Style(currency="EUR") and "€" in rep.offers()[0].text
    shown = rep.cohorts()
    company = demo_company(1500, seed=0)
    truth = subscription_cohorts(company.customers, "signup_date", "dropout_date", as_of=company.end)
    assert cohort_sentence(EN, truth) in shown[0].text and f"{truth.sizes.iloc[0]:,}" in shown[1].markup
    telco = dataclasses.replace(rep, source=sources.churn_source("telco"))
    assert telco.source.start_col is None
    assert telco.cohorts()[0].text == ("Not covered by these data: Retention by start cohort needs a start date "
                                       "column and a duration column (time with the company).")
    missing = src.table.assign(signup_date=src.table["signup_date"].where(src.table.index != 7))
    text = dataclasses.replace(rep, source=dataclasses.replace(src, table=missing)).cohorts()[0].text
    assert "needs a start date and a duration for every customer" in text and "1 rows have no start date" in text


def test_an_implausible_lifetime_is_flagged_not_headlined():
    """An HR-like table (tenure in years, few leavers): the model's expected stay runs to decades, so the box states
    the value over the horizon and flags the lifetime instead of saying "a new customer stays 60 years"."""
    from insight.report import sources

    rng = np.random.default_rng(3)
    n = 3000
    p = rng.beta(0.6, 12, n)                                  # yearly chance of leaving: a few leave, many stay long
    stay, seen = rng.geometric(p), rng.integers(1, 30, n)     # years until leaving; years since hired
    table = pd.DataFrame({"id": np.arange(n), "years": np.minimum(stay, seen), "dept": rng.choice(["a", "b"], n),
                          "income": rng.gamma(9, 600, n).round(), "left": stay <= seen})
    src = sources.ChurnSource("hr", table, "left", True, "id", "years", "dept", "income", value_period="month")
    report = words.churn_report(src, duration_unit="years", n_splits=3, discount_rate=0.0005)
    assert report.lifetime is not None
    text = report.value_sentence()
    assert "not plausible" in text and "stays" not in text
    assert text.startswith(f"The {int((~table['left']).sum()):,} current customers are expected to bring **$")
    # 12 months are one period of a year here: the coming year counts in full, margin x income x 12 a customer
    assert report.lifetime[1].total["estimate"] == pytest.approx(0.3 * 12 * table.loc[~table["left"], "income"].sum())


def test_a_budget_cuts_the_list_and_opted_out_customers_are_never_listed(small):
    df, m = small
    current = ~m.y_.astype(bool)
    value = pd.Series(600.0, index=current[current].index)
    free = rt.retention_plan(m, df, value, horizon=12)
    assert free.best_k > 10
    # a budget for 10 offers: the first 10 of the same ranking, their profit, and the 10th contact's own profit
    cut = rt.retention_plan(m, df, value, horizon=12, budget=200.0)
    p = cut.params
    assert p["budget_k"] == 10 and p["budget_profit"] == pytest.approx(free.table["expected_profit"].head(10).sum())
    assert p["last_contact"] == pytest.approx(free.table["expected_profit"].iloc[9])
    assert rt.action_retention_plan(cut).values["customers"] == 10
    assert rt.action_retention_plan(cut).net == pytest.approx(p["budget_profit"])
    text = words.plan_sentence(EN, cut)
    assert text.startswith(f"Within the budget of $200, contact the 10 customers most worth an offer: expected profit "
                           f"**{EN.money(p['budget_profit'])}** over the next 12 months; the last of them adds "
                           f"{EN.money(p['last_contact'])}. Without a limit: Contact the {free.best_k:,} of")
    # every third row asked not to be contacted: none of them is listed, and the sentence says how many
    opt_out = pd.Series(np.arange(len(df)) % 3 == 0, index=df.index)
    kept = rt.retention_plan(m, df, value, horizon=12, opt_out=opt_out)
    asked = int((opt_out & current).sum())
    assert kept.params["opted_out"] == asked > 0 and not set(kept.table["customer"]) & set(df.index[opt_out])
    assert len(kept.table) == int(current.sum()) - asked
    assert words.plan_sentence(EN, kept).endswith(f"The {asked:,} current customers who asked not to be contacted are "
                                                  "left out of every list.")


def test_a_mixed_offer_is_planned_on_the_same_footing_as_the_plain_discount(small):
    from insight.report import sources

    df, _ = small
    src = sources.ChurnSource("small", df, "left", "yes", None, None, None, "monthly", value_period="month")
    plain = words.churn_report(src, n_splits=3)
    assert plain.alternative is None and plain.offer_sentence() == ""
    # the same success for less money: the mixed offer is planned, and the discount is stated beside it
    cheap = words.churn_report(src, n_splits=3, mixed_offer_cost=10.0, mixed_success_rate=0.3)
    assert cheap.plan.params["offer"] == "mixed" and cheap.alternative.params["offer"] == "discount"
    assert cheap.alternative.best_profit == pytest.approx(plain.plan.best_profit)
    assert cheap.plan.best_profit > plain.plan.best_profit
    assert cheap.offer_sentence() == (
        f"This plans the mixed offer (a smaller discount plus a service) ($10 a contact, keeping 30% of would-be "
        f"leavers): net {EN.money(cheap.plan.best_profit)}, against {EN.money(plain.plan.best_profit)} for the plain "
        "discount ($20, 30%).")
    assert cheap.offer_sentence() in repr(cheap.headline())
    # a mixed offer that keeps too few: the discount stays
    weak = words.churn_report(src, n_splits=3, mixed_offer_cost=10.0, mixed_success_rate=0.05)
    assert weak.plan.params["offer"] == "discount" and weak.plan.best_profit == pytest.approx(plain.plan.best_profit)


# --------------------------------------------------------------------------- what real tables do to the models
def _telco_head(n: int = 600):
    from insight.report import sources

    src = sources.churn_source("telco")
    return dataclasses.replace(src, name=f"IBM Telco, first {n} rows", table=src.table.head(n).copy())


def test_the_report_names_leaks_grouped_levels_constants_and_what_is_not_estimable():
    """Two leaky columns, a constant one and a 51-level state whose most frequent level has no leaver: the report
    says what it left out and why, and writes "not estimable" where the state's odds ratio has no bound."""
    from insight.report import sources

    rng = np.random.default_rng(7)
    n, states = 3333, [f"S{i:02d}" for i in range(50)]
    state = np.where(np.arange(n) < 150, "AK", rng.choice(states, n))
    calls = rng.poisson(1.5, n)
    left = (rng.random(n) < 1 / (1 + np.exp(-(-2.2 + 0.6 * (calls - 1.5))))) & (state != "AK")
    flip = rng.random(n) < 0.004
    table = pd.DataFrame({"state": state, "service_calls": calls, "country": "US",
                          "closing_score": np.where(left, 0.9, 0.1) + rng.normal(0, 0.05, n),
                          "account_status": np.where(left ^ flip, "closed", "open"),
                          "churn": np.where(left, "yes", "no")})
    src = sources.ChurnSource("telecom", table, "churn", "yes", None, None, None, None)
    rep = words.churn_report(src, n_splits=3, model="logistic")
    m = rep.model
    assert list(m.leaky_.index) == ["closing_score", "account_status"]
    leak = words.leak_sentence(EN, m)
    assert leak.startswith(f"**Left out as likely leaks**: closing score (ROC AUC {m.leaky_.iloc[0]:.3f} on its own), "
                           f"account status (ROC AUC {m.leaky_.iloc[1]:.3f} on its own). A column that alone tells ")
    assert leak in repr(rep.headline()) and m.cv_results_["roc_auc_mean"].max() < 0.9
    notes = words.features_sentence(EN, m)
    assert notes == ("Left out because every customer has the same value: country. Grouped as \"less common levels\" "
                     "(each held by fewer than 30 customers, or beyond the 10 most common): state (41 levels).")
    assert f"{leak} {notes}" == rep.model_quality()[1].text
    drivers = rep.drivers()
    table_text = drivers[4].text
    assert "State: AK (vs less common levels): not estimable" in table_text and "S0" in table_text
    ak = [line for line in table_text.splitlines() if "AK" in line][0]
    assert ak.split()[-4:] == ["NaN"] * 4                    # no number shown for it (the HTML writes a dash)
    assert "–" in drivers[4].markup.split("AK")[1].split("</tr>")[0]
    assert drivers[-1].text == ("Not estimable, so shown without numbers: State: AK (vs less common levels) (too "
                                "few leavers, or too few stayers, to pin the effect down).")
    assert "AK" not in words.drivers_sentence(EN, rep.importance, rep.odds)


def test_the_first_600_telco_rows_give_hazard_ratios_and_name_the_term_left_out(telco, tmp_path):
    """The first 600 rows of Telco saved as a file and read as the notebook reads it (target churn, duration tenure,
    the notebook's defaults): the Cox model raised LinAlgError: Singular matrix (its covariates hold a "No internet
    service" dummy equal to internet service "No") and the whole report failed."""
    from insight.report import sources

    path = tmp_path / "telco600.csv"
    telco.head(600).to_csv(path, index=False)
    rep = words.churn_report(sources.churn_source(str(path), target_col="churn", duration_col="tenure"))
    shown = rep.hazards()
    assert shown[0].text.startswith("[chart] The proportional-hazards assumption")
    assert "Contract: Two year (vs Month-to-month)" in shown[1].text
    assert shown[-1].text == ("Left out because every customer has the same value or other terms already carry it: "
                              "Internet service: No (vs DSL).")
    none = dataclasses.replace(rep, importance=rep.importance.loc[["tenure", "total_charges"]])
    assert none.hazards()[0].text == (
        "**Hazard ratios (Cox model) cannot be estimated on these data**: every feature is the time with the company "
        "(tenure) or follows it closely, so no other characteristic is left to compare.")


def test_sections_that_cannot_be_estimated_say_the_real_reason_and_the_rest_renders():
    """One negative time with the company: the retention curves, the Cox model and the subscriber model cannot be
    fitted, and each says why (it used to be "needs a duration column and a value column", both given); the model,
    its drivers and the offers still render."""
    src = _telco_head()
    src.table.loc[5, "tenure"] = -1
    rep = words.churn_report(src, n_splits=3, model="logistic")
    reason = "column 'tenure': 1 of 600 rows are missing, not numbers or negative; e.g. -1."
    assert rep.retention_curves()[0].text == ("**Retention over time cannot be estimated on these data**: " + reason)
    assert rep.hazards()[0].text == "**Hazard ratios (Cox model) cannot be estimated on these data**: " + reason
    worth = rep.subscriber_value()[0].text
    assert worth.startswith("**What a subscriber is worth cannot be estimated on these data**: parameter "
                            "'durations': 1 values are missing or negative")
    assert rep.lifetime is None and "needs" not in worth
    assert rep.offers()[0].text.startswith("Contact the ") and rep.drivers()[0].text.startswith("The model relies")
    assert rep.how_many()[0].text.startswith("**24.7%** of customers have left (148 of 600)")
    # a discount rate of 0, which the report accepts, once made the subscriber model refuse: within the horizon it
    # values them, undiscounted
    free = words.churn_report(_telco_head(), n_splits=3, model="logistic", discount_rate=0.0)
    assert free.lifetime is not None and free.lifetime_failure() == ""


def test_a_many_level_group_and_columns_that_are_no_features_read_right():
    """A churn export with a 50-level state as the group, a cancellation date and a customer code: the report once
    failed on the date ("dates cannot be features"), and with the date dropped listed 42 retention curves, each
    'not reached', in its box."""
    from insight.report import sources

    rng = np.random.default_rng(3)
    n, states = 2000, [f"S{i:02d}" for i in range(50)]
    calls = rng.poisson(1.5, n)
    left = rng.random(n) < 1 / (1 + np.exp(-(-2.0 + 0.4 * calls)))
    table = pd.DataFrame({"code": [f"K-{i:05d}" for i in range(n)], "state": rng.choice(states, n),
                          "months": rng.integers(1, 72, n), "calls": calls,
                          "cancelled_on": pd.to_datetime(np.where(left, "2024-05-01", "NaT")),
                          "churn": np.where(left, "Yes", "No")})
    src = sources.ChurnSource("telecom", table, "churn", "Yes", None, "months", "state", None)
    rep = words.churn_report(src, n_splits=3, model="logistic")
    assert rep.model.unusable_.to_dict() == {"code": "identifier", "cancelled_on": "date"}
    assert words.features_sentence(EN, rep.model).startswith(
        "Left out because they cannot be features as they are: code (an identifier: a different value on most rows), "
        "cancelled on (a date: a duration made from it could be one).")
    # the groups are the model's: the 10 most common states and the less common ones together
    counts = table["state"].value_counts()
    assert len(rep.curves) == 11 and "less common levels" in rep._survival_sentence()
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]          # ties in sorted order
    assert set(rep.curves) - {"__other__"} == {level for level, k in top if k >= 30}
    assert rep._survival_sentence().count(";") <= 10
