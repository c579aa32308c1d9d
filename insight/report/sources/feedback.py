"""Complaint logs for the service report and free-text comments for the feedback report."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pandas as pd

from ...data.demo_persian import DEMO_NAMES
from ...data.datasets import is_spec_path, spec_dir
from ...exceptions import DataValidationError
from ...parsers import to_bool
from ...validate import check_columns, check_param
from .files import demo_source, optional_column, read_table, user_file, user_spec


def complaints_source(data: str, demo_customers: int = 5000, seed: int = 0):
    """A complaint log (:class:`insight.data.complaints.ComplaintLog`) from the service notebook's ``data``: a bundled
    name, a specification of kind complaints (:func:`insight.data.complaints.complaint_spec`), for the provenance,
    or ``"demo"`` / ``"demo_fa"``: the demo company's tickets (``demo_customers`` customers, ``seed``).

    Parameters
    ----------
    data : str
        ``"demo"``, ``"demo_fa"``, a bundled complaint log's name (``"cfpb_complaints"``) or a data specification
        (``.yaml``) of kind ``complaints``.
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    insight.data.complaints.ComplaintLog
        The complaints, columns named by role; the demo company's have ``id``, ``customer_id``, ``created``,
        ``channel``, ``category``, ``hours_to_first_response`` and ``hours_to_resolution``.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``data`` is not a string, names no complaint log, or its specification is refused.

    Examples
    --------
    >>> log = complaints_source("demo", demo_customers=200)
    >>> list(log.table.columns)
    ['id', 'customer_id', 'created', 'channel', 'category', 'hours_to_first_response', 'hours_to_resolution']
    """
    from ...data.cleaning import CleaningReport
    from ...data.complaints import ComplaintLog, complaint_spec, load_complaints

    check_param("data", data, str)
    if data in DEMO_NAMES:
        t = demo_source(demo_customers, seed, data).tickets
        roles = {"id": "ticket_id", "customer_id": "customer_id", "created": "date", "channel": "channel",
                 "category": "category"}
        log = t.rename(columns={v: k for k, v in roles.items()})[
            [*roles, "hours_to_first_response", "hours_to_resolution"]]
        log[["channel", "category"]] = log[["channel", "category"]].astype(object)
        return ComplaintLog(DEMO_NAMES[data], log, CleaningReport(rows_in=len(log), rows_out=len(log)), roles)
    return load_complaints(user_spec(str(complaint_spec(data)), "complaints", {}))


#: a column name that asks for consent ("May we contact you?"): yes means the opposite of an opt-out
CONSENT = re.compile(r"may we|can we|consent|permission|ok to contact|contact ok|allow|agree", re.IGNORECASE)

#: the bundled free-text data sets: their columns of text, date and group ("" none), and their name
TEXT_COLUMNS = {"airline_tweets": ("text", "tweet_created", "airline", "Tweets to US airlines, February 2015"),
                "parsinlu_food": ("review", "", "category", "Persian food reviews (ParsiNLU, Digikala)")}


@dataclass
class FeedbackSource:
    """Comments for the feedback notebook: ``table`` with the text (and date, group, customer, opt-out, rating)
    columns named; ``labels``: a positive/negative label per row where a bundled set has one (1.0 / 0.0 / NaN);
    ``customers``: where the writers' churn and value come from (:func:`insight.report.customer_link.customer_link`).

    Attributes
    ----------
    name : str
        The data's name, for the report.
    table : pandas.DataFrame
        One row per comment.
    text_col : str
        The comments' column.
    date_col, group_col, customer_col, opt_out_col, rating_col : str or None, optional
        Columns of the comment's date, the group to compare, the writer's customer id, the do-not-contact flag
        and a rating given with the comment; None when the data have none.
    labels : pandas.Series or None, optional
        Positive (1.0) / negative (0.0) / neither (NaN) per row of a bundled set
        (:func:`insight.models.text.sentiment.bundled_labels`); None for other data.
    customers : str, default ""
        The customer base the ``customer_col`` ids belong to (the ``customers`` notebook parameter; "" none).
    demo_customers : int, default 5000
        Number of customers of the demo company, for ``customers``.
    seed : int, default 0
        Random seed of the demo company, for ``customers``.
    simulated : bool, default False
        True for the demo company.
    """

    name: str
    table: pd.DataFrame
    text_col: str
    date_col: str | None = None
    group_col: str | None = None
    customer_col: str | None = None
    opt_out_col: str | None = None
    rating_col: str | None = None
    labels: pd.Series | None = None
    customers: str = ""
    demo_customers: int = 5000
    seed: int = 0
    simulated: bool = False


def feedback_source(data: str, *, text_col: str = "", date_col: str = "", group_col: str = "",
                    customer_col: str = "", opt_out_col: str = "", rating_col: str = "", customers: str = "",
                    demo_customers: int = 5000, seed: int = 0) -> FeedbackSource:
    """The feedback notebook's ``data``: "demo" (the demo company's comments, linked to its customers), a bundled
    text set (``insight.data.datasets.load_text``), a specification of kind complaints with a ``text`` role (or
    "cfpb_complaints"), or a CSV/Parquet file with ``text_col``. Columns given ("" = the data set's own, or none)
    override the bundled set's and the specification's roles; ``customers`` names the customer base the
    ``customer_col`` ids belong to ("" none; "demo" by default for the demo company).

    Parameters
    ----------
    data : str
        ``"demo"`` (or ``"demo_fa"``), a bundled text set's name (``insight.data.datasets.load_text``), a
        complaint log with a ``text`` role (a ``.yaml`` specification, or the name of a bundled one), or a CSV or
        Parquet file.
    text_col : str, default ""
        The comments' column ("" = the data set's own; required for a file).
    date_col, group_col, customer_col, opt_out_col : str, default ""
        Columns of the comment's date, the group to compare, the writer's customer id and the do-not-contact flag
        (yes = the customer asked not to be contacted); "" = the data set's own, or none.
    rating_col : str, default ""
        A rating given with each comment ("" = none).
    customers : str, default ""
        The customer base of the ``customer_col`` ids, as :func:`insight.report.customer_link.customer_link` takes
        it ("" = none, or the demo company for demo data).
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    FeedbackSource
        The comments, their columns and (for a bundled set) their sentiment labels.

    Raises
    ------
    insight.exceptions.DataValidationError
        If a complaint log has no ``text`` role, a file comes without ``text_col``, a named column is missing,
        ``customers`` is given without ``customer_col``, ``opt_out_col`` reads as consent (a "may we contact you"
        question) or its values are not yes/no.
    insight.exceptions.DataFileNotFoundError
        If ``data`` is none of the above and no such file exists.

    Examples
    --------
    >>> src = feedback_source("parsinlu_food")
    >>> src.table.shape, src.text_col, src.group_col
    ((1917, 4), 'review', 'category')
    >>> src.labels.value_counts(dropna=False).to_dict()
    {1.0: 860, 0.0: 843, nan: 214}
    """
    from ...data.datasets import TEXT_DATA, load_text
    from ...models.text import bundled_labels

    labels, simulated = None, False
    if data in DEMO_NAMES:
        company = demo_source(demo_customers, seed, data)
        own, name, table = ("text", "date", "", "customer_id", "opt_out"), DEMO_NAMES[data], company.comments
        customers, simulated = customers or data, True
    elif data in TEXT_DATA:
        *own3, name = TEXT_COLUMNS.get(data, ("text", "", "", data))
        own, table = (*own3, "", ""), load_text(data)
        labels = bundled_labels(data, table)
    elif is_spec_path(data) or (spec_dir() / f"{data}.yaml").is_file():
        log = complaints_source(data)
        if not log.has("text"):
            raise DataValidationError(f"parameter 'data': {log.name} has no column with the role 'text' (the "
                                      "comments); add one to its specification.")
        own = ("text", "created" if log.has("created") else "", "category" if log.has("category") else "",
               "customer_id" if log.has("customer_id") else "", "")
        name, table = log.name, log.table
        rating_col = rating_col or ("rating" if log.has("rating") else "")   # a review's own stars
    else:
        path = user_file(data, f"parameter 'data' == {data!r}: no such file (relative paths are read from "
                               f"{os.getcwd()}).")
        if not text_col:
            raise DataValidationError(f"parameter 'text_col' is empty: name the column of {path.name} that holds the "
                                      "comments. Run `insight inspect` on the file to see its columns.")
        own, name, table = ("", "", "", "", ""), path.name, read_table(path, "data")
    given = (text_col, date_col, group_col, customer_col, opt_out_col)
    text_col, date_col, group_col, customer_col, opt_out_col = (g or o for g, o in zip(given, own))
    optional = [optional_column(c) for c in (date_col, group_col, customer_col, opt_out_col, rating_col)]
    check_columns(table, [text_col, *optional], name=name)
    if customers and not customer_col:
        raise DataValidationError(f"parameter 'customers' == {customers!r} needs 'customer_col': the column of "
                                  f"{name} that names the customer who wrote each comment.")
    if opt_out_col:   # checked now, not after the themes are fitted
        if CONSENT.search(str(opt_out_col)):
            raise DataValidationError(
                f"parameter 'opt_out_col' == {opt_out_col!r} reads as consent (yes = may contact), but the column "
                "must say yes where the customer asked NOT to be contacted; add a column that does (for example "
                "'do not contact' = the opposite answer) and name it.")
        to_bool(table[opt_out_col].where(table[opt_out_col].notna(), False), opt_out_col)
    return FeedbackSource(name, table, text_col, *optional, labels, customers, demo_customers, seed, simulated)
