"""The quarterly trend of survey scores: a quarter the answers cover only in part, or with too few answers for a
score, is marked or left out (one answer on 2023-03-22 once showed 2023Q1 as a complete quarter with NPS 100)."""

import numpy as np
import pytest
import pandas as pd

import insight.models.satisfaction as sat


def _survey():
    """One answer on 2023-03-22 (a 10), then 12 answers in each of 2023Q2 and 2023Q3, the last on 2023-09-28, and 4
    answers in 2023Q4 up to 2023-12-29."""
    q2 = pd.date_range("2023-04-03", periods=12, freq="7D")
    q3 = pd.date_range("2023-07-03", periods=12, freq="8D")
    q4 = pd.to_datetime(["2023-10-10", "2023-11-10", "2023-12-01", "2023-12-29"])
    dates = [pd.Timestamp("2023-03-22"), *q2, *q3, *q4]
    nps = [10] + [10] * 6 + [0] * 6 + [9] * 3 + [5] * 9 + [10, 10, 10, 10]
    csat = [5] + [4] * 12 + [2] * 12 + [5] * 4
    return pd.DataFrame({"date": dates, "nps": nps, "csat": csat})


def test_a_quarter_begun_before_the_first_answer_is_partial_and_too_few_answers_give_no_score():
    q = sat.quarterly(_survey(), "date", nps_col="nps", csat_col="csat")
    assert [str(p) for p in q.index] == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert q["n"].tolist() == [1, 12, 12, 4]
    # 2023Q1 began 80 days before the first answer; 2023Q4 ends within a week of the last: complete
    assert q["complete"].tolist() == [False, True, True, True]
    # one answer (a 10) is no NPS of 100, four are no NPS either: left out with their intervals, the counts stay
    assert np.isnan(q.loc[q.index[0], ["nps", "nps_low", "nps_high", "csat", "csat_low", "top_box"]].astype(float)).all()
    assert np.isnan(q.loc[q.index[3], "nps"])
    assert q["nps"].iloc[1:3].tolist() == pytest.approx([0.0, 25.0 - 75.0])
    assert q["csat"].iloc[1:3].tolist() == [4.0, 2.0]
    # the largest change is between the two complete quarters that have scores
    change = sat.largest_change(q, q["complete"])
    assert change is None or {change.before_period, change.after_period} <= {"2023Q2", "2023Q3"}


def test_the_minimum_of_answers_and_the_slack_are_parameters():
    q = sat.quarterly(_survey(), "date", nps_col="nps", min_answers=1, slack_days=90)
    assert q["nps"].iloc[0] == 100.0 and q["nps"].iloc[3] == 100.0
    assert q["complete"].tolist() == [True, True, True, True]
    change = sat.largest_change(q, q["complete"])
    assert (change.before_period, change.after_period) == ("2023Q3", "2023Q4")


def test_solar_hijri_quarters_are_marked_the_same_way():
    # 1402 Q1 begins on 2023-03-21, a day before the first answer: complete; 1402 Q4 (from 2023-12-22) is not
    q = sat.quarterly(_survey(), "date", calendar="jalali", nps_col="nps")
    assert [str(p) for p in q.index] == ["1402Q1", "1402Q2", "1402Q3", "1402Q4"]
    assert q["n"].tolist() == [13, 11, 4, 1]
    assert q["complete"].tolist() == [True, True, True, False]
    assert q["nps"].iloc[:2].tolist() == pytest.approx([100 * (7 - 6) / 13, 100 * (0 - 5) / 11])
    assert q["nps"].iloc[2:].isna().all()
