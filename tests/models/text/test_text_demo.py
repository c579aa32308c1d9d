"""Themes linked to who leaves, checked against the demo company's planted comments (issue 27, item 4)."""

import numpy as np
import pandas as pd
import pytest

from insight.data.simulate import COMMENT_THEMES, DemoCompany, demo_company
from insight.exceptions import DataValidationError
from insight.models.text import (
    ThemeChurn,
    comment_themes,
    find_themes,
    theme_churn,
    theme_features,
)
from insight.report.sources import churn_source

N, SEED = 3000, 0
DETRACTOR = COMMENT_THEMES[0]
#: at most 10 seed words per theme, in each language
SEEDS = {
    "en": {DETRACTOR: ["late", "answer", "replied", "waiting", "responded", "ignored", "complaint", "ticket",
                       "unanswered", "parcel"],
           "prices and discounts": ["price", "discount", "coupon", "deals", "cheaper", "sale"],
           "app and website": ["app", "website", "site", "search", "checkout", "crashing"],
           "product quality": ["quality", "broke", "material", "fabric", "sturdy", "photos"],
           "wish list": ["wish", "would love", "add", "offer", "sold", "hope"]},
    "fa": {DETRACTOR: ["دیر", "تاخیر", "جواب", "پاسخ", "رسیدگی", "منتظر", "شکایت", "تیکت"],
           "prices and discounts": ["قیمت", "تخفیف", "ارزان", "گران", "حراج"],
           "app and website": ["اپلیکیشن", "سایت", "برنامه", "جستجو"],
           "product quality": ["کیفیت", "جنس", "خراب", "پارچه", "عکس", "محکم"],
           "wish list": ["کاش", "اضافه", "ارائه", "امیدوارم", "خوب می‌شد"]},
}


@pytest.fixture(scope="module")
def company():
    return demo_company(N, seed=SEED)


@pytest.fixture(scope="module")
def labels(company):
    """One found theme per comment: guided themes per language, named by their seeds."""
    c = company.comments
    out = []
    for lang, group in c.groupby("language"):
        th = find_themes(group, "text", language=lang, seeds=SEEDS[lang], min_documents=20)
        out.append(comment_themes(th))
    return pd.concat(out).reindex(c.index)


@pytest.fixture(scope="module")
def linked(company, labels):
    churned = company.customers.set_index("customer_id")["churned"]
    return theme_churn(labels, company.comments["customer_id"], churned)


def test_comments_are_planted_from_the_truth(company):
    c = company.comments
    assert list(c.columns) == ["customer_id", "date", "language", "text", "true_theme"]
    assert "comments" not in company.tables()
    assert set(c["true_theme"].unique()) == set(COMMENT_THEMES) and c["customer_id"].is_unique
    assert set(c["language"]) == {"en", "fa"} and 0.2 < (c["language"] == "fa").mean() < 0.4
    assert c["text"][c["language"] == "fa"].str.contains("[\u0600-\u06FF]").all()
    assert c["date"].between(company.start, company.end).all()
    # the detractor theme is written by customers whose late-delivery complaint was handled slowly or not at all
    tk = company.tickets.set_index("customer_id")
    fast = tk["resolved"] & (tk["hours_to_resolution"] <= company.effects["fast_resolution_hours"])
    truth = set(tk.index[(tk["category"] == "delivery") & ~fast])
    writers = set(c.loc[c["true_theme"] == DETRACTOR, "customer_id"])
    assert writers <= truth and len(writers) >= 0.8 * len(truth)
    # none writes before signing up or after leaving
    cust = company.customers.set_index("customer_id").reindex(c["customer_id"])
    assert (c["date"].to_numpy() >= cust["signup_date"].to_numpy()).all()
    assert not (c["date"].to_numpy() > cust["dropout_date"].to_numpy()).any()


def test_same_seed_same_comments_and_default():
    a, b = demo_company(300, seed=3), demo_company(300, seed=3)
    pd.testing.assert_frame_equal(a.comments, b.comments)
    bare = DemoCompany(*[getattr(a, k) for k in ("customers", "visits", "transactions", "orders", "tickets",
                                                 "surveys", "start", "end", "seed")])
    assert bare.comments.empty and list(bare.comments.columns) == list(a.comments.columns)


def test_detractor_theme_costs_the_most_customers(linked):
    t = linked.table
    print("\n" + t[["customers", "churn_rate", "rest_rate", "cost_customers", "cost_low", "cost_high"]]
          .round(3).to_string())
    assert t.index[0] == DETRACTOR
    assert t["cost_customers"].is_monotonic_decreasing
    row = t.loc[DETRACTOR]
    assert row["churn_rate"] > row["rest_rate"] and row["diff_low"] > 0        # leaves more, clearly
    assert row["cost_low"] <= row["cost_customers"] <= row["cost_high"]
    assert t.loc["wish list", "cost_customers"] < 0                             # engaged customers stay
    assert linked.n_customers == N and linked.n_commenters == linked.features.any(axis=1).sum()


def test_recall_of_the_detractor_customers(company, labels):
    c = company.comments
    true = set(c.loc[c["true_theme"] == DETRACTOR, "customer_id"])
    found = set(c.loc[labels == DETRACTOR, "customer_id"])
    recall, precision = len(true & found) / len(true), len(true & found) / len(found)
    print(f"\nrecall {recall:.3f}, precision {precision:.3f} ({len(true)} planted)")
    assert recall >= 0.9 and precision >= 0.8


def test_theme_features_are_one_column_per_theme_for_a_churn_table(company, labels):
    """0/1 theme columns aligned with the churn table's customers (a customer without a comment has zeros). On the
    demo company they do not raise the churn model's AUC: the detractor theme's effect is already in the table's
    complaint column, and the simulator plants nothing in the comments that depends on who later leaves."""
    table = churn_source("demo", demo_customers=N, seed=SEED).table
    features = theme_features(labels, company.comments["customer_id"], table["customer_id"])
    assert features.shape == (N, len(COMMENT_THEMES)) and set(np.unique(features)) <= {0, 1}
    assert features.index.equals(pd.Index(table["customer_id"]))
    writers = set(company.comments["customer_id"])
    silent = ~table["customer_id"].isin(writers).to_numpy()
    assert (features.to_numpy()[silent] == 0).all() and features.to_numpy()[~silent].sum(axis=1).min() >= 1


def test_theme_churn_figures_by_hand():
    churned = pd.Series([True, True, False, False, True, False, False, False], index=list("abcdefgh"))
    ids = pd.Series(["a", "b", "c", "e", "a", "z"])
    labels = pd.Series(["late", "late", "late", "price", "price", np.nan])
    r = theme_churn(labels, ids, churned, value=pd.Series(10.0, index=churned.index))
    # price: 2 customers, both left, against 1 of the other 6: costs 2 x (1 - 1/6) = 1.67 > late's 1.4
    assert isinstance(r, ThemeChurn) and list(r.table.index) == ["price", "late"]
    late = r.table.loc["late"]
    assert late["customers"] == 3 and late["churned"] == 2 and late["rest_customers"] == 5
    assert late["churn_rate"] == pytest.approx(2 / 3) and late["rest_rate"] == pytest.approx(1 / 5)
    assert late["cost_customers"] == pytest.approx(3 * (2 / 3 - 1 / 5))
    assert late["value"] == 30 and late["cost_value"] == pytest.approx(late["cost_customers"] * 10)
    assert late["low"] < 2 / 3 < late["high"] and late["diff_low"] < late["difference"] < late["diff_high"]
    price = r.table.loc["price"]
    assert price["customers"] == 2 and price["churn_rate"] == 1.0   # a (via its second comment) and e
    f = r.features
    assert f.loc["a"].tolist() == [1, 1] and f.loc["h"].tolist() == [0, 0] and len(f) == 8


def test_inputs_are_validated():
    churned = pd.Series([True, False], index=["a", "b"])
    with pytest.raises(DataValidationError, match="'themes'.*Themes"):
        theme_churn(["x", "y"], ["a", "b"], churned)
    with pytest.raises(DataValidationError, match="'customer_ids': 1 ids for 2 comments"):
        theme_churn(pd.Series(["x", "y"]), ["a"], churned)
    with pytest.raises(DataValidationError, match="'customer_ids': none of the 2"):
        theme_churn(pd.Series(["x", "y"]), ["q", "r"], churned)
    with pytest.raises(DataValidationError, match="'churned': 1 of 2 values.*'maybe'"):
        theme_churn(pd.Series(["x", "y"]), ["a", "b"], pd.Series([True, "maybe"], index=["a", "b"]))
    with pytest.raises(DataValidationError, match="'churned' must be a Series"):
        theme_churn(pd.Series(["x", "y"]), ["a", "b"], [True, False])
    with pytest.raises(DataValidationError, match="'value': 1 of 2 customers"):
        theme_churn(pd.Series(["x", "y"]), ["a", "b"], churned, value=pd.Series([1.0], index=["a"]))
    with pytest.raises(DataValidationError, match="'customers': 1 ids appear more than once.*'a'"):
        theme_features(pd.Series(["x", "y"]), ["a", "b"], ["a", "a"])
