import pandas as pd
import pytest

from insight.data import datasets as ds
from insight.exceptions import DataFileNotFoundError


def test_cdnow_master(cdnow):
    assert cdnow.shape == (69659, 4)
    assert list(cdnow.columns) == ["customer_id", "date", "quantity", "amount"]
    assert cdnow["customer_id"].nunique() == 23570
    assert pd.api.types.is_datetime64_any_dtype(cdnow["date"])
    assert cdnow["date"].min() == pd.Timestamp("1997-01-01")
    assert cdnow["date"].max() == pd.Timestamp("1998-06-30")
    assert cdnow["quantity"].dtype == "int64"
    # first row of the file: 00001 19970101 1 11.77
    assert cdnow.iloc[0].tolist() == [1, pd.Timestamp("1997-01-01"), 1, 11.77]
    loaded = ds.load("cdnow")
    assert loaded.file == "cdnow_master.txt" and loaded.table.equals(cdnow)
    assert loaded.sha256 == ds.file_sha256(ds.data_dir() / "cdnow_master.txt") and len(loaded.sha256) == 64
    assert ds.load("cdnow_sample").table.shape == (6919, 5)


def test_cdnow_sample(cdnow_sample):
    assert cdnow_sample.shape == (6919, 5)
    assert cdnow_sample["sample_id"].nunique() == 2357
    assert cdnow_sample["sample_id"].min() == 1 and cdnow_sample["sample_id"].max() == 2357
    # first row: 00004 0001 19970101 2 29.33
    assert cdnow_sample.iloc[0].tolist() == [4, 1, pd.Timestamp("1997-01-01"), 2, 29.33]
    # the sample's customers are a subset of the master file's
    assert cdnow_sample["customer_id"].max() <= 23570


def test_telco(telco):
    assert telco.shape == (7043, 20)
    assert telco["churn"].dtype == bool and telco["churn"].sum() == 1869
    assert telco["tenure"].dtype == "int64"
    assert telco["contract"].dtype == "category"
    assert set(telco["contract"].cat.categories) == {"Month-to-month", "One year", "Two year"}
    assert telco["senior_citizen"].dtype == bool
    # the 11 customers with tenure 0 had no total charges: filled with 0.0 and reported
    assert telco["total_charges"].isna().sum() == 0
    assert (telco.loc[telco["tenure"] == 0, "total_charges"] == 0).all()
    assert (telco["tenure"] == 0).sum() == 11
    cleaning = ds.load("telco_churn").cleaning
    assert cleaning.count("no_bill") == 11 and cleaning.steps[0].action == "set_zero"
    assert cleaning.steps[0].row == "488"            # the first of them, for the report's example


def test_telco_keep_missing():
    t = ds.load("telco_churn", fill_total_charges=False)
    assert t.table["total_charges"].isna().sum() == 11
    assert t.cleaning.steps[0].action == "kept_missing"
    assert ds.load_telco_churn(fill_total_charges=False)["total_charges"].isna().sum() == 11


def test_satisfaction(survey):
    assert survey.shape == (1811, 10)
    assert list(survey.columns) == [f"q{i}" for i in range(1, 11)]
    assert survey.min().min() == 1 and survey.max().max() == 10
    assert ds.SATISFACTION_LABELS["q1"] == "Overall satisfaction"
    assert ds.SATISFACTION_LABELS["q10"] == "Distribution to right geographic areas"
    # first respondent: 2,8,8,2,2,2,2,6,8,6
    assert survey.iloc[0].tolist() == [2, 8, 8, 2, 2, 2, 2, 6, 8, 6]


def test_data_dir_env_override(tmp_path, monkeypatch):
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path))
    assert ds.data_dir() == tmp_path
    with pytest.raises(DataFileNotFoundError, match=str(tmp_path / "telco_churn.csv")):
        ds.load_telco_churn()
    # a copy in the override folder is used
    src = ds.Path(ds.__file__).resolve().parent / "raw" / "customer_satisfaction.csv"   # the package's own copy
    lines = src.read_text().splitlines()[:6]  # header and 5 respondents
    (tmp_path / "customer_satisfaction.csv").write_text("\n".join(lines) + "\n")
    assert len(ds.load_customer_satisfaction()) == 5


def test_sha_recorded_for_provenance(survey):
    from insight.provenance import provenance

    prov = provenance()
    assert prov.inputs["bundled/customer_satisfaction.csv"] == ds.load("customer_satisfaction").sha256
    page = prov._repr_html_()
    assert "bundled/customer_satisfaction.csv" in page and "<th>input file</th>" in page
    assert f"git commit {prov.git_commit}" in page and "; Python " in page
