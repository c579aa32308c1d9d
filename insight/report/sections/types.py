"""The customer-types report: what types of customers do we have, and what is each worth?

The models of :mod:`insight.models.segments` return numbers and ids; the sentences, names and
recommended actions a reader sees are written here from a :class:`insight.style.Style` and the
message catalog (``types.*``, ``type.<id>``, ``segment.<id>``). The overview and CLV reports use
the functions of this module for what they say about customer types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

import numpy as np
import pandas as pd

from ... import features as ft
from ... import plots as ip
from ...plots.customers import type_name
from ... import retention as rt
from ...models import segments as seg
from ...style import Style, catalog
from ...validate import check_columns
from .. import display as show
from ..params import CURRENCY, CALENDAR, LANGUAGE, Choice, Number, checked
from ._actions import actions_view
from ._common import buyers_sentence, new_axes, styled, typical_customer_table

__all__ = ["TypesReport", "types_report", "describe_types", "type_match_sentence", "type_name", "type_names", "concentration_sentence", "types_sentence", "types_table"]


# --------------------------------------------------------------------------- names
def _known(st: Style, message_id: str) -> bool:
    return message_id in catalog(st.language)


def type_names(st: Style, types) -> dict:
    """Type id -> its name, for ``show.table(labels=...)`` and ``plot_segment_shares(labels=...)``.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    types : pandas.Series or array-like
        Type ids (each distinct one is named).

    Returns
    -------
    dict"""
    return {t: type_name(st, t) for t in pd.unique(pd.Series(types).astype(object))}


def segment_names(st: Style, segments) -> dict:
    """RFM segment id -> its name (the ids of the default :data:`~insight.models.segments.SEGMENT_TABLE`); the
    segments of a table of your own keep their names."""
    return {s: st.say(f"segment.{s}") if _known(st, f"segment.{s}") else str(s)
            for s in pd.unique(pd.Series(segments).astype(object))}


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


# --------------------------------------------------------------------------- sentences
def concentration_sentence(st: Style, c: seg.Concentration) -> str:
    """The top share of customers, their share of revenue and the Gini coefficient, in one sentence.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    c : insight.models.segments.Concentration
        The revenue concentration.

    Returns
    -------
    str"""
    return st.say("types.concentration", top=c.top, share=c.top_share, gini=c.gini)


def insufficient_reason(st: Style, model: seg.CustomerTypes) -> str:
    """Why ``model`` fitted no types (``model.insufficient_``), in words; "" when it did."""
    if getattr(model, "insufficient_", None) is None:
        return ""
    k = model.n_clusters or 2
    return st.say(f"types.reason.{model.insufficient_}", n=model.n_history_, min_purchases=model.min_purchases,
                  per_type=seg.MIN_PER_TYPE, need=seg.MIN_PER_TYPE * k, k=k)


def types_sentence(st: Style, model: seg.CustomerTypes) -> str:
    """The fit in one sentence: clusters, stability, provisional customers; or why there are no types.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    model : insight.models.segments.CustomerTypes
        The fitted customer types.

    Returns
    -------
    str"""
    if getattr(model, "insufficient_", None):
        return st.say("types.no_types", reason=insufficient_reason(st, model))
    model.check_fitted()
    text = st.say("types.fit", k=model.n_clusters_, stability=model.stability_, n=model.n_excluded_,
                  share=model.n_excluded_ / model.n_total_, min_purchases=model.min_purchases)
    if model.k_capped_:
        text += " " + st.say("types.k_capped", per_type=seg.MIN_PER_TYPE, n=model.n_history_)
    return text


def loyal_claim_sentence(st: Style, claim: dict, loyal_label: str = "loyal") -> str:
    """The verdict of :func:`insight.models.segments.loyal_claim` with its shares."""
    if claim["n_loyal"] == 0:
        return st.say("types.claim_none", type=type_name(st, loyal_label))
    return st.say("types.claim_true" if claim["holds"] else "types.claim_false", max_share=claim["max_share"],
                  type=type_name(st, loyal_label), customer_share=claim["customer_share"],
                  revenue_share=claim["revenue_share"])


def _sig3(st: Style, x: float) -> str:
    """Three significant digits, as the explanations have always shown medians, written by the style (separators,
    the reader's digits; 2,120,000 rather than 2.12e+06)."""
    return st.short(float(f"{x:.3g}")) if np.isfinite(x) else st.say("word.not_available")


def _signal(st: Style, col: str) -> str:
    # the summary's signals in words, as every report names them
    return st.say(f"clv.signal.{col}") if _known(st, f"clv.signal.{col}") else col.replace("_", " ")


def describe_types(st: Style, model: seg.CustomerTypes) -> str:
    """Markdown bullets: what distinguishes each cluster, and which types the data cannot identify.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    model : insight.models.segments.CustomerTypes
        The fitted customer types.

    Returns
    -------
    str"""
    model.check_fitted()
    lines = []
    for c, rows in model.explanations_.sort_values(["cluster", "rank"]).groupby("cluster", sort=False):
        parts = [st.say("types.signal_high" if r.high else "types.signal_low", signal=_signal(st, r.signal),
                        median=_sig3(st, r.median), overall=_sig3(st, r.overall_median)) for r in rows.itertuples()]
        lines.append("- " + st.say("types.explanation", cluster=c, type=type_name(st, rows["type"].iloc[0]),
                                   signals=st.join(parts)))
    for t, needs in model.unidentifiable_.items():
        either = reduce(lambda a, b: st.say("types.either", first=a, second=b), [_signal(st, r) for r in needs])
        lines.append("- " + st.say("types.unidentifiable", type=type_name(st, t), signals=either))
    return "\n".join(lines)


def _with_actions(model: seg.CustomerTypes) -> pd.DataFrame:
    t = model.summary()
    return t[t.index.map(seg.type_of).isin(list(seg.TYPE_SIGNATURES))]


def top_action(st: Style, model: seg.CustomerTypes) -> str:
    """The recommended action for the type that brings the most revenue, with its shares."""
    t = _with_actions(model)
    if t.empty:
        return ""
    k = t["revenue_share"].idxmax()
    return st.say("types.top_action", type=_title(type_name(st, k)), share=t.loc[k, "share"],
                  revenue_share=t.loc[k, "revenue_share"], action=st.say(f"types.action.{seg.type_of(k)}"))


def actions(st: Style, model: seg.CustomerTypes) -> str:
    """Markdown bullets: the recommended action for each type found, with its customer and revenue share."""
    t = _with_actions(model)
    return "\n".join("- " + st.say("types.action_item", type=type_name(st, k), share=t.loc[k, "share"],
                                   revenue_share=t.loc[k, "revenue_share"],
                                   action=st.say(f"types.action.{seg.type_of(k)}")) for k in t.index)


def types_table(st: Style, model: seg.CustomerTypes) -> pd.DataFrame:
    """:meth:`insight.models.segments.CustomerTypes.summary` with each type's name as index and its recommended action
    ("" for a type without one), for ``show.table``.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    model : insight.models.segments.CustomerTypes
        The fitted customer types.

    Returns
    -------
    pandas.DataFrame"""
    t = model.summary()
    t["action"] = [st.say(f"types.action.{seg.type_of(k)}") if seg.type_of(k) in seg.TYPE_SIGNATURES else ""
                   for k in t.index]
    return t.rename(index=type_names(st, t.index))


def segments_table(st: Style, segments: pd.Series, revenue: pd.Series,
                   table: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`insight.models.segments.segment_table` with each segment's name, description and action: from the
    catalog for the default segment table, from its own columns for a table of your own."""
    out = seg.segment_table(segments, revenue, table)
    if table is None:
        out["description"] = [st.say(f"segment.{s}.description") for s in out.index]
        out["action"] = [st.say(f"segment.{s}.action") for s in out.index]
    return out.rename(index=segment_names(st, out.index))


def type_match_sentence(st: Style, model: seg.CustomerTypes, customers: pd.DataFrame, *,
                        id_col: str = "customer_id", true_col: str = "true_type") -> str:
    """How often fitted types match known true types (the simulated company's), overall and for customers
    with a purchase history; what the reports say about the types on simulated data.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    model : insight.models.segments.CustomerTypes
        The fitted customer types.
    customers : pandas.DataFrame
        The customers with their true type.
    id_col, true_col : str, default "customer_id" and "true_type"
        Columns of the customer id and the true type.

    Returns
    -------
    str"""
    model.check_fitted()
    check_columns(customers, [id_col, true_col], name="customers")
    types = model.types_
    truth = customers.set_index(id_col)[true_col].reindex(types.index).astype(str)
    history = ~model.provisional_.reindex(types.index, fill_value=True)
    return st.say("types.type_match", overall=(types == truth).mean(),
                  history=(types[history] == truth[history]).mean())


# --------------------------------------------------------------------------- customer types
def appreciation_action(summary: pd.DataFrame, worth, revenue_12m: pd.Series, *, years: float,
                        customers: pd.DataFrame | None = None, top_n: int = 25, appreciation_discount: float = 0.1,
                        current_practice: str = "nothing", success_rate: float = 0.3, margin: float = 0.3,
                        months: float = 12.0, discount_rate: float = 0.01,
                        link: str = "customer_types") -> rt.Action:
    """Thank the ``top_n`` best-scored customers (:func:`insight.retention.appreciation_scores` on the summary and the
    extra ``customers`` columns, e.g. on-time payment and referrals) with a discount of ``appreciation_discount`` on
    their yearly revenue (``years`` of data), against ``current_practice``. The margin they are expected to keep is
    their chance of having left (1 - P(alive) of ``worth``, 0 when the fit cannot be trusted) x ``success_rate`` x
    their last ``revenue_12m`` x ``margin``. The customer types report and the overview both call this."""
    scored = summary if customers is None else summary.join(customers)
    criteria = {k: v for k, v in rt.DEFAULT_CRITERIA.items() if v[0] in scored.columns}
    scores = rt.appreciation_scores(scored, criteria, {k: rt.DEFAULT_WEIGHTS[k] for k in criteria})
    comparison = rt.discount_comparison(summary["total_revenue"] / max(years, 1 / 365.25), scores,
                                        discount=appreciation_discount, top_n=top_n)
    top = rt.top_customers(scores, top_n).index
    leave = (1 - worth.values["p_alive"]).reindex(top).fillna(0.0) if worth.trusted else pd.Series(0.0, index=top)
    kept = float((leave * success_rate * revenue_12m.reindex(top).fillna(0.0) * margin).sum())
    return rt.action_appreciation(comparison, current_practice=current_practice, kept_margin=kept, horizon=months,
                                  discount_rate=discount_rate, report=link)


@styled
@dataclass
class TypesReport:
    """The customer-types report's sections (made by :func:`types_report`): each public method returns one section.

    Attributes
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log.
    summary : pandas.DataFrame
        The customer summary.
    model : insight.models.segments.CustomerTypes
        The fitted customer types.
    scores : pandas.DataFrame
        RFM scores per customer.
    segments : pandas.Series
        RFM segment per customer (categorical).
    concentration : insight.models.segments.Concentration
        Revenue concentration.
    seed : int
        Random seed.
    as_of : pandas.Timestamp
        The summary's date.
    summary_cleaning : insight.data.cleaning.CleaningReport
        The cleaning of the summary.
    style : insight.style.Style
        Language and currency of the report.
    thanks : pandas.DataFrame or None
        :func:`insight.retention.rank_actions` of the appreciation action."""
    source: object
    summary: pd.DataFrame
    model: seg.CustomerTypes
    scores: pd.DataFrame
    segments: pd.Series
    concentration: seg.Concentration
    seed: int
    as_of: pd.Timestamp
    summary_cleaning: object        # insight.data.cleaning.CleaningReport of the summary
    style: Style = field(default_factory=Style)
    thanks: pd.DataFrame | None = None     # insight.retention.rank_actions of appreciation_action

    @property
    def ok(self) -> bool:
        return self.model.insufficient_ is None

    def claim(self) -> str:
        """Whether the loyal customers bring the revenue the practitioner claim says; "" without types.

        Returns
        -------
        str"""
        if not self.ok:
            return ""
        return loyal_claim_sentence(self.style, seg.loyal_claim(self.summary["total_revenue"], self.model.types_))

    def headline(self) -> show.Html:
        """The headline box: customers and concentration, the change, the types, the loyal claim; the top action.

        Returns
        -------
        insight.report.display.Html"""
        st = self.style
        return show.headline(st.say("types.title"), self.source.name, [
            st.say("types.headline_customers", n=len(self.summary), as_of=self.as_of) + " "
            + concentration_sentence(st, self.concentration), self.change(), types_sentence(st, self.model),
            self.claim()],
            action=top_action(st, self.model) if self.ok else "", simulated=self.source.simulated, seed=self.seed,
            style=st)

    def change(self) -> str:
        """The largest change in customers buying or revenue between the last two complete months, if beyond
        noise (the CLV report's sentence).

        Returns
        -------
        str"""
        s = self.source
        c = ft.cohort_table(s.transactions, calendar=self.style.calendar, **s.summary_kwargs())
        return buyers_sentence(self.style, c, ft.revenue_change(s.transactions, c, **s.summary_kwargs()))

    def cleaning(self) -> list:
        """The cleaning of the summary and the typical customer's table.

        Returns
        -------
        list of insight.report.display.Html"""
        from .quality import cleaning_view

        st = self.style
        return [cleaning_view(st, self.summary_cleaning),
                show.table(typical_customer_table(st, self.summary), caption=st.say("types.caption_typical"),
                           style=st)]

    def rfm(self) -> list:
        """RFM segments: the heatmap, each segment's share of customers and revenue (chart and table).

        Returns
        -------
        list of insight.report.display.Html"""
        st, rev = self.style, self.summary["total_revenue"]
        return [show.figure(ip.plot_rfm_heatmap(self.scores, ax=new_axes(6.5, 5), style=st),
                            st.say("types.caption_rfm")),
                show.figure(ip.plot_segment_shares(self.segments, rev, ax=new_axes(7, 4.5),
                                                   labels=segment_names(st, self.segments.cat.categories), style=st),
                            st.say("types.caption_segment_shares")),
                show.table(segments_table(st, self.segments, rev), index_label=st.say("types.index_segment"),
                           style=st)]

    def concentration_view(self) -> list:
        """Revenue concentration: the Lorenz curve and its sentence.

        Returns
        -------
        list of insight.report.display.Html"""
        st = self.style
        return [show.figure(ip.plot_lorenz(self.concentration, ax=new_axes(5.5, 5), style=st),
                            concentration_sentence(st, self.concentration))]

    def types(self) -> list:
        """The customer types: the fit, their table, what distinguishes each, profiles and a map (or why none).

        Returns
        -------
        list of insight.report.display.Html"""
        m, st = self.model, self.style
        if not self.ok:
            return [show.not_covered(st.say("types.title"), insufficient_reason(st, m), style=st)]
        return [show.text(types_sentence(st, m)),
                show.table(types_table(st, m), index_label=st.say("types.index_type"), style=st),
                show.text(describe_types(st, m)),
                show.figure(ip.plot_cluster_profiles(m, ax=new_axes(7.5, 4.5), style=st),
                            st.say("types.caption_profiles")),
                show.figure(ip.plot_type_map(m, self.summary, ax=new_axes(7, 5), random_state=self.seed, style=st),
                            st.say("types.caption_type_map"))]

    def actions(self) -> list:
        """What to do for each type, and the value of thanking the best customers.

        Returns
        -------
        list of insight.report.display.Html"""
        st = self.style
        if not self.ok:
            return [show.not_covered(st.say("types.section_actions"), st.say("types.needs_types"), style=st)]
        out = [show.text(self.claim()), show.text(actions(st, self.model))]
        return out + (actions_view(st, self.thanks) if self.thanks is not None else [])

    def download(self) -> list:
        """A CSV download of every customer's RFM scores and segment (and type, when there are types).

        Returns
        -------
        list of insight.report.display.Html"""
        names = segment_names(self.style, self.segments.cat.categories)
        table = self.scores[["R", "F", "M"]].assign(segment=self.segments.cat.rename_categories(names))
        if self.ok:
            table = table.assign(type=self.model.types_.map(type_names(self.style, self.model.types_)),
                                 provisional=self.model.provisional_)
        return [show.csv_download(table, "customer_types.csv", style=self.style)]


@checked(n_clusters=Number(0, integer=True), k_min=Number(2, integer=True), k_max=Number(2, integer=True),
         method=Choice(("kmeans", "gmm")), seed=Number(0, integer=True), margin=Number(0, 1),
         horizon=Number(0, above=True), discount_rate=Number(0, 1), p_alive_threshold=Number(0, 1),
         success_rate=Number(0, 1), top_n=Number(1, integer=True), appreciation_discount=Number(0, 1),
         current_practice=Choice(rt.PRACTICES), currency=CURRENCY, language=LANGUAGE, calendar=CALENDAR)
def types_report(source, *, as_of: str = "", n_clusters: int = 0, k_min: int = 3, k_max: int = 8,
                 method: str = "kmeans", seed: int = 0, margin: float = 0.3, horizon: float = 52.0,
                 discount_rate: float = 0.01, p_alive_threshold: float = 0.5, success_rate: float = 0.3,
                 top_n: int = 25, appreciation_discount: float = 0.1, current_practice: str = "nothing",
                 currency: str = "USD", language: str = "en", calendar: str = "") -> TypesReport:
    """Customer summary, RFM segments, revenue concentration and customer types of a transaction source, and what
    thanking the best customers is worth (``appreciation_action``, valued with the CLV report's model, as the
    overview values it).

    Parameters
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log.
    as_of : str, default ""
        Date of the summary; "" for the last purchase day.
    n_clusters : int, default 0
        Number of types; 0 chooses it from ``k_min`` to ``k_max``.
    k_min, k_max : int, default 3 and 8
        Range of the number of types tried.
    method : {"kmeans", "gmm"}, default "kmeans"
        Clustering method.
    seed : int, default 0
        Random seed.
    margin, horizon, discount_rate, p_alive_threshold : float, default 0.3, 52.0, 0.01 and 0.5
        Share of spend that is profit, valuation horizon in weeks, discount rate per month, and the P(alive) below which
        a customer has probably left.
    success_rate : float, default 0.3
        Share of those thanked who stay because of it.
    top_n : int, default 25
        Number of best customers thanked.
    appreciation_discount : float, default 0.1
        Discount thanking them, as a share of their yearly revenue.
    current_practice : str, default "nothing"
        What the company does today for its best customers, the baseline of the appreciation action.
    currency, language : str, default "USD" and "en"
        Currency and language of the report.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).

    Returns
    -------
    TypesReport"""
    from .. import sources

    style = Style(language=language, currency=currency, calendar=calendar)
    model = seg.CustomerTypes(n_clusters=n_clusters, k_range=(k_min, k_max), method=method, random_state=seed,
                              too_little_data="note").check_params()
    whole = ft.summarize(source.transactions, as_of=pd.Timestamp(as_of) if as_of else None, **source.summary_kwargs())
    summary = whole.table
    scores = seg.rfm_scores(summary)
    econ = sources.log_economics(source, horizon=horizon, discount_rate=discount_rate, margin=margin,
                                 p_alive_threshold=p_alive_threshold, end=whole.as_of if as_of else None)
    thanks = appreciation_action(summary, econ.worth, econ.revenue_12m, years=econ.years,
                                 customers=source.customer_columns(), top_n=top_n,
                                 appreciation_discount=appreciation_discount, current_practice=current_practice,
                                 success_rate=success_rate, margin=margin, months=econ.months,
                                 discount_rate=discount_rate)
    return TypesReport(source, summary, model.fit(summary), scores, seg.rfm_segments(scores),
                       seg.revenue_concentration(summary["total_revenue"].clip(lower=0)), seed, whole.as_of,
                       whole.cleaning, style, rt.rank_actions([thanks]))
