"""One result convention for every analysis (as statsmodels' results and lifelines' fitters).

An analysis returns a :class:`Result`: a dataclass whose fields are its tables, figures' data
and numbers, never prose. ``summary()`` gives its main table as a DataFrame; in JupyterLab it
shows that table (``_repr_html_``, strings from data escaped). Words for readers are made from
the fields by the report layer. Nothing is carried in ``DataFrame.attrs``: what a table needs
beside its rows is a field of the result that holds it.
"""

from __future__ import annotations

import dataclasses
import html

import pandas as pd

__all__ = ["Result"]

#: field types shown by the default summary (scalars; tables and reports are shown by their own repr)
_SCALARS = (bool, int, float, str, pd.Timestamp)


@dataclasses.dataclass
class Result:
    """Base of every result: fields as data, ``summary()`` as a table, an HTML repr of that table."""

    def summary(self) -> pd.DataFrame:
        """The result as a table: its ``table`` field when it has one, else its scalar fields, one row each."""
        table = getattr(self, "table", None)
        if isinstance(table, pd.DataFrame):
            return table
        rows = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if isinstance(getattr(self, f.name), _SCALARS)}
        return pd.DataFrame({"value": pd.Series(rows, dtype=object)})

    def _repr_html_(self) -> str:
        return (f"<p>{html.escape(type(self).__name__)}</p>"
                + self.summary().to_html(escape=True, max_rows=30, na_rep="–"))
