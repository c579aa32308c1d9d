"""Shared fixtures: the bundled data sets and demo companies, built once per session."""

import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")
# pytest-xdist runs two workers, each starting notebook kernels: one math-library thread per process avoids
# OpenMP oversubscription (busy-waiting threads made a 24 s render take 220 s), as render_all does for its runs
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


@pytest.fixture
def tx():
    """Seven log lines with one of each thing cleaning counts: a same-day pair, a return, a missing customer, an
    exact duplicate, and dates either side of a window."""
    import pandas as pd

    return pd.DataFrame({
        "cust": ["a", "a", "b", "b", "c", None, "c"],
        "day": ["2024-01-01", "2024-01-01", "2024-01-03", "2024-02-10", "2024-03-01", "2024-03-02", "2024-03-01"],
        "amt": [10.0, 5.0, -4.0, 20.0, 7.5, 3.0, 7.5],
    })


@pytest.fixture(scope="session")
def cdnow():
    from insight.data.datasets import load_cdnow

    return load_cdnow()


@pytest.fixture(scope="session")
def cdnow_sample():
    from insight.data.datasets import load_cdnow

    return load_cdnow(sample=True)


@pytest.fixture(scope="session")
def telco():
    from insight.data.datasets import load_telco_churn

    return load_telco_churn()


@pytest.fixture(scope="session")
def survey():
    from insight.data.datasets import load_customer_satisfaction

    return load_customer_satisfaction()


@pytest.fixture(scope="session")
def demo():
    from insight.data.simulate import demo_company

    return demo_company(5000, seed=0)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium with the network blocked; skips (or fails in CI) when there is none."""
    import browser as b

    reason = b.missing_reason()
    if reason:
        if b.required():
            pytest.fail(f"INSIGHT_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    driver = b.start()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def optional_browser(request):
    """The browser when there is one, else None (for tests whose browser part is a bonus)."""
    import browser as b

    if b.missing_reason() and not b.required():
        return None
    return request.getfixturevalue("browser")
