"""The style every chart of insight draws in: palette, text sizes, and the context that applies them."""

from __future__ import annotations

import functools

#: Okabe & Ito's colour-blind-safe palette (blue, orange, green, vermillion, sky, purple, yellow, black)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
STYLE = {"font.size": 13, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 11, "xtick.labelsize": 11,
         "ytick.labelsize": 11, "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100}


#: languages whose charts are drawn in the bundled Vazirmatn font (matplotlib 3.11 shapes their script itself)
FONT_LANGUAGES = frozenset({"fa", "ar", "ur"})


@functools.lru_cache(maxsize=1)
def _vazirmatn() -> str:
    """Register the bundled Vazirmatn font with matplotlib once; its family name."""
    from importlib import resources

    from matplotlib import font_manager

    with resources.as_file(resources.files("insight").joinpath("fonts", "Vazirmatn-Regular.ttf")) as path:
        font_manager.fontManager.addfont(str(path))
    return "Vazirmatn"


def style(language: str = "en"):
    """A context (``with style(): ...``) in which matplotlib draws in insight's style, in the font of
    ``language``'s script; outside it, nothing changes."""
    import matplotlib as mpl

    font = {"font.family": [_vazirmatn(), "DejaVu Sans"]} if language in FONT_LANGUAGES else {}
    return mpl.rc_context({**STYLE, "axes.prop_cycle": mpl.cycler(color=PALETTE), **font})


def styled(plot):
    """``plot`` drawing inside :func:`style` (every ``plot_*`` function is decorated with it), in the language of
    its ``style=`` argument: tick labels then use the language's digits, and the figure remembers its language so
    the report saves it in the same font."""
    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        st = kwargs.get("style")
        language = getattr(st, "language", "en")
        with style(language):
            ax = plot(*args, **kwargs)
            if language != "en" and hasattr(ax, "xaxis"):
                for each in ax.figure.axes:   # colour bars and twin axes too
                    native_ticks(each, st)
        fig = getattr(ax, "figure", None)
        if fig is not None:
            fig.insight_language = language
        return ax

    return wrapper


def native_ticks(ax, st) -> None:
    """Tick labels of ``ax`` written with the digits of ``st``'s language (Persian ۰-۹ and ٪)."""
    from matplotlib.ticker import Formatter

    class Native(Formatter):
        """The axis's own formatter, its text in the language's digits."""

        def __init__(self, inner):
            self.inner = inner

        def set_axis(self, axis):
            super().set_axis(axis)
            self.inner.set_axis(axis)

        def set_locs(self, locs):
            self.inner.set_locs(locs)

        def __call__(self, x, pos=None):
            return st.native(self.inner(x, pos))

        def format_ticks(self, values):
            return [st.native(t) for t in self.inner.format_ticks(values)]

        def get_offset(self):
            return st.native(self.inner.get_offset())

    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(Native(axis.get_major_formatter()))


def percent_axis(ax, axis: str = "y"):
    """Show a 0-1 share axis in %."""
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))

__all__ = ["PALETTE", "STYLE", "style", "styled", "percent_axis", "axes_or_new", "native_ticks", "FONT_LANGUAGES"]


def axes_or_new(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3.5))
    return ax
