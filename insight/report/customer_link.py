"""Who wrote the comments, and what the reports know of them: the feedback report's link to the customer base.

A comment file whose rows name a customer can be joined to what another report reads about the same customers:

* a customer table (a data specification of kind ``customers``, as the churn report reads it): whether each customer
  left (observed) and, with a ``value`` role, what they are worth;
* a purchase log (kind ``transactions``, as the CLV report reads it): P(alive) and the expected value over the next
  52 weeks from the purchase models (:func:`~insight.report.pipelines.current_values`), a customer counting as
  "probably left" below P(alive) 0.5. When the purchase model cannot be trusted, the value is the revenue of the
  last year and no one is said to have left;
* ``"demo"``: the demo company, with the churn report's observed churn flag and the CLV report's values.

The feedback report then ranks themes by the customers they cost (:func:`insight.models.text.theme_churn`), by the
value of their writers (:func:`insight.models.text.theme_value`) and lists whom to tell once a theme is fixed
(:func:`insight.models.text.theme_contacts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data.datasets import is_spec_path
from ..exceptions import DataValidationError
from ..parsers import to_bool
from ..validate import check_param

__all__ = ["CustomerLink", "customer_link"]


@dataclass
class CustomerLink:
    """What the feedback report knows of the customers who wrote.

    Every series is indexed by customer id and covers the whole customer base (writers or not).

    Attributes
    ----------
    name : str
        Where the customers come from (the data set's name).
    churned : pandas.Series or None
        Left (observed) or probably left (P(alive) < 0.5), as booleans; None when not known.
    churn_basis : str
        ``"observed"``, ``"p_alive"`` or ``"none"``.
    value : pandas.Series or None
        What each customer is worth (currency units); None when not known.
    value_basis : str
        ``"clv"`` (expected over the next 52 weeks), ``"revenue"`` (last year), ``"value"`` (the table's value
        column, over ``value_period``) or ``"none"``.
    p_alive : pandas.Series or None, optional
        Probability that each customer is still active, from the purchase models.
    value_period : str, optional
        The period the table's value column covers (``value_basis == "value"``).
    simulated : bool, default False
        True for the demo company.
    duration : pandas.Series or None, optional
        Time as a customer (to leaving, or to the end of the data), in ``duration_unit``.
    duration_unit : str, default "periods"
        Unit of ``duration`` (``"months"`` for the demo company).
    opt_out : pandas.Series or None, optional
        True where the customer asked not to be contacted, from the customers' data.
    """

    name: str                          # where the customers come from
    churned: pd.Series | None          # left (observed) or probably left (P(alive) < 0.5); None: not known
    churn_basis: str                   # "observed", "p_alive" or "none"
    value: pd.Series | None            # what each customer is worth
    value_basis: str                   # "clv" (expected over the next 52 weeks), "revenue" (last year), "value" (the
                                       # table's value column, over ``value_period``) or "none"
    p_alive: pd.Series | None = None
    value_period: str = ""
    simulated: bool = False
    duration: pd.Series | None = None   # time as a customer (to leaving, or to the end of the data)
    duration_unit: str = "periods"
    opt_out: pd.Series | None = None    # the customer asked not to be contacted (True), from the customers' data


#: bundled data a notebook names without a specification, by the kind of their table
_BUNDLED_KINDS = {"cdnow": "transactions", "cdnow_sample": "transactions", "telco": "customers"}


def _kind(data: str) -> str:
    """The kind of a data specification named by a notebook parameter (a YAML path or a bundled name)."""
    import yaml

    from .sources import spec_file

    if data in _BUNDLED_KINDS:
        return _BUNDLED_KINDS[data]
    path = spec_file(data)
    if not is_spec_path(str(path)):
        raise DataValidationError(f"parameter 'customers' == {data!r}: give a data specification (.yaml) of kind "
                                  "'customers' (a churn flag per customer) or 'transactions' (a purchase log), "
                                  "or 'demo'. Run `insight inspect FILE` to write one.")
    if not path.is_file():
        raise DataValidationError(f"parameter 'customers' == {data!r}: no such file.")
    kind = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("kind")
    if kind not in ("customers", "transactions"):
        raise DataValidationError(f"parameter 'customers': {path.name} describes {kind!r} data; give kind "
                                  "'customers' or 'transactions'.")
    return kind


def _from_log(source, name: str, simulated: bool) -> CustomerLink:
    from .pipelines import current_values, revenue_last_year, split_dates

    values, _, _ = current_values(source)
    v = values.values
    if values.trusted:
        return CustomerLink(name, values.churned.astype(bool), "p_alive", v["clv"], "clv", v["p_alive"],
                            simulated=simulated)
    end = split_dates(source, "", "")[1]
    return CustomerLink(name, None, "none", revenue_last_year(source, end, v.index), "revenue", simulated=simulated)


def customer_link(customers: str, *, demo_customers: int = 5000, seed: int = 0) -> CustomerLink | None:
    """The customers behind the comments from the feedback notebook's ``customers`` parameter.

    Parameters
    ----------
    customers : str
        ``""`` (none), ``"demo"`` (or ``"demo_fa"``), a bundled name, or the path of a data specification of kind
        ``customers`` or ``transactions`` (see the module docstring).
    demo_customers : int, default 5000
        Number of customers of the demo company.
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    CustomerLink or None
        What the reports know of the customers; None when ``customers`` is empty.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``customers`` is not a string, names no data specification of kind ``customers`` or ``transactions``,
        or a customer table has no customer id column.
    """
    from .sources import churn_source, transaction_source

    check_param("customers", customers, str)
    if not customers:
        return None
    if customers in ("demo", "demo_fa"):
        churn = churn_source(customers, demo_customers=demo_customers, seed=seed)
        link = _from_log(transaction_source(customers, demo_customers=demo_customers, seed=seed), churn.name, True)
        table = churn.table.set_index(churn.id_col)
        link.churned, link.churn_basis = table[churn.target_col].astype(bool), "observed"
        link.duration, link.duration_unit = table[churn.duration_col], "months"
        return link
    if _kind(customers) == "transactions":
        source = transaction_source(customers)
        return _from_log(source, source.name, False)
    churn = churn_source(customers)
    if churn.id_col is None:
        raise DataValidationError(f"parameter 'customers': {churn.name} has no customer id column (role "
                                  "'customer_id'), so its customers cannot be joined to the comments.")
    table = churn.table.set_index(churn.id_col)
    flags = to_bool(table[churn.target_col], churn.target_col, churn.positive)
    value = pd.to_numeric(table[churn.value_col], errors="coerce") if churn.value_col else None
    opt_out = to_bool(table[churn.opt_out_col].fillna(False), churn.opt_out_col) if churn.opt_out_col else None
    return CustomerLink(churn.name, flags, "observed", value, "value" if churn.value_col else "none",
                        value_period=churn.value_period,
                        duration=pd.to_numeric(table[churn.duration_col], errors="coerce") if churn.duration_col
                        else None, opt_out=opt_out)
