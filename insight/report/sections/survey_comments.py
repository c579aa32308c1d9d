"""The satisfaction report's "What respondents write": a survey's free-text answers read as themes, and which themes
the least satisfied respondents write about.

Themes come from :func:`insight.models.text.find_themes` (unguided, the number of themes chosen by stability; one call
reads a column mixing Persian and English), each with its count, share and Wilson interval, top terms and three quotes
with personal data masked (:func:`insight.models.text.mask_personal`; the display layer escapes them). Then, per
theme, the mean score of its writers against the other commenters (:func:`insight.models.text.theme_sentiment` given
the survey's own score: the recommend question where there is one, else the overall score) and the share of
detractors among them (0-6 on the recommend question, else the bottom quarter of the scale, as
:func:`insight.models.text.rating_labels` counts them). Every word comes from the catalog
(``satisfaction.comments.*``).
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...exceptions import DataValidationError, InsufficientDataError
from ...models import text as tx
from ...style import Style
from ...validate import check_columns, check_param
from .. import display as show
from .feedback import theme_label

__all__ = ["SurveyComments", "survey_comments"]


def detractor_cut(scale: tuple, nps: bool = False) -> float:
    """The highest answer a detractor gives: 6 on the 0-10 recommend question, else the bottom quarter of the
    ``scale`` (low, high): 2 on 1-5, 3.25 on 1-10 (:func:`insight.models.text.rating_cuts`)."""
    if not (isinstance(scale, (tuple, list)) and len(scale) == 2 and float(scale[0]) < float(scale[1])):
        raise DataValidationError(f"parameter 'scale' == {scale!r}: must be (low, high) with low < high, e.g. (1, 5).")
    return 6.0 if nps else tx.rating_cuts(float(scale[0]), float(scale[1]))[1]


def comment_texts(values: pd.Series, column: str) -> pd.Series:
    """A survey's comment column as text: missing answers become '', numbers typed as an answer ("5") their text (a
    file whose comments are all numbers is read as numbers)."""
    if not isinstance(values, pd.Series):
        raise DataValidationError(f"column {column!r}: must be a pandas Series of comments, got "
                                  f"{type(values).__name__}.")
    given = values.notna()
    out = pd.Series("", index=values.index, dtype=object)
    out[given] = values[given].map(str)
    return tx.text_column(out, column)


@dataclass
class SurveyComments:
    """The comments of a survey, read (see :func:`survey_comments`); ``themes`` None without a comment column
    (``column`` None) or with too few comments with words that count (``counted``).

    Attributes
    ----------
    column : str or None
        The comment column; None: the survey has none.
    label : str
        Its name for readers.
    themes : insight.models.text.Themes or None
        The themes found.
    texts : pandas.Series
        The comments as written, by the survey's row labels.
    respondents : int
        Respondents in the survey.
    written, counted : int
        Answers with any character that is not a space, and with a word that counts.
    scores : pandas.DataFrame or None
        :func:`insight.models.text.theme_scores`, lowest first.
    score : dict
        The score used: ``kind`` ("nps" or "overall"), ``name``, ``low``, ``high`` and the detractors' ``cut``.
    style : insight.style.Style
        Language of the report.
    few_words : bool
        Enough comments, but too few different words to tell themes apart."""

    column: str | None                   # the comment column, None: the survey has none
    label: str                           # its name for readers
    themes: tx.Themes | None
    texts: pd.Series                     # the comments as written, by the survey's row labels
    respondents: int
    written: int                         # answers with any character that is not a space
    counted: int                         # answers with a word that counts
    scores: pd.DataFrame | None = None   # theme_scores, lowest first
    score: dict = field(default_factory=dict)   # kind ("nps" or "overall"), name, low, high, cut
    style: Style = field(default_factory=Style)
    few_words: bool = False              # enough comments, but too few different words to tell themes apart

    def _say(self, message_id: str, **values) -> str:
        return self.style.say(message_id, **values)

    def labels(self) -> dict:
        """Theme id -> its label from its top terms (:func:`insight.report.sections.feedback.theme_label`).

        Returns
        -------
        dict"""
        t = self.themes.table
        return {tid: theme_label(t.loc[tid, "terms"], style=self.style) for tid in t.index}

    def _shown(self) -> pd.DataFrame:
        t = self.themes.table
        return t[t["documents"] > 0]

    # ------------------------------------------------------------------ words
    def _languages(self) -> str:
        names = [self._say(f"satisfaction.comments.language.{lang}") if lang in ("en", "fa") else lang
                 for lang in self.themes.languages] or [self.themes.language]
        if len(names) == 1:
            return names[0]
        return self._say("satisfaction.comments.languages", first=self.style.join(names[:-1]), last=names[-1])

    def read_sentence(self) -> str:
        """How many respondents wrote, in which languages, how many themes and the largest.

        Returns
        -------
        str"""
        t, labels = self._shown(), self.labels()
        top = t["documents"].idxmax()
        row = t.loc[top]
        read = self._say("satisfaction.comments.read", written=self.written, n=self.respondents, column=self.label,
                         counted=self.counted, languages=self._languages(), empty=self.written - self.counted)
        themes = self._say("satisfaction.comments.themes", n=len(t), theme=labels[top], docs=int(row["documents"]),
                           share=row["share"], low=row["low"], high=row["high"])
        return f"{read} {themes}"

    def lowest_sentence(self) -> str:
        """The theme whose writers score lowest, with its mean against the others and its share of detractors.

        Returns
        -------
        str"""
        if self.scores is None or not len(self.scores):
            return ""
        tid = self.scores.index[0]
        r = self.scores.loc[tid]
        sc = self.score
        rule = self._say("satisfaction.comments.rule.nps") if sc["kind"] == "nps" else self._say(
            "satisfaction.comments.rule.one" if np.floor(sc["cut"]) <= sc["low"] else "satisfaction.comments.rule.scale",
            low=sc["low"], high=sc["high"], cut=int(np.floor(sc["cut"])))
        return self._say("satisfaction.comments.lowest", theme=self.labels()[tid], score=sc["name"],
                         mean=r["with_theme"], rest=r["without_theme"], n=int(r["documents"]), p=r["p_value"],
                         detractors=r["detractors"], rest_detractors=r["detractors_rest"], rule=rule)

    def finding(self) -> str:
        """The headline's sentence: the theme whose writers score lowest; "" without themes.

        Returns
        -------
        str"""
        if self.themes is None or self.scores is None or not len(self.scores):
            return ""
        tid = self.scores.index[0]
        r = self.scores.loc[tid]
        return self._say("satisfaction.comments.finding", theme=self.labels()[tid], mean=r["with_theme"],
                         rest=r["without_theme"], detractors=r["detractors"], score=self.score["name"])

    # ------------------------------------------------------------------ views
    def _not_covered(self) -> list:
        section = self._say("satisfaction.comments.section")
        if self.column is None:
            return [show.not_covered(section, self._say("satisfaction.comments.needs_column"), style=self.style)]
        if self.few_words:
            return [show.not_covered(section, self._say("satisfaction.comments.needs_words", column=self.label,
                                                        written=self.written), style=self.style)]
        return [show.not_covered(section, self._say("satisfaction.comments.needs_more", min=tx.MIN_DOCUMENTS,
                                                    column=self.label, counted=self.counted, written=self.written,
                                                    n=self.respondents), style=self.style)]

    def themes_view(self) -> list:
        """The themes: a sentence, their table (comments, share with its interval, top terms) and three quotes each.

        Returns
        -------
        list of insight.report.display.Html"""
        if self.themes is None:
            return self._not_covered()
        t, labels = self._shown(), self.labels()
        col = {k: self._say(f"satisfaction.comments.col.{k}") for k in ("comments", "share", "interval", "terms",
                                                                          "theme", "quote")}
        table = pd.DataFrame({col["comments"]: t["documents"].astype(int).to_numpy(), col["share"]: t["share"].to_numpy(),
                              col["interval"]: [self._say("satisfaction.comments.range_pct", low=lo, high=hi)
                                                for lo, hi in zip(t["low"], t["high"])],
                              col["terms"]: [self.style.join(map(str, x[:8])) for x in t["terms"]]},
                             index=[labels[i] for i in t.index])
        rows = [(labels[tid], q) for tid in t.index
                for q in tx.mask_personal(self.texts.loc[list(t.loc[tid, "representative"])].map(html.unescape))]
        quotes = pd.DataFrame({col["quote"]: [q for _, q in rows]}, index=[lab for lab, _ in rows])
        docs = self.themes.documents
        unassigned = int(((docs["theme"] < 0) & docs["counted"].astype(bool)).sum())
        return [show.text(self.read_sentence()),
                show.table(table, index_label=col["theme"], percent=[col["share"]], style=self.style),
                *([show.text(self._say("satisfaction.comments.unassigned", n=unassigned))] if unassigned else []),
                show.text(self._say("satisfaction.comments.quotes")),
                show.table(quotes, index_label=col["theme"], style=self.style, max_rows=3 * len(t))]

    def scores_view(self) -> list:
        """Which themes the least satisfied write about: a sentence naming the theme whose writers score lowest, and
        per theme the mean score of its writers against the others and its share of detractors, lowest first.

        Returns
        -------
        list of insight.report.display.Html"""
        if self.themes is None:
            return [show.omit(self._say("satisfaction.comments.scores_section"))]
        if self.scores is None or not len(self.scores):
            return [show.not_covered(self._say("satisfaction.comments.scores_section"),
                                     self._say("satisfaction.comments.needs_scores", score=self.score.get("name", "")),
                                     remove_section=False, style=self.style)]
        s, labels = self.scores, self.labels()
        col = {k: self._say(f"satisfaction.comments.col.{k}") for k in (
            "theme", "comments", "mean_theme", "mean_rest", "difference", "detractors", "detractors_rest", "p_value")}
        two = [[self.style.number(x, 2) for x in s[c]] for c in ("with_theme", "without_theme", "difference")]
        table = pd.DataFrame({col["comments"]: s["documents"].astype(int).to_numpy(), col["mean_theme"]: two[0],
                              col["mean_rest"]: two[1], col["difference"]: two[2], col["detractors"]: s["detractors"].to_numpy(),
                              col["detractors_rest"]: s["detractors_rest"].to_numpy(),
                              col["p_value"]: s["p_value"].to_numpy()}, index=[labels[i] for i in s.index])
        return [show.text(self.lowest_sentence()),
                show.table(table, index_label=col["theme"], percent=[col["detractors"], col["detractors_rest"]],
                           pvalue=[col["p_value"]], caption=self._say("satisfaction.comments.caption", score=self.score["name"]),
                           style=self.style)]


def _score(source, survey: pd.DataFrame, st: Style) -> tuple[pd.Series, pd.Series, dict]:
    """Each respondent's score (the recommend question where the survey has one, else the overall score), whether
    they are a detractor, and how to name both."""
    nps = bool(source.nps_col)
    col = source.nps_col if nps else source.overall_col
    check_columns(survey, [col], name=source.name)
    values = pd.to_numeric(survey[col], errors="coerce")
    low, high = (0, 10) if nps else tuple(source.scale)
    cut = detractor_cut((low, high), nps)
    detractors = (values <= cut).astype(object).where(values.notna())
    name = st.say("satisfaction.comments.score.nps") if nps else st.say(
        "satisfaction.comments.score.overall", name=st.label(col, source.labels), low=low, high=high)
    return values, detractors, dict(kind="nps" if nps else "overall", name=name, low=low, high=high, cut=cut,
                                    column=col)


def survey_comments(source, survey: pd.DataFrame | None = None, *, style: Style | None = None,
                    seed: int = 0) -> SurveyComments:
    """The comments of a :class:`~insight.report.sources.SurveySource` (its ``text_col``) read as themes
    (:func:`insight.models.text.find_themes`, unguided, number of themes by stability), with
    :func:`insight.models.text.theme_scores` against the survey's own score.

    Without a comment column or with too few comments the result says so (its views mark the section not covered), as
    it does when the comments use fewer different words than the themes tried (a column of a few stock answers); it
    never raises for that.

    Parameters
    ----------
    source : insight.report.sources.SurveySource
        The survey and its roles.
    survey : pandas.DataFrame, optional
        The answers as the report checked them (same rows as ``source.surveys``; default those).
    style : insight.style.Style, optional
        Language of the report; English by default.
    seed : int, default 0
        Random state of the themes.

    Returns
    -------
    SurveyComments

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``source`` is not a survey source, ``survey`` is not a DataFrame, a column is missing or ``seed`` is not
        an integer."""
    st = style or Style()
    check_param("seed", seed, int)
    for attr in ("surveys", "text_col", "overall_col", "nps_col", "scale", "labels", "name"):
        if not hasattr(source, attr):
            raise DataValidationError(f"parameter 'source' must be a SurveySource (from insight.report.sources."
                                      f"survey_source); {type(source).__name__} has no {attr!r}.")
    survey = source.surveys if survey is None else survey
    if not isinstance(survey, pd.DataFrame):
        raise DataValidationError(f"parameter 'survey' must be a DataFrame of answers, got {type(survey).__name__}.")
    col = source.text_col
    if not col:
        return SurveyComments(None, "", None, pd.Series(dtype=object), len(survey), 0, 0, style=st)
    check_columns(survey, [col], name=source.name)
    texts = comment_texts(survey[col], col)
    written = int((texts.str.strip() != "").sum())
    label = st.label(col, source.labels)
    try:
        with warnings.catch_warnings(record=True) as caught:   # kept only for themes found (see below)
            warnings.simplefilter("always")
            themes = tx.find_themes(pd.DataFrame({col: texts}), col, random_state=seed)
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    except InsufficientDataError as exc:
        return SurveyComments(col, label, None, texts, len(survey), written, int(exc.count), style=st)
    except ValueError as exc:    # scikit-learn's NMF: more themes tried than the comments have different words
        if "n_components" not in str(exc):
            raise
        # the warnings of the attempt (NMF on too few words) are about nothing shown: dropped with it
        return SurveyComments(col, label, None, texts, len(survey), written, written, style=st, few_words=True)
    values, detractors, score = _score(source, survey, st)
    scores = tx.theme_scores(themes, values, detractors) if values.notna().any() else None
    return SurveyComments(col, label, themes, texts, len(survey), written, themes.n_documents - themes.n_empty,
                          scores, score, st)
