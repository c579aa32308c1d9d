"""The figures a reader sees in each rendered report, as JSON, to compare two renderings.

    python scripts/report_figures.py reports/ > before.json     # render, change the code, render again
    python scripts/report_figures.py reports/ --compare before.json

For every ``<name>.html`` of a report folder (not the index, error pages or the bundle) it
keeps the headline box ("In brief", the recommended action and its assumptions), every
table's cells, every figure's caption and the "Not covered by these data" notes, as text.
``--compare`` prints each difference and exits 1 when there is one, so a change that must
keep behaviour (a reorganization) can show that every bundled report says the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bs4 import BeautifulSoup

_SKIP = {"index", "bundle"}


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def figures(html: str) -> dict[str, list[str]]:
    """Headline, tables, captions and not-covered notes of one report page, as lists of text."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        "headline": [_text(n) for n in soup.select("section.insight-headline")],
        "tables": [" | ".join(_text(c) for c in row.find_all(["th", "td"]))
                   for t in soup.select("div.insight-table table") for row in t.find_all("tr")],
        "captions": [_text(n) for n in soup.select("figure.insight-figure figcaption")],
        "not_covered": [_text(n) for n in soup.select("div.insight-not-covered")],
    }


def folder_figures(folder: Path) -> dict[str, dict[str, list[str]]]:
    return {p.stem: figures(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.html"))
            if p.stem not in _SKIP and not p.stem.endswith(".error")}


def compare(before: dict, after: dict) -> list[str]:
    out = []
    for name in sorted(set(before) | set(after)):
        if name not in after or name not in before:
            out.append(f"{name}: only {'before' if name in before else 'after'}")
            continue
        for part in before[name]:
            a, b = before[name][part], after[name].get(part, [])
            for i in range(max(len(a), len(b))):
                x, y = (a[i] if i < len(a) else None), (b[i] if i < len(b) else None)
                if x != y:
                    out.append(f"{name} {part}[{i}]:\n  before: {x}\n  after:  {y}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--compare", type=Path, help="a JSON file written by this script before the change")
    args = ap.parse_args(argv)
    now = folder_figures(args.folder)
    if not args.compare:
        json.dump(now, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    diffs = compare(json.loads(args.compare.read_text(encoding="utf-8")), now)
    print("\n".join(diffs) if diffs else f"{len(now)} reports: every figure is the same.")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
