"""Foundation measurements: import time of insight and the demo company's generation time.

Run: ``.venv/bin/python benchmarks/bench_foundation.py`` (or ``make bench``).
Targets (issue 2): ``import insight`` under 1 s; 100,000 customers under 10 s.
"""

import statistics
import subprocess
import sys
import time


def import_time(module: str, repeat: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(repeat)]
    return statistics.median(runs)


def main() -> None:
    t_insight = import_time("insight")
    t_pandas = import_time("pandas")
    print(f"import insight: {t_insight * 1000:.1f} ms (median of 5); import pandas: {t_pandas * 1000:.0f} ms "
          f"-> insight is {t_pandas / t_insight:.0f}x faster to import than pandas alone")
    from insight.data.simulate import demo_company

    demo_company(1000, seed=0)  # warm-up
    for n in (5_000, 100_000):
        runs = []
        for seed in range(3):
            t = time.perf_counter()
            d = demo_company(n, seed=seed)
            runs.append(time.perf_counter() - t)
        print(f"demo_company({n:,}): median {statistics.median(runs):.2f} s over 3 seeds "
              f"(target < 10 s for 100,000); {len(d.transactions):,} transactions, {len(d.visits):,} visits")


if __name__ == "__main__":
    main()
