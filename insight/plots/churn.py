"""Charts of who is leaving: model quality, drivers, the value of an offer, retention curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..formats import label
from ._style import MODEL_NAMES, PALETTE, axes_or_new, percent_axis, styled

__all__ = [
    "plot_roc", "plot_pr", "plot_calibration", "plot_lift", "plot_importance", "plot_profit", "plot_km",
    "plot_forest", "plot_retention_projection",
]


# --------------------------------------------------------------------------- churn
@styled
def plot_roc(model, *, ax=None, **kwargs):
    """Held-out ROC curve of every compared model (from the cross-validation)."""
    from sklearn.metrics import roc_auc_score, roc_curve

    ax = axes_or_new(ax)
    y = model.y_.to_numpy()
    for name, p in model.oof_by_model_.items():
        fpr, tpr, _ = roc_curve(y, p)
        ax.plot(fpr, tpr, label=f"{MODEL_NAMES.get(name, name)} (AUC {roc_auc_score(y, p):.3f})", **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="random")
    ax.set_xlabel("stayers flagged (%)")
    ax.set_ylabel("leavers caught (%)")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_title("ROC curve, held-out folds")
    ax.legend(loc="lower right")
    return ax


@styled
def plot_pr(model, *, ax=None, **kwargs):
    """Held-out precision-recall curve of every compared model."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    ax = axes_or_new(ax)
    y = model.y_.to_numpy()
    for name, p in model.oof_by_model_.items():
        prec, rec, _ = precision_recall_curve(y, p)
        ax.plot(rec, prec, label=f"{MODEL_NAMES.get(name, name)} (PR AUC {average_precision_score(y, p):.3f})", **kwargs)
    ax.axhline(y.mean(), ls="--", color="grey", label=f"churn rate {y.mean():.1%}")
    ax.set_xlabel("recall (share of churners caught)")
    ax.set_ylabel("precision (share of flagged who churn)")
    ax.set_title("Precision-recall curve, held-out folds")
    ax.legend(loc="upper right")
    return ax


@styled
def plot_calibration(model, bins: int = 10, *, ax=None, **kwargs):
    """Mean predicted vs observed churn by bin of held-out prediction (diagonal = calibrated)."""
    ax = axes_or_new(ax)
    t = model.calibration_table(bins)
    ax.plot(t["predicted"], t["observed"], marker="o", label=MODEL_NAMES.get(model.chosen_, model.chosen_), **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="perfectly calibrated")
    ax.set_xlabel("predicted churn probability (%)")
    ax.set_ylabel("observed churn rate (%)")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_title("Calibration, held-out folds")
    ax.legend(loc="upper left")
    return ax


@styled
def plot_lift(model, bins: int = 10, *, ax=None, **kwargs):
    """Cumulative gain: share of churners caught when contacting the riskiest deciles first."""
    ax = axes_or_new(ax)
    t = model.lift_table(bins)
    x = np.concatenate([[0], np.arange(1, len(t) + 1) / len(t)])
    ax.plot(x, np.concatenate([[0], t["cumulative_gain"]]), marker="o",
            label=MODEL_NAMES.get(model.chosen_, model.chosen_), **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="random order")
    ax.set_xlabel("customers contacted, riskiest first (%)")
    ax.set_ylabel("leavers reached (%)")
    ax.set_title("Cumulative gain: leavers reached by contacting the riskiest first")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return ax


@styled
def plot_importance(importance: pd.DataFrame, top: int = 12, *, ax=None, **kwargs):
    """Horizontal bars of permutation importance with its spread across folds."""
    ax = axes_or_new(ax)
    t = importance.head(top).iloc[::-1]
    kwargs.setdefault("color", PALETTE[0])
    ax.barh([label(i) for i in t.index], t["importance"], xerr=t.get("std"), **kwargs)
    ax.set_xlabel("drop in held-out ROC AUC when shuffled")
    ax.set_title("What the model relies on (permutation importance)")
    return ax


@styled
def plot_profit(curve, *, currency: str = "USD", ax=None, **kwargs):
    """Cumulative expected profit against the number of customers contacted."""
    from ..formats import money, money_unit

    ax = axes_or_new(ax)
    t = curve.table
    ax.plot(np.concatenate([[0], t["rank"]]), np.concatenate([[0], t["cumulative_profit"]]), **kwargs)
    ax.axvline(curve.best_k, color=PALETTE[3], lw=0.8)
    ax.annotate(f"best: contact {curve.best_k:,}\nprofit {money(curve.best_profit, currency)}",
                (curve.best_k, curve.best_profit), xytext=(10, -30), textcoords="offset points", color=PALETTE[3])
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlabel("customers contacted (highest expected profit first)")
    ax.set_ylabel(f"cumulative expected profit, {money_unit(currency)}")
    ax.set_title("Retention offer: expected profit curve")
    return ax


@styled
def plot_km(curves: dict, *, time_unit: str = "periods", ax=None, at_risk: bool = True, **kwargs):
    """Kaplan-Meier retention curves with confidence bands (from :func:`insight.models.survival.kaplan_meier`).

    ``time_unit`` names the x axis ("months"); below the chart, the number of customers
    still at risk at each tick, counted by :func:`insight.models.survival.number_at_risk`.
    """
    from ..models.survival import number_at_risk

    ax = axes_or_new(ax)
    for g, curve in curves.items():
        f = curve.table
        line, = ax.step(f["time"], f["retention"], where="post",
                        label=f"{g} (n={curve.n:,}, median {curve.median:.1f})"
                        if np.isfinite(curve.median) else f"{g} (n={curve.n:,}, median not reached)",
                        **kwargs)
        ax.fill_between(f["time"], f["ci_low"], f["ci_high"], step="post", alpha=0.2, color=line.get_color())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(f"{time_unit} since start")
    ax.set_ylabel("still a customer (%)")
    percent_axis(ax, "y")
    ax.set_title("Retention curves (Kaplan-Meier, 95% band)")
    ax.legend(loc="lower left", fontsize="small")
    if at_risk:
        lo, hi = ax.get_xlim()
        ticks = [t for t in ax.get_xticks() if lo <= t <= hi and t >= 0]
        counts = number_at_risk(curves, ticks)
        rows = [f"{str(g)[:14]:<14} " + "".join(f"{c:>8,}" for c in counts.loc[g]) for g in counts.index]
        ax.text(0, -0.2, "at risk at " + ", ".join(f"{t:g}" for t in ticks) + f" {time_unit}\n" + "\n".join(rows),
                transform=ax.transAxes, fontsize=10, va="top", family="monospace")
    return ax


@styled
def plot_forest(ratios: pd.DataFrame, *, ax=None, value_col: str = "hazard_ratio", **kwargs):
    """Forest plot of hazard (or odds) ratios with confidence intervals, log scale."""
    ax = axes_or_new(ax)
    t = ratios.iloc[::-1]
    y = np.arange(len(t))
    v = t[value_col].to_numpy()
    ax.errorbar(v, y, xerr=[v - t["ci_low"].to_numpy(), t["ci_high"].to_numpy() - v], fmt="o", capsize=3, **kwargs)
    ax.axvline(1, color="grey", ls="--")
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}x"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    names = t["label"] if "label" in t.columns else [label(i) for i in t.index]
    ax.set_yticks(y, list(names))
    name = value_col.replace("_", " ")
    ax.set_xlabel(f"{name} (log scale; 1x = no effect)")
    ax.set_title(f"{name.capitalize()}s with 95% confidence intervals")
    return ax


@styled
def plot_retention_projection(km, model, periods: int, *, time_unit: str = "periods", ax=None, **kwargs):
    """Observed retention (a Kaplan-Meier frame of :func:`insight.models.survival.kaplan_meier`) against the shifted-beta-
    geometric model's curve (:class:`~insight.models.clv.sbg.ShiftedBetaGeometric`), projected to ``periods``."""
    ax = axes_or_new(ax)
    ax.step(km["time"], km["retention"], where="post", label="observed (Kaplan-Meier)", color=PALETTE[0], **kwargs)
    s = model.survival(periods)
    ax.plot(s.index, s.to_numpy(), ls="--", color=PALETTE[1], label="sBG model (projected beyond the data)")
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "y")
    ax.set_xlabel(f"{time_unit} since start")
    ax.set_ylabel("still a customer (%)")
    ax.set_title("Retention: observed and projected")
    ax.legend(loc="lower left")
    return ax
