"""What every report's sections share: a new chart's axes, the cohort view and the typical customer's table."""

from __future__ import annotations

from ... import features as ft
from ... import plots as ip
from ...style import Style
from .. import display as show

__all__ = ["buyers_sentence", "new_axes", "cohort_view", "cohort_sentence", "typical_customer_table", "styled"]


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


#: the widest figure in inches: at 140 dpi a chart is about 700 px wide, and its 11-point tick labels stay about
#: 10 px tall when a 390 px phone scales it to the screen's width
MAX_FIGURE_WIDTH = 5.0


def new_axes(width: float = MAX_FIGURE_WIDTH, height: float = 4.5):
    """Axes of a new figure at most :data:`MAX_FIGURE_WIDTH` inches wide, so that its text stays legible when a
    phone scales it down."""
    import matplotlib.pyplot as plt

    with ip.style():
        return plt.subplots(figsize=(min(width, MAX_FIGURE_WIDTH), height))[1]


def cohort_sentence(st: Style, c: ft.Cohorts, period: int = 3) -> str:
    """Share of the first and the last cohort still buying (or subscribed) ``period`` periods after acquisition."""
    freq = c.freq if c.freq in ("M", "Q") else "M"
    at = c.at_age(period)
    if at is None:
        return st.say(f"clv.cohort.too_few.{freq}", period=period)
    kind = "subscribed" if c.subscriptions else "bought"
    return st.say(f"clv.cohort.{kind}.{freq}", period=period, **{**at, "first": c.period(at["first"]),
                                                                 "last": c.period(at["last"])})


def buyers_sentence(st: Style, c: ft.Cohorts, revenue: dict | None = None) -> str:
    """The largest change between the last two complete periods that is beyond noise: in customers buying
    (:func:`insight.features.buyers_change`) or in ``revenue`` (:func:`insight.features.revenue_change`), the larger
    relative one; or that neither changed beyond noise. "" with fewer than two periods or for subscriptions."""
    ch = ft.buyers_change(c) if not c.subscriptions else None
    if ch is None:
        return ""
    periods = {k: c.period(ch[k]) for k in ("before_period", "after_period")}   # written in the report's calendar
    ch, revenue = {**ch, **periods}, revenue and {**revenue, **periods}
    moved = [(kind, x) for kind, x in (("buyers", ch), ("revenue", revenue)) if x is not None and x["beyond_noise"]]
    if moved:
        kind, x = max(moved, key=lambda m: abs(m[1]["change"]) / max(abs(m[1]["before"]), 1e-9))
        return st.say(f"clv.{kind}.{'up' if x['change'] > 0 else 'down'}",
                      **{k: v for k, v in x.items() if k != "beyond_noise"})
    if revenue is not None:
        return st.say("clv.buyers.none_revenue", **{k: v for k, v in ch.items() if k != "beyond_noise"},
                      revenue_before=revenue["before"], revenue_after=revenue["after"])
    return st.say("clv.buyers.none", **{k: v for k, v in ch.items() if k != "beyond_noise"})


def cohort_view(c: ft.Cohorts, style: Style | None = None, revenue: dict | None = None) -> list:
    """Heatmap, sentence and table of acquisition (or subscription start) cohorts, after the largest change
    (:func:`buyers_sentence`, with the ``revenue`` change when given)."""
    st = style or Style()
    ages = list(c.active.columns[:13])
    caption = st.say("clv.cohort.caption_subscribed" if c.subscriptions else "clv.cohort.caption_bought")
    if c.partial:
        caption += " " + st.say("clv.cohort.partial", period=c.period(c.partial), n=c.partial_days)
    change = buyers_sentence(st, c, revenue)
    table = c.active[ages].assign(customers=c.sizes)[["customers", *ages]]
    table.index = [c.period(label) for label in table.index]
    return ([show.text(change)] if change else []) + [
        show.figure(ip.plot_cohorts(c, ax=new_axes(7, 5), style=st), cohort_sentence(st, c)),
        show.table(table, percent=ages,
                   index_label=st.say("clv.cohort.index"), caption=caption, style=st)]


def typical_customer_table(st: Style, summary):
    """:func:`insight.features.describe_summary` of a customer summary with the signals and statistics in words,
    for :func:`insight.report.display.table`."""
    t = ft.describe_summary(summary)
    out = t.rename(index={c: st.say(f"clv.signal.{c}") for c in t.index},
                   columns={c: st.say(f"clv.signal_col.{c}") for c in t.columns})
    out.index.name = st.say("clv.signal_index", n=len(summary))
    return out
