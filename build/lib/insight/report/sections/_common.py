"""What every report's sections share: a new chart's axes and the cohort view."""

from __future__ import annotations

from ... import features as ft
from ... import plots as ip
from .. import display as show

__all__ = ["new_axes", "cohort_view", "styled"]


def styled(cls):
    """Every public method of a report class runs inside :func:`insight.plots.style`, so its charts take the
    report's style while matplotlib's global settings stay as they were."""
    import functools

    def wrap(method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            with ip.style():
                return method(*args, **kwargs)

        return wrapper

    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_"):
            setattr(cls, name, wrap(value))
    return cls


def new_axes(width: float = 6.4, height: float = 4.5):
    """Axes of a new figure at most 6.4 in wide, so that its text stays legible when a phone scales it down."""
    import matplotlib.pyplot as plt

    with ip.style():
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


