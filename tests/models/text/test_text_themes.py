"""Themes on planted comments: found, counted, named, merged, trended and split; refusals name the count."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from insight.exceptions import DataValidationError, InsufficientDataError
from insight.models.text import find_themes, merge_themes, theme_sentiment, theme_stability

TOPICS = {
    "delivery": "courier package arrived late shipping tracking parcel delayed driver doorstep".split(),
    "price": "price expensive refund discount charged fee invoice money coupon cheaper".split(),
    "app": "app crash login password update screen button error loading notification".split(),
}
COMMON = "really very service today again".split()


@pytest.fixture(scope="module")
def comments():
    rng = np.random.default_rng(0)
    rows = []
    for i in range(360):
        topic = list(TOPICS)[i % 3]
        words = list(rng.choice(TOPICS[topic], 6)) + list(rng.choice(COMMON, 2))
        rng.shuffle(words)
        rows.append({"text": " ".join(words), "topic": topic,
                     "date": pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(i % 90)),
                     "channel": "web" if i % 2 else "phone"})
    return pd.DataFrame(rows, index=pd.RangeIndex(1000, 1360))


@pytest.fixture(scope="module")
def themes(comments):
    return find_themes(comments, "text", language="en", k_range=(2, 6), date_col="date", period="M",
                       group_col="channel")


def test_planted_themes_are_found_and_the_number_chosen_by_stability(themes, comments):
    assert themes.n_themes == 3
    assert set(themes.stability.index) == {2, 3, 4, 5, 6}
    assert normalized_mutual_info_score(comments["topic"], themes.documents["theme"]) > 0.95
    tops = {tuple(t[:3]) for t in themes.table["terms"]}
    for topic, words in TOPICS.items():   # every theme's top terms come from one planted topic
        assert any(all(w.split()[0] in [x[:4] for x in " ".join(words).split()] or w in " ".join(words)
                       for w in top) for top in tops), topic


def test_counts_shares_intervals_and_representatives(themes, comments):
    t = themes.table
    assert t["documents"].sum() == 360 and themes.n_empty == 0
    assert np.allclose(t["share"], t["documents"] / 360)
    assert ((t["low"] < t["share"]) & (t["share"] < t["high"])).all()
    for tid, row in t.iterrows():
        assert len(row["representative"]) == 3
        assert set(themes.documents.loc[row["representative"], "theme"]) == {tid}
    assert list(themes.documents.index) == list(comments.index)


def test_trend_by_period_and_split_by_group(themes):
    trend = themes.trend
    assert set(trend["period"].astype(str)) == {"2024-01", "2024-02", "2024-03"}
    assert np.allclose(trend.groupby("period", observed=True)["share"].sum(), 1.0)
    g = themes.by_group
    assert set(g["group"]) == {"web", "phone"} and g["comments"].max() == 180


def test_names_merge_themes_without_refitting(themes):
    merged = merge_themes(themes, {0: "money and delivery", 1: "money and delivery", 2: "app"})
    assert merged.n_themes == 2
    assert merged.table.loc[0, "documents"] == themes.table.loc[[0, 1], "documents"].sum()
    assert merged.table["name"].tolist() == ["money and delivery", "app"]
    with pytest.raises(DataValidationError, match="parameter 'names': 1 of 1 theme ids are not themes.*7"):
        merge_themes(themes, {7: "x"})


def test_seeded_themes_follow_their_seeds(comments):
    seeds = {"shipping": ["courier", "parcel"], "billing": ["refund", "invoice"], "the app": ["crash", "login"]}
    t = find_themes(comments, "text", language="en", seeds=seeds)
    assert t.guided and t.table["name"].tolist() == list(seeds)
    truth = comments["topic"].map({"delivery": 0, "price": 1, "app": 2})
    assigned = t.documents["theme"] >= 0
    assert assigned.mean() > 0.9
    assert (t.documents["theme"][assigned] == truth[assigned]).mean() > 0.95


def test_too_few_comments_is_a_clear_refusal():
    texts = ["late delivery", "rude staff", "broken app", "high price", "cold food", "lost parcel"] * 2 + ["", "the and"]
    with pytest.raises(InsufficientDataError, match=r"column 'texts': 12 of 14 comments have a counted word .* at least 50"):
        find_themes(texts, language="en")


def test_bad_input_names_the_parameter(comments):
    with pytest.raises(DataValidationError, match="required column"):
        find_themes(comments, "comment")
    with pytest.raises(DataValidationError, match="parameter 'seeds': 1 theme given"):
        find_themes(comments, "text", seeds={"a": ["x"]})
    with pytest.raises(DataValidationError, match=r"parameter 'seeds\['b'\]': no seed word"):
        find_themes(comments, "text", seeds={"a": ["x"], "b": []})
    with pytest.raises(DataValidationError, match="parameter 'k_range'"):
        find_themes(comments, "text", k_range=5)
    with pytest.raises(DataValidationError, match="parameter 'n_themes' == 1"):
        find_themes(comments, "text", n_themes=1)


def test_stability_is_seeded():
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.default_rng(1)
    docs = [" ".join(rng.choice(TOPICS[list(TOPICS)[i % 3]], 5)) for i in range(200)]
    X = TfidfVectorizer().fit_transform(docs)
    a, b = theme_stability(X, (2, 4), random_state=3), theme_stability(X, (2, 4), random_state=3)
    assert a.equals(b) and a.between(0, 1 + 1e-9).all()


def test_theme_sentiment_compares_members_with_the_rest(themes, comments):
    scores = pd.Series(np.where(comments["topic"] == "app", 0.1, 0.8), index=comments.index)
    out = theme_sentiment(themes, scores)
    app = themes.documents.loc[comments["topic"] == "app", "theme"].mode()[0]
    assert out.loc[app, "difference"] == pytest.approx(-0.7) and out["documents"].sum() == 360
    with pytest.raises(DataValidationError, match="parameter 'scores': its index differs"):
        theme_sentiment(themes, scores.reset_index(drop=True))


def test_trend_by_solar_hijri_month_and_quarter():
    """With calendar jalali the trend's periods are Solar Hijri months (or quarters from Farvardin), as the calendar
    library gives them: 2024-03-19 is in 1402-12, 2024-03-20 opens 1403-01."""
    import jdatetime

    from insight.periods import period_of

    def solar_hijri_periods(d, freq):
        return period_of(d, freq, "jalali").map(str)

    days = pd.Series(pd.date_range("2024-02-01", "2024-04-30", freq="D"))
    months = solar_hijri_periods(days, "M")
    expected = [f"{j.year:04d}-{j.month:02d}" for j in (jdatetime.date.fromgregorian(date=d.date()) for d in days)]
    assert months.tolist() == expected and months[days == "2024-03-19"].item() == "1402-12"
    assert solar_hijri_periods(pd.Series(pd.to_datetime(["2024-06-20", "2024-06-21"])), "Q").tolist() == [
        "1403Q1", "1403Q2"]
    # weeks start on Saturday in the Solar Hijri calendar: Friday 2024-03-22 and Saturday 2024-03-23 part
    texts = ["late parcel courier", "refund invoice price", "parcel late again", "invoice refund wrong"] * 15
    weekly = find_themes(pd.DataFrame({"text": texts, "day": pd.to_datetime(["2024-03-22", "2024-03-23"] * 30)}),
                         "text", date_col="day", period="W", calendar="jalali", n_themes=2)
    assert weekly.documents["period"].astype(str).unique().tolist() == ["2024-03-16/2024-03-22",
                                                                        "2024-03-23/2024-03-29"]
    rng = np.random.default_rng(0)
    words = ["late parcel courier", "refund invoice price", "app crash login"]
    data = pd.DataFrame({"text": [words[i % 3] + " " + words[rng.integers(3)] for i in range(len(days) * 2)],
                         "day": list(days) * 2})
    th = find_themes(data, "text", date_col="day", calendar="jalali", n_themes=3)
    assert sorted(th.trend["period"].unique()) == ["1402-11", "1402-12", "1403-01", "1403-02"]
    with pytest.raises(DataValidationError, match="'calendar'"):
        find_themes(data, "text", date_col="day", calendar=3, n_themes=3)
