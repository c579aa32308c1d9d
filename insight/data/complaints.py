"""Complaint and ticket logs as they are exported: one row per complaint, read through a data specification of
kind ``complaints`` (see :mod:`insight.data.spec`), no survey needed::

    kind: complaints
    name: CFPB complaints (payday, title and personal loans, 2023)
    tables:
      log:
        path: ../raw/cfpb_complaints_payday_2023.csv
        date_format: "%m/%d/%y"
    columns:
      created: Date received              # required: when the complaint came in
      first_response: First reply         # when it was first answered (optional)
      resolved: Closed at                 # when it was resolved or closed (optional)
      channel: Submitted via              # phone, web, email, ...
      category: Issue                     # product or category
      timely: Timely response?            # yes/no
      outcome: Company response to consumer
      disputed: Consumer disputed?        # yes/no
      text: Consumer complaint narrative
      id: Complaint ID
      customer_id: Customer               # for repeat complaints
    timezone: America/New_York            # timestamps without a zone are read in this one

:func:`load_complaints` gives a :class:`ComplaintLog`: the log (``table``) with one column per role that the
specification maps (named by the role) and the hours from ``created`` to ``first_response`` and to ``resolved``
(``hours_to_first_response``, ``hours_to_resolution``), as elapsed time in the declared time zone (a night on
which clocks change is 23 or 25 hours long; a time in the repeated hour is read as standard time). Codes for
"no value" in the role columns (:data:`MISSING_CODES`: ``None``, ``N/A``, ...) are read as missing and counted;
yes/no roles are read by the shared parser (:func:`insight.parsers.to_bool`) as 1/0. Everything cleaned is
counted in the :class:`~insight.data.cleaning.CleaningReport`: complaints without a date of their own are left
out, a negative time (answered before it came in) is read as missing, identical rows repeating a complaint id
are removed; other rows repeating an id are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import date_sql, duckdb_connect, quote_ident, sql_literal, to_bool
from ..validate import bad_rows, check_param, fail_rows
from .cleaning import CleaningReport
from .spec import DEFAULT_PLACEHOLDERS, TOTAL_LABELS

__all__ = ["ComplaintLog", "load_complaints", "complaint_spec", "MISSING_CODES", "TIME_ROLES", "FLAG_ROLES", "HOURS"]

#: values of a role column read as "no value" (compared after trimming, case-insensitively): the specification's
#: placeholder ids, but for those that can be a real answer here ("0", "unknown", "blank"), and "not applicable"
MISSING_CODES = tuple(w for w in DEFAULT_PLACEHOLDERS if w not in ("0", "unknown", "blank", *TOTAL_LABELS)) + (
    "not applicable",)   # a category called "Total" is a category
#: roles holding timestamps
TIME_ROLES = ("created", "first_response", "resolved")
#: roles holding yes/no answers
FLAG_ROLES = ("timely", "disputed")
#: the hours the log gets, from ``created`` to each later timestamp
HOURS = {"first_response": "hours_to_first_response", "resolved": "hours_to_resolution"}
_ORDER = ("id", "customer_id", "created", "first_response", "resolved", "hours_to_first_response",
          "hours_to_resolution", "channel", "category", "outcome", "timely", "disputed", "text", "rating")


@dataclass
class ComplaintLog:
    """A complaint log as :func:`load_complaints` reads it.

    Parameters
    ----------
    name : str
        The data's name, from its specification.
    table : pandas.DataFrame
        One row per complaint, columns named by role (``id``, ``customer_id``, ``created``, ``first_response``,
        ``resolved``, ``hours_to_first_response``, ``hours_to_resolution``, ``channel``, ``category``, ``outcome``,
        ``timely``, ``disputed``, ``text``; those the specification maps). Hours are floats, yes/no roles 1.0/0.0.
    cleaning : insight.data.cleaning.CleaningReport
        What reading it cleaned.
    labels : dict, optional
        The data's own column of each role (role -> column name).
    spec : insight.data.spec.DataSpec, optional
        Its specification.
    """

    name: str
    table: pd.DataFrame
    cleaning: CleaningReport
    labels: dict = field(default_factory=dict)
    spec: object = None

    def has(self, role: str) -> bool:
        """Whether the log has the role's column (``hours_to_first_response`` and ``hours_to_resolution`` too).

        Parameters
        ----------
        role : str
            A role such as ``"resolved"``, or one of the hours columns.

        Returns
        -------
        bool
        """
        return role in self.table.columns


def load_complaints(spec) -> ComplaintLog:
    """The complaint log of a specification of kind ``complaints`` and what reading it cleaned (see the module text).

    Parameters
    ----------
    spec : str, pathlib.Path, dict or insight.data.spec.DataSpec
        The specification: a path to its YAML file, a dict or a :class:`~insight.data.spec.DataSpec`
        (:func:`complaint_spec` turns the name of a bundled log into its path).

    Returns
    -------
    ComplaintLog
        The log, one row per complaint with a ``created`` time, and its cleaning report.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the specification is not of kind ``complaints``, a timestamp is neither a date nor a code for "no value",
        or different rows repeat one complaint id; also when the specification or its data are invalid.

    See Also
    --------
    complaint_spec : The specification file a notebook's ``data`` names.

    Examples
    --------
    >>> log = load_complaints(complaint_spec("cfpb_complaints"))
    >>> log.table.shape
    (2827, 8)
    >>> log.has("text"), log.has("hours_to_resolution")
    (True, False)
    >>> round(float(log.table["timely"].mean()), 3)
    0.962
    """
    from .spec import load_spec

    spec = load_spec(spec)
    if spec.kind != "complaints":
        raise DataValidationError(f"{spec.name}: a complaint log needs a specification of kind 'complaints'; this "
                                  f"one is of kind {spec.kind!r}.")
    con = duckdb_connect(spec.timezone)
    try:
        df, rep = spec.load(con=con)
        _check_dates(con, spec)
    finally:
        con.close()
    roles = [r for r in _ORDER if spec.role(r)]
    log = pd.DataFrame({r: df[spec.column(r)].to_numpy(dtype=object if r not in TIME_ROLES else None)
                        for r in roles})
    for r in [r for r in roles if r not in TIME_ROLES and r != "customer_id"]:
        log[r] = _codes_missing(log[r], spec.role(r), rep)
    for r in [r for r in FLAG_ROLES if r in log]:
        given = log[r].notna()
        flags = pd.Series(np.nan, index=log.index)
        flags[given] = to_bool(log.loc[given, r], spec.role(r)).astype(float)
        log[r] = flags
    undated = log["created"].isna()
    rep.add("no_created_time", int(undated.sum()), "removed", column=spec.role("created"))
    log = log[~undated].reset_index(drop=True)
    for r, name in HOURS.items():
        if r in log:
            log[name] = _elapsed_hours(log["created"], log[r], spec.timezone)
            negative = log[name] < 0
            rep.add("negative_time", int(negative.sum()), "read_as_missing", column=spec.role(r))
            log.loc[negative, name] = np.nan
    if "id" in log:
        log = _unique_ids(log, spec.role("id"), rep)
    rep.rows_out = len(log)
    return ComplaintLog(spec.name, log[[c for c in _ORDER if c in log]], rep, {r: spec.role(r) for r in roles}, spec)


def complaint_spec(data: str):
    """The specification file a notebook's ``data`` names: a bundled complaint log (``cfpb_complaints``: its
    specification in ``insight/data/specs``) or a path to a specification (``.yaml``) of kind ``complaints``.

    Parameters
    ----------
    data : str
        The bundled log's name, or a path (``~`` is expanded) to a ``.yaml`` specification.

    Returns
    -------
    pathlib.Path
        The specification file (its kind is checked when it is loaded).

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``data`` is not a string, or neither a bundled log nor a path ending in ``.yaml``/``.yml``.

    Examples
    --------
    >>> complaint_spec("cfpb_complaints").name
    'cfpb_complaints.yaml'
    """
    from pathlib import Path

    from .datasets import is_spec_path, spec_dir

    check_param("data", data, str)
    bundled = spec_dir() / f"{data}.yaml"
    path = bundled if data and Path(data).name == data and bundled.is_file() else Path(data).expanduser()
    if not is_spec_path(str(path)):
        raise DataValidationError(f"parameter 'data' == {data!r}: must be a bundled complaint log (cfpb_complaints) "
                                  "or a data specification (.yaml) of kind complaints; run `insight inspect FILE` for "
                                  "a starting one and set kind: complaints.")
    return path


def _codes_missing(s: pd.Series, column: str, rep: CleaningReport) -> pd.Series:
    """``s`` with the codes of :data:`MISSING_CODES` read as missing, counted with the codes found."""
    text = s.map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    coded = text.isin(MISSING_CODES)
    found = ", ".join(repr(v) for v in sorted(set(s[coded].map(str.strip))))
    if coded.any():
        rep.add("missing_code", int(coded.sum()), "read_as_missing", found, column=column)
    return s.where(~coded, None)


def _elapsed_hours(start: pd.Series, end: pd.Series, timezone: str) -> pd.Series:
    """Hours from ``start`` to ``end`` (naive times in ``timezone``) as time that passed, across clock changes."""
    def local(s):
        s = pd.to_datetime(s)
        return s.dt.tz_localize(timezone, ambiguous=np.zeros(len(s), dtype=bool), nonexistent="shift_forward")

    return (local(end) - local(start)).dt.total_seconds() / 3600.0


def _check_dates(con, spec) -> None:
    """Refuse timestamps that are neither a date nor a code for "no value" (the specification's reader gives them
    as missing), naming the column, the count and an example."""
    main = spec.tables[0]
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM spec_raw)").fetchall())
    codes = ", ".join(sql_literal(c) for c in MISSING_CODES)
    for role in TIME_ROLES:
        col = spec.role(role)
        if col not in types:     # not mapped, or an expression
            continue
        expr = date_sql(con, "spec_raw", col, types[col], date_format=main.date_format, dayfirst=main.dayfirst,
                        calendar=main.calendar)
        raw = f"LOWER(TRIM(CAST({quote_ident(col)} AS VARCHAR)))"
        bad, total, ex = con.execute(
            f"SELECT COUNT(*) FILTER (WHERE {expr} IS NULL AND {raw} NOT IN ({codes})), COUNT(*), ANY_VALUE("
            f"{quote_ident(col)}) FILTER (WHERE {expr} IS NULL AND {raw} NOT IN ({codes})) FROM spec_raw").fetchall()[0]
        if bad:
            raise bad_rows(col, bad, total, "are not dates", "dates such as 2024-01-31 14:05, or date_format", ex,
                           label=f"columns.{role} ({col!r})")


def _unique_ids(log: pd.DataFrame, column: str, rep: CleaningReport) -> pd.DataFrame:
    """One row per complaint id: identical rows repeating an id are removed (counted); different rows under one id
    (events of a ticket rather than complaints) are refused."""
    ids = log["id"]
    again = ids.notna() & ids.duplicated(keep=False)
    same = again & log.astype(str).duplicated()
    rep.add("repeated_complaint", int(same.sum()), "removed", column=column)
    log = log[~same].reset_index(drop=True)
    clash = log["id"].notna() & log["id"].duplicated(keep=False)
    if clash.any():
        fail_rows(column, "repeat a complaint id with different values", clash, log["id"],
                  "one row per complaint; a log of ticket events needs one row per ticket")
    return log
