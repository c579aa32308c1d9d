"""The satisfaction report writes its results' words from the catalog: sentences on the Yellow Pages survey and on
hand-made results, category names, plot words and the report's parameters."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import insight.models.satisfaction as sat
import insight.plots as ip
import insight.report.sections.satisfaction as ss
from insight.report import display as show
from insight.report.sources import survey_source
from insight.style import Style

ST = Style()


@pytest.fixture(scope="module")
def yellow():
    src = survey_source("yellow_pages")
    kd = sat.key_drivers(src.surveys, src.overall_col, src.driver_cols, scale=src.scale, labels=src.labels)
    return src, kd


def test_scores_in_words(yellow):
    src, _ = yellow
    table, text = ss.score_table(ST, src.surveys, src.overall_col, src.scale, labels=src.labels)
    assert text == ("Overall satisfaction averages **6.07** on a 1-10 scale (95% interval 5.95 to 6.18); 17% give one "
                    "of the top two answers.")
    assert table.loc["Overall satisfaction: mean (scale 1-10)"].tolist() == ["6.07", "5.95 to 6.18"]
    assert table.loc["Overall satisfaction: share in the top two answers"].tolist() == ["17%", "15% to 19%"]
    assert list(table.columns) == ["Estimate", "95% interval"] and table.index.name == "Score"
    # a label that does not say "satisfaction" is named as the overall score; NPS and buy-again add their rows
    df = pd.DataFrame({"overall": [1, 2, 5, 5], "rec": [10, 9, 3, 7], "again": [True, False, True, True]})
    table, text = ss.score_table(ST, df, "overall", (1, 5), nps_col="rec", buy_again_col="again", seed=0)
    assert text.startswith("NPS is **25** (50% promoters, 25% detractors; 95% interval -44 to 73, which the "
                           "bootstrap's -50 to 100 confirms). ")
    # the t interval of 4 answers, -0.03 to 6.53, left the 1-5 scale; and so few answers are said to be few
    assert text.endswith(" Overall satisfaction (overall) averages **3.25** on a 1-5 scale (95% interval 1.00 to "
                         "5.00); 50% give one of the top two answers. **Only 4 answers** (fewer than 30): read these "
                         "scores as rough indications; their intervals are wide and only approximate.")
    assert table.loc["Would buy again", "Estimate"] == "75%" and table.loc["Net Promoter Score (-100 to 100)",
                                                                           "Estimate"] == "25"


def test_group_tests_in_words():
    df = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 50,
                       "nps": [10] * 40 + [3] * 10 + [10] * 10 + [3] * 40,
                       "csat": [5] * 40 + [2] * 10 + [5] * 10 + [2] * 40})
    result = sat.group_scores(df, "g", nps_col="nps", csat_col="csat")
    assert ss.tests_sentence(ST, result) == ("NPS: chi-square (promoter/passive/detractor) p < 0.001 (groups differ). "
                                             "CSAT: Kruskal-Wallis p < 0.001 (groups differ).")
    same = sat.group_scores(df.assign(g=["a", "b"] * 50), "g", nps_col="nps")
    p = same.tests["nps"]["p_value"]
    assert ss.tests_sentence(ST, same) == (f"NPS: chi-square (promoter/passive/detractor) p = {p:.2f} "
                                           "(no clear difference).")


def test_drivers_in_words(yellow):
    src, kd = yellow
    assert ss.drivers_sentence(ST, kd) == (
        "The drivers explain R² = 0.72 of the variation in Overall satisfaction (1,811 respondents). Most important: "
        "Appropriate pricing given volume (23%), Reach a large number of customers (21%), Setting competitive prices "
        "(12%).")
    assert ss.priority_sentence(ST, kd) == ("Top priority: Setting competitive prices, Appropriate pricing given "
                                            "volume, Reach a large number of customers.")
    coef = ss.coefficient_table(kd)
    assert list(coef.columns) == ["ols_coefficient", "ols_low", "ols_high", "ols_p_value", "ordinal_odds_ratio",
                                  "ordinal_p_value"]
    assert [ST.label(c) for c in coef.columns] == ["OLS coefficient", "OLS low", "OLS high", "OLS P value",
                                                   "Ordinal logit odds ratio", "Ordinal logit P value"]
    assert coef.loc["Appropriate pricing given volume", "ols_coefficient"] == pytest.approx(
        kd.ols.loc["q4", "coefficient"])
    comp = sat.compare_adjustments(src.surveys, "q1", src.driver_cols, scale=(1, 10), labels=kd.labels)
    assert ss.adjustment_sentence(ST, comp, "center").startswith(
        "R² is 0.72 on raw answers and 0.22 after the 'center' adjustment: much of the raw fit comes from respondents "
        "who rate everything high or everything low. Ranked drivers after adjustment: 1. Reach a large number of "
        "customers (+), 2. Appropriate pricing given volume (+), 3. Distribution (-), ")
    assert "9 of 9 aspects change rank; the largest move is 'Distribution' (6 places)." in \
        ss.adjustment_sentence(ST, comp, "center")


def test_drivers_that_explain_nothing_say_why():
    rng = np.random.default_rng(5)
    noise = pd.DataFrame(rng.integers(1, 6, size=(400, 4)), columns=["overall", "a", "b", "c"])
    kd = sat.key_drivers(noise, "overall", ["a", "b", "c"], scale=(1, 5), ordinal=False)
    weak = ss.weak_sentence(ST, kd)
    assert weak == (f"The aspects explain almost nothing of overall (R² = {kd.r2:.2f}, F-test "
                    f"p = {kd.f_pvalue:.2f}, 400 respondents), so no driver is ranked and no priority is named.")
    assert ss.drivers_sentence(ST, kd) == ss.priority_sentence(ST, kd) == weak
    real = sat.key_drivers(noise.assign(overall=np.clip(noise["a"] + rng.integers(-1, 2, 400), 1, 5)), "overall",
                           ["a", "b", "c"], scale=(1, 5), ordinal=False)
    assert "Most important: a (" in ss.drivers_sentence(ST, real)


def test_levels_speed_and_recovery_in_words():
    levels = pd.Series(pd.Categorical(["meet", "meet", "below expectations", "amaze"], categories=sat.LEVELS,
                                      ordered=True))
    lv = sat.OrderLevels(levels, pd.DataFrame(), not_delivered=3, censored=1200)
    assert ss.levels_sentence(ST, lv) == ("4 delivered orders; the most common level is **meet** (50%). 3 orders not "
                                          "yet delivered have no level; 1,200 recent orders are too new to judge "
                                          "repurchase.")
    assert ss.category_names(ST, "level", sat.LEVELS)["below expectations"] == "below expectations"
    table = pd.DataFrame({"to_hours": [4.0, 24.0, np.inf], "contacts": [10, 5, 2], "mean": [4.5, 4.0, 2.25],
                          "low": [4.0] * 3, "high": [5.0] * 3, "top_box": [0.8, 0.6, 0.5]},
                         index=pd.Index([1.0, 4.0, 24.0], name="from_hours"))
    speed = sat.Speed(table, {"kruskal_p": 0.0123, "spearman_rho": -0.314}, unrated=1234)
    assert ss.speed_sentence(ST, speed) == ("Contact ratings fall from 4.50 for answers within 1-4 h to 2.25 for >= 24 h "
                                            "(Spearman rho = -0.31, Kruskal-Wallis p = 0.01; 1,234 contacts were not "
                                            "rated).")
    shown = ss.speed_table(ST, sat.Speed(table.assign(to_hours=[0.5, 24.0, np.inf]).set_axis(
        pd.Index([0.0, 0.5, 24.0], name="from_hours")), {}, 0))
    assert list(shown.index) == ["< 0.5 h", "0.5-24 h", ">= 24 h"] and "to_hours" not in shown
    retained = pd.Series({"a": True, "b": False, "c": True, "d": True, "e": False, "f": True})
    tickets = pd.DataFrame({"customer_id": ["a", "b", "b", "c", "d"], "hours_to_resolution": [5.0, 10.0, np.nan,
                                                                                               100.0, 2.0]})
    r = sat.complaint_recovery(retained, tickets, fast_hours=48)
    words = ss.recovery_sentence(ST, r)
    assert words.startswith("Customers whose complaint was resolved within 48 h were retained at 100.0% (95% CI "
                            "34.2%-100.0%, n = 2) against 50.0% (9.5%-90.5%, n = 2) for customers who never complained "
                            f"(one-sided test, p = {r.p_value:.2f}).")
    assert words.endswith(" The data does not support the claim that fast-resolved complainers are more loyal than "
                          "customers who never complained.")
    assert ss.category_names(ST, "recovery", sat.RECOVERY_GROUPS) == {g: g for g in sat.RECOVERY_GROUPS}


def test_touchpoints_in_words():
    table = pd.DataFrame({"stage": ["purchase", "after"], "mean": [4.2, 3.114], "importance": [0.6, 0.4]},
                         index=["csat_a", "csat_b"])
    tp = sat.Touchpoints(table, pd.DataFrame(), focus="csat_b", outcome="nps", r2=0.3)
    assert ss.touchpoint_sentence(ST, tp, {"csat_a": "checkout", "nps": "NPS"}) == (
        "'checkout' relates most to NPS (60% of the explained variance). Focus on 'csat_b' (after): it carries 40% of "
        "the explained variance but scores 3.11, the largest importance-weighted gap to the top of the scale.")
    weak = sat.Touchpoints(table, pd.DataFrame(), focus="csat_b", outcome="nps", r2=0.012)
    assert ss.touchpoint_sentence(ST, weak) == ("The touchpoint scores explain almost nothing of nps (R² = 0.01), so no "
                                                "touchpoint is named to focus on.")


def test_report_on_yellow_pages_and_its_parameters(yellow):
    report = ss.satisfaction_report(yellow[0])
    assert report.style == ST
    head = repr(report.headline())
    assert "Satisfaction - Yellow Pages" in head or head.startswith("Satisfaction - ")
    assert "- Overall satisfaction averages **6.07**" in head
    # the raw ranking names three top priorities, but the report's own scale-usage check overturns it (R² 0.72 to
    # 0.22, every aspect changes rank): neither the box, nor the map, nor its table names one
    assert "Top priority" not in head and "No priority is named" in head and "9 of 9 aspects change rank" in head
    figure, table = report.priorities()
    assert "top priority" not in str(table) and "<th>aspect</th>" in str(table)
    assert "No priority is named" in str(figure) and "TOP PRIORITY" not in str(figure)
    assert "data-section='Touchpoints'" in str(report.touchpoint_view()[0])
    with pytest.raises(ValueError, match="'response_target_hours' == 0: must be a number above 0"):
        ss.satisfaction_report(yellow[0], response_target_hours=0)
    with pytest.raises(ValueError, match="'adjust' == 'none'"):
        ss.satisfaction_report(yellow[0], adjust="none")
    with pytest.raises(ValueError, match="language"):
        ss.satisfaction_report(yellow[0], language="xx")
    plt.close("all")


def test_plot_words_come_from_the_style(yellow):
    _, kd = yellow
    ax = ip.plot_importance_performance(kd, style=ST)
    assert {"TOP PRIORITY", "KEEP UP", "SUSTAIN", "LOW PRIORITY"} <= {t.get_text() for t in ax.texts}
    assert ax.get_title() == "Importance-performance map"
    assert ip.plot_drivers(kd, style=ST).get_title() == "Key drivers (relative importance; R² = 0.72)"
    plan = pd.DataFrame({"action": ["win back", "thank", "fix returns"], "gross": [13000.0, 200.0, 900.0],
                         "cost": [500.0, 500.0, np.nan]})
    ax = ip.plot_actions(plan, style=Style(currency="EUR"))
    assert ax.get_xlabel() == "net value over the horizon, € (EUR)"
    # net values where the cost is known (12,500 and -300), what it brings (hatched) where it is not, smallest first
    assert [round(p.get_width()) for p in ax.patches] == [-300, 900, 12500]
    assert [p.get_hatch() for p in ax.patches] == [None, "//", None]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cost not known: what it brings"]
    assert ax.xaxis.get_major_formatter()(12500.0, 0) == "12,500"
    t = pd.DataFrame({"channel": ["phone", "phone", "email"], "hours_to_first_response": [0.5, 2.0, 30.0]})
    ax = ip.plot_response_times(t, target_hours=24, style=ST)
    assert [x.get_text() for x in ax.get_legend().get_texts()] == ["email (n = 1)", "phone (n = 2)", "target 24 h"]
    assert ax.get_xlabel() == "hours (hours to first response)"
    plt.close("all")
    assert show.table(ss.coefficient_table(kd), style=ST).markup.split("</thead>")[0].count("OLS P value") == 1


def test_no_priority_is_named_when_the_ranking_does_not_survive_scale_use():
    """The most important driver must stay first once scale use is removed (Yellow Pages: R² 0.72 to 0.22, every
    aspect changes rank)."""
    by_hand = sat.Adjustments(pd.DataFrame({("none", "rank"): [1, 2, 3], ("center", "rank"): [1, 3, 2]},
                                           index=["a", "b", "c"]), {"none": 0.5, "center": 0.4})
    assert by_hand.ranking_survives("center") and by_hand.moved("center").tolist() == [0, 1, 1]
    first_moves = sat.Adjustments(pd.DataFrame({("none", "rank"): [1, 2, 3], ("center", "rank"): [2, 1, 3]},
                                               index=["a", "b", "c"]), {})
    assert not first_moves.ranking_survives("center")
    comp = ss.satisfaction_report(survey_source("yellow_pages")).adjustments
    assert not comp.ranking_survives("center") and (comp.moved("center") > 0).all()
    assert comp.r2["none"] == pytest.approx(0.717, abs=0.001) and comp.r2["center"] == pytest.approx(0.215, abs=0.001)
