"""The customer-types report: what types of customers do we have, and what is each worth?"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import features as ft
from ... import plots as ip
from ...models import segments as seg
from .. import display as show
from ._common import new_axes, styled

__all__ = ["TypesReport", "types_report"]


# --------------------------------------------------------------------------- customer types
@styled
@dataclass
class TypesReport:
    source: object
    summary: pd.DataFrame
    model: seg.CustomerTypes
    scores: pd.DataFrame
    segments: pd.Series
    concentration: seg.Concentration
    seed: int
    as_of: pd.Timestamp
    summary_cleaning: object        # insight.data.cleaning.CleaningReport of the summary

    @property
    def ok(self) -> bool:
        return self.model.insufficient_ is None

    def claim(self) -> str:
        return seg.loyal_claim(self.summary["total_revenue"], self.model.types_)["sentence"] if self.ok else ""

    def headline(self) -> show.Html:
        return show.headline("Customer types", self.source.name, [
            f"**{len(self.summary):,} customers** up to {self.as_of:%Y-%m-%d}. "
            + self.concentration.sentence(), self.model.sentence(), self.claim()],
            action=self.model.top_action() if self.ok else "", simulated=self.source.simulated, seed=self.seed)

    def cleaning(self) -> list:
        return [self.summary_cleaning,
                show.table(ft.describe_summary(self.summary), caption="The typical customer: medians, means and the "
                           "90th percentile of the main signals.")]

    def rfm(self) -> list:
        rev = self.summary["total_revenue"]
        return [show.figure(ip.plot_rfm_heatmap(self.scores, ax=new_axes(6.5, 5)), "Customers by recency score and by the "
                            "mean of frequency and money scores: the top right holds the best customers, the bottom "
                            "left those who have lapsed."),
                show.figure(ip.plot_segment_shares(self.segments, rev, ax=new_axes(7, 4.5)),
                            "Each RFM segment's share of customers against its share of revenue."),
                show.table(seg.segment_table(self.segments, rev), index_label="segment")]

    def concentration_view(self) -> list:
        return [show.figure(ip.plot_lorenz(self.concentration, ax=new_axes(5.5, 5)), self.concentration.sentence())]

    def types(self) -> list:
        m = self.model
        if not self.ok:
            return [show.not_covered("Customer types", m.insufficient_)]
        return [show.text(m.sentence()), show.table(m.summary(), index_label="type"), show.text(m.describe_types()),
                show.figure(ip.plot_cluster_profiles(m, ax=new_axes(7.5, 4.5)), "Each cluster's mean of every signal "
                            "relative to all customers (2.0x = twice the average)."),
                show.figure(ip.plot_type_map(m, self.summary, ax=new_axes(7, 5), random_state=self.seed),
                            "Customers on the two main directions of variation, coloured by type.")]

    def actions(self) -> list:
        if not self.ok:
            return [show.not_covered("What to do about each type", "customer types (see above)")]
        return [show.text(self.claim()), show.text(self.model.actions())]

    def download(self) -> list:
        table = self.scores[["R", "F", "M"]].assign(segment=self.segments)
        if self.ok:
            table = table.assign(type=self.model.types_, provisional=self.model.provisional_)
        return [show.csv_download(table, "customer_types.csv")]


def types_report(source, *, as_of: str = "", n_clusters: int = 0, k_min: int = 3, k_max: int = 8,
                 method: str = "kmeans", seed: int = 0) -> TypesReport:
    """Customer summary, RFM segments, revenue concentration and customer types of a transaction source."""
    model = seg.CustomerTypes(n_clusters=n_clusters, k_range=(k_min, k_max), method=method, random_state=seed,
                              too_little_data="note").check_params()
    whole = ft.summarize(source.transactions, as_of=pd.Timestamp(as_of) if as_of else None, **source.summary_kwargs())
    summary = whole.table
    scores = seg.rfm_scores(summary)
    return TypesReport(source, summary, model.fit(summary), scores, seg.rfm_segments(scores),
                       seg.revenue_concentration(summary["total_revenue"].clip(lower=0)), seed, whole.as_of,
                       whole.cleaning)
