"""Every registered customer-base model keeps the contract of ``CustomerBaseModel``.

The registry is built from the models' class attributes, so a new model file is picked up
here without editing this test: it is fitted on its own ``example_data``, summarized,
described, pickled, cloned, given new parameters and (count models) simulated.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from insight.exceptions import NotFittedError
from insight.models.clv import CustomerBaseModel
from insight.models.clv.registry import count_models, model, models, models_table
from insight.report.sections.clv import model_name, model_sentence
from insight.style import Style

NAMES = list(models())


def test_the_registry_is_derived_from_the_classes():
    assert NAMES == ["bgnbd", "mbgnbd", "pareto", "gammagamma", "bgbb", "sbg"]
    assert list(count_models()) == ["bgnbd", "mbgnbd", "pareto"]
    table = models_table()
    for name, cls in models().items():
        assert issubclass(cls, CustomerBaseModel) and cls.registry_name == name
        assert cls.display_name and cls.setting and cls.fits_on and cls.kind and cls.example_data is not None
        assert table.loc[name, "label"] == cls.display_name == model_name(Style(), name)   # the catalog names it
        assert model_name(Style(), cls.__name__) == cls.display_name   # a class name is read the same way
    assert model_name(Style(), "unknown") == "unknown"
    assert model_name(Style("fa"), "BetaGeo") == "BG/NBD" and model_name(Style("fa"), "ShiftedBetaGeometric") == \
        "بتا-هندسی انتقال‌یافته (sBG)"


@pytest.mark.parametrize("name", NAMES)
def test_every_model_keeps_the_contract(name):
    cls = models()[name]
    unfitted = model(name)
    with pytest.raises(NotFittedError, match=f"This {cls.__name__} instance is not fitted yet; call "):
        unfitted.summary()
    data = cls.example_data(0)
    m = model(name).fit(data)
    assert m is not None and m.__sklearn_is_fitted__() and not unfitted.__sklearn_is_fitted__()
    # fitted attributes, one per parameter, finite where the fit is trusted
    assert list(m.params_) == list(m.param_names) and m.n_customers_ > 0
    assert np.isfinite(m.log_likelihood_) and m.aic_ == pytest.approx(2 * len(m.param_names) - 2 * m.log_likelihood_)
    assert m.diagnostics_.ok, m.diagnostics_
    # summary: estimate, standard error and a 95% interval that holds the estimate
    s = m.summary()
    assert list(s.index) == list(m.param_names)
    assert (s["low_95"] <= s["estimate"]).all() and (s["estimate"] <= s["high_95"]).all()
    text = model_sentence(Style(), m)
    assert model_name(Style(), cls.__name__) in text and f"{m.n_customers_:,} customers" in text
    assert text.endswith("The fit converged to an interior optimum.")
    # the protocol: the parameter vector round-trips through the fitting scale and new parameters
    p = m.param_vector()
    np.testing.assert_allclose(m.from_fit_scale(m.to_fit_scale(p)), p, rtol=1e-12)
    assert m.log_likelihood_at(p) == pytest.approx(m.log_likelihood_)
    other = m.with_params(p * 1.1)
    assert other.params_ == {k: pytest.approx(v * 1.1) for k, v in m.params_.items()} and m.params_ != other.params_
    assert m.log_likelihood_at(p * 1.1) < m.log_likelihood_      # the fit is the maximum
    # pickle and clone
    again = pickle.loads(pickle.dumps(m))
    assert again.params_ == m.params_ and again.log_likelihood_ == m.log_likelihood_
    assert again.standard_errors_ == pytest.approx(m.standard_errors_, nan_ok=True)
    fresh = clone(m)
    assert fresh.get_params() == m.get_params() and not fresh.__sklearn_is_fitted__()


@pytest.mark.parametrize("name", NAMES)
def test_count_models_simulate_and_the_others_say_they_do_not(name):
    cls = models()[name]
    data = cls.example_data(1)
    m = model(name).fit(data)
    rng = np.random.default_rng(0)
    if cls.kind != "count":
        with pytest.raises(ValueError, match="no simulation"):
            m.simulate_repeats(np.ones(5), rng)
        return
    T = data["T"].to_numpy()
    sims = np.array([m.simulate_repeats(T, rng).sum() for _ in range(40)])
    # the simulated repeat purchases over each customer's own T match the model's closed-form expectation for a
    # new customer observed that long, and the repeat purchases of the data it was fitted on
    assert sims.mean() == pytest.approx(float(m.expected_purchases_new(T).sum()), rel=0.05)
    assert sims.mean() == pytest.approx(data["frequency"].sum(), rel=0.15)


def test_a_new_model_file_is_registered_without_editing_anything_else(tmp_path, monkeypatch):
    """The registry picks up a subclass defined in a module of the package (here one written for the test)."""
    import sys

    import insight.models.clv as clv_pkg
    import insight.models.clv.registry as registry

    (tmp_path / "throwaway_geo.py").write_text(
        "from insight.models.clv.beta_geo import BetaGeo\n\n"
        "class ThrowawayGeo(BetaGeo):\n"
        "    registry_name = 'throwaway'\n"
        "    display_name = 'Throwaway/NBD'\n")
    monkeypatch.setattr(clv_pkg, "__path__", [*clv_pkg.__path__, str(tmp_path)])
    registry.models.cache_clear()
    try:
        assert registry.models()["throwaway"].__name__ == "ThrowawayGeo"
        assert "throwaway" in registry.count_models() and model_name(Style(), "throwaway") == "throwaway"
    finally:   # leave the registry as it was for the other tests
        monkeypatch.undo()
        sys.modules.pop("insight.models.clv.throwaway_geo", None)
        registry.models.cache_clear()
    assert list(registry.models()) == NAMES
