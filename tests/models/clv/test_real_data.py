"""What real customer logs do to the count models: a customer far beyond the others, and covariates a fit cannot
identify. A fit is never "ok" when it cannot predict for a customer it was fitted on."""

import numpy as np
import pytest

from insight.data.simulate import btyd_summary
from insight.exceptions import DataValidationError
from insight.models.clv import BetaGeo


@pytest.fixture(scope="module")
def summary():
    return btyd_summary(600, seed=0)


def test_a_customer_with_a_million_purchases_is_flagged(summary):
    ok = BetaGeo().fit(summary)
    assert ok.diagnostics_.ok and np.isfinite(ok.expected_purchases(summary, 10)).all()
    big = summary.copy()
    first = big.index[0]
    big.loc[first, ["frequency", "recency"]] = [1e6, big.loc[first, "T"]]
    m = BetaGeo().fit(big)
    # the special functions give no value for that customer: the fit says so instead of "ok"
    assert not np.isfinite(m.expected_purchases(big, 10)[first])
    d = m.diagnostics_
    assert (d.status, d.reason, d.values) == ("not_identified", "nonfinite_predictions", {"n": 1, "frequency": 1e6})
    assert not d.ok and not m.converged_


def test_covariates_a_fit_cannot_identify_are_refused(summary):
    rng = np.random.default_rng(0)
    data = summary.assign(channel=rng.integers(0, 2, len(summary)).astype(float), one=1.0)
    fitted = BetaGeo(covariates_trans=["channel"]).fit(data)
    assert np.isfinite(fitted.standard_errors_["trans_channel"])
    with pytest.raises(DataValidationError, match=r"parameter 'covariates_trans': column 'one' has the same value in "
                                                  r"all 600 rows \(e.g. 1.0\); a constant covariate cannot be told "
                                                  r"apart from the base rate"):
        BetaGeo(covariates_trans=["channel", "one"]).fit(data)
    with pytest.raises(DataValidationError, match=r"parameter 'covariates_life': column 'again' is a copy of the "
                                                  r"process's other covariates \['channel'\] in all 600 rows"):
        BetaGeo(covariates_life=["channel", "again"]).fit(data.assign(again=data["channel"]))
