"""The satisfaction report on surveys as people export them (issue 26, item 3), each read by its data specification
alone: a passenger survey (a word outcome, 14 touchpoint ratings 0-5 with 0 for "not applicable"), the same with a
0/1 outcome, a reviews file (one rating and a text) and an HR survey with word scales and one driver. Every figure
asserted is computed again from the constructed file with pandas, numpy or scipy."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import insight.report.sections.satisfaction as ss
from insight.report.sources import survey_source
from insight.style import Style
from surveys import (PASSENGER_RATINGS, hr_spec, hr_survey, passenger_spec, passenger_survey, reviews,
                     reviews_spec)

ST = Style()
NB = Path(__file__).resolve().parents[3] / "insight" / "notebooks" / "satisfaction.ipynb"
SAME = "every complete answer is the same"


def _test_run():
    """tests/report/test_run.py, for its check of warnings, source paths and tracebacks in a page (``leaks``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_test_run", Path(__file__).resolve().parents[1] / "test_run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def pct1(x: float) -> str:
    return f"{100 * x:.1f}%"


def test_a_word_outcome_is_a_share_satisfied_with_the_drivers_of_that_share_and_its_touchpoints(tmp_path):
    raw = passenger_survey()
    src = survey_source(str(passenger_spec(tmp_path, raw)))
    assert src.scale == (1, 2) and src.scales["Inflight wifi service"] == (1, 5) and src.driver_cols == \
        PASSENGER_RATINGS and len(src.touchpoints) == 14
    report = ss.satisfaction_report(src)
    k = int((raw["satisfaction"] == "satisfied").sum())
    lo, hi = wilson(k, 600)
    assert (k, pct1(k / 600), pct1(lo), pct1(hi)) == (281, "46.8%", "42.9%", "50.8%")
    # "46.8% satisfied", not "1.47 on a 1-2 scale" nor "2.34 on a 0-5 scale"
    assert report.score_text == "**46.8% satisfied** (95% interval 42.9% to 50.8%; 600 answers to 'satisfaction')."
    assert report.scores.loc["satisfaction: share answering 'satisfied'"].tolist() == ["46.8%", "42.9% to 50.8%"]
    head = repr(report.headline())
    assert "- **46.8% satisfied**" in head and "on a 1-2 scale" not in head and "0-5" not in head and SAME not in head
    # groups: the share per class, tested by chi-square
    chi = stats.chi2_contingency(pd.crosstab(raw["Class"], raw["satisfaction"]))
    sentence, table = report.groups()
    assert repr(sentence) == f"Share giving the top answer: chi-square p = {chi.pvalue:.2f} (no clear difference)."
    business = (raw.loc[raw["Class"] == "Business", "satisfaction"] == "satisfied").mean()
    assert "<th>Share satisfied</th>" in table.markup and f">{100 * business:.0f}%<" in table.markup
    # the drivers of the share: the linear probability model's R², shared out, on the 453 complete answers
    ok = (raw[PASSENGER_RATINGS] > 0).all(axis=1)
    X = np.column_stack([np.ones(int(ok.sum())), raw.loc[ok, PASSENGER_RATINGS].to_numpy(float)])
    y = (raw.loc[ok, "satisfaction"] == "satisfied").to_numpy(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    r2 = 1 - ((y - X @ beta) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    words, _chart, coefficients = report.driver_view()
    assert repr(words).startswith(f"The drivers explain R² = {r2:.2f} of the variation in satisfaction (453 "
                                 "respondents). Most important: Online boarding (")
    assert "<th>Change in the share per point</th>" in coefficients.markup and "Logistic odds ratio" in \
        coefficients.markup and "OLS" not in coefficients.markup
    # a share has no scale use to remove: said, not computed
    assert report.adjustments is None and "data-section='Does scale usage change the ranking?'" in str(
        report.scale_use()[0])
    # the touchpoints, declared with their stage, each without its "not applicable" answers
    figure = report.touchpoint_view()[0]
    tp = report.touchpoints.table
    rated = raw.loc[raw["Inflight wifi service"] > 0, "Inflight wifi service"]
    assert tp.loc["Inflight wifi service", "answers"] == len(rated) == 557
    assert tp.loc["Inflight wifi service", "mean"] == pytest.approx(rated.mean())
    board = raw.loc[raw["Online boarding"] > 0, "Online boarding"].mean()
    assert "Focus on 'Online boarding' (pre-purchase)" in str(figure) and f"scores {board:.2f}," in str(figure)
    assert report.touchpoints.stages["touchpoints"].tolist() == [5, 8, 1]


def test_a_zero_one_outcome_is_a_share_too(tmp_path):
    raw = passenger_survey()
    raw["satisfied"] = (raw.pop("satisfaction") == "satisfied").astype(int)
    raw.to_csv(tmp_path / "flags.csv", index=False)
    drivers = ["Online boarding", "Inflight wifi service", "Seat comfort"]
    (tmp_path / "flags.yaml").write_text(
        "kind: survey\ntables: flags.csv\ncolumns: {overall: satisfied, drivers: [" + ", ".join(drivers) + "]}\n"
        "scales:\n" + "".join(f"  {c}: {{range: 1-5, na: [0]}}\n" for c in drivers))
    src = survey_source(str(tmp_path / "flags.yaml"))
    assert src.scale == (0, 1)             # no scale given: answers 0 and 1 only are a yes/no outcome
    report = ss.satisfaction_report(src)
    lo, hi = wilson(281, 600)
    assert report.score_text == (f"**46.8%** gave the top answer (1) to 'satisfied' (95% interval {pct1(lo)} to "
                                 f"{pct1(hi)}; 600 answers).")
    ok = (raw[drivers] > 0).all(axis=1)
    assert report.drivers.n == int(ok.sum()) and report.drivers.ranking()[0] == "Online boarding"


def test_a_reviews_file_is_reported_on_its_one_rating(tmp_path):
    raw = reviews()
    src = survey_source(str(reviews_spec(tmp_path, raw)))
    assert src.driver_cols == [] and src.text_col == "review_text"
    assert src.surveys["review_text"].tolist() == raw["review_text"].tolist()     # kept for the text analyses
    report = ss.satisfaction_report(src)
    r = raw["rating"]
    half = stats.t.ppf(0.975, len(r) - 1) * r.std() / np.sqrt(len(r))
    assert report.score_text == (f"Overall satisfaction (rating) averages **{r.mean():.2f}** on a 1-5 scale (95% "
                                 f"interval {r.mean() - half:.2f} to {r.mean() + half:.2f}); "
                                 f"{100 * (r >= 4).mean():.0f}% give one of the top two answers.")
    assert report.score_text.startswith("Overall satisfaction (rating) averages **3.78** on a 1-5 scale")
    # distribution, groups and trend; what a driver analysis needs is said plainly
    assert "over the 1-5 scale" in str(report.score_view()[-1])
    sentence = report.groups()[0]
    kw = stats.kruskal(*[g for _, g in r.groupby(raw["product_category"])])
    assert repr(sentence) == f"CSAT: Kruskal-Wallis p = {kw.pvalue:.2f} (no clear difference)."
    quarters = report.quarters
    by_hand = pd.to_datetime(raw["review_date"]).dt.to_period("Q").value_counts().sort_index()
    assert quarters["n"].tolist() == by_hand.tolist() and len(quarters) == 8 and quarters["complete"].all()
    assert quarters["csat"].tolist() == pytest.approx(r.groupby(pd.to_datetime(raw["review_date"]).dt.to_period(
        "Q")).mean().tolist())
    needs = str(report.driver_view()[0])
    assert "data-section='What drives satisfaction'" in needs and "these data have none" in needs
    assert report.drivers is None and report.priorities() == [] and "insight-omit" in str(report.scale_use()[0])
    assert SAME not in repr(report.headline())


def test_an_hr_survey_with_one_driver_says_what_driver_analysis_needs(tmp_path):
    raw = hr_survey()
    src = survey_source(str(hr_spec(tmp_path, raw)))
    report = ss.satisfaction_report(src)
    job = raw["JobSatisfaction"].map({"Low": 1, "Medium": 2, "High": 3, "Very_High": 4})
    assert report.score_text.startswith(f"JobSatisfaction averages **{job.mean():.2f}** on a 1-4 scale")
    needs = str(report.driver_view()[0])
    assert "these data have one, EnvironmentSatisfaction" in needs and SAME not in needs
    assert SAME not in repr(report.headline())
    groups, trend = report.groups(), report.trend()
    assert "insight-not-covered" not in str(groups) + str(trend) and len(report.quarters) == 8
    assert report.quarters["n"].sum() == 300
    # with the second driver (its "N/A" answers missing), the analysis runs on the 295 complete answers
    two = ss.satisfaction_report(survey_source(str(hr_spec(tmp_path, raw, drivers=(
        "EnvironmentSatisfaction", "WorkLifeBalance")))))
    assert two.drivers.n == 300 - int((raw["WorkLifeBalance"] == "N/A").sum()) == 295
    assert two.adjustments is not None and "insight-not-covered" not in str(two.scale_use())


# --------------------------------------------------------------------------- the notebook, by specification alone
CASES = {
    "passengers": (passenger_spec, ["46.8% satisfied", "Focus on 'Online boarding' (pre-purchase)",
                                    "Share satisfied", "Change in the share per point"],
                   ["Scores over time", "Does scale usage change the ranking?"]),
    "reviews": (reviews_spec, ["Overall satisfaction (rating) averages 3.78 on a 1-5 scale", "Kruskal-Wallis",
                               "changed beyond noise between 2024Q3 and 2024Q4"],
                ["What drives satisfaction", "Touchpoints"]),
    "hr": (hr_spec, ["JobSatisfaction averages", "Department"], ["What drives satisfaction", "Touchpoints"]),
}


@pytest.mark.notebook
@pytest.mark.parametrize("kind", list(CASES))
def test_the_notebook_reads_each_survey_by_its_specification_alone(kind, tmp_path):
    from bs4 import BeautifulSoup
    from leftovers import leftovers

    from insight.report import run as report

    leaks = _test_run().leaks

    make, shown, not_covered = CASES[kind]
    r = report.render(NB, tmp_path / "out", {"data": str(make(tmp_path))})
    assert r.ok, r.error
    html = Path(r.html).read_text()
    text = re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))
    assert leftovers(html) == {} and leaks(html) == []
    for words in shown:
        assert words in text, words
    missing = html.split("Not covered by these data</h2>")[1].split("</ul>")[0]
    for section in not_covered:
        assert section in missing and f">{section}</h2>" not in html
    assert SAME not in text and "not covered although" not in text
    if kind != "passengers":
        assert "What drives satisfaction : needs at least two aspects rated beside the overall score" in text


def test_orders_for_the_four_levels_by_roles(tmp_path):
    """An orders export with its own headers (issue 26, item 4): the orders file once needed the columns
    order_id, promised_date, delivered_date, extra; a delivery at 15:00 on the promised day is on time."""
    import insight.models.satisfaction as sat
    from insight.report.sources import survey_source

    orders = pd.DataFrame({"Order No": ["A1", "A2", "A3", "A4", "A5"], "Client": ["c1", "c2", "c3", "c4", "c5"],
                           "Ordered": ["2024-03-01"] * 5,
                           "Promised by": ["2024-03-10"] * 5,
                           "Delivered at": ["2024-03-10 15:00", "2024-03-12 09:00", "2024-03-07 10:00",
                                            "2024-03-10 08:00", ""],
                           "Free gift": ["no", "no", "no", "yes", "no"]})
    orders.to_csv(tmp_path / "orders.csv", index=False)
    (tmp_path / "orders.yaml").write_text(
        "kind: orders\ntables:\n  o: {path: orders.csv}\ncolumns: {order_id: Order No, customer_id: Client, "
        "order_date: Ordered, promised: Promised by, delivered: Delivered at, extra: Free gift}\n")
    spec = reviews_spec(tmp_path, reviews())
    src = survey_source(str(spec), orders_path=str(tmp_path / "orders.yaml"))
    assert list(src.orders["order_id"]) == ["A1", "A2", "A3", "A4", "A5"]
    levels = sat.satisfaction_levels(src.orders).astype(object).tolist()
    assert levels[:4] == ["meet", "below expectations", "exceed", "delight"] and pd.isna(levels[4])
