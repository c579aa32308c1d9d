"""The one result convention: summary() is the result's table, or its scalar fields; the HTML repr escapes."""

from dataclasses import dataclass

import pandas as pd

from insight._results import Result
from insight.models.survival import kaplan_meier


@dataclass
class _Counts(Result):
    customers: int
    note: str
    table_like: list


def test_a_result_with_a_table_summarizes_as_that_table():
    curve = kaplan_meier(pd.DataFrame({"t": [1, 2, 3, 4, 5], "e": [1, 0, 1, 0, 1]}), "t", "e")["all"]
    assert curve.summary() is curve.table and curve.summary()["retention"].iloc[-1] == 0.0


def test_a_result_without_a_table_summarizes_its_scalar_fields_escaped():
    r = _Counts(3, "<b>x</b>", [1, 2])
    assert r.summary()["value"].to_dict() == {"customers": 3, "note": "<b>x</b>"}
    html = r._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html and "table_like" not in html
