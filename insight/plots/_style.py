"""The style every chart of insight draws in: palette, text sizes, and the context that applies them."""

from __future__ import annotations

import functools

#: Okabe & Ito's colour-blind-safe palette (blue, orange, green, vermillion, sky, purple, yellow, black)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
STYLE = {"font.size": 13, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 11, "xtick.labelsize": 11,
         "ytick.labelsize": 11, "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100}


def style():
    """A context (``with style(): ...``) in which matplotlib draws in insight's style; outside it, nothing changes."""
    import matplotlib as mpl

    return mpl.rc_context({**STYLE, "axes.prop_cycle": mpl.cycler(color=PALETTE)})


def styled(plot):
    """``plot`` drawing inside :func:`style` (every ``plot_*`` function is decorated with it)."""
    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        with style():
            return plot(*args, **kwargs)

    return wrapper


def percent_axis(ax, axis: str = "y"):
    """Show a 0-1 share axis in %."""
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))

__all__ = ["PALETTE", "STYLE", "style", "styled", "percent_axis", "axes_or_new"]


def axes_or_new(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3.5))
    return ax
