"""Plot P(alive): the chance that a customer is still active.

BG/NBD on the CDNOW 1/10 sample. The heat map shows P(alive) after 39 weeks
for every number of repeat purchases (frequency) and week of the last one
(recency): a frequent buyer who has not bought for a long time is probably
gone; an infrequent one may not be. Saves p_alive.png.
"""

import matplotlib.pyplot as plt
import pandas as pd

import insight.data.datasets as ds
from insight.features.summary import customer_summary
from insight.models.clv.registry import model
from insight.plots import style
from insight.plots.clv import plot_frequency_recency

purchases = ds.load_cdnow(sample=True)
summary = customer_summary(purchases, "sample_id", "date", "amount",
                           time_unit="W", as_of="1997-09-30")
bg = model("bgnbd").fit(summary)

alive = bg.p_alive(summary)
print(f"customers: {len(summary):,}; "
      f"P(alive) below 0.5: {(alive < 0.5).sum():,}")
# 5 repeat purchases, the last in week 10, observed for 39 weeks
one = pd.DataFrame({"frequency": [5], "recency": [10], "T": [39]})
print(f"P(alive) of that customer: {float(bg.p_alive(one).iloc[0]):.3f}")

with style():
    ax = plot_frequency_recency(bg, T=39, what="p_alive", max_frequency=15)
    ax.figure.savefig("p_alive.png", dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
