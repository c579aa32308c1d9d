"""Fit a customer-base model by its name, and check it against the data.

The registry (insight.models.clv.registry) lists every model; model(name)
gives a new, unfitted one. Here BG/NBD on the CDNOW 1/10 sample with the
published 39-week calibration period (Fader, Hardie & Lee 2005 report
r 0.243, alpha 4.414, a 0.793, b 2.426), then how many customers made
0, 1, ..., 7+ repeat purchases against what the model expects.
Saves period_transactions.png.
"""

import matplotlib.pyplot as plt

import insight.data.datasets as ds
from insight.models.clv.goodness import period_transactions
from insight.models.clv.holdout import calibration_holdout
from insight.models.clv.registry import model, models_table
from insight.plots import style
from insight.plots.clv import plot_period_transactions

print(models_table()["model"].to_string())

purchases = ds.load_cdnow(sample=True)
summary = calibration_holdout(purchases, "sample_id", "date", "amount",
                              calibration_end="1997-09-30",
                              holdout_end="1998-06-30")
bg = model("bgnbd").fit(summary)
print()
print(bg.summary().round(3).to_string())
print(f"log-likelihood {bg.log_likelihood_:,.1f}")

check = period_transactions(bg, summary)
with style():
    ax = plot_period_transactions(check)
    ax.figure.savefig("period_transactions.png", dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
