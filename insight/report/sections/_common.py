"""What every report's sections share: a new chart's axes and the cohort view."""

from __future__ import annotations

from ... import features as ft
from ... import plots as ip
from .. import display as show

__all__ = ["new_axes", "cohort_view"]


def new_axes(width: float = 6.4, height: float = 4.5):
    """Axes of a new figure at most 6.4 in wide, so that its text stays legible when a phone scales it down."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(min(width, 6.4), height))[1]


def cohort_view(c: ft.Cohorts) -> list:
    """Heatmap, sentence and table of acquisition (or subscription start) cohorts."""
    ages = list(c.active.columns[:13])
    what = ("(month of start) still a customer" if c.subscriptions else
            "(month of first purchase) buying")
    return [show.figure(ip.plot_cohorts(c, ax=new_axes(7, 5)), c.sentence()),
            show.table(c.active[ages].assign(customers=c.sizes)[["customers", *ages]], percent=ages,
                       index_label="cohort", caption=f"Share of each cohort {what} in each month after it; – where "
                       "the data end before the cohort reached that age.")]


