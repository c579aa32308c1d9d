"""The feedback report beyond the text (issue 27, items 3-5): sentiment per theme from a rating or the bundled
labelled comments, and, where comments name their writers, the themes' cost in customers, their value and whom to
tell once a theme is fixed; checked against the demo company's truth, figures computed by hand and constructed
files of the shapes people export (odd headers, N/A codes, word ratings, missing and unknown ids, numeric ids)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from insight.models import text as tx
from insight.report import run as report_run
from insight.report.sections import feedback_report
from insight.report.sources import feedback_source

ROOT = Path(__file__).resolve().parents[3]
N = 5000      # the report's default


@pytest.fixture(scope="module")
def demo():
    return feedback_report(feedback_source("demo", demo_customers=N), seed=0)


def test_demo_themes_are_linked_to_who_leaves_as_the_truth_says(demo):
    from insight.data.simulate import demo_company

    company = demo_company(N, seed=0)
    c = company.comments
    f = demo.figures
    assert (f.linked, f.no_id, f.unknown) == (len(c), 0, 0) and f.link.churn_basis == "observed"
    # the costs are theme_churn's on the churn report's flags, recomputed here
    churned = company.customers.set_index("customer_id")["churned"].astype(bool)
    by_hand = tx.theme_churn(tx.comment_themes(demo.themes), c["customer_id"], churned, value=f.link.value)
    pd.testing.assert_frame_equal(f.costs.table, by_hand.table)
    # the costliest theme found (unguided) is written by the planted writers, most of them about a faulty product
    top = f.costs.table.index[0]
    members = c.loc[(demo.themes.documents["theme"] == top).to_numpy(), "true_theme"].astype(str)
    assert members.isin(["faulty product", "late delivery, no answer"]).mean() >= 0.95         # measured 1.00
    assert (members == "faulty product").mean() >= 0.75 and f.costs.table.loc[top, "cost_low"] > 0   # 0.82
    head = repr(demo.headline())
    assert f"**{demo.labels()[top]}** costs the most customers" in head
    assert f"tell the {len(f.contacts.table):,} customers" in head
    assert "Simulated data" in demo.headline()._repr_html_()


def test_contact_list_is_the_writers_still_customers_who_did_not_opt_out(demo):
    f = demo.figures
    c = demo.source.table
    top = f.contacts.theme
    writers = c.loc[(demo.themes.documents["theme"] == top).to_numpy()]
    opted = set(writers.loc[writers["opt_out"], "customer_id"])
    alive = f.link.p_alive
    expected = {i for i in writers["customer_id"] if i not in opted and alive[i] >= 0.5}
    assert set(f.contacts.table.index) == expected and f.contacts.n_opted_out == len(opted)
    assert f.contacts.n_left == len(set(writers["customer_id"]) - opted - expected)
    t = f.contacts.table
    assert t["expected"].to_numpy() == pytest.approx((f.link.value[t.index] * alive[t.index]).to_numpy())
    assert t["expected"].is_monotonic_decreasing
    html = "".join(x._repr_html_() for x in demo.contacts_view())
    assert "contact_when_fixed.csv" in html and "C00" not in html       # ids pseudonymized on the page


def test_values_and_sentiment_per_theme(demo):
    f = demo.figures
    assert f.values["value"].sum() == pytest.approx(
        sum(f.link.value[list(set(demo.source.table.loc[(demo.themes.documents["theme"] == t).to_numpy(),
                                                          "customer_id"]))].sum() for t in f.values.index))
    assert f.values["value"].is_monotonic_decreasing
    assert f.sentiment.trained_on == "airline_tweets" and f.by_theme is not None
    # the planted complaint themes read more negative than the wish list, by the bundled English model
    truth = demo.source.table["true_theme"].astype(str)
    scores = f.sentiment.scores
    assert scores[truth == "faulty product"].mean() < scores[truth == "wish list"].mean()


def test_bundled_text_without_customers_says_what_is_missing():
    r = feedback_report(feedback_source("airline_tweets"), max_comments=600, seed=0)
    f = r.figures
    assert f.link is None and f.sentiment.trained_on == "own" and f.sentiment.n_labelled > 400
    for view in (r.costs_view, r.contacts_view, r.values_view):
        html = "".join(x._repr_html_() for x in view())
        assert "insight-not-covered" in html and "parameter customer_col" in html


def _comments_file(tmp_path: Path, n: int = 240, seed: int = 0) -> Path:
    """Comments as a shop exports them: odd headers, star ratings with N/A codes, ids as numbers, some without an
    id, one of a customer the shop's table does not know; customer 1000 + i wrote row i (late deliveries on even
    rows, praise of the quality on odd rows)."""
    rng = np.random.default_rng(seed)
    late = ["parcel arrived late again", "delivery was late and slow", "late delivery, no tracking"]
    good = ["great quality fabric", "quality is excellent, well made", "lovely quality, sturdy"]
    rows = []
    for i in range(n):
        bad = i % 2 == 0
        text = late[rng.integers(3)] if bad else good[rng.integers(3)]
        stars = str(rng.choice([1, 2]) if bad else rng.choice([4, 5]))
        rows.append({"Comment Text": text, "Star Rating ": stars, "Cust No": 1000 + i,
                     "Do not contact": "yes" if i % 10 == 0 else "no"})
    df = pd.DataFrame(rows)
    df.loc[[3, 7], "Star Rating "] = ["N/A", "-"]
    df.loc[[5, 9, 11], "Cust No"] = np.nan                      # three comments without an id
    df.loc[[13], "Cust No"] = 99999                             # a customer the table does not know
    path = tmp_path / "comments.csv"
    df.to_csv(path, index=False)
    return path


def _customers(n: int = 240) -> pd.DataFrame:
    """The shop's customers 1000..1239: the late-delivery writers (even) mostly left, the others mostly stayed;
    every seventh asked not to be contacted."""
    i = np.arange(n)
    left = np.where(i % 2 == 0, i % 10 < 7, i % 10 < 2)
    return pd.DataFrame({"customer": (1000 + i).astype(str), "left": np.where(left, "Yes", "No"),
                         "yearly": np.round(50 + (i % 7) * 10.0, 2), "no mail": np.where(i % 7 == 0, "Y", "N")})


def _customers_spec(tmp_path: Path) -> Path:
    _customers().to_csv(tmp_path / "customers.csv", index=False)
    spec = tmp_path / "customers.yaml"
    spec.write_text("kind: customers\nname: shop customers\ntables:\n  data:\n    path: customers.csv\ncolumns:\n"
                    "  customer_id: customer\n  churn: left\n  value: yearly\n  opt_out: no mail\n"
                    "value_period: year\n", encoding="utf-8")
    return spec


def test_own_comments_with_ratings_and_a_customer_table(tmp_path):
    src = feedback_source(str(_comments_file(tmp_path)), text_col="Comment Text", rating_col="Star Rating",
                          customer_col="Cust No", opt_out_col="Do not contact", customers=str(_customers_spec(tmp_path)))
    r = feedback_report(src, n_themes=2, seed=0)
    f = r.figures
    # 2 N/A codes are no rating: 238 labelled; late comments (1-2 stars) negative, quality ones (4-5) positive
    assert f.sentiment.trained_on == "own" and f.sentiment.n_labelled == 238 and f.sentiment.auc > 0.95
    assert (f.rating_na, f.rating_middle, f.rating_blank) == (2, 0, 0)
    assert (f.linked, f.no_id, f.unknown) == (236, 3, 1)
    low = f.by_theme["difference"].idxmin()
    assert "late" in r.labels()[low]
    customers = _customers().set_index("customer")
    churned = customers["left"].eq("Yes")
    assert f.costs.n_customers == 240 and f.costs.churn_rate == pytest.approx(churned.mean())
    assert f.link.value_basis == "value" and f.costs.table.index[0] == low      # the late theme costs the most
    # whom to tell: the late theme's linked writers still customers, asking for mail in neither file
    table = pd.read_csv(tmp_path / "comments.csv")
    mine = (table.index % 2 == 0) & table["Cust No"].notna() & (table["Cust No"] != 99999)
    late = table[mine.to_numpy() & (r.themes.documents["theme"] == low).to_numpy()]
    ids = late["Cust No"].astype(int).astype(str)
    willing = (customers.loc[ids, "no mail"] == "N").to_numpy() & (late["Do not contact"] == "no").to_numpy()
    stay = ~churned[ids].to_numpy() & willing
    assert set(f.contacts.table.index) == set(ids[stay]) and len(f.contacts.table) > 0
    assert (f.contacts.n_opted_out, f.contacts.n_left) == (int((~willing).sum()), int((willing & ~stay).sum()))
    html = "".join(x._repr_html_() for x in r.contacts_view())
    assert "have left and" in html and "P(alive)" not in html


@pytest.mark.notebook
def test_feedback_notebook_renders_own_comments_linked_to_a_purchase_log(tmp_path):
    """Comments naming CDNOW customers (a purchase log: P(alive) and expected value by the purchase models)."""
    from insight.data.datasets import load_cdnow

    ids = load_cdnow(sample=True)["sample_id"].drop_duplicates().to_numpy()[:400]
    rng = np.random.default_rng(3)
    words = {"late": "my cd order arrived late, slow shipping", "price": "prices are too high, cheaper elsewhere",
             "wish": "I wish you sold vinyl records and box sets"}
    pick = rng.choice(list(words), size=len(ids))
    comments = pd.DataFrame({"customer": ids, "comment": [words[p] for p in pick], "opt_out": rng.random(len(ids)) < 0.1})
    path = tmp_path / "cd comments.csv"
    comments.to_csv(path, index=False)
    r = report_run.render(ROOT / "notebooks" / "feedback.ipynb", tmp_path / "out",
                          {"data": str(path), "text_col": "comment", "customer_col": "customer",
                           "customers": "cdnow_sample", "opt_out_col": "opt_out", "n_themes": 3})
    assert r.ok, r.error
    html = Path(r.html).read_text()
    assert "have probably left (P(alive) below 50% by the purchase model)" in html
    assert "Whose themes are worth the most" in html and "expected value over the next 52 weeks" in html
    assert "Traceback" not in html and "Warning" not in html


def test_survival_curves_of_the_costliest_themes(demo):
    f = demo.figures
    top = list(f.costs.table.index[:3])
    curves = f.survival
    assert len(curves) == 4
    members = f.costs.features[top].astype(bool)
    for t in top:
        assert curves[str(t)].n == int(members[t].sum()) == int(f.costs.table.loc[t, "customers"])
        assert curves[str(t)].median < curves["\x00others"].median          # the costly themes' writers leave sooner
    assert curves["\x00others"].n == int((~members.any(axis=1)).sum())
    html = "".join(x._repr_html_() for x in demo.costs_view())
    assert html.count("<img") == 2 and "the writers of the three themes that cost the most" in html


def test_ids_stay_pseudonymized_in_the_notebooks_text_output_too():
    from insight.report import display as show

    t = pd.DataFrame({"value": [1.0, 2.0]}, index=pd.Index(["C000001", "C000002"], name="customer"))
    out = show.table(t, ids=True)
    assert "C000001" not in out._repr_html_() and "C000001" not in repr(out) and "cust_" in repr(out)
    assert "C000001" in repr(show.table(t))                              # a table without ids shows its index


def test_an_opt_out_column_that_asks_for_consent_is_refused(tmp_path):
    path = tmp_path / "reviews.csv"
    pd.DataFrame({"Review": ["late parcel"] * 60, "Customer": range(60),
                  "May we contact you?": ["Yes", "No"] * 30}).to_csv(path, index=False)
    with pytest.raises(Exception, match="'May we contact you\\?' reads as consent"):
        feedback_source(str(path), text_col="Review", opt_out_col="May we contact you?")
    with pytest.raises(Exception, match="'Review'.*yes/no"):
        feedback_source(str(path), text_col="Review", opt_out_col="Review")       # checked before any fitting
