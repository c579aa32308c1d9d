"""customer_summary vs lifetimes and vs a hand-written DuckDB query, on 10M transactions.

A seeded synthetic log (default 10,000,000 transactions of 1,000,000 customers) is
written once to ``benchmarks/data/`` as Parquet. Each method then runs in its own
subprocess, in this one run, reading that same file; each reports its wall time
(aggregation only, reading included) and its own peak resident memory. All methods
run once per round, for ``--repeats`` rounds, and each keeps its median. Results are
printed as ratios and written to ``benchmarks/results/features.json``.

Targets (issue 3): at least 10x faster than lifetimes; within 1.3x of the
hand-written DuckDB SQL; peak memory under 1.5 GB. Issue 13: the call through a
data specification (``ours_spec``) within 10% of the direct call.

    python benchmarks/bench_features.py [--rows 10000000] [--customers 1000000] [--repeats 3] [--ids str]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

GENERATE = """
import numpy as np, pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq, sys
rows, customers, path, ids = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = np.random.default_rng(42)
cust = rng.integers(0, customers, rows)
cust[:customers] = np.arange(customers)          # every customer appears
first = rng.integers(0, 365, customers)           # first purchase day in year 1
day = first[cust] + (rng.exponential(120, rows) * (np.arange(rows) >= customers)).astype(np.int64)
day = np.minimum(day, 729)
ts = (np.datetime64("2022-01-01") + day.astype("timedelta64[D]")).astype("datetime64[us]")
ts = ts + (rng.integers(0, 86400, rows) * 1_000_000).astype("timedelta64[us]")
amount = np.round(rng.lognormal(3.3, 0.6, rows), 2)
cid = pa.array(cust.astype(np.int64))
if ids == "str":                                  # e.g. "C123456"
    cid = pc.binary_join_element_wise(pa.scalar("C"), pc.cast(cid, pa.string()), "")
pq.write_table(pa.table({"customer_id": cid, "date": ts, "amount": amount}), path, row_group_size=1_000_000)
"""

OURS = """
from insight.features.summary import customer_summary
r = customer_summary(PATH, "customer_id", "date", "amount", time_unit="W")
RESULT = lambda: r[["frequency", "recency", "T", "monetary_value"]]   # noqa: E731 (selected after the timing)
"""

# the same call through a data specification (issue 13): roles, id cleaning and the duplicate rule in DuckDB.
# The synthetic ids count from 0, so 0 is not declared a placeholder id here.
OURS_SPEC = """
from insight.features.summary import customer_summary
spec = {"tables": PATH, "columns": {"customer_id": "customer_id", "date": "date", "amount": "amount"},
        "ids": {"placeholders": [""]}}
from insight.data.spec import load_spec
r = customer_summary(load_spec(spec), time_unit="W")
RESULT = lambda: r[["frequency", "recency", "T", "monetary_value"]]   # noqa: E731 (selected after the timing)
"""

# the direct call without the exact-duplicate check (what the direct call did before issue 13)
OURS_NO_DEDUPE = OURS.replace('time_unit="W")', 'time_unit="W", drop_duplicates=False)')

DUCKDB_SQL = """
import duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
RESULT = con.execute(f'''
WITH tx AS (SELECT customer_id AS cid, CAST(date AS DATE) AS day, amount AS a FROM read_parquet('{PATH}')),
days AS (SELECT cid, day, SUM(a) AS a FROM tx WHERE a >= 0 GROUP BY cid, day),
gaps AS (SELECT cid, day, a, day - LAG(day) OVER (PARTITION BY cid ORDER BY day) AS gap FROM days),
per AS (SELECT cid, MIN(day) AS f, MAX(day) AS l, COUNT(*) AS n, SUM(a) AS tot, arg_min(a, day) AS fa,
               AVG(gap) AS gm, STDDEV_SAMP(gap) AS gs FROM gaps GROUP BY cid),
lim AS (SELECT MAX(CAST(date AS DATE)) AS e FROM read_parquet('{PATH}'))
SELECT cid, n - 1 AS frequency, (l - f) / 7.0 AS recency, ((SELECT e FROM lim) - f) / 7.0 AS T,
       CASE WHEN n > 1 THEN (tot - fa) / (n - 1) ELSE 0 END AS monetary_value, gs / gm AS cv
FROM per ORDER BY cid''').df().set_index("cid")
"""

LIFETIMES = """
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data
tx = pd.read_parquet(PATH)
RESULT = summary_data_from_transaction_data(tx, "customer_id", "date", "amount", freq="D", freq_multiplier=7)
"""

RUNNER = """
import resource, sys, time, json
PATH, OUT = sys.argv[1], sys.argv[3]
{pre}
t0 = time.perf_counter()
exec(compile(sys.argv[2], "method", "exec"))
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # MB (Linux reports KB)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # a Spark JVM
if OUT and "RESULT" in globals():   # written after the timing; a function is called after it too
    R = RESULT() if callable(RESULT) else RESULT
    R.attrs = {{}}
    R.to_parquet(OUT)
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "children_peak_mb": children, **globals().get("EXTRA", {{}})}}))
"""


def data(rows: int, customers: int, ids: str = "int") -> Path:
    """The seeded synthetic log (written once to benchmarks/data/)."""
    path = HERE / "data" / f"tx_{rows}_{customers}{'_str' if ids == 'str' else ''}.parquet"
    if not path.exists():
        print(f"writing {path.name} ...", flush=True)
        (HERE / "data").mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-c", GENERATE, str(rows), str(customers), str(path), ids], check=True)
    return path


def run(code: str, path: Path, out: str = "", pre: str = "") -> dict:
    """Run ``code`` (it sees ``PATH``; it may set ``RESULT``, a frame or a function returning one, written to
    ``out`` after the timing, and ``EXTRA``, figures to report) in a fresh Python after ``pre`` (imports, not
    timed): its seconds and peak MB."""
    r = subprocess.run([sys.executable, "-c", RUNNER.format(pre=pre), str(path), code, out],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def same(a: str, b: str, columns: list | None = None) -> float:
    """The largest difference between two results written by :func:`run` (the same customers, by id)."""
    import numpy as np
    import pandas as pd

    x, y = (pd.read_parquet(f).sort_index() for f in (a, b))
    if columns:
        x, y = x[columns], y[columns]
    assert (x.index.to_numpy() == y.index.to_numpy()).all()
    return float(np.nanmax(np.abs(x.to_numpy(float) - y.to_numpy(float))))


#: what the methods' results are compared on
COLUMNS = ["frequency", "recency", "T", "monetary_value"]

# imports happen before timing starts (warm library imports are not what we measure)
PRE = {"ours": "import insight.features.summary, duckdb, pandas",
       "ours_spec": "import insight.features.summary, insight.data.spec, duckdb, pandas, yaml",
       "ours_no_dedupe": "import insight.features.summary, duckdb, pandas", "duckdb_sql": "import duckdb, pandas",
       "lifetimes": "import lifetimes.utils, pandas"}


def run_method(name: str, code: str, path: Path) -> dict:
    out = str(HERE / "data" / f"result_{name}.parquet")
    r = run(code, path, out, pre=PRE[name])
    print(f"  {name:<11} {r['seconds']:7.2f} s   peak {r['peak_mb']:7.0f} MB", flush=True)
    return {**r, "result": out}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--ids", choices=["int", "str"], default="int", help="customer ids as integers or strings")
    ap.add_argument("--skip-lifetimes", action="store_true")
    ap.add_argument("--repeats", type=int, default=3, help="rounds of all methods (median kept)")
    args = ap.parse_args()
    path = data(args.rows, args.customers, args.ids)
    print(f"customer_summary on {args.rows:,} transactions of {args.customers:,} customers "
          f"({args.ids} ids, Parquet)")
    # Timings on this 2-core machine vary by +-20 % run to run (lifetimes by 17-25 s), so every round
    # runs all methods one after the other, --repeats rounds; each method keeps its median time, and
    # the ratios per round are printed as well.
    names = ["ours", "ours_spec", "ours_no_dedupe", "duckdb_sql"] + ([] if args.skip_lifetimes else ["lifetimes"])
    code = {"ours": OURS, "ours_spec": OURS_SPEC, "ours_no_dedupe": OURS_NO_DEDUPE, "duckdb_sql": DUCKDB_SQL,
            "lifetimes": LIFETIMES}
    runs = {name: [] for name in names}
    for i in range(args.repeats):
        print(f"round {i + 1} of {args.repeats}", flush=True)
        for name in names:
            runs[name].append(run_method(name, code[name], path))
    res = {}
    for name, rs in runs.items():
        med = sorted(rs, key=lambda r: r["seconds"])[len(rs) // 2]
        res[name] = {**med, "runs_seconds": [r["seconds"] for r in rs], "peak_mb": max(r["peak_mb"] for r in rs)}
    for other in [k for k in res if k != "ours"]:
        diff = same(res["ours"]["result"], res[other]["result"], COLUMNS)
        ratio = res[other]["seconds"] / res["ours"]["seconds"]
        print(f"vs {other}: {ratio:.2f}x {'faster' if ratio >= 1 else 'slower'}"
              f" ({res[other]['seconds']:.2f} s / {res['ours']['seconds']:.2f} s); max |difference| {diff:.1e}")
        per_round = [o / u for o, u in zip(res[other]["runs_seconds"], res["ours"]["runs_seconds"])]
        print(f"   per round: {', '.join(f'{r:.2f}x' for r in per_round)}")
        res[other]["ratio_to_ours"] = ratio
        res[other]["ratio_per_round"] = per_round
        res[other]["max_abs_diff"] = float(diff)
    for v in res.values():
        v.pop("result")
    (HERE / "results").mkdir(exist_ok=True)
    name = "features.json" if args.ids == "int" else "features_str.json"
    (HERE / "results" / name).write_text(json.dumps({"rows": args.rows, "customers": args.customers,
                                                     "ids": args.ids, **res}, indent=2))


if __name__ == "__main__":
    main()
