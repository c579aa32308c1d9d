"""The feedback report's sections that need more than the text: how customers feel about each theme (sentiment) and,
where the comments name their customers, which themes cost customers, whose themes are worth the most and whom to
tell once a theme is fixed. The figures come from :mod:`insight.models.text` (``theme_sentiment``, ``theme_churn``,
``theme_value``, ``theme_contacts``) and the customer base from :mod:`insight.report.customer_link`; every word
from the catalog (``feedback.*``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import plots as ip
from ...exceptions import DataValidationError, InsufficientDataError
from ...models import text as tx
from ...parsers import to_bool
from .. import display as show
from ._common import new_axes

__all__ = ["FeedbackFigures", "feedback_figures", "LinkedSections"]


@dataclass
class FeedbackFigures:
    """The sentiment and customer figures of a feedback report (None where the data do not support them).

    Attributes
    ----------
    sentiment : insight.models.text.Sentiment or None
        Each comment's sentiment.
    by_theme : pandas.DataFrame or None
        Sentiment per theme (:func:`insight.models.text.theme_sentiment`).
    sentiment_gap : str
        Why there is no sentiment: ``"labels"``, ``"language"`` or "".
    link : insight.report.customer_link.CustomerLink or None
        The customers behind the comments.
    costs : insight.models.text.ThemeChurn or None
        The themes' cost in customers.
    values : pandas.DataFrame or None
        The value of each theme's writers (:func:`insight.models.text.theme_value`).
    contacts : insight.models.text.ThemeContacts or None
        Whom to tell once the costliest theme is fixed.
    survival : dict or None
        Kaplan-Meier curves: the costliest themes' writers, the others.
    linked, no_id, unknown : int
        Comments whose writer is in the customer base, without a customer id, whose customer is not in the base.
    rating_na, rating_middle, rating_blank : int
        Ratings that were N/A codes, neither positive nor negative, or of comments without a word that counts (all
        left out of the learning).
    id_examples : tuple
        ``(a comment's id, a customer's id)`` when none links."""

    sentiment: tx.Sentiment | None = None
    by_theme: pd.DataFrame | None = None        # theme_sentiment
    sentiment_gap: str = ""                     # why there is no sentiment: "labels", "language" or ""
    link: object = None                         # insight.report.customer_link.CustomerLink
    costs: tx.ThemeChurn | None = None
    values: pd.DataFrame | None = None           # theme_value
    contacts: tx.ThemeContacts | None = None
    survival: dict | None = None                # Kaplan-Meier curves: the costliest themes' writers, the others
    linked: int = 0                             # comments whose writer is in the customer base
    no_id: int = 0                              # comments without a customer id
    unknown: int = 0                            # comments whose customer is not in the customer base
    rating_na: int = 0                          # ratings that were N/A codes
    rating_middle: int = 0                      # ratings neither positive nor negative (left out of the learning)
    rating_blank: int = 0                       # ratings of comments without a word that counts (left out)
    id_examples: tuple = ()                     # (a comment's id, a customer's id) when none links


def _sentiment(source, df: pd.DataFrame, themes: tx.Themes, seed: int, out: FeedbackFigures) -> tuple:
    texts = tx.text_column(df[source.text_col], source.text_col)
    # a rating of a comment without words teaches nothing
    counted = themes.documents["counted"].reindex(df.index).fillna(False).astype(bool)
    try:
        if source.rating_col:
            s = tx.comment_sentiment(texts, df[source.rating_col], usable=counted, random_state=seed)
            out.rating_na, out.rating_middle, out.rating_blank = s.n_na, s.n_middle, s.n_unusable
        elif source.labels is not None:
            s = tx.sentiment_scores(texts, source.labels.reindex(df.index).where(counted), random_state=seed)
        else:
            s = tx.comment_sentiment(texts, random_state=seed)
    except InsufficientDataError:
        return None, "labels"
    except DataValidationError:
        if source.rating_col:
            raise
        return None, "language"
    return s, ""


def feedback_figures(source, df: pd.DataFrame, themes: tx.Themes, seed: int = 0) -> FeedbackFigures:
    """Sentiment per theme and, with a customer base, the themes' cost in customers, their value and the contact
    list of the costliest theme (when it costs customers beyond noise).

    Parameters
    ----------
    source : insight.report.sources.FeedbackSource
        The comments and their roles (``customers`` names the customer base).
    df : pandas.DataFrame
        The comments read (after sampling).
    themes : insight.models.text.Themes
        The themes found in ``df``.
    seed : int, default 0
        Random seed of the sentiment model.

    Returns
    -------
    FeedbackFigures"""
    from ..customer_link import customer_link

    out = FeedbackFigures()
    out.sentiment, out.sentiment_gap = _sentiment(source, df, themes, seed, out)
    if out.sentiment is not None:
        out.by_theme = tx.theme_sentiment(themes, out.sentiment.scores)
    if not source.customers:
        return out
    link = out.link = customer_link(source.customers, demo_customers=source.demo_customers, seed=source.seed)
    for name in ("churned", "value", "p_alive", "duration", "opt_out"):   # ids as text: 17, "17", 17.0 are one
        series = getattr(link, name)
        if series is not None:
            setattr(link, name, series.set_axis(_id_keys(series.index.to_series())))
    raw = df[source.customer_col]
    has_id = raw.notna() & (raw.astype(str).str.strip() != "")
    ids = _id_keys(raw)
    base = (link.churned if link.churned is not None else link.value).index
    known = has_id & ids.isin(base)
    out.no_id, out.unknown, out.linked = int((~has_id).sum()), int((has_id & ~known).sum()), int(known.sum())
    if not known.any():
        if has_id.any():
            out.id_examples = (str(raw[has_id].iloc[0]), str(base[0]) if len(base) else "")
        return out
    labels = tx.comment_themes(themes)[known]
    ids = ids[known]
    if link.churned is not None:
        out.costs = tx.theme_churn(labels, ids, link.churned, value=link.value)
    if link.value is not None:
        out.values = tx.theme_value(labels, ids, link.value)
    if out.costs is not None and link.duration is not None:
        out.survival = _survival(out.costs, link)
    top = out.costs.table.index[0] if out.costs is not None and len(out.costs.table) else None
    if top is not None and out.costs.table.loc[top, "cost_low"] > 0 and link.value is not None:
        opt = link.opt_out.reindex(base, fill_value=False) if link.opt_out is not None else None
        if source.opt_out_col:   # asked in a comment or in the customers' data: either counts
            flags = to_bool(df.loc[known, source.opt_out_col].fillna(False), source.opt_out_col)
            mine = flags.groupby(ids.to_numpy()).any().reindex(base, fill_value=False)
            opt = mine if opt is None else (opt | mine)
        # still a customer: P(alive) from a purchase log, else the observed flag (1 stays, 0 left)
        alive = link.p_alive if link.p_alive is not None else (~link.churned).astype(float)
        out.contacts = tx.theme_contacts(labels, ids, top, link.value, p_alive=alive, opt_out=opt)
    return out


def _survival(costs: tx.ThemeChurn, link, top: int = 3) -> dict:
    """Kaplan-Meier curves of the writers of each of the ``top`` costliest themes and of the other customers."""
    from ...models.survival import kaplan_meier

    members = costs.features[list(costs.table.index[:top])].astype(bool)
    base = pd.DataFrame({"duration": link.duration.reindex(members.index), "left": link.churned.reindex(members.index)})
    base = base.dropna()
    parts = [base[members.loc[base.index, t].to_numpy()].assign(group=t) for t in members.columns]
    parts.append(base[~members.loc[base.index].any(axis=1).to_numpy()].assign(group=_OTHERS))
    return kaplan_meier(pd.concat(parts), "duration", "left", "group")


#: the group of the survival chart holding the customers who wrote about none of the costliest themes
_OTHERS = "\x00others"


def _id_keys(ids: pd.Series) -> pd.Series:
    """Customer ids as text keys, so a file that reads them as numbers and one that reads them as text agree."""
    text = ids.astype(str).str.strip()
    return text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True).where(ids.notna())


def _theme_key(group: str, themes: pd.Index):
    """The theme whose text is ``group`` (Kaplan-Meier groups are text; unguided theme ids are numbers)."""
    return next((t for t in themes if str(t) == group), group)


class LinkedSections:
    """Sections of :class:`~insight.report.sections.feedback.FeedbackReport` built from :class:`FeedbackFigures`
    (``self.figures``); ``self.labels()`` names the themes."""

    def _label(self, theme) -> str:
        return str(self.labels().get(theme, theme))

    # ------------------------------------------------------------------ sentiment
    def sentiment_sentence(self) -> str:
        """The theme whose comments are most negative against the rest; "" without sentiment.

        Returns
        -------
        str"""
        f = self.figures
        if f.by_theme is None or f.by_theme["documents"].sum() == 0:
            return ""
        t = f.by_theme[f.by_theme["documents"] > 0]
        low = t["difference"].idxmin()
        return self._say("feedback.sentiment.lowest", theme=self._label(low), mean=t.loc[low, "with_theme"],
                         rest=t.loc[low, "without_theme"])

    def sentiment_view(self) -> list:
        """Sentiment per theme: the sentence, its basis, ratings left out, and the table.

        Returns
        -------
        list of insight.report.display.Html"""
        f = self.figures
        if self.themes is None:
            return [show.omit(self._say("feedback.section.sentiment"))]
        if f.sentiment is None:
            return [show.not_covered(self._say("feedback.section.sentiment"),
                                     self._say(f"feedback.needs.sentiment.{f.sentiment_gap}"), style=self.style)]
        s, t = f.sentiment, f.by_theme.sort_values("difference", kind="stable")
        table = pd.DataFrame({self._say("feedback.col.comments"): t["documents"].astype(int).to_numpy(),
                              self._say("feedback.col.sentiment"): t["with_theme"].to_numpy(),
                              self._say("feedback.col.sentiment_rest"): t["without_theme"].to_numpy(),
                              self._say("feedback.col.difference"): t["difference"].to_numpy()},
                             index=[self._label(i) for i in t.index])
        basis = ("feedback.sentiment.own" if s.trained_on == "own"
                 else "feedback.sentiment.bundled")
        left_out = (self._say("feedback.sentiment.left_out", na=f.rating_na, middle=f.rating_middle,
                              blank=f.rating_blank) if self.source.rating_col else "")
        return [show.text(" ".join([self.sentiment_sentence(),
                                    self._say(basis, n=s.n_labelled, auc=s.auc, source=s.trained_on), left_out])),
                show.table(table, index_label=self._say("feedback.col.theme"), style=self.style, digits=2)]

    # ------------------------------------------------------------------ who leaves
    def _link_needs(self, section: str) -> list:
        f = self.figures
        if self.themes is None:
            return [show.omit(self._say(section))]
        if f.link is None:
            return [show.not_covered(self._say(section), self._say("feedback.needs.customers"), style=self.style)]
        if f.linked == 0:
            needs = self._say("feedback.needs.linked", n=self.comments, no_id=f.no_id, unknown=f.unknown)
            if f.id_examples:
                needs += self._say("feedback.needs.linked_example", comment=f.id_examples[0],
                                   customer=f.id_examples[1])
            return [show.not_covered(self._say(section), needs, style=self.style)]
        return []

    def link_sentence(self) -> str:
        """How many comments were linked to the customer base; "" without one.

        Returns
        -------
        str"""
        f = self.figures
        return self._say("feedback.link.read", n=f.linked, customers=f.link.name, no_id=f.no_id, unknown=f.unknown) \
            if f.link is not None else ""

    def cost_sentence(self) -> str:
        """The theme that costs most customers, whether beyond noise, with its churn rate against the rest; "" if none.

        Returns
        -------
        str"""
        c = self.figures.costs
        if c is None or not len(c.table):
            return ""
        top = c.table.index[0]
        r = c.table.loc[top]
        kind = "beyond" if r["cost_low"] > 0 else "within"
        basis = self._say(f"feedback.churn_basis.{self.figures.link.churn_basis}")
        return self._say(f"feedback.cost.{kind}", theme=self._label(top), n=int(r["customers"]),
                         rate=r["churn_rate"], rest=r["rest_rate"], cost=r["cost_customers"], low=r["cost_low"],
                         high=r["cost_high"], basis=basis)

    def _linked(self, section: str, name: str, needs: str):
        """``(figure, [])``: the customers' figure ``name`` of a section; ``(None, notes)`` when the data do not
        support it, the notes saying what it needs (``needs``: a message id)."""
        notes = self._link_needs(section)
        value = None if notes else getattr(self.figures, name)
        if value is None and not notes:
            notes = [show.not_covered(self._say(section), self._say(needs), style=self.style)]
        return value, notes

    def costs_view(self) -> list:
        """Which themes cost customers: the table, the chart and the writers' survival curves.

        Returns
        -------
        list of insight.report.display.Html"""
        c, notes = self._linked("feedback.section.costs", "costs", "feedback.needs.churn")
        if c is None:
            return notes
        t = c.table
        table = pd.DataFrame({self._say("feedback.col.customers"): t["customers"].astype(int).to_numpy(),
                              self._say("feedback.col.left"): t["churn_rate"].to_numpy(),
                              self._say("feedback.col.rest_left"): t["rest_rate"].to_numpy(),
                              self._say("feedback.col.cost"): t["cost_customers"].to_numpy(),
                              self._say("feedback.col.cost_interval"): [
                                  self._say("feedback.range_num", low=lo, high=hi)
                                  for lo, hi in zip(t["cost_low"], t["cost_high"])]},
                             index=[self._label(i) for i in t.index])
        pct = [self._say("feedback.col.left"), self._say("feedback.col.rest_left")]
        fig = ip.plot_theme_costs(t, {i: self._label(i) for i in t.index}, style=self.style,
                                  ax=new_axes(7, 0.6 + 0.45 * len(t)))
        out = [show.text(" ".join([self.link_sentence(), self.cost_sentence()])),
               show.table(table, index_label=self._say("feedback.col.theme"), percent=pct, style=self.style,
                          digits=0),
               show.figure(fig, self._say("feedback.caption.costs"))]
        curves = self.figures.survival
        if curves:
            named = {(self._say("feedback.others") if g == _OTHERS else self._label(_theme_key(g, t.index))): c
                     for g, c in curves.items()}
            unit = self.style.say(f"churn.units.{self.figures.link.duration_unit}")
            out.append(show.figure(ip.plot_km(named, time_unit=unit, ax=new_axes(7.5, 4.5), style=self.style),
                                   self._say("feedback.caption.survival")))
        return out

    def values_view(self) -> list:
        """What each theme's writers are worth: the sentence and the table.

        Returns
        -------
        list of insight.report.display.Html"""
        v, notes = self._linked("feedback.section.values", "values", "feedback.needs.value")
        if v is None:
            return notes
        basis = self._say(f"feedback.value_basis.{self.figures.link.value_basis}",
                          period=self.figures.link.value_period)
        table = pd.DataFrame({self._say("feedback.col.customers"): v["customers"].astype(int).to_numpy(),
                              self._say("feedback.col.value"): v["value"].to_numpy(),
                              self._say("feedback.col.mean_value"): v["mean_value"].to_numpy(),
                              self._say("feedback.col.value_share"): v["share"].to_numpy()},
                             index=[self._label(i) for i in v.index])
        top = v.index[0]
        text = self._say("feedback.values.sentence", theme=self._label(top), n=int(v.loc[top, "customers"]),
                         value=v.loc[top, "value"], share=v.loc[top, "share"], basis=basis)
        return [show.text(text), show.table(table, index_label=self._say("feedback.col.theme"),
                                            money=[self._say("feedback.col.value"),
                                                   self._say("feedback.col.mean_value")],
                                            percent=[self._say("feedback.col.value_share")], style=self.style)]

    def contacts_view(self) -> list:
        """Whom to tell once the costliest theme is fixed: the sentence, the list and a CSV download.

        Returns
        -------
        list of insight.report.display.Html"""
        section = "feedback.section.contacts"
        needs = self._link_needs(section)
        if needs:
            return needs
        r = self.figures.contacts
        if r is None:
            why = "value" if self.figures.link.value is None else "cost"
            return [show.not_covered(self._say(section), self._say(f"feedback.needs.contacts.{why}"),
                                     style=self.style)]
        t = r.table if self.figures.link.p_alive is not None else r.table.drop(columns=["p_alive"])
        cols = {"comments": self._say("feedback.col.comments"), "value": self._say("feedback.col.value"),
                "p_alive": self._say("feedback.col.p_alive"), "expected": self._say("feedback.col.expected")}
        shown = t.rename(columns=cols)
        gone = self._say(f"feedback.gone.{self.figures.link.churn_basis}")
        text = self._say("feedback.contacts.sentence", theme=self._label(r.theme), n=len(t), all=r.n_in_theme,
                         opted=r.n_opted_out, left=r.n_left, unknown=r.n_unknown, gone=gone,
                         value=float(t["expected"].sum()) if len(t) else 0.0)
        out = [show.text(text)]
        if len(t):
            out += [show.table(shown, index_label=self._say("feedback.col.customer"), ids=True,
                               money=[cols["value"], cols["expected"]], percent=[cols.get("p_alive")],
                               style=self.style, max_rows=25),
                    show.csv_download(t, "contact_when_fixed.csv", style=self.style)]
        return out

    def link_action(self) -> str:
        """The action: fix the costliest theme and tell its writers; "" without a contact list.

        Returns
        -------
        str"""
        r = self.figures.contacts
        if r is None:
            return ""
        c = self.figures.costs.table.loc[r.theme]
        return self._say("feedback.action.fix", theme=self._label(r.theme), cost=c["cost_customers"], n=len(r.table),
                         value=float(r.table["expected"].sum()) if len(r.table) else 0.0)
