"""The data-quality report: can we trust the data?"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import features as ft
from ... import plots as ip
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
    from ...data import datasets as ds
    from ...data.spec import DataSpec

    own = ds.own_data(data)
    cleaning = None
    if isinstance(own, DataSpec):
        cleaning = ft.customer_summary(own).attrs["cleaning"] if own.kind == "transactions" else own.load()[1]
    return QualityReport(own, cleaning, ds.bundled_quality(demo_customers, seed) if own is None else [])
