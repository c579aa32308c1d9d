"""Themes of a complaint file: what customers write about, how often, and
how it changes from month to month.

The bundled CFPB extract (2,827 complaints about payday, title and personal
loans, 2023) stands in for your own file: any table with a text column. Six
themes by non-negative matrix factorization of the words (no model is
downloaded), each with its share of the complaints and a 95% interval.
Saves theme_trend.png.
"""

import matplotlib.pyplot as plt
import pandas as pd

from insight.data.datasets import data_dir
from insight.models.text.themes import find_themes
from insight.plots import style
from insight.plots.feedback import plot_theme_trend

complaints = pd.read_csv(data_dir() / "cfpb_complaints_payday_2023.csv")
complaints["Date received"] = pd.to_datetime(complaints["Date received"],
                                             format="%m/%d/%y")

themes = find_themes(complaints, "Consumer complaint narrative",
                     n_themes=6, date_col="Date received", period="M",
                     random_state=0)
table = themes.table
names = {i: ", ".join(list(terms)[:2]) for i, terms in table["terms"].items()}
print(table[["documents", "share", "low", "high"]].round(3)
      .assign(theme=pd.Series(names)).to_string())

with style():
    ax = plot_theme_trend(themes.trend, names)
    ax.figure.savefig("theme_trend.png", dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
