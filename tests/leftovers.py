"""What a manager should never see in a rendered report: developer output and machine formatting."""

from __future__ import annotations

import re

PATTERNS = {
    "image without a description": re.compile(r"No description has been provided for this image"),
    "notebook viewer hint": re.compile(r"rerun this cell|nbviewer", re.I),
    "python repr or dict": re.compile(r"<class '|object at 0x|\{'[a-z_]+': |\bdtype\b|Pipeline\(|Estimator\("),
    "describe() dump": re.compile(r"\b25%\s+50%\s+75%|\bcount\s+mean\s+std\b"),
    "snake_case or one-hot name": re.compile(r"\b[a-z]+_[a-z]+(?:_[A-Za-z]+)*\b"),
    "unformatted large number": re.compile(r"(?<![\d,.])\d{5,}\.\d+"),
    "p-value printed as zero": re.compile(r"p\s*=\s*0\.0+\b(?!\d)"),
    "skipped section left in": re.compile(r"\bSkipped\b"),
    "warning printed into the report": re.compile(r"\b\w+Warning:"),
    "markdown left unrendered": re.compile(r"\*\*\S"),
}
# report names, file names and parameter names may be snake_case where they are shown as such
ALLOWED = re.compile(r"^(insight|[a-z_]+\.(html|csv|yaml|ipynb)|late_tolerance_days|exceed_days|amaze_days|"
                     r"repurchase_days|active_days|group_col|date_col|tickets_path|orders_path|duration_col|customer_col|"
                     r"rating_col|opt_out_col|text_col|"
                     r"value_col|order_col|log_data|data_quality|customer_types|churn_demo|clv_demo|satisfaction_demo|"
                     r"demo_company|online_retail|cdnow_sample)$")


def visible_text(html: str) -> str:
    """The text a reader sees, without provenance, run parameters and code."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("script, style, .insight-provenance, .insight-params, pre, code, head, "
                           ".insight-datanames"):
        tag.decompose()
    return re.sub(r"\S+\.(csv|html|yaml|ipynb)\b", "", soup.get_text(" "))


def leftovers(html: str) -> dict[str, list[str]]:
    """Each kind of leftover found, with up to three examples."""
    found = {}
    text = visible_text(html)
    for name, pat in PATTERNS.items():
        source = html if name == "image without a description" else text
        hits = [m.group(0) for m in pat.finditer(source) if not ALLOWED.match(m.group(0))]
        if hits:
            found[name] = hits[:3]
    return found
