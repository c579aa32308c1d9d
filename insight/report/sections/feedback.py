"""The voice-of-the-customer report: what customers write about, counted. Comments (tweets, reviews, complaint
narratives, survey answers) become themes (:func:`insight.models.text.find_themes`), each with a label from its
top terms, its count and share with an interval, three representative quotes with personal data masked, its trend by
period and its split by group. Every word comes from the catalog (``feedback.*``); quotes are escaped by the display
layer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ... import plots as ip
from ...exceptions import DataValidationError, InsufficientDataError
from ...models import text as tx
from ...style import Style
from .. import display as show
from ..params import CURRENCY, CALENDAR, LANGUAGE, Number, checked
from ._common import new_axes, styled
from .feedback_linked import FeedbackFigures, LinkedSections, feedback_figures

__all__ = ["FeedbackReport", "feedback_report", "theme_label"]


def theme_label(terms, n: int = 3, style: Style | None = None) -> str:
    """A short label from a theme's top terms: the first ``n`` whose words are not all in the label already.

    Parameters
    ----------
    terms : list of str
        The theme's top terms, most typical first.
    n : int, default 3
        Most terms in the label.
    style : insight.style.Style, optional
        Language of the report: the terms are joined by its list separator (:meth:`insight.style.Style.join`);
        English when not given.

    Returns
    -------
    str
        The terms joined by the language's list separator (``", "``; in Persian ``"، "``).

    Examples
    --------
    >>> theme_label(["late", "delay", "late delay", "flight", "bag"])
    'late, delay, flight'
    >>> theme_label(["ارسال سریع", "بسته عالی"], style=Style(language="fa"))
    'ارسال سریع، بسته عالی'"""
    words: set[str] = set()
    out = []
    for t in terms:
        w = set(str(t).split())
        if w <= words:
            continue
        out.append(str(t))
        words |= w
        if len(out) == n:
            break
    return (style or Style()).join(out)


def parse_seeds(seeds: str) -> dict | None:
    """The notebook's ``seeds``: a YAML or JSON mapping of theme name to seed words (a list, or one text of words
    separated by commas); "" for none."""
    import yaml

    if not seeds or not seeds.strip():
        return None
    try:
        value = yaml.safe_load(seeds)
    except yaml.YAMLError as exc:
        raise DataValidationError(f"parameter 'seeds': not a YAML or JSON mapping ({str(exc).splitlines()[0]}); "
                                  'write e.g. {"delays": ["delay", "late"], "bags": ["bag", "luggage"]}.') from None
    if not isinstance(value, dict):
        raise DataValidationError(f"parameter 'seeds' == {seeds!r}: must map theme names to seed words, e.g. "
                                  '{"delays": ["delay", "late"], "bags": ["bag", "luggage"]}.')
    return {str(k): [w.strip() for w in v.split(",")] if isinstance(v, str) else v for k, v in value.items()}


def choose_period(dates: pd.Series) -> str:
    """Days for comments spanning at most a month, weeks for at most half a year, else months."""
    d = pd.to_datetime(dates, errors="coerce", utc=True).dropna()
    span = (d.max() - d.min()).days if len(d) else 0
    return "D" if span <= 31 else "W" if span <= 183 else "M"


def theme_growth(themes: tx.Themes, confidence: float = 0.95) -> pd.DataFrame | None:
    """Per theme, its share of the comments in the earlier and the later half of the periods, the change and its
    normal-approximation interval; None with fewer than two periods."""
    from scipy.stats import norm

    docs = themes.documents
    docs = docs[docs["counted"].astype(bool) & docs["period"].notna()] if "period" in docs else docs.iloc[:0]
    periods = sorted(docs["period"].unique()) if len(docs) else []
    if len(periods) < 2:
        return None
    late = docs["period"].isin(periods[len(periods) // 2:]).to_numpy()
    n1, n2 = int((~late).sum()), int(late.sum())
    z = norm.ppf(0.5 + confidence / 2)
    rows = []
    for tid in themes.table.index:
        member = (docs["theme"] == tid).to_numpy()
        p1, p2 = member[~late].mean(), member[late].mean()
        se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        rows.append({"theme": tid, "before": p1, "after": p2, "change": p2 - p1, "low": p2 - p1 - z * se,
                     "high": p2 - p1 + z * se, "first": str(periods[0]), "until": str(periods[len(periods) // 2 - 1]),
                     "split": str(periods[len(periods) // 2]),
                     "last": str(periods[-1])})
    return pd.DataFrame(rows).set_index("theme")


@styled
@dataclass
class FeedbackReport(LinkedSections):
    """The sections of the voice-of-the-customer report (see :func:`feedback_report`).

    Each public method returns what one section shows; the sentiment and customer sections come from
    :class:`~insight.report.sections.feedback_linked.LinkedSections`.

    Attributes
    ----------
    source : insight.report.sources.FeedbackSource
        The comments and their roles.
    themes : insight.models.text.Themes or None
        The themes found; None when there were too few comments.
    comments : int
        Comments read (after sampling).
    total : int
        Comments in the data.
    too_few : int or None, optional
        Comments with a counted word, when too few.
    params : dict, optional
        The run's settings (``seed``, ``min_documents``, ``period``, ``max_comments``) and the comments as written
        (``texts``).
    style : insight.style.Style, optional
        Language and currency of the report.
    figures : insight.report.sections.feedback_linked.FeedbackFigures, optional
        Sentiment and customer figures."""

    source: object                       # insight.report.sources.FeedbackSource
    themes: tx.Themes | None             # None: too few comments
    comments: int                        # comments read (after sampling)
    total: int                           # comments in the data
    too_few: int | None = None           # comments with a counted word, when too few
    params: dict = field(default_factory=dict)
    style: Style = field(default_factory=Style)
    figures: FeedbackFigures = field(default_factory=FeedbackFigures)

    def _say(self, message_id: str, **values) -> str:
        return self.style.say(message_id, **values)

    def labels(self) -> dict:
        """Theme id -> its label: its name where it has one, else its top terms.

        Returns
        -------
        dict"""
        t = self.themes.table
        return {tid: t.loc[tid, "name"] or theme_label(t.loc[tid, "terms"], style=self.style) for tid in t.index}

    def _too_few(self) -> str:
        if self.too_few is None:
            return self._say("feedback.too_few.plain", n=self.comments, min=self.params["min_documents"])
        return self._say("feedback.too_few.sentence", n=self.comments, counted=self.too_few,
                         min=self.params["min_documents"])

    # ------------------------------------------------------------------ headline
    def comments_sentence(self) -> str:
        """How many comments were read (and, when sampled, of how many, with the seed).

        Returns
        -------
        str"""
        if self.total > self.comments:
            return self._say("feedback.comments.sampled", n=self.comments, total=self.total,
                             seed=self.params["seed"])
        return self._say("feedback.comments.all", n=self.comments)

    def themes_sentence(self) -> str:
        """How many themes were found, how (seed words, stability or given), in how many comments, in which languages.

        Returns
        -------
        str"""
        th = self.themes
        how = "seeds" if th.guided else "stability" if th.stability is not None else "given"
        names = [self._say(f"feedback.language.{lang}") if lang in ("en", "fa") else lang
                 for lang in (th.languages or {th.language: 0})]
        language = names[0] if len(names) == 1 else self._say("feedback.language.list",
                                                              first=self.style.join(names[:-1]), last=names[-1])
        return self._say(f"feedback.themes.{how}", n=th.n_themes, counted=th.n_documents - th.n_empty,
                         language=language)

    def largest_sentence(self) -> str:
        """The largest theme with its count and share (with an interval).

        Returns
        -------
        str"""
        t, labels = self.themes.table, self.labels()
        top = t.index[0] if not self.themes.guided else t["documents"].idxmax()
        row = t.loc[top]
        return self._say("feedback.largest", theme=labels[top], n=int(row["documents"]), share=row["share"],
                         low=row["low"], high=row["high"])

    def growth_sentence(self) -> str:
        """The theme whose share grew most from the earlier to the later half of the periods; "" without dates.

        Returns
        -------
        str"""
        g = theme_growth(self.themes)
        if g is None:
            return ""
        top = g["change"].idxmax()
        r, kind = g.loc[top], "grew" if g.loc[top, "low"] > 0 else "none"
        periods = {k: self.style.native(r[k]) for k in ("first", "until", "split", "last")}   # in the reader's digits
        return self._say(f"feedback.growth.{kind}", theme=self.labels()[top], before=r["before"], after=r["after"],
                         change=r["change"], low=r["low"], high=r["high"], **periods)

    def headline(self) -> show.Html:
        """The headline box: comments, themes, the largest, their cost and sentiment, growth; the theme to fix
        first (the most negative among those of at least 5% of comments) as action.

        Returns
        -------
        insight.report.display.Html"""
        if self.themes is None:
            return show.headline(self._say("feedback.title"), self.source.name,
                                 [self.comments_sentence(), self._too_few()], style=self.style)
        findings = [self.comments_sentence(), self.themes_sentence(), self.largest_sentence(), self.cost_sentence(),
                     self.sentiment_sentence(), self.growth_sentence()]
        t = self.themes.table
        top = t["documents"].idxmax()
        by = self.figures.by_theme
        if by is not None:   # read first the most negative theme among those holding at least 5% of the comments
            big = by[(t["share"].reindex(by.index) >= 0.05) & (by["documents"] > 0)]
            top = big["difference"].idxmin() if len(big) else top
        action = self.link_action() or self._say("feedback.action", theme=self.labels()[top], share=t.loc[top, "share"])
        return show.headline(self._say("feedback.title"), self.source.name, findings[:5], action=action,
                             simulated=self.source.simulated, seed=self.source.seed if self.source.simulated else None,
                             style=self.style)

    # ------------------------------------------------------------------ sections
    def _not_covered(self) -> list:
        needs = self._say("feedback.needs.comments", min=self.params["min_documents"], n=self.comments,
                          counted=self.comments if self.too_few is None else self.too_few)
        return [show.not_covered(self._say("feedback.section.themes"), needs, style=self.style)]

    def themes_view(self) -> list:
        """The themes: sentences, a table of counts, shares, intervals and terms, and notes.

        Returns
        -------
        list of insight.report.display.Html"""
        if self.themes is None:
            return self._not_covered()
        th, labels = self.themes, self.labels()
        t = th.table
        table = pd.DataFrame({self._say("feedback.col.comments"): t["documents"].astype(int).to_numpy(),
                              self._say("feedback.col.share"): t["share"].to_numpy(),
                              self._say("feedback.col.interval"): [self._say("feedback.range_pct", low=lo, high=hi)
                                                                   for lo, hi in zip(t["low"], t["high"])],
                              self._say("feedback.col.terms"): [self.style.join(map(str, x[:8])) for x in t["terms"]]},
                             index=[labels[i] for i in t.index])
        unassigned = int((th.documents["theme"] < 0).sum())
        out = [show.text(" ".join([self.themes_sentence(), self.largest_sentence()])),
               show.table(table, index_label=self._say("feedback.col.theme"),
                          percent=[self._say("feedback.col.share")], style=self.style)]
        if unassigned:
            kind = "empty" if unassigned == th.n_empty else "some"
            out.append(show.text(self._say(f"feedback.unassigned.{kind}", n=unassigned, empty=th.n_empty)))
        if th.missing_seeds:
            out.append(show.text(self._say("feedback.missing_seeds", n=len(th.missing_seeds),
                                           words=self.style.join(th.missing_seeds[:10]))))
        return out

    def quotes(self) -> list:
        """Three representative quotes per theme, personal data masked.

        Returns
        -------
        list of insight.report.display.Html"""
        if self.themes is None:
            return [show.omit(self._say("feedback.section.quotes"))]
        th, labels = self.themes, self.labels()
        texts = self.source_texts()
        rows = [(labels[tid], q) for tid in th.table.index
                for q in tx.mask_personal(texts.loc[list(th.table.loc[tid, "representative"])].map(html.unescape))]
        table = pd.DataFrame({self._say("feedback.col.quote"): [q for _, q in rows]}, index=[lab for lab, _ in rows])
        return [show.text(self._say("feedback.quotes.sentence")),
                show.table(table, index_label=self._say("feedback.col.theme"), style=self.style,
                           max_rows=3 * len(th.table))]

    def source_texts(self) -> pd.Series:
        """The comments as written (not normalized), by the row labels of the themes' documents.

        Returns
        -------
        pandas.Series"""
        return self.params["texts"]

    def trend(self) -> list:
        """The themes' shares by period, and the theme that grew most; not covered without dates.

        Returns
        -------
        list of insight.report.display.Html"""
        if self.themes is None:
            return [show.omit(self._say("feedback.section.trend"))]
        if self.themes.trend is None:
            return [show.not_covered(self._say("feedback.section.trend"), self._say("feedback.needs.date"),
                                     style=self.style)]
        period = self.params["period"]
        caption = self._say(f"feedback.caption.trend.{period}")
        out = [show.figure(ip.plot_theme_trend(self.themes.trend, self.labels(), style=self.style,
                                               ax=new_axes(7, 4.5)), caption)]
        growth = self.growth_sentence()
        return ([show.text(growth)] if growth else []) + out

    def groups(self) -> list:
        """The themes' shares by group, with the groups where the largest is most and least common.

        Returns
        -------
        list of insight.report.display.Html"""
        if self.themes is None:
            return [show.omit(self._say("feedback.section.groups"))]
        g = self.themes.by_group
        if g is None:
            return [show.not_covered(self._say("feedback.section.groups"), self._say("feedback.needs.group"),
                                     style=self.style)]
        labels = self.labels()
        wide = g.pivot_table(index="group", columns="theme", values="share", fill_value=0.0, observed=True)
        wide = wide.reindex(columns=self.themes.table.index, fill_value=0.0)
        wide.columns = [labels[c] for c in wide.columns]
        sizes = g.groupby("group", observed=True)["comments"].first()
        wide.insert(0, self._say("feedback.col.comments"), sizes.reindex(wide.index).astype(int))
        wide.index = wide.index.astype(str)
        top = self.themes.table["documents"].idxmax()
        s = g[g["theme"] == top].set_index("group")["share"]
        text = self._say("feedback.groups.sentence", theme=labels[top], most=str(s.idxmax()), high=s.max(),
                         least=str(s.idxmin()), low=s.min(), n=len(sizes))
        return [show.text(text), show.table(wide, index_label=self._say("feedback.col.group"),
                                            percent=[labels[c] for c in self.themes.table.index], style=self.style,
                                            caption=self._say("feedback.caption.groups"))]

    def method(self) -> list:
        """How the themes were found, in words.

        Returns
        -------
        list of insight.report.display.Html"""
        return [show.text(self._say("feedback.method", min=self.params["min_documents"]))]


@checked(n_themes=Number(0, integer=True), max_comments=Number(50, integer=True), seed=Number(integer=True),
         currency=CURRENCY, language=LANGUAGE, calendar=CALENDAR)
def feedback_report(source, *, text_language: str = "", n_themes: int = 0, seeds: str = "", seed: int = 0,
                    max_comments: int = 3000, currency: str = "USD", language: str = "en", calendar: str = "") -> FeedbackReport:
    """Themes of the comments of a :class:`~insight.report.sources.FeedbackSource` (from
    :func:`insight.report.sources.feedback_source`).

    Sentiment per theme and, where the comments name their customers, the themes' cost in customers, value and
    contact list come from :func:`~insight.report.sections.feedback_linked.feedback_figures`. Too few comments give a
    report that says so.

    Parameters
    ----------
    source : insight.report.sources.FeedbackSource
        The comments and their roles.
    text_language : str, default ""
        Language of the comments; "" detects each comment's by its script.
    n_themes : int, default 0
        Number of themes; 0: chosen by stability.
    seeds : str, default ""
        A YAML/JSON mapping of theme name to seed words (guided themes); "" for none.
    seed : int, default 0
        Random seed of the sample and the themes.
    max_comments : int, default 3000
        Most comments read (at least 50), drawn at random with ``seed``.
    currency : str, default "USD"
        Currency of the customers' values.
    language : str, default "en"
        Language of the report's words.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).

    Returns
    -------
    FeedbackReport

    Raises
    ------
    insight.exceptions.DataValidationError
        When a parameter breaks its rule or ``seeds`` is not a mapping."""
    st = Style(language=language, currency=currency, calendar=calendar)
    df = source.table
    total = len(df)
    if total > max_comments:
        df = df.sample(max_comments, random_state=seed)
    date_col, group_col = source.date_col, source.group_col
    period = choose_period(df[date_col]) if date_col else "M"
    params = dict(seed=seed, min_documents=tx.MIN_DOCUMENTS, period=period, max_comments=max_comments,
                  texts=tx.text_column(df[source.text_col], source.text_col))
    try:
        themes = tx.find_themes(df, source.text_col, language=text_language or None, n_themes=n_themes or None,
                                seeds=parse_seeds(seeds), date_col=date_col, period=period, group_col=group_col,
                                calendar=st.calendar,
                                random_state=seed)
    except InsufficientDataError as exc:
        return FeedbackReport(source, None, len(df), total, exc.count, params, st)
    return FeedbackReport(source, themes, len(df), total, None, params, st, feedback_figures(source, df, themes, seed))
