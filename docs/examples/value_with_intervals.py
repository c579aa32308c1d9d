"""Value every customer, with intervals: CLV per customer and for the base.

BG/NBD for the purchases and Gamma-Gamma for the spend per purchase, on the
CDNOW 1/10 sample; the value of the next 52 weeks at a 30% margin,
discounted at 1% a month. Intervals draw the parameters from their
asymptotic normal and recompute every prediction.
Saves clv_distribution.png.
"""

import matplotlib.pyplot as plt

import insight.data.datasets as ds
from insight.features.columns import TIME_UNITS
from insight.features.summary import customer_summary
from insight.models.clv.intervals import prediction_intervals, value_intervals
from insight.models.clv.registry import fit_models
from insight.models.clv.value import value_customers
from insight.plots import style
from insight.plots.clv import plot_distribution

purchases = ds.load_cdnow(sample=True)
summary = customer_summary(purchases, "sample_id", "date", "amount",
                           time_unit="W")
bg, gg = fit_models(summary, "bgnbd")   # a count model by name, and spend

values = value_customers(bg, gg, summary, horizon=52, time_unit="W",
                         margin=0.3, discount_rate=0.01)
print(values.values[["p_alive", "clv"]].describe().round(2).to_string())

weeks_a_month = TIME_UNITS["M"] / TIME_UNITS["W"]   # discounting steps
clv = value_intervals(bg, gg, summary, level=0.9, n_draws=100, horizon=52,
                      step=weeks_a_month, margin=0.3, discount_rate=0.01)
low, estimate, high = (clv.total[k] for k in ("low", "estimate", "high"))
print(f"CLV of the whole base, next 52 weeks: {estimate:,.0f} "
      f"(90% interval {low:,.0f} to {high:,.0f})")

repeats = prediction_intervals(bg, summary, t=52, n_draws=100)
print("expected repeat purchases, next 52 weeks:",
      repeats.total.round(0).to_dict())

with style():
    ax = plot_distribution(values.values["clv"])
    ax.figure.savefig("clv_distribution.png", dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
