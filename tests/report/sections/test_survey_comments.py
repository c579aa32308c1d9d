"""The satisfaction report's "What respondents write" (issue 27): a survey's free-text comments read as themes, and
which themes the least satisfied write about. Every survey here is constructed and written to a file: two themes are
planted (slow delivery written by respondents who all give one low score, friendly staff by respondents who all give
one high score), so whichever way the themes split each planted theme, the mean score of a theme's writers is that
score and the mean of the other commenters follows by hand from the theme's size."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import insight.report.sections.satisfaction as ss
from insight.exceptions import DataValidationError
from insight.models import text as tx
from insight.models.text import theme_scores
from insight.report.sections.survey_comments import comment_texts, detractor_cut, survey_comments
from insight.report.sources import survey_source
from insight.style import Style

ROOT = Path(__file__).resolve().parents[3]
ST = Style()
#: what a reader must never see (tests/report/test_run.py): warning class names, source paths, tracebacks
LEAKS = re.compile(r"\b[A-Z]\w*Warning\b|\.py:\d+|site-packages|/insight/\S+\.py|ipykernel_\d+|Traceback")

SLOW = ["slow delivery", "the parcel came late", "waited two weeks", "courier was late", "delivery took too long",
        "shipping is slow", "package arrived late", "late again", "tracking never updated", "slow shipping"]
STAFF = ["friendly staff", "the staff were helpful", "kind cashier", "helpful shop assistant", "staff very friendly",
         "lovely people at the counter", "the team was polite", "warm welcome", "friendly and helpful",
         "great service from staff"]
SLOW_FA = ["ارسال خیلی کند بود", "بسته دیر رسید", "دو هفته منتظر ماندم", "پیک دیر آمد", "تحویل سفارش طول کشید",
           "ارسال کند است", "بسته با تاخیر رسید", "باز هم دیر شد", "کد رهگیری به‌روز نشد", "ارسال سفارش دیر شد"]
STAFF_FA = ["کارکنان خیلی مهربان بودند", "فروشنده بسیار خوش‌برخورد بود", "پرسنل مودب و صبور", "راهنمایی فروشنده عالی بود",
            "برخورد کارکنان گرم بود", "صندوقدار مهربان", "کارمندان کمک کردند", "پرسنل فروشگاه خوش‌اخلاق",
            "از برخورد پرسنل راضی بودم", "فروشنده با حوصله توضیح داد"]
#: answers that say nothing: blank (read as missing), 'N/A', '-', 'n/a' and a space
NOTHING = ["", "N/A", "-", "n/a", " "]
WORDS = ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"]


def comment(rng, pool, sep=", ") -> str:
    """Two or three phrases of a theme's pool, in random order."""
    return sep.join(rng.choice(pool, int(rng.integers(2, 4)), replace=False)) + "."


def planted(seed: int = 27) -> pd.DataFrame:
    """160 respondents: 60 write about slow delivery and score 2 (recommend 3), 60 about friendly staff and score 5
    (recommend 10), 20 write nothing that counts (score 3, recommend 8) and 20 nothing at all (score 4, recommend 7)."""
    rng = np.random.default_rng(seed)
    rows = ([(2, 3, comment(rng, SLOW).capitalize()) for _ in range(60)]
            + [(5, 10, comment(rng, STAFF).capitalize()) for _ in range(60)]
            + [(3, 8, t) for t in NOTHING * 4] + [(4, 7, None)] * 20)
    df = pd.DataFrame(rows, columns=["Overall", "Recommend", "Comment"]).sample(frac=1, random_state=seed)
    df.insert(0, "Resp ID", [f"R{i:04d}" for i in range(len(df))])
    return df.reset_index(drop=True)


def persian(seed: int = 3) -> pd.DataFrame:
    """A 1-10 survey whose comments mix Persian (most) and English: delivery writers score 2, staff writers 9."""
    rng = np.random.default_rng(seed)
    rows = ([(2, comment(rng, SLOW_FA, "، ")) for _ in range(55)] + [(2, comment(rng, SLOW)) for _ in range(12)]
            + [(9, comment(rng, STAFF_FA, "، ")) for _ in range(55)] + [(9, comment(rng, STAFF)) for _ in range(12)]
            + [(6, "-")] * 6 + [(7, None)] * 10)
    return pd.DataFrame(rows, columns=["rating", "nazar"]).sample(frac=1, random_state=seed).reset_index(drop=True)


def odd(seed: int = 5) -> pd.DataFrame:
    """Headers with spaces and capitals, the overall score in words with 'N/A' (10 of the delivery writers), comments
    in a column named like a question."""
    rng = np.random.default_rng(seed)
    rows = ([("dissatisfied" if i >= 10 else "N/A", comment(rng, SLOW).capitalize()) for i in range(60)]
            + [("very satisfied", comment(rng, STAFF).capitalize()) for _ in range(60)]
            + [("neutral", "N/A")] * 10 + [("satisfied", None)] * 10)
    df = pd.DataFrame(rows, columns=["How Satisfied Overall", "Any Other Comments?"]).sample(frac=1, random_state=seed)
    df.insert(0, "Resp ID", [f"X-{i}" for i in range(len(df))])
    return df.reset_index(drop=True)


def odd_spec(folder: Path, df: pd.DataFrame) -> Path:
    """The CSV behind a junk line (an export tool's banner), and its data specification with the text role."""
    with open(folder / "odd.csv", "w", newline="") as f:
        f.write("Survey export - generated 2024-05-01 by FormTool\n")
        df.to_csv(f, index=False)
    path = folder / "odd.yaml"
    path.write_text("kind: survey\nname: Store survey\ntables: odd.csv\n"
                    "columns: {overall: How Satisfied Overall, text: \"Any Other Comments?\"}\n"
                    f"scales:\n  How Satisfied Overall: {{words: [{', '.join(WORDS)}], na: [N/A]}}\n")
    return path


def words_of(pool) -> set[str]:
    return {w for p in pool for w in p.lower().split()}


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def first_theme(c) -> tuple[int, str, pd.Series]:
    tid = c.scores.index[0]
    return tid, c.labels()[tid], c.scores.loc[tid]


def text_of(html: str) -> str:
    from bs4 import BeautifulSoup

    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(""))


def render(tmp_path: Path, name: str, **params) -> str:
    """The satisfaction notebook rendered by the command line (papermill), its HTML."""
    out = tmp_path / f"out_{name}"
    args = [sys.executable, "-m", "insight", "report", "satisfaction", "--out", str(out), "-j", "1"]
    for k, v in params.items():
        args += ["-p", k, str(v)]
    run = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return (out / "satisfaction.html").read_text(encoding="utf-8")


def plain(sentence: str) -> str:
    return sentence.replace("**", "")


# --------------------------------------------------------------------------- the planted themes
@pytest.fixture(scope="module")
def planted_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("planted") / "planted.csv"
    planted().to_csv(path, index=False)
    return path


def test_the_theme_low_scorers_write_about_comes_first_with_its_exact_means(planted_csv):
    raw = planted()
    src = survey_source(str(planted_csv), overall_col="Overall", scale="1-5", text_col="Comment")
    assert src.text_col == "Comment"
    report = ss.satisfaction_report(src)
    c = report.comments
    # 132 answers hold more than spaces; the 12 'N/A', '-' and 'n/a' of them no word that counts
    assert (c.respondents, c.written, c.counted) == (160, 132, 120)
    assert int(c.themes.table["documents"].sum()) == 120 and c.themes.languages == {"en": 132}
    # every delivery theme (its writers all score 2) comes before every staff theme (all 5)
    s = c.scores
    assert s["with_theme"].tolist() == [2.0] * int((s["with_theme"] == 2).sum()) + [5.0] * int((s["with_theme"] == 5).sum())
    assert s.loc[s["with_theme"] == 2, "documents"].sum() == 60 and s.loc[s["with_theme"] == 5, "documents"].sum() == 60
    tid, label, row = first_theme(c)
    members = c.themes.documents.index[c.themes.documents["theme"] == tid]
    assert raw.loc[members, "Overall"].eq(2).all() and set(label.replace(",", " ").split()) <= words_of(SLOW)
    m = int(row["documents"])
    rest = (2 * (60 - m) + 5 * 60) / (120 - m)            # the other 120 - m commenters: 60 - m score 2, 60 score 5
    assert m == len(members) and row["without_theme"] == pytest.approx(rest)
    assert row["detractors"] == 1.0 and row["detractors_rest"] == pytest.approx((60 - m) / (120 - m))
    sentence = c.lowest_sentence()
    assert sentence == (f"Respondents who write about **{label}** score lowest on Overall (1-5): **2.00** on average "
                        f"against {rest:.2f} for the other commenters ({m} comments in the theme; Mann-Whitney test "
                        f"p < 0.001). **100%** of them are detractors (answering 1 to 2 on the 1-5 scale, its bottom "
                        f"quarter), against {pct((60 - m) / (120 - m))} of the others.")
    # the views: the themes with their quotes, then the scores, lowest first
    words, themes_table, note, quotes = report.comment_themes()
    assert repr(words).startswith("**132** of the 160 respondents wrote something in 'Comment'; 120 of these answers "
                                  "have words that count (English), the other 12 say nothing (such as 'N/A' or '-'). "
                                  f"They fall into **{c.themes.n_themes} themes**")
    assert "<th>Top terms</th>" in themes_table.markup and quotes.markup.count("<tr>") == 1 + 3 * c.themes.n_themes
    said, table = report.comment_scores()
    bare = re.sub(r" (data-label=\"[^\"]*\"|dir=auto)", "", table.markup)      # a cell's phone label and direction
    assert repr(said) == sentence and f"<th>{label}</th><td class='num'>{m}</td><td class='txt'>2.00</td>" \
        f"<td class='txt'>{rest:.2f}</td>" in bare
    assert f"- Respondents who write about **{label}** score lowest on Overall (1-5): 2.00 against {rest:.2f}" in \
        repr(report.headline())


def test_with_a_recommend_question_its_answer_is_the_score(planted_csv):
    src = survey_source(str(planted_csv), overall_col="Overall", scale="1-5", nps_col="Recommend", text_col="Comment")
    c = survey_comments(src, seed=0)
    tid, label, row = first_theme(c)
    m = int(row["documents"])
    rest = (3 * (60 - m) + 10 * 60) / (120 - m)
    assert c.lowest_sentence() == (
        f"Respondents who write about **{label}** score lowest on the recommend question (0-10): **3.00** on average "
        f"against {rest:.2f} for the other commenters ({m} comments in the theme; Mann-Whitney test p < 0.001). "
        f"**100%** of them are detractors (answering 0 to 6 on the recommend question), against "
        f"{pct((60 - m) / (120 - m))} of the others.")


@pytest.mark.notebook
def test_the_notebook_shows_the_section_on_a_csv_named_by_parameters(planted_csv, tmp_path):
    c = survey_comments(survey_source(str(planted_csv), overall_col="Overall", scale="1-5", text_col="Comment"))
    html = render(tmp_path, "planted", data=planted_csv, overall_col="Overall", scale="1-5", text_col="Comment")
    text = text_of(html)
    assert ">What respondents write" in html and "Which themes do detractors talk about?" in text
    assert plain(c.lowest_sentence()) in text and plain(c.read_sentence()) in text
    missing = html.split("Not covered by these data</h2>")[1].split("</ul>")[0]
    assert "What respondents write" not in missing and LEAKS.findall(html) == []


# --------------------------------------------------------------------------- Persian and English in one column
def test_persian_comments_are_read_with_the_english_ones(tmp_path):
    raw = persian()
    raw.to_csv(tmp_path / "fa.csv", index=False)
    src = survey_source(str(tmp_path / "fa.csv"), overall_col="rating", scale="1-10", text_col="nazar")
    c = survey_comments(src)
    assert c.themes.languages == {"fa": 110, "en": 30} and c.counted == 134 and c.written == 140
    assert c.read_sentence().startswith("**140** of the 150 respondents wrote something in 'Nazar'; 134 of these "
                                        "answers have words that count (Persian and English), the other 6 say nothing")
    docs = c.themes.documents
    themed = (docs["theme"] >= 0).to_numpy()
    s = c.scores
    assert s["with_theme"].iloc[0] == 2.0 and s["with_theme"].iloc[-1] == 9.0
    assert s.loc[s["with_theme"] == 2, "documents"].sum() == int((themed & (raw["rating"] == 2)).sum())
    tid, label, row = first_theme(c)
    members = docs.index[docs["theme"] == tid]
    assert raw.loc[members, "rating"].eq(2).all() and re.search("[\u0600-\u06FF]", label)
    assert set(label.replace(",", " ").split()) <= words_of(SLOW_FA) | words_of(SLOW)
    m = int(row["documents"])
    rest = (2 * (67 - m) + 9 * 67) / (134 - m)      # theme_sentiment's "others": every other comment that counts
    assert c.lowest_sentence().startswith(f"Respondents who write about **{label}** score lowest on rating (1-10): "
                                          f"**2.00** on average against {rest:.2f} for the other commenters ({m} "
                                          "comments in the theme;")
    assert "(answering 1 to 3 on the 1-10 scale, its bottom quarter)" in c.lowest_sentence()
    # comments with counted words but no theme are said, not dropped silently
    unassigned = int((~themed & docs["counted"].to_numpy(bool)).sum())
    shown = " ".join(map(repr, survey_comments(src).themes_view()))
    if unassigned:
        assert f"{unassigned} comments with words that count are in no theme" in shown


@pytest.mark.notebook
def test_the_notebook_renders_persian_comments(tmp_path):
    persian().to_csv(tmp_path / "fa.csv", index=False)
    c = survey_comments(survey_source(str(tmp_path / "fa.csv"), overall_col="rating", scale="1-10", text_col="nazar"))
    html = render(tmp_path, "fa", data="fa.csv", overall_col="rating", scale="1-10", text_col="nazar")
    text = text_of(html)
    assert "What respondents write" in text and plain(c.lowest_sentence()) in text
    assert any(q in text for q in SLOW_FA) and LEAKS.findall(html) == []


# --------------------------------------------------------------------------- a survey as exported
def test_odd_headers_word_scale_na_codes_and_a_junk_line(tmp_path):
    raw = odd()
    src = survey_source(str(odd_spec(tmp_path, raw)))
    assert src.text_col == "Any Other Comments?" and src.scale == (1, 5)
    report = ss.satisfaction_report(src)
    c = report.comments
    assert (c.respondents, c.written, c.counted) == (140, 130, 120) and c.label == "Any Other Comments?"
    tid, label, row = first_theme(c)
    docs = c.themes.documents
    members = docs.index[docs["theme"] == tid]
    assert set(raw.loc[members, "How Satisfied Overall"]) <= {"dissatisfied", "N/A"}
    scored = int((raw.loc[members, "How Satisfied Overall"] != "N/A").sum())   # 'N/A' answers have no score
    rest = (2 * (50 - scored) + 5 * 60) / (110 - scored)
    assert int(row["documents"]) == scored and row["with_theme"] == 2.0 and row["without_theme"] == pytest.approx(rest)
    assert c.lowest_sentence().startswith(
        f"Respondents who write about **{label}** score lowest on How Satisfied Overall (1-5): **2.00** on average "
        f"against {rest:.2f} for the other commenters ({scored} comments in the theme;")


@pytest.mark.notebook
def test_the_notebook_reads_the_comment_column_from_the_specification(tmp_path):
    spec = odd_spec(tmp_path, odd())
    c = survey_comments(survey_source(str(spec)))
    html = render(tmp_path, "odd", data=spec)
    text = text_of(html)
    assert "What respondents write" in text and plain(c.lowest_sentence()) in text and LEAKS.findall(html) == []


# --------------------------------------------------------------------------- what the data do not cover
def test_too_few_comments_are_said_not_covered_and_nothing_fails(tmp_path):
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"Overall": rng.integers(1, 6, 100),
                       "Comment": [comment(rng, SLOW) for _ in range(30)] + [None] * 70})
    df.to_csv(tmp_path / "few.csv", index=False)
    report = ss.satisfaction_report(survey_source(str(tmp_path / "few.csv"), overall_col="Overall", scale="1-5",
                                                  text_col="Comment"))
    c = report.comments
    assert c.themes is None and (c.counted, c.written, c.respondents) == (30, 30, 100)
    [marker] = report.comment_themes()
    assert "class='insight-not-covered' data-section='What respondents write'" in marker.markup
    assert repr(marker) == ("Not covered by these data: What respondents write needs at least 50 comments with words "
                            "that count; 'Comment' has 30, among the 30 answers written by 100 respondents.")
    assert "insight-omit" in str(report.comment_scores()[0]) and "write about" not in repr(report.headline())


def test_a_survey_without_comments_says_the_section_is_not_covered(tmp_path):
    pd.DataFrame({"Overall": np.tile([1, 2, 3, 4, 5], 20)}).to_csv(tmp_path / "plain.csv", index=False)
    report = ss.satisfaction_report(survey_source(str(tmp_path / "plain.csv"), overall_col="Overall", scale="1-5"))
    assert report.comments.column is None and report.comments.themes is None
    [marker] = report.comment_themes()
    assert repr(marker) == ("Not covered by these data: What respondents write needs a column of free-text comments "
                            "(the role text in the data specification, or the notebook parameter naming the comment "
                            "column).")
    assert "insight-omit" in str(report.comment_scores()[0])


# --------------------------------------------------------------------------- checks
def test_a_comment_column_that_is_not_there_is_named(tmp_path, planted_csv):
    spec = odd_spec(tmp_path, odd())
    with pytest.raises(DataValidationError, match=re.escape(
            "parameter 'text_col' == 'Comments': Store survey has no such column; its 3 columns are Resp ID, How "
            "Satisfied Overall, Any Other Comments?.")):
        survey_source(str(spec), text_col="Comments")
    with pytest.raises(DataValidationError, match=re.escape("columns.text == 'Comments': not a column of the data")):
        survey_source(str(planted_csv), overall_col="Overall", scale="1-5", text_col="Comments")
    with pytest.raises(DataValidationError, match="'text_col'"):
        survey_source("yellow_pages", text_col=3)


def test_the_pieces_check_their_input():
    assert (detractor_cut((1, 5)), detractor_cut((1, 10)), detractor_cut((0, 10)), detractor_cut((1, 5), True)) == \
        (2.0, 3.25, 6.0, 6.0)
    with pytest.raises(DataValidationError, match=re.escape("parameter 'scale' == (5, 1): must be (low, high)")):
        detractor_cut((5, 1))
    assert comment_texts(pd.Series([5, None, "ok"]), "c").tolist() == ["5", "", "ok"]
    with pytest.raises(DataValidationError, match="column 'c': must be a pandas Series"):
        comment_texts(["a"], "c")
    rng = np.random.default_rng(0)
    texts = pd.Series([comment(rng, SLOW) for _ in range(60)] + [comment(rng, STAFF) for _ in range(60)])
    themes = tx.find_themes(texts)
    scores = pd.Series([1.0] * 60 + [5.0] * 60)
    with pytest.raises(DataValidationError, match="parameter 'themes' must be a Themes result, got DataFrame"):
        theme_scores(pd.DataFrame(), scores, scores <= 2)
    with pytest.raises(DataValidationError, match=re.escape("parameter 'detractors': one True/False per comment with "
                                                            "the comments' index is needed (3 given for 120 comments")):
        theme_scores(themes, scores, pd.Series([True, False, True]))
    with pytest.raises(DataValidationError, match=re.escape("parameter 'detractors': 120 of 120 comments with a score "
                                                            "have no detractor flag; e.g. row 0.")):
        theme_scores(themes, scores, pd.Series([None] * 120, dtype=object))
    table = theme_scores(themes, scores, (scores <= 2).astype(object))
    assert table["with_theme"].is_monotonic_increasing and table["documents"].sum() == 120
    assert set(table["detractors"]) == {0.0, 1.0}


def test_a_few_stock_answers_never_fail_the_report(tmp_path):
    """A reviews file whose 320 texts are five stock phrases: fewer different words than the themes tried. Either
    themes are found, or the section says what it needs; the report never fails."""
    from surveys import reviews, reviews_spec

    report = ss.satisfaction_report(survey_source(str(reviews_spec(tmp_path, reviews()))))
    c = report.comments
    shown = " ".join(map(repr, report.comment_themes() + report.comment_scores()))
    if c.themes is None:
        assert c.few_words and shown.startswith(
            "Not covered by these data: What respondents write needs comments in more different words; the 320 "
            "answers written in 'Review text' repeat too few words to tell themes apart.")
    else:
        assert "score lowest on rating (1-5)" in shown
