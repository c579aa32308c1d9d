"""Themes of 100,000 comments: insight.models.text.find_themes against a plain TF-IDF + NMF, in one run.

The 14,640 real airline tweets (data/raw/airline_tweets.csv, CC BY-NC-SA 4.0) are resampled with replacement
(seed 0) to ``--rows`` comments. Each method runs in its own subprocess on the same texts, once per round for
``--repeats`` rounds, and keeps its median wall time (reading the texts excluded):

* ours: ``find_themes`` end to end (normalization, masking, stemming, TF-IDF of words and bigrams, the number of
  themes chosen by stability over k = 5..15, the final NMF on every comment, counts with intervals, top terms and
  representative comments);
* plain: scikit-learn's ``TfidfVectorizer(stop_words="english")`` and ``NMF(k)`` with the k ours chose, argmax
  assignment: the baseline of issue 27, which neither normalizes nor chooses k.

Target (issue 27): ours under 30 s for 100,000 comments on the 2-core machine. Results go to
``benchmarks/results/text.json``.

    python benchmarks/bench_text.py [--rows 100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

PREPARE = """
import numpy as np, sys
from insight.data.datasets import load_text
texts = load_text("airline_tweets")["text"]
idx = np.random.default_rng(0).integers(0, len(texts), int(sys.argv[1]))
texts.iloc[idx].reset_index(drop=True).to_frame("text").to_parquet(sys.argv[2])
"""

RUN = """
import json, sys, time, pandas as pd
texts = pd.read_parquet(sys.argv[2])["text"]
method, k = sys.argv[1], int(sys.argv[3])
t = time.perf_counter()
if method == "ours":
    from insight.models.text import find_themes
    themes = find_themes(texts, language="en")
    k, assigned = themes.n_themes, int((themes.documents["theme"] >= 0).sum())
else:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    X = TfidfVectorizer(stop_words="english").fit_transform(texts)
    W = NMF(k, init="nndsvda", random_state=0, max_iter=300).fit_transform(X)
    assigned = int((W.max(axis=1) > 0).sum())
print(json.dumps({"seconds": time.perf_counter() - t, "k": k, "assigned": assigned}))
"""


def run(code: str, *args) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    data = HERE / "data" / f"comments_{args.rows}.parquet"
    data.parent.mkdir(exist_ok=True)
    if not data.exists():
        subprocess.run([sys.executable, "-c", PREPARE, str(args.rows), str(data)], check=True)
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    k = 0
    for _ in range(args.repeats):
        ours = run(RUN, "ours", data, 0)
        k = ours["k"]
        times["ours"].append(ours["seconds"])
        times["plain"].append(run(RUN, "plain", data, k)["seconds"])
    result = {"rows": args.rows, "k": k, "repeats": args.repeats,
              **{f"{m}_seconds": statistics.median(v) for m, v in times.items()},
              **{f"{m}_all": v for m, v in times.items()}}
    result["ratio_ours_to_plain"] = result["ours_seconds"] / result["plain_seconds"]
    result["target_met"] = result["ours_seconds"] < 30
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "text.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
