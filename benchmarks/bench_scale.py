"""Beyond one machine (issue 16): the summary at 100M transactions, against a bare GROUP BY, and on Spark.

One run measures, each method in its own subprocess (wall time and its own peak resident memory):

1. ``summary_vs_groupby``: :func:`insight.features.summary.customer_summary` against a bare DuckDB
   ``GROUP BY customer`` with count, sum, min and max, on the same 10M-row Parquet file
   (the target: within 1.3x), ``--repeats`` rounds, medians and per-round ratios;
   ``text_ids``: the same with ids such as "C123456" (no target);
2. ``big``: the summary of a 100M-transaction log of 10M customers (targets: under 15 s and
   3 GB peak) with the default DuckDB ``memory_limit`` of 2 GB (its sort spills to disk), and a bare
   GROUP BY on the same file, side by side in ``--big-repeats`` rounds (medians); the summary with
   1 GB (less memory, spilling more) and with 16 GB (sorting in memory), the latter checked equal to
   the first;
   then the compressed BG/NBD fit on the 10M customers: the number of unique (frequency, recency, T)
   rows, the compression ratio and the fit time;
3. ``spark``: the summary in Spark ``local[1]`` and ``local[2]`` against DuckDB on the 10M-row
   file (ratios; the results checked equal to DuckDB's), after a warm-up on 5% of the customers
   in the same session; and BG/NBD fitted on the rows compressed in Spark, checked equal to the
   fit on DuckDB's summary.

Synthetic logs (seeded) are written once to ``benchmarks/data/``; results go to
``benchmarks/results/scale.json``.

    python benchmarks/bench_scale.py [--parts summary_vs_groupby,text_ids,big,spark] [--repeats 3] [--big-repeats 3]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_features import PRE, data, run, same  # noqa: E402  (the log, runner, imports and check of bench_features)

GROUP_BY = """
import duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute(f"SELECT customer_id, COUNT(*), SUM(amount), MIN(date), MAX(date) FROM read_parquet('{PATH}') GROUP BY 1").df()
"""

SUMMARY = """
from insight.features.summary import customer_summary
r = customer_summary(PATH, "customer_id", "date", "amount", memory_limit=MEMORY_LIMIT)
EXTRA = {"customers": len(r)}
RESULT = lambda: r[["frequency", "recency", "T", "monetary_value", "interpurchase_cv"]]   # noqa: E731
"""

FIT = """
import numpy as np, pandas as pd
from insight.models.clv.beta_geo import BetaGeo
s = pd.read_parquet(OUT)
t = time.perf_counter()
m = BetaGeo().fit(s)
fit_seconds = time.perf_counter() - t
unique = len(s.groupby(["frequency", "recency", "T"]))
EXTRA = {"customers": len(s), "unique_rows": unique, "compression": len(s) / unique, "fit_seconds": fit_seconds,
         "params": m.params_}
"""

SPARK = """
import insight.features.spark as isp
spark = isp.session(MASTER, **{"spark.driver.memory": "6g"})
spark.sparkContext.setLogLevel("ERROR")
# the session's start and a warm-up on 5% of the customers (JVM, Python workers) are not what we measure
isp.customer_summary(spark.read.parquet(PATH).where("customer_id < 50000"), "customer_id", "date",
                     "amount").unpersist()
t0 = time.perf_counter()
s = isp.customer_summary(spark.read.parquet(PATH), "customer_id", "date", "amount")
r = s.select("customer_id", "frequency", "recency", "T", "monetary_value", "interpurchase_cv").toPandas()
EXTRA = {"customers": len(r), "summary_seconds": time.perf_counter() - t0}
from insight.models.clv.beta_geo import BetaGeo
t1 = time.perf_counter()
bg = isp.fit(BetaGeo(), s)          # on the unique rows grouped in Spark
EXTRA.update(fit_seconds=time.perf_counter() - t1, params=bg.params_, compression=bg.compression_)
RESULT = r.set_index("customer_id").sort_index()
"""


def side_by_side(summary: str, path: Path, repeats: int, out: str = "") -> dict:
    """The summary and the bare GROUP BY on one file, one after the other in ``repeats`` rounds (this machine's
    speed drifts within the hour): each round's results, the medians and their ratio, printed as they come.
    The first round's summary is written to ``out``."""
    rounds = []
    for i in range(repeats):
        a = run(summary, path, out if not i else "", pre=PRE["ours"])
        g = run(GROUP_BY, path, pre=PRE["duckdb_sql"])
        rounds.append({"summary": a, "groupby": g, "ratio": a["seconds"] / g["seconds"]})
        print(f"  round {i + 1}: summary {a['seconds']:.2f} s, peak {a['peak_mb']:,.0f} MB; bare GROUP BY "
              f"{g['seconds']:.2f} s, peak {g['peak_mb']:,.0f} MB; ratio {rounds[-1]['ratio']:.2f}x", flush=True)
    a, g = (sorted((r[k] for r in rounds), key=lambda x: x["seconds"])[repeats // 2] for k in ("summary", "groupby"))
    print(f"  medians: summary {a['seconds']:.2f} s, GROUP BY {g['seconds']:.2f} s, ratio "
          f"{a['seconds'] / g['seconds']:.2f}x; per round {sorted(r['ratio'] for r in rounds)[repeats // 2]:.2f}x",
          flush=True)
    return {"summary": a, "groupby": g, "ratio": a["seconds"] / g["seconds"],
            "ratio_per_round": [r["ratio"] for r in rounds], "rounds": rounds}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parts", default="summary_vs_groupby,text_ids,big,spark")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--big-rows", type=int, default=100_000_000)
    ap.add_argument("--big-repeats", type=int, default=3)
    args = ap.parse_args()
    parts = args.parts.split(",")
    results_path = HERE / "results" / "scale.json"
    res = json.loads(results_path.read_text()) if results_path.exists() else {}
    small = data(10_000_000, 1_000_000)
    summary = SUMMARY.replace("MEMORY_LIMIT", "None")
    pre = PRE["ours"]

    if "summary_vs_groupby" in parts:
        print("10M transactions: customer_summary against a bare GROUP BY (count, sum, min, max; target <= 1.3x)",
              flush=True)
        res["summary_vs_groupby"] = side_by_side(summary, small, args.repeats)

    if "text_ids" in parts:   # the same log with ids such as "C123456" (no target: for users with text ids)
        print("10M transactions, text ids: customer_summary against the bare GROUP BY", flush=True)
        res["text_ids"] = side_by_side(summary, data(10_000_000, 1_000_000, "str"), args.repeats)

    if "big" in parts:
        big = data(args.big_rows, args.big_rows // 10)
        out_a, out_b = str(HERE / "data" / "big_summary.parquet"), str(HERE / "data" / "big_summary_16gb.parquet")
        print(f"{args.big_rows:,} transactions of {args.big_rows // 10:,} customers (targets 15 s, 3,000 MB; "
              "GROUP BY with DuckDB's default memory limit)", flush=True)
        both = side_by_side(summary, big, args.big_repeats, out_a)
        c = run(SUMMARY.replace("MEMORY_LIMIT", "'1GB'"), big, pre=pre)
        print(f"  memory_limit 1GB (less memory, spilling more): {c['seconds']:.1f} s, peak {c['peak_mb']:,.0f} MB",
              flush=True)
        b = run(SUMMARY.replace("MEMORY_LIMIT", "'16GB'"), big, out_b, pre=pre)
        diff = same(out_a, out_b)
        print(f"  sorting in memory (memory_limit 16GB): {b['seconds']:.1f} s, peak {b['peak_mb']:,.0f} MB; max "
              f"|difference| from the default (2GB, spilling) {diff:.1e}", flush=True)
        f = run(FIT, big, out_a, pre="import insight.models.clv.beta_geo, pandas")
        print(f"  BG/NBD on {f['customers']:,} customers: {f['unique_rows']:,} unique rows (compression "
              f"{f['compression']:.0f}x), fit {f['fit_seconds']:.2f} s", flush=True)
        res["big"] = {"rows": args.big_rows, "summary_default_2gb": both["summary"], "groupby": both["groupby"],
                      "rounds": both["rounds"], "summary_1gb": c, "summary_16gb": {**b, "max_abs_diff": diff},
                      "fit": f}

    if "spark" in parts:
        print("10M transactions on Spark (local mode) against DuckDB", flush=True)
        out_d = str(HERE / "data" / "small_summary.parquet")
        d = run(summary, small, out_d, pre=pre)
        import pandas as pd

        from insight.models.clv.beta_geo import BetaGeo

        duck_params = BetaGeo().fit(pd.read_parquet(out_d)).params_
        res["spark"] = {"duckdb_seconds": d["seconds"], "duckdb_bgnbd": duck_params}
        for cores in (1, 2):
            out_s = str(HERE / "data" / f"spark_{cores}.parquet")
            s = run(SPARK.replace("MASTER", f"'local[{cores}]'"), small, out_s, pre="import insight.features.spark, pyspark")
            diff = same(out_d, out_s)
            res["spark"][f"local_{cores}"] = {**s, "ratio_to_duckdb": s["summary_seconds"] / d["seconds"],
                                               "max_abs_diff": diff}
            rel = max(abs(s["params"][k] / duck_params[k] - 1) for k in duck_params)
            res["spark"][f"local_{cores}"]["bgnbd_max_rel_diff"] = rel
            print(f"  local[{cores}]: {s['summary_seconds']:.1f} s ({s['summary_seconds'] / d['seconds']:.1f}x "
                  f"DuckDB's {d['seconds']:.2f} s); max |difference| {diff:.1e}; BG/NBD fitted in Spark on "
                  f"{s['compression']:.1f} customers per row in {s['fit_seconds']:.1f} s, parameters equal to "
                  f"DuckDB's to {rel:.0e}", flush=True)
        one, two = res["spark"]["local_1"]["summary_seconds"], res["spark"]["local_2"]["summary_seconds"]
        res["spark"]["speedup_2_cores"] = one / two
        res["spark"]["seconds_per_million_rows_per_core"] = two * 2 / 10
        print(f"  2 cores / 1 core: {one / two:.2f}x faster", flush=True)

    (HERE / "results").mkdir(exist_ok=True)
    results_path.write_text(json.dumps(res, indent=2, default=str))


if __name__ == "__main__":
    main()
