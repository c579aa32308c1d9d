"""The voice-of-the-customer report (issue 27, item 5): comments become counted themes with quotes; the headline's
numbers are the result's; personal data never reaches the page; too few comments are said in words."""

import re

import numpy as np
import pandas as pd
import pytest

from insight.exceptions import DataValidationError
from insight.report import display as show
from insight.report.sections import feedback_report
from insight.report.sections.feedback import parse_seeds, theme_growth, theme_label
from insight.report.sources import FeedbackSource, feedback_source

TOPICS = {"delay": ["flight delayed two hours", "late departure again", "delayed flight missed connection"],
          "bags": ["lost my bag", "luggage never arrived", "bag damaged at the carousel"],
          "staff": ["crew was rude", "agent was very helpful", "friendly crew on board"]}


def _comments(n: int = 300, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = list(TOPICS)
    topic = rng.choice(names, size=n, p=[0.5, 0.3, 0.2])
    text = [f"{TOPICS[t][rng.integers(3)]} {TOPICS[t][rng.integers(3)]} {rng.choice(['today', 'again', 'sadly'])}"
            for t in topic]
    text[0] = "flight delayed two hours, write me at jane.doe@example.com or call +1 415 555 0199 delayed flight"
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 120, n)), unit="D")
    return pd.DataFrame({"comment": text, "day": dates, "channel": rng.choice(["web", "app"], n), "topic": topic})


def _html(items) -> str:
    return "".join(str(x) for x in items)


@pytest.fixture(scope="module")
def report():
    src = FeedbackSource("test comments", _comments(), "comment", "day", "channel")
    return feedback_report(src, n_themes=3, seed=0)


def test_headline_counts_are_the_results(report):
    th = report.themes
    assert report.comments == 300 and th.n_documents == 300
    head = repr(report.headline())
    assert "**300** comments were read." in head
    top = th.table["documents"].idxmax()
    assert f"holds {int(th.table.loc[top, 'documents']):,} comments" in head
    assert f"**{report.themes.n_themes} themes**" in head
    assert report.labels()[top] in head


def test_themes_table_counts_and_shares(report):
    th = report.themes
    page = re.sub(r" (data-label=\"[^\"]*\"|dir=auto)", "", _html(report.themes_view()))   # phone labels aside
    for tid, row in th.table.iterrows():
        assert f"<td class='num'>{int(row['documents']):,}</td>" in page
    assert th.table["documents"].sum() + int((th.documents["theme"] < 0).sum()) == 300
    assert f"{th.table['share'].iloc[0] * 100:.0f}%" in page


def test_quotes_are_masked_and_escaped():
    df = _comments()
    df.loc[1, "comment"] = "<b>lost my bag</b> & luggage never arrived lost my bag jane.doe@example.com"
    src = FeedbackSource("test comments", df, "comment")
    r = feedback_report(src, seeds='{"delays": ["delay", "late"], "bags": ["bag", "luggage"], "staff": ["crew"]}')
    assert list(r.themes.table["name"]) == ["delays", "bags", "staff"]
    quotes = r.quotes()
    page = _html(quotes)
    assert len(re.findall(r"<tr>", page)) == 1 + 3 * 3
    everything = page + _html(r.themes_view()) + repr(r.headline())
    assert "jane.doe@example.com" not in everything and "example.com" not in everything
    assert "<b>" not in page
    ids = set(r.themes.table["representative"].sum())
    if 0 in ids:
        assert "[email]" in page and "[phone]" in page


def test_trend_and_groups(report):
    assert report.params["period"] == "W"
    g = theme_growth(report.themes)
    assert set(g.index) == set(report.themes.table.index)
    assert np.all(g["low"] <= g["change"]) and np.all(g["change"] <= g["high"])
    trend = report.trend()
    assert any("<img" in str(x) for x in trend)
    groups = _html(report.groups())
    assert "web" in groups and "app" in groups


def test_no_dates_or_groups_are_not_covered():
    r = feedback_report(FeedbackSource("x", _comments(), "comment"), n_themes=3)
    assert "insight-not-covered" in _html(r.trend()) and "insight-not-covered" in _html(r.groups())
    assert r.growth_sentence() == ""


def test_too_few_comments_said_in_words():
    df = _comments(30)
    r = feedback_report(FeedbackSource("few", df, "comment", "day"))
    assert r.themes is None and r.comments == 30
    head = repr(r.headline())
    assert "Too few comments to find themes" in head and "30 comments" in head and "at least 50" in head
    assert "insight-not-covered" in _html(r.themes_view())
    assert "insight-omit" in _html(r.quotes() + r.trend() + r.groups())


def test_sampling_and_parameters():
    src = FeedbackSource("x", _comments(400), "comment")
    r = feedback_report(src, n_themes=3, max_comments=200, seed=3)
    assert r.comments == 200 and r.total == 400
    assert "drawn at random (seed 3) from the 400" in r.comments_sentence()
    with pytest.raises(DataValidationError, match="max_comments"):
        feedback_report(src, max_comments=10)
    with pytest.raises(DataValidationError, match="seeds"):
        parse_seeds("[1, 2]")
    assert parse_seeds("a: x, y\nb: [z]") == {"a": ["x", "y"], "b": ["z"]}
    assert theme_label(["flight", "cancelled", "flight cancelled", "delay"]) == "flight, cancelled, delay"


def test_sources(tmp_path):
    src = feedback_source("airline_tweets")
    assert (src.text_col, src.date_col, src.group_col) == ("text", "tweet_created", "airline")
    assert len(src.table) == 14_640
    path = tmp_path / "c.csv"
    _comments(60).to_csv(path, index=False)
    with pytest.raises(DataValidationError, match="text_col"):
        feedback_source(str(path))
    s = feedback_source(str(path), text_col="comment", group_col="channel")
    assert s.group_col == "channel" and s.date_col is None and len(s.table) == 60
    c = feedback_source("cfpb_complaints")
    assert c.text_col == "text" and c.date_col == "created" and c.table["text"].notna().any()


def test_display_escapes_a_quote():
    assert "&lt;script&gt;" in str(show.table(pd.DataFrame({"q": ["<script>"]})))


def test_a_complaint_specification_brings_its_customers_and_ratings(tmp_path):
    """The feedback report looked for a complaint log's customers under 'customer' (the log calls them
    customer_id), so a specification's customer column never reached the linked sections."""
    pd.DataFrame({"cust": ["C1", "C2", "C3"], "when": ["2024-01-01", "2024-01-02", "2024-01-03"],
                  "body": ["late", "good", "bad"], "stars": ["1", "5", "N/A"]}).to_csv(tmp_path / "c.csv", index=False)
    (tmp_path / "c.yaml").write_text("kind: complaints\nname: c\ntables:\n  data:\n    path: c.csv\ncolumns:\n"
                                     "  created: when\n  text: body\n  customer_id: cust\n  rating: stars\n",
                                     encoding="utf-8")
    src = feedback_source(str(tmp_path / "c.yaml"))
    assert (src.customer_col, src.rating_col, src.date_col) == ("customer_id", "rating", "created")
    assert src.table["customer_id"].tolist() == ["C1", "C2", "C3"] and src.table["rating"].isna().tolist() == [
        False, False, True]   # N/A is no rating
