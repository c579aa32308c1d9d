"""BG/NBD, MBG/NBD, Pareto/NBD, BG/BB and Gamma-Gamma: insight vs lifetimes, in one run, same data;
and intervals for 1,000,000 customers against a bootstrap over customers.

Data: the full CDNOW file (23,570 customers, weeks) and a 1,000,000-customer summary
drawn from the BG/NBD and Gamma-Gamma processes with the published CDNOW parameters
(insight.data.simulate.btyd_summary, seed 0). Each fit's parameters are compared
with lifetimes' (max relative difference). Results go to benchmarks/results/clv.json.

    python benchmarks/bench_clv.py [--skip-slow]    # --skip-slow: no lifetimes Pareto/NBD on 1M (~7 min)

Targets (issue 5): BG/NBD fit >= 3x faster than lifetimes on CDNOW and on 1M;
Pareto/NBD >= 5x on CDNOW and >= 10x on 1M; Gamma-Gamma on 1M no slower;
P(alive) and conditional expected purchases on 1M no slower. Issue 15: MBG/NBD and BG/BB
against lifetimes (BG/BB on the 1995 donors and on the same patterns scaled to 1,110,400
donors); 90% intervals of the base's expected purchases for 1M customers in under 10 s
(200 parameter draws), against a bootstrap over customers (CLVTools' method; 5 refits timed
and scaled to 200, labelled as an extrapolation).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path


HERE = Path(__file__).resolve().parent
warnings.filterwarnings("ignore")


def timed(f, repeat=1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def rel_diff(a: dict, b: dict, names: dict | None = None) -> float:
    names = {"gamma": "v"} if names is None else names  # lifetimes calls the Gamma-Gamma scale v
    return max(abs(a[k] - b[names.get(k, k)]) / abs(b[names.get(k, k)]) for k in a)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-slow", action="store_true")
    args = ap.parse_args()
    import numpy as np
    from lifetimes import (BetaGeoBetaBinomFitter, BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter,
                           ParetoNBDFitter)

    from insight.models.clv.bgbb import BetaGeoBetaBinom
    from insight.models.clv.beta_geo import BetaGeo, ModifiedBetaGeo
    from insight.models.clv.gamma_gamma import GammaGamma
    from insight.models.clv.pareto_nbd import ParetoNBD
    from insight.data.datasets import load_donations
    from insight.models.clv.intervals import prediction_intervals
    from insight.data.datasets import load_cdnow
    from insight.features.summary import customer_summary

    cdnow = customer_summary(load_cdnow(), "customer_id", "date", "amount")
    from insight.data.simulate import btyd_summary

    big = btyd_summary(1_000_000, seed=0)   # drawn from BG/NBD + Gamma-Gamma with the CDNOW estimates
    results = {}

    def row(name, ours_t, theirs_t, diff=None):
        ratio = theirs_t / ours_t
        results[name] = {"insight_s": ours_t, "lifetimes_s": theirs_t, "speedup": ratio, "max_rel_param_diff": diff}
        d = f", params differ by {diff:.1e}" if diff is not None else ""
        print(f"{name:<38} insight {ours_t:8.3f} s   lifetimes {theirs_t:8.3f} s   {ratio:6.1f}x{d}", flush=True)

    for label, s in (("CDNOW (23,570)", cdnow), ("1M customers", big)):
        rep = 3 if len(s) < 100_000 else 1
        t_ours, bg = timed(lambda: BetaGeo().fit(s), rep)
        t_lt, bgf = timed(lambda: BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"]), rep)
        row(f"BG/NBD fit, {label}", t_ours, t_lt, rel_diff(bg.params_, dict(bgf.params_)))
        t_ours, mbg = timed(lambda: ModifiedBetaGeo().fit(s), rep)
        t_lt, mbgf = timed(lambda: ModifiedBetaGeoFitter().fit(s["frequency"], s["recency"], s["T"]), rep)
        row(f"MBG/NBD fit, {label}", t_ours, t_lt, rel_diff(mbg.params_, dict(mbgf.params_)))
        if len(s) < 100_000 or not args.skip_slow:
            t_ours, pn = timed(lambda: ParetoNBD().fit(s))
            t_lt, pnf = timed(lambda: ParetoNBDFitter().fit(s["frequency"], s["recency"], s["T"]))
            row(f"Pareto/NBD fit, {label}", t_ours, t_lt, rel_diff(pn.params_, dict(pnf.params_)))
        rep_ = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
        t_ours, gg = timed(lambda: GammaGamma().fit(s), rep)
        t_lt, ggf = timed(lambda: GammaGammaFitter().fit(rep_["frequency"], rep_["monetary_value"]), rep)
        row(f"Gamma-Gamma fit, {label}", t_ours, t_lt, rel_diff(gg.params_, dict(ggf.params_)))
        if len(s) >= 100_000:
            t_ours, _ = timed(lambda: bg.p_alive(s), 3)
            t_lt, _ = timed(lambda: bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"]), 3)
            row("BG/NBD P(alive), 1M", t_ours, t_lt)
            t_ours, _ = timed(lambda: bg.expected_purchases(s, 39.0), 3)
            t_lt, _ = timed(lambda: bgf.conditional_expected_number_of_purchases_up_to_time(
                39.0, s["frequency"], s["recency"], s["T"]), 3)
            row("BG/NBD conditional expected, 1M", t_ours, t_lt)
            t_ours, iv = timed(lambda: prediction_intervals(bg, s, t=39.0, level=0.9, n_draws=200))
            rng = np.random.default_rng(0)
            t_boot, _ = timed(lambda: [BetaGeo().fit(s.iloc[rng.integers(0, len(s), len(s))]) for _ in range(5)])
            results["intervals 1M"] = {"insight_s": t_ours, "bootstrap_5_refits_s": t_boot,
                                       "bootstrap_200_extrapolated_s": t_boot * 40,
                                       "speedup_vs_extrapolated_bootstrap": t_boot * 40 / t_ours,
                                       "total": iv.total.to_dict()}
            print(f"{'90% intervals, 1M customers':<38} insight {t_ours:8.3f} s   bootstrap 200 refits "
                  f"{t_boot * 40:8.1f} s (5 timed, x40: an extrapolation)   {t_boot * 40 / t_ours:6.1f}x", flush=True)
    donors = load_donations()
    scaled = donors.assign(count=donors["count"] * 100)
    for label, d in (("donations (11,104)", donors), ("donations x100 (1,110,400)", scaled)):
        t_ours, bb = timed(lambda: BetaGeoBetaBinom().fit(d), 3)
        t_lt, bbf = timed(lambda: BetaGeoBetaBinomFitter().fit(d["frequency"], d["recency"], d["n_opportunities"],
                                                               weights=d["count"]), 3)
        row(f"BG/BB fit, {label}", t_ours, t_lt, rel_diff(bb.params_, dict(bbf.params_), names={}))
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "clv.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
