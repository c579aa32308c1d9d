"""Shared fixtures: the bundled data sets and demo companies, built once per session."""

import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def cdnow():
    from insight.datasets import load_cdnow

    return load_cdnow()


@pytest.fixture(scope="session")
def cdnow_sample():
    from insight.datasets import load_cdnow

    return load_cdnow(sample=True)


@pytest.fixture(scope="session")
def telco():
    from insight.datasets import load_telco_churn

    return load_telco_churn()


@pytest.fixture(scope="session")
def survey():
    from insight.datasets import load_customer_satisfaction

    return load_customer_satisfaction()


@pytest.fixture(scope="session")
def demo():
    from insight.simulate import demo_company

    return demo_company(5000, seed=0)
