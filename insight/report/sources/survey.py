"""Survey answers (and, when given, orders, support tickets and a purchase log) for the satisfaction report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...data.demo_persian import DEMO_NAMES
from ...data.datasets import SATISFACTION_LABELS, is_spec_path, load_customer_satisfaction
from ...exceptions import DataValidationError
from ...validate import check_columns, check_param
from .files import demo_source, optional_column, read_table, user_file, user_spec
from .customers import transaction_source


@dataclass
class SurveySource:
    """Survey answers and, when available, orders, support tickets and customers (see :func:`survey_source`).

    Attributes
    ----------
    name : str
        The data's name, for the report.
    surveys : pandas.DataFrame
        One row per answered survey.
    overall_col : str
        The overall satisfaction rating column.
    driver_cols : list of str
        The rating columns that may drive the overall rating (possibly empty).
    scale : tuple of int
        ``(low, high)`` of the overall rating, and of every rating column without a scale of its own.
    labels : dict
        Rating column -> its name for readers.
    nps_col, buy_again_col, date_col, group_col : str or None, optional
        Columns of the 0-10 recommendation score, the would-buy-again answer, the survey date and the group to
        compare; None when the data have none.
    order_col : str or None, optional
        Survey column naming the order the answers refer to.
    touchpoints : dict or None, optional
        Touchpoint CSAT column -> its stage of the customer journey; None: no touchpoints.
    touchpoint_scale : tuple of int or dict, default (1, 5)
        ``(low, high)`` of every touchpoint column, or touchpoint column -> its own ``(low, high)``.
    orders, tickets : pandas.DataFrame or None, optional
        The same customers' orders (promised and delivered dates) and support tickets; None when not given.
    simulated : bool, default False
        True for the demo company.
    spec : insight.data.spec.DataSpec or None, optional
        The specification of a user's data.
    log : TransactionSource or None, optional
        A purchase log of the same customers, which prices the report's actions.
    scales : dict or None, optional
        Rating column -> its own ``(low, high)``; None: ``scale`` for every column.
    words : dict or None, optional
        Rating column -> {word: score} of answers given as words.
    text_col : str or None, optional
        A free-text answer or review column (kept for the text analyses).
    """

    name: str
    surveys: pd.DataFrame
    overall_col: str
    driver_cols: list
    scale: tuple
    labels: dict
    nps_col: str | None = None
    buy_again_col: str | None = None
    date_col: str | None = None
    group_col: str | None = None
    order_col: str | None = None            # survey column naming the order the answers refer to
    touchpoints: dict | None = None         # CSAT column -> stage
    touchpoint_scale: tuple = (1, 5)
    orders: pd.DataFrame | None = None
    tickets: pd.DataFrame | None = None
    simulated: bool = False
    spec: object = None
    log: object = None                      # a TransactionSource of the same customers: prices the actions
    scales: dict | None = None              # rating column -> its own (low, high); None: ``scale`` for every column
    words: dict | None = None               # rating column -> {word: score} of answers given as words
    text_col: str | None = None             # a free-text answer or review (kept for the text analyses)

    def scales_of(self, columns) -> dict:
        """Each of ``columns`` -> its (low, high): its own scale, else the touchpoints' or the survey's ``scale``.

        Parameters
        ----------
        columns : iterable of str
            Rating columns of ``surveys``.

        Returns
        -------
        dict
            Column -> ``(low, high)``, in the order of ``columns``.

        Examples
        --------
        >>> survey_source("yellow_pages").scales_of(["q1", "q2"])
        {'q1': (1, 10), 'q2': (1, 10)}
        """
        tp = self.touchpoint_scale if isinstance(self.touchpoint_scale, dict) else \
            {c: self.touchpoint_scale for c in (self.touchpoints or {})}
        return {c: (self.scales or {}).get(c, tp.get(c, self.scale)) for c in columns}


def _parse_scale(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        lo, hi = (int(x) for x in text.split("-"))
    except ValueError:
        raise DataValidationError(f"parameter 'scale' == {text!r}: must be 'low-high', e.g. '1-10'.") from None
    if lo >= hi:
        raise DataValidationError(f"parameter 'scale' == {text!r}: low must be below high.")
    return lo, hi


def survey_source(
    data: str,
    *,
    overall_col: str = "",
    driver_cols: str = "",
    scale: str = "",
    nps_col: str = "",
    buy_again_col: str = "",
    date_col: str = "",
    group_col: str = "",
    order_col: str = "",
    orders_path: str = "",
    tickets_path: str = "",
    log_data: str = "",
    text_col: str = "",
    demo_customers: int = 5000,
    seed: int = 0,
) -> SurveySource:
    """Resolve a satisfaction notebook's ``data`` parameter into survey answers and their column roles.

    ``"yellow_pages"``: the bundled survey (overall ``q1`` on ``q2``-``q10``, 1-10).
    ``"demo"``: the demo company's surveys (overall satisfaction 1-5 on the six
    touchpoint CSATs, NPS, would-buy-again, grouped by the simulated customer type)
    with its orders and tickets. Otherwise a CSV/Parquet survey file with the named
    columns (``driver_cols`` comma-separated, any number, none included; ``scale`` as "low-high" for the columns
    whose scale the data or the specification do not give: each rating column keeps its own, and a 0/1 column is
    read on 0-1), plus optional orders and tickets files. Empty strings keep the data set's default or mean
    "none". A specification's touchpoints (with their stage) and text column come with it. ``log_data`` names a
    purchase log of the same customers (as the ``data`` of :func:`transaction_source`; the demo company has its
    own): with it the report prices its actions as the overview does. ``text_col`` names the column of free-text
    comments ("" = the specification's ``text`` role, or none), read by the report's "What respondents write".

    Parameters
    ----------
    data : str
        ``"yellow_pages"``, ``"demo"`` (or ``"demo_fa"``: in Persian), a data specification (``.yaml``) of kind
        ``survey`` or a data file.
    overall_col : str, default ""
        The overall rating column ("" = the data set's default; required for a data file).
    driver_cols : str, default ""
        Comma-separated driver rating columns ("" = the data set's default, or none).
    scale : str, default ""
        ``"low-high"`` (e.g. ``"1-10"``) of the rating columns whose scale the data do not give.
    nps_col, buy_again_col, date_col, group_col, order_col : str, default ""
        A data file's columns of the 0-10 recommendation score, the would-buy-again answer, the survey date, the
        group to compare and the order the answers refer to ("" = none; for the bundled data, the group only).
    orders_path : str, default ""
        Orders of the same customers: a specification of kind ``orders`` or a file with the columns ``order_id``,
        ``customer_id``, ``order_date``, ``promised_date``, ``delivered_date``, ``extra`` ("" = none).
    tickets_path : str, default ""
        A CSV or Parquet file of the same customers' support tickets ("" = none).
    log_data : str, default ""
        A purchase log of the same customers, as the ``data`` of :func:`transaction_source` ("" = none).
    text_col : str, default ""
        The column of free-text comments ("" = the specification's ``text`` role, or none).
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    SurveySource
        The answers, their column roles and scales, and the orders, tickets and log given.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``data`` or ``text_col`` is not a string, ``scale`` is not "low-high" with low below high, the scale of a
        rating column is not known, ``text_col`` or another named column is not in the survey, or a specification
        or file is refused (see :func:`user_spec` and :func:`read_table`).
    insight.exceptions.DataFileNotFoundError
        If the data file, ``orders_path`` or ``tickets_path`` does not exist.

    Examples
    --------
    >>> src = survey_source("yellow_pages")
    >>> src.surveys.shape, src.overall_col, src.scale
    ((1811, 10), 'q1', (1, 10))
    >>> src.driver_cols[:3]
    ['q2', 'q3', 'q4']
    """

    check_param("data", data, str)
    check_param("text_col", text_col, str)
    scale_t = _parse_scale(scale)
    drivers = [c.strip() for c in driver_cols.split(",") if c.strip()]
    if data == "yellow_pages":
        df = load_customer_satisfaction()
        src = SurveySource("Yellow Pages customer satisfaction survey (Rossi, Gilula & Allenby 2001)", df,
                           overall_col or "q1", drivers or [f"q{i}" for i in range(2, 11)], scale_t or (1, 10),
                           dict(SATISFACTION_LABELS), group_col=optional_column(group_col))
    elif data in DEMO_NAMES:
        from ...data.simulate import TOUCHPOINTS

        d = demo_source(demo_customers, seed, data)
        types = d.customers.set_index("customer_id")["true_type"].astype(str).rename("customer_type")
        df = d.surveys.merge(types, left_on="customer_id", right_index=True, how="left")
        stages = {f"csat_{tp}": st for tp, st in TOUCHPOINTS["stage"].items()}
        labels = {c: c.removeprefix("csat_").replace("_", " ") for c in stages}
        labels.update({"overall_satisfaction": "overall satisfaction", "nps": "NPS"})
        src = SurveySource(DEMO_NAMES[data], df, overall_col or "overall_satisfaction", drivers or list(stages),
                           scale_t or (1, 5), labels, "nps", "would_buy_again", "date", group_col or "customer_type",
                           "last_order_id", stages, (1, 5), d.orders, d.tickets, True,
                           log=transaction_source(data, demo_customers=demo_customers, seed=seed))
    else:
        spec = user_spec(data, "survey", {"overall": overall_col, "drivers": drivers, "nps": nps_col,
                                          "buy_again": buy_again_col, "date": date_col, "group": group_col,
                                          "order_id": order_col, "text": text_col})
        if scale_t is not None:     # the scale of every column without one of its own
            spec.scales = {**spec.scales, "all": spec.scales.get("all", scale)}
        df, _ = spec.load()
        from ...data.scales import two_point

        scales = {c: spec.column_scale(c) or two_point(df[c]) for c in spec.rating_columns()}
        unknown = [c for c, sc in scales.items() if sc is None]
        if unknown:
            lo, hi = df[unknown[0]].min(), df[unknown[0]].max()
            raise DataValidationError(
                f"{spec.name}: the rating scale of {len(unknown)} column(s) is not known ({', '.join(unknown[:5])}; "
                f"answers of {unknown[0]!r} run from {lo:g} to {hi:g}); give it under scales (e.g. scales: "
                f"{{{unknown[0]}: 1-5}}) or as the parameter 'scale' (e.g. '1-5').")
        orders = tickets = None
        if orders_path:
            orders = _orders(orders_path)
        if tickets_path:
            tickets = read_table(user_file(tickets_path, f"parameter 'tickets_path': file not found: "
                                                          f"{tickets_path}."), "tickets_path")
        labels = {c: c.replace("_", " ") for c in spec.rating_columns()}
        overall, tps = spec.column("overall"), spec.touchpoints
        src = SurveySource(spec.name, df, overall, spec.drivers, scales[overall], labels,
                           spec.column("nps"), spec.column("buy_again"), spec.column("date"), spec.column("group"),
                           spec.column("order_id"), tps or None, {c: scales[c] for c in tps}, orders, tickets,
                           spec=spec, scales=scales, words=dict(spec.mappings_), text_col=spec.column("text"))
    if text_col:
        if text_col not in src.surveys.columns:
            cols = list(map(str, src.surveys.columns))
            raise DataValidationError(f"parameter 'text_col' == {text_col!r}: {src.name} has no such column; its "
                                      f"{len(cols)} columns are {', '.join(cols[:20])}{' ...' if len(cols) > 20 else ''}.")
        src.text_col = text_col
    check_columns(src.surveys, [src.overall_col, *src.driver_cols, *(src.touchpoints or {}), src.nps_col,
                                src.buy_again_col, src.date_col, src.group_col, src.order_col, src.text_col],
                  name=src.name)
    if log_data:
        src.log = transaction_source(log_data, demo_customers=demo_customers, seed=seed)
    return src


#: an orders specification's roles -> the columns the four levels read (insight.models.satisfaction.service)
_ORDER_COLUMNS = {"order_id": "order_id", "customer_id": "customer_id", "order_date": "order_date",
                  "promised": "promised_date", "delivered": "delivered_date", "extra": "extra"}


def _orders(path: str) -> pd.DataFrame:
    """The satisfaction notebook's ``orders_path``: a data specification of kind orders (roles promised, delivered,
    order_id, customer_id, order_date, extra, on your own column names), or a file with the columns order_id,
    customer_id, order_date, promised_date, delivered_date, extra."""
    if is_spec_path(path):
        spec = user_spec(path, "orders", {})
        df, _ = spec.load()
        return df.rename(columns={spec.column(r): c for r, c in _ORDER_COLUMNS.items() if spec.column(r)})
    return read_table(user_file(path, f"parameter 'orders_path': file not found: {path}."), "orders_path")
