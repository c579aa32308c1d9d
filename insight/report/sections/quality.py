"""The data-quality report: can we trust the data?"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import features as ft
from ... import plots as ip
from ...data.datasets import load, load_cdnow, load_customer_satisfaction
from .. import display as show
from ._common import new_axes, styled

__all__ = ["QualityReport", "quality_report"]


# --------------------------------------------------------------------------- data quality
@styled
@dataclass
class QualityReport:
    own: object                     # None (bundled data sets), a DataSpec, or an Inspection of a bare file
    cleaning: object
    bundled: list

    def headline(self) -> show.Html:
        from ...data.spec import DataSpec

        own = self.own
        if isinstance(own, DataSpec):
            return show.headline("Data quality", own.name, [f"**{own.name}**: {own.kind} data from "
                                                            f"{len(own.tables)} table(s). {self.cleaning.sentence()}"])
        if own is not None:
            return show.headline("Data quality", own.path.name, [own.sentence()], action="Save the proposed "
                                 "specification as a .yaml file, check each role, and pass it as the parameter data.")
        return show.headline("Data quality", "bundled data sets", [
            f"{len(self.bundled)} bundled data sets: " + ", ".join(s.title for s in self.bundled) + "."])

    def yours(self) -> list:
        from ...data.spec import DataSpec

        own = self.own
        if own is None:
            return [show.omit("Your data")]
        if not isinstance(own, DataSpec):
            return [own]
        out = [show.table(own.quality(), index_label="column", data_names=True), self.cleaning]
        if own.kind == "transactions":
            out.append(show.figure(ip.plot_monthly_activity(own.monthly(), "month", "amount", ax=new_axes(8, 3.5)),
                                   "Amount per calendar month, after cleaning."))
        return out

    def bundled_sets(self) -> list:
        from ...data.datasets import SATISFACTION_LABELS

        if not self.bundled:
            return [show.omit("Bundled data sets")]
        out = []
        for sec in self.bundled:
            out.append(show.text(f"**{sec.title}.** {sec.text}"))
            out += [show.table(t, caption=c, data_names=True, index="column" not in t.columns)
                    if isinstance(t, pd.DataFrame) else t for c, t in sec.tables]
            if sec.monthly is not None:
                what = sec.monthly.columns[1]
                out.append(show.figure(ip.plot_monthly_activity(sec.monthly, "month", what, ax=new_axes(8, 3.2)),
                                       f"{sec.title}: {what} per month."))
            if sec.ratings is not None:
                out.append(show.figure(ip.plot_rating_distribution(sec.ratings, list(SATISFACTION_LABELS),
                                                                   labels=SATISFACTION_LABELS, scale=(1, 10),
                                                                   ax=new_axes(8, 5)),
                                       "How the answers to each question spread over the 1-10 scale."))
        return out


def quality_report(data: str = "", *, demo_customers: int = 2000, seed: int = 0) -> QualityReport:
    """What ``data`` (a specification, a bundled name or a bare file) holds, or every bundled data set when empty."""
    from .. import sources
    from ...data.spec import DataSpec

    own = sources.own_data(data)
    cleaning = None
    if isinstance(own, DataSpec):
        cleaning = ft.summarize(own).cleaning if own.kind == "transactions" else own.load()[1]
    return QualityReport(own, cleaning, bundled_quality(demo_customers, seed) if own is None else [])


@dataclass
class QualitySection:
    """One bundled data set as the data_quality report shows it (see :func:`bundled_quality`)."""

    title: str
    text: str
    tables: list            # (caption, DataFrame or CleaningReport)
    monthly: pd.DataFrame | None = None    # month, amount (or rows)
    ratings: pd.DataFrame | None = None    # survey answers for a rating-distribution chart


def bundled_quality(demo_customers: int = 2000, seed: int = 0) -> list[QualitySection]:
    """What each bundled data set holds and what cleaning changes, for the data_quality report."""
    from ...data import simulate as sim
    from ...data.cleaning import clean_transactions, merge_same_day, quality_summary

    def monthly(df, amount=None):
        m = df.assign(month=df["date"].dt.to_period("M").dt.to_timestamp())
        return (m.groupby("month")[amount].sum() if amount else m.groupby("month").size()).rename(
            "amount" if amount else "rows").reset_index()

    cdnow = load_cdnow()
    clean, steps = clean_transactions(cdnow, "customer_id", "date", "amount", quantity_col="quantity")
    _, merged = merge_same_day(clean, "customer_id", "date", "amount", quantity_col="quantity")
    telco_data = load("telco_churn")
    telco = telco_data.table
    survey = load_customer_satisfaction()
    demo = sim.demo_company(demo_customers, seed=seed)
    demo_clean, demo_steps = clean_transactions(demo.transactions, "customer_id", "date", "amount")
    return [
        QualitySection("CDNOW purchases", f"{len(cdnow):,} purchases of {cdnow['customer_id'].nunique():,} customers "
                       f"who first bought at the online music retailer CDNOW in the first quarter of 1997, from "
                       f"{cdnow['date'].min():%Y-%m-%d} to {cdnow['date'].max():%Y-%m-%d} (Fader & Hardie). Cleaning "
                       "removes rows without a customer, exact duplicates and returns, and merges purchases by the "
                       "same customer on one day (the convention of the buy-till-you-die models). All customers are "
                       "acquired in the first three months, so activity peaks early and then decays.",
                       [("Columns", quality_summary(cdnow, id_cols=["customer_id"])), ("Cleaning", steps + merged)],
                       monthly=monthly(cdnow)),
        QualitySection("IBM Telco churn", f"{len(telco):,} customers of a telecom company with a churn flag and their "
                       f"tenure in months; {telco['churn'].mean():.1%} left. The 11 new customers (tenure 0) have no "
                       "total charges yet; the cleaning table shows how the loader handles them.",
                       [("Cleaning", telco_data.cleaning), ("Columns", quality_summary(telco))]),
        QualitySection("Yellow Pages satisfaction survey", f"{len(survey):,} advertisers rated overall satisfaction and "
                       "nine specific aspects on a 1 (poor) to 10 (excellent) scale (Rossi, Gilula & Allenby 2001); "
                       "they use the top of the scale much more than the bottom.",
                       [("Columns", quality_summary(survey))], ratings=survey),
        QualitySection("The simulated demo company", "A fictional online retailer generated by "
                       "insight.data.simulate.demo_company, with every table a real business would have and the ground "
                       "truth that generated them. Its transactions include returns (negative amounts); cleaning "
                       "removes and counts them, and the monthly revenue is after cleaning.",
                       [("Tables", pd.DataFrame({"rows": {k: len(t) for k, t in demo.tables().items()},
                                                 "columns": {k: t.shape[1] for k, t in demo.tables().items()}})),
                        ("Cleaning", demo_steps)], monthly=monthly(demo_clean, "amount")),
    ]
