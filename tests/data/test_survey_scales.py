"""Surveys as they are exported (issue 26, item 3): each rating column on its own scale with its own "not applicable"
codes, word outcomes, touchpoints with their stage, a reviews file with one rating and a text, and drivers that must
be columns; every count here is computed again from the constructed file with pandas."""

import numpy as np
import pandas as pd
import pytest

from insight.data.spec import load_spec
from insight.exceptions import DataValidationError
from surveys import (PASSENGER_RATINGS, PASSENGER_STAGES, hr_spec, hr_survey, passenger_spec, passenger_survey,
                     reviews, reviews_spec)


def test_each_column_has_its_own_scale_and_its_not_applicable_code(tmp_path):
    raw = passenger_survey()
    spec = load_spec(passenger_spec(tmp_path, raw))
    df, rep = spec.load()
    # the word outcome is scored 1 (neutral or dissatisfied) and 2 (satisfied) on its own two-point scale, not
    # refused as "outside the 0-1 scale" of the ratings or read on theirs
    assert spec.column_scale("satisfaction") == (1, 2)
    assert df["satisfaction"].tolist() == (raw["satisfaction"] == "satisfied").astype(int).add(1).tolist()
    assert spec.mappings_["satisfaction"] == {"neutral or dissatisfied": 1, "satisfied": 2}
    # a 0 meaning "not applicable" is a missing answer, counted per column, never the worst score
    wifi = "Inflight wifi service"
    zeros = int((raw[wifi] == 0).sum())
    assert zeros == 43 and spec.column_scale(wifi) == (1, 5)
    assert int(df[wifi].isna().sum()) == zeros and df[wifi].min() == 1
    assert df[wifi].mean() == pytest.approx(raw.loc[raw[wifi] > 0, wifi].mean())
    counted = {s.values["column"]: s.rows for s in rep.steps if s.step == "not_applicable"}
    assert counted == {c: int((raw[c] == 0).sum()) for c in PASSENGER_RATINGS}
    assert sum(counted.values()) == int((raw[PASSENGER_RATINGS] == 0).sum().sum()) == 173


def test_touchpoints_are_declared_with_their_stage_and_are_the_drivers(tmp_path):
    spec = load_spec(passenger_spec(tmp_path))
    stages = {"before": "pre-purchase", "during": "purchase", "after": "post-purchase"}
    assert spec.touchpoints == {c: stages[s] for s, cols in PASSENGER_STAGES.items() for c in cols}
    assert len(spec.touchpoints) == 14 and spec.drivers == PASSENGER_RATINGS     # no drivers given: the touchpoints
    with pytest.raises(DataValidationError, match=r"columns.touchpoints: stage 'lounge' is not one of before, "
                                                  r"during, after"):
        load_spec({"kind": "survey", "tables": str(tmp_path / "passengers.csv"),
                   "columns": {"overall": "satisfaction", "touchpoints": {"lounge": ["Seat comfort"]}}})
    with pytest.raises(DataValidationError, match=r"columns.touchpoints: 1 of 1 rating column\(s\) are not columns "
                                                  r"of the data: \['Lounge'\]"):
        load_spec({"kind": "survey", "tables": str(tmp_path / "passengers.csv"),
                   "columns": {"overall": "satisfaction", "touchpoints": {"before": ["Lounge"]}}}).load()


def test_drivers_written_as_expressions_are_refused_when_the_specification_is_checked(tmp_path):
    passenger_survey(60).to_csv(tmp_path / "p.csv", index=False)
    spec = load_spec({"kind": "survey", "tables": str(tmp_path / "p.csv"),
                      "columns": {"overall": "satisfaction",
                                  "drivers": ["Seat comfort", '"Seat comfort" + Cleanliness']}})
    with pytest.raises(DataValidationError, match=r"columns.drivers: 1 of 2 rating column\(s\) are not columns of "
                                                  r"the data: \['\"Seat comfort\" \+ Cleanliness'\]; a rating is a "
                                                  r"column, not an expression"):
        spec.quality()
    with pytest.raises(DataValidationError, match=r"columns.drivers"):
        spec.load()
    overall = load_spec({"kind": "survey", "tables": str(tmp_path / "p.csv"),
                         "columns": {"overall": '"Seat comfort" + Cleanliness', "drivers": ["Seat comfort"]}})
    with pytest.raises(DataValidationError, match=r"columns.overall: 1 of 1 rating column\(s\) are not columns"):
        overall.load()


def test_scale_declarations_are_checked_and_name_the_key(tmp_path):
    from insight.data.scales import check_scale

    assert check_scale("1-5", "scales.q") == {"range": (1, 5), "words": None, "na": []}
    assert check_scale({"range": "1-5", "na": [0, 9]}, "scales.q") == {"range": (1, 5), "words": None, "na": [0, 9]}
    assert check_scale({"words": ["No", "Yes"]}, "scales.q")["words"] == {"no": 1, "yes": 2}
    assert check_scale({"Low": 1, "High": 3}, "scales.q")["words"] == {"low": 1, "high": 3}
    for bad, message in [({"range": "0-5", "na": [0]}, r"scales.wifi: the not-applicable code 0 lies inside the "
                                                       r"range 0-5.*range: 1-5"),
                         ({"na": [0]}, r"scales.wifi: give a range.*or words"),
                         ({"range": "1-5", "colour": 1}, r"scales.wifi: unknown key\(s\) \['colour'\]"),
                         ({"words": "No, Yes"}, r"scales.wifi.words == 'No, Yes': must list the answers lowest "
                                                r"first"),
                         ({"words": ["No", "no"]}, r"scales.wifi.words: 'no' is listed twice"),
                         ({"Low": 1.5}, r"scales.wifi: scores must be whole numbers; e.g. 'Low': 1.5"),
                         ("5-1", r"scales.wifi == '5-1': low must be below high")]:
        with pytest.raises(DataValidationError, match=message):
            check_scale(bad, "scales.wifi")
    with pytest.raises(DataValidationError, match=r"scales.wifi: the not-applicable code 0 lies inside"):
        (tmp_path / "x.csv").write_text("a,wifi\n1,2\n")
        load_spec({"kind": "survey", "tables": str(tmp_path / "x.csv"), "columns": {"overall": "a"},
                   "scales": {"wifi": {"range": "0-5", "na": [0]}}})


def test_a_reviews_file_with_one_rating_and_a_text_is_read(tmp_path):
    raw = reviews()
    spec = load_spec(reviews_spec(tmp_path, raw))
    df, _ = spec.load()
    assert spec.drivers == [] and spec.column("text") == "review_text" and spec.column("overall") == "rating"
    assert len(df) == 320 and df["review_text"].tolist() == raw["review_text"].tolist()
    assert spec.column_scale("rating") == (1, 5)


def test_word_scales_with_a_not_applicable_word(tmp_path):
    raw = hr_survey()
    spec = load_spec(hr_spec(tmp_path, raw, drivers=("EnvironmentSatisfaction", "WorkLifeBalance")))
    df, rep = spec.load()
    na = int((raw["WorkLifeBalance"] == "N/A").sum())
    assert na == 5 and int(df["WorkLifeBalance"].isna().sum()) == na
    expected = raw["WorkLifeBalance"].map({"Bad": 1, "Good": 2, "Better": 3, "Best": 4})
    assert df["WorkLifeBalance"].tolist() == pytest.approx(expected.tolist(), nan_ok=True)
    assert spec.column_scale("WorkLifeBalance") == (1, 4) and spec.column_scale("JobSatisfaction") == (1, 4)
    assert {s.values["column"]: s.rows for s in rep.steps if s.step == "not_applicable"} == {"WorkLifeBalance": na}
    # an answer that is neither a word of the scale nor its not-applicable code is still refused, with an example
    bad = raw.assign(WorkLifeBalance=raw["WorkLifeBalance"].replace("N/A", "n.a."))
    with pytest.raises(DataValidationError, match=r"column 'WorkLifeBalance': 5 of 300 answers are not in its scale "
                                                  r"\['bad', 'good', 'better', 'best'\]; e.g. 'n.a.'"):
        load_spec(hr_spec(tmp_path, bad, drivers=("WorkLifeBalance",))).load()


def test_numbers_beside_a_text_code_are_read_as_numbers(tmp_path):
    """A 1-5 rating exported with "N/A" in some rows is a text column to the reader; its code makes it numbers."""
    pd.DataFrame({"overall": ["4", "N/A", "5", "2", "1"], "speed": [3, 4, 5, 1, 2]}).to_csv(tmp_path / "s.csv",
                                                                                          index=False)
    spec = load_spec({"kind": "survey", "tables": str(tmp_path / "s.csv"),
                      "columns": {"overall": "overall", "drivers": ["speed"]},
                      "scales": {"overall": {"range": "1-5", "na": ["N/A"]}, "speed": "1-5"}})
    df, rep = spec.load()
    assert df["overall"].tolist() == pytest.approx([4, np.nan, 5, 2, 1], nan_ok=True)
    assert rep.count("not_applicable") == 1
