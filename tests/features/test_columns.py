"""A value column is made a value per period from its declared period, checked against the demo company's truth."""

import numpy as np
import pandas as pd
import pytest

from insight.data.simulate import TYPE_PARAMS, demo_company
from insight.exceptions import DataValidationError
from insight.features.columns import value_per_unit
from insight.parsers import DAYS_PER_UNIT, parse_value_period

MONTH = DAYS_PER_UNIT["months"]


def test_declared_periods_are_read():
    assert parse_value_period("month") == ("per", MONTH) == parse_value_period("Monthly")
    assert parse_value_period("per year") == ("per", 365.25) == parse_value_period("annual")
    assert parse_value_period("first 90 days") == ("first", 90.0)
    assert parse_value_period("first 3 months") == ("first", 3 * MONTH)
    assert parse_value_period("to date") == ("to_date", 0.0) == parse_value_period("lifetime to date")
    for bad in ("", "sometimes", "first -2 days", "90", "lifetime"):   # "lifetime value" is usually a prediction
        with pytest.raises(DataValidationError, match="say what period the value covers"):
            parse_value_period(bad)


def test_values_are_made_per_unit_by_hand():
    assert value_per_unit([120.0], "year", "months").tolist() == pytest.approx([10.0])
    assert value_per_unit([10.0], "week", "days").tolist() == pytest.approx([10 / 7])
    # first 90 days: divided by 90 days, or by the time with the company when shorter (at least one unit)
    assert value_per_unit([90.0, 90.0, 90.0], "first 90 days", "months", tenure=[12, 1, 0]).tolist() == pytest.approx(
        [MONTH, 90.0, 90.0])
    # to date: divided by the time with the company, counted as at least one unit
    assert value_per_unit([1200.0, 50.0], "to date", "months", tenure=[12, 0.2]).tolist() == pytest.approx([100, 50])
    with pytest.raises(DataValidationError, match="needs each customer's time with the company"):
        value_per_unit([1.0], "to date", "months")
    with pytest.raises(DataValidationError, match="1 of 2 customers have a missing or negative time"):
        value_per_unit([1.0, 2.0], "first 30 days", "months", tenure=[1, -1])
    with pytest.raises(DataValidationError, match="unit"):
        value_per_unit([1.0], "month", "fortnights")


def test_the_demo_value_per_month_is_near_the_simulators_truth():
    """The demo churn table's value is revenue in a customer's first 90 days: made a value per month from that
    declared period it lies within 25% of what the simulator's customers truly spend a month (purchases a month x
    basket of their type); read as a value per month, as it once was, it is three times too high."""
    company = demo_company(5000, seed=0)
    table = company.churn_table()
    current = table[~table["churned"].astype(bool)]
    true_type = company.customers.set_index("customer_id").loc[current.index, "true_type"]
    truth = float((TYPE_PARAMS["purchases_per_month"] * TYPE_PARAMS["basket"]).reindex(true_type.to_numpy()).mean())
    per_month = value_per_unit(current["early_revenue"], "first 90 days", "months", tenure=current["tenure_months"])
    assert abs(per_month.mean() / truth - 1) < 0.25
    assert current["early_revenue"].mean() / truth > 3
    assert np.isfinite(per_month).all() and len(per_month) == len(current) > 2000
