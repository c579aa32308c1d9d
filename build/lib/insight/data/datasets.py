"""Loaders of the real public data sets bundled with the package (``insight/data/raw/``).

One ``load_<name>()`` per data set (as in lifelines.datasets). Files are read from the
installed package through :mod:`importlib.resources` (so a built wheel carries them; the
repository's ``data/raw`` is a link to the same folder), or from the folder named by the
``INSIGHT_DATA_DIR`` environment variable when it is set. Every loader validates what it reads, records
the file and its SHA-256 in ``df.attrs["source"]`` and any cleaning it did in
``df.attrs["cleaning"]`` (a :class:`~insight.validate.CleaningReport`), so reports can
state exactly which input they used.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataFileNotFoundError, DataValidationError
from ..provenance import record_input, record_spec
from ..validate import check_columns
from .cleaning import CleaningReport, check_survey, check_transactions

__all__ = [
    "data_dir",
    "file_sha256",
    "load_cdnow",
    "load_telco_churn",
    "load_customer_satisfaction",
    "SATISFACTION_LABELS",
    "BUNDLED",
    "load_donations",
    "load_apparel",
    "load_sbg_retention",
    "TransactionSource",
    "transaction_source",
    "ChurnSource",
    "churn_source",
    "SurveySource",
    "survey_source",
    "user_spec",
    "own_data",
]

#: Readable labels of the Yellow Pages survey questions (Rossi, Gilula & Allenby 2001).
SATISFACTION_LABELS: dict[str, str] = {
    "q1": "Overall satisfaction",
    "q2": "Setting competitive prices",
    "q3": "Holding price increase to a minimum",
    "q4": "Appropriate pricing given volume",
    "q5": "Demonstrating effectiveness of purchase",
    "q6": "Reach a large number of customers",
    "q7": "Reach of advertising",
    "q8": "Long-term exposure",
    "q9": "Distribution",
    "q10": "Distribution to right geographic areas",
}

#: File name of each bundled data set.
BUNDLED: dict[str, str] = {
    "cdnow": "cdnow_master.txt",
    "cdnow_sample": "cdnow_sample.txt",
    "telco_churn": "telco_churn.csv",
    "customer_satisfaction": "customer_satisfaction.csv",
    "donations": "donations.csv",
    "apparel": "apparel_trans.csv",
    "apparel_covariates": "apparel_static_cov.csv",
    "sbg_retention": "sbg_retention.csv",
    "online_retail": "online_retail_sample.csv",
}

#: data specifications of bundled data sets, by the name notebooks accept as ``data``
BUNDLED_SPECS: dict[str, str] = {"online_retail": "online_retail.yaml"}


def spec_dir() -> Path:
    """Folder of the bundled data specifications (``insight/data/specs``, beside the raw data)."""
    return _package_dir() / "specs"


def _package_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("insight.data")))


def _is_spec(value: str) -> bool:
    return Path(value).suffix.lower() in (".yaml", ".yml")


def data_dir() -> Path:
    """Folder holding the raw data: ``$INSIGHT_DATA_DIR`` if set, else the package's ``insight/data/raw``."""
    env = os.environ.get("INSIGHT_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return _package_dir() / "raw"


def _path(filename: str) -> Path:
    p = data_dir() / filename
    if not p.is_file():
        hint = ("INSIGHT_DATA_DIR is set to " + repr(os.environ["INSIGHT_DATA_DIR"])
                if os.environ.get("INSIGHT_DATA_DIR") else "set INSIGHT_DATA_DIR to the folder holding it")
        raise DataFileNotFoundError(f"data file not found: {p} ({hint}).")
    return p


def file_sha256(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _stamp(df: pd.DataFrame, path: Path, report: CleaningReport) -> pd.DataFrame:
    sha = file_sha256(path)
    df.attrs["source"] = {"file": path.name, "sha256": sha, "rows": len(df)}
    record_input(path, sha)
    df.attrs["cleaning"] = report
    return df


def load_cdnow(sample: bool = False) -> pd.DataFrame:
    """CDNOW purchase log: every purchase of the customers who first bought in Q1 1997.

    Source: Fader & Hardie's CDNOW data, as shipped in the PyPI package ``lifetimes``
    0.11.3 (MIT). Purchases run from 1997-01-01 to 1998-06-30; several purchases on the
    same day occur (merge them with :func:`insight.validate.merge_same_day`).

    Parameters
    ----------
    sample : bool
        False: the full cohort, 69,659 transactions of 23,570 customers
        (``cdnow_master.txt``). True: the 1/10 sample used by Fader, Hardie & Lee
        (2005), 6,919 transactions of 2,357 customers (``cdnow_sample.txt``).

    Returns
    -------
    DataFrame, one row per transaction:

    ========== ============== ==================================================
    customer_id int           customer id of the master file (1..23570)
    sample_id   int           id within the 1/10 sample (1..2357; sample only)
    date        datetime64    purchase date
    quantity    int           number of CDs bought
    amount      float         dollar value of the purchase
    ========== ============== ==================================================
    """
    if sample:
        path = _path(BUNDLED["cdnow_sample"])
        raw = pd.read_csv(path, sep=r"\s+", header=None, dtype=str,
                          names=["customer_id", "sample_id", "date", "quantity", "amount"])
    else:
        path = _path(BUNDLED["cdnow"])
        raw = pd.read_csv(path, sep=r"\s+", dtype=str)
        raw.columns = ["customer_id", "date", "quantity", "amount"]
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce")
    df = check_transactions(raw, "customer_id", "date", "amount", quantity_col="quantity", name=path.name)
    df["customer_id"] = pd.to_numeric(df["customer_id"]).astype("int64")
    if sample:
        df["sample_id"] = pd.to_numeric(df["sample_id"]).astype("int64")
    df["quantity"] = df["quantity"].astype("int64")
    return _stamp(df.reset_index(drop=True), path, CleaningReport(rows_in=len(df), rows_out=len(df)))


_TELCO_BINARY = ["female", "senior_citizen", "partner", "dependents", "phone_service", "paperless_billing"]


def load_telco_churn(fill_total_charges: bool = True) -> pd.DataFrame:
    """IBM Telco customer churn sample: 7,043 customers of a telecom company.

    Source: IBM's "WA_Fn-UseC_-Telco-Customer-Churn" sample, as packaged in the R
    package ``modeldata`` 1.1.0 (``wa_churn``, MIT) by Debian (``r-cran-modeldata``).
    There is no customer id column.

    The 11 customers with ``tenure == 0`` have no ``total_charges`` (no bill yet).
    With ``fill_total_charges=True`` (default) they get 0.0, which is what a customer
    who was never billed has paid; with False they stay missing. Either way the step
    is recorded in ``df.attrs["cleaning"]``.

    Columns (20): ``churn`` (bool, 1,869 True), ``female``, ``senior_citizen``,
    ``partner``, ``dependents``, ``phone_service``, ``paperless_billing`` (bool);
    ``tenure`` (int, months with the company); ``multiple_lines``,
    ``internet_service``, ``online_security``, ``online_backup``,
    ``device_protection``, ``tech_support``, ``streaming_tv``, ``streaming_movies``,
    ``contract``, ``payment_method`` (category); ``monthly_charges``,
    ``total_charges`` (float, dollars).
    """
    path = _path(BUNDLED["telco_churn"])
    df = pd.read_csv(path)
    expected = {"churn", "tenure", "total_charges", "monthly_charges", "contract", *_TELCO_BINARY}
    missing = sorted(expected - set(df.columns))
    if missing:
        raise DataValidationError(f"{path.name}: expected columns missing: {missing}.")
    bad = ~df["churn"].isin(["Yes", "No"])
    if bad.any():
        raise DataValidationError(
            f"column 'churn': {int(bad.sum())} rows are not 'Yes'/'No'; e.g. {df.loc[bad, 'churn'].iloc[0]!r}."
        )
    df["churn"] = df["churn"].eq("Yes")
    for c in _TELCO_BINARY:
        df[c] = df[c].astype(bool)
    for c in df.columns:
        if pd.api.types.is_string_dtype(df[c]) or df[c].dtype == object:
            df[c] = df[c].astype("category")
    report = CleaningReport(rows_in=len(df), rows_out=len(df))
    na = df["total_charges"].isna()
    not_new = na & (df["tenure"] > 0)
    if not_new.any():
        raise DataValidationError(
            f"column 'total_charges': {int(not_new.sum())} rows are missing for customers with tenure > 0; "
            f"e.g. row {df.index[not_new][0]}."
        )
    if fill_total_charges:
        df.loc[na, "total_charges"] = 0.0
        report.add("total charges missing for tenure 0 (never billed)", na.sum(), "set to 0.0",
                   f"row {df.index[na][0]}" if na.any() else "")
    else:
        report.add("total charges missing for tenure 0 (never billed)", na.sum(), "kept as missing",
                   f"row {df.index[na][0]}" if na.any() else "")
    return _stamp(df, path, report)


def load_customer_satisfaction() -> pd.DataFrame:
    """Yellow Pages advertising customer satisfaction survey, 1,811 respondents.

    Source: Rossi, Gilula & Allenby (2001), "Overcoming Scale Usage Heterogeneity",
    JASA 96:20-31; R package ``bayesm`` 3.1-5 (``customerSat``, GPL >= 2), as packaged
    by Debian (``r-cran-bayesm``).

    Columns ``q1`` .. ``q10`` (int, 1 = Poor to 10 = Excellent, no missing answers);
    ``q1`` is overall satisfaction and ``q2``-``q10`` rate specific aspects. Readable
    labels are in :data:`SATISFACTION_LABELS` (also in ``df.attrs["labels"]``).
    """
    path = _path(BUNDLED["customer_satisfaction"])
    df = pd.read_csv(path)
    cols = list(SATISFACTION_LABELS)
    df = check_survey(df, cols, scale=(1, 10), allow_missing=False, name=path.name)
    df[cols] = df[cols].astype("int64")
    df = _stamp(df, path, CleaningReport(rows_in=len(df), rows_out=len(df)))
    df.attrs["labels"] = dict(SATISFACTION_LABELS)
    return df


def load_donations() -> pd.DataFrame:
    """The 1995 donor cohort of a US nonprofit, 11,104 donors, 6 yearly repeat-donation opportunities (1996-2001),
    compact: ``frequency``, ``recency``, ``n_opportunities``, ``count`` (donors with that pattern).

    Source: Fader, Hardie & Shang (2010), Marketing Science 29(6); as published in pymc-marketing
    (``data/bgbb_donations.csv``, Apache-2.0), the same table as lifetimes' ``donations.csv`` (MIT).
    """
    path = _path(BUNDLED["donations"])
    df = pd.read_csv(path)
    check_columns(df, ["frequency", "recency", "n_opportunities", "count"], name=path.name)
    return _stamp(df, path, CleaningReport(rows_in=len(df), rows_out=len(df)))


def load_apparel() -> tuple[pd.DataFrame, pd.DataFrame]:
    """CLVTools' example apparel retailer (simulated by CLVTools' authors): 3,187 transactions of 600 customers,
    2005-2010 (``Id``, ``Date``, ``Price``), and their time-invariant covariates (``Id``, ``Gender`` 0 male / 1
    female, ``Channel`` 0 online / 1 offline). Returns ``(transactions, covariates)``, covariates indexed by ``Id``.

    Source: R package CLVTools 0.12.1 (``apparelTrans``, ``apparelStaticCov``, GPL-3), as published in
    pymc-marketing (``data/apparel_trans.csv``); the first column of the files is R's row name and is dropped.
    """
    tpath, cpath = _path(BUNDLED["apparel"]), _path(BUNDLED["apparel_covariates"])
    tx = pd.read_csv(tpath).loc[:, ["Id", "Date", "Price"]]
    tx["Date"] = pd.to_datetime(tx["Date"], format="%Y-%m-%d")
    cov = pd.read_csv(cpath).loc[:, ["Id", "Gender", "Channel"]].set_index("Id")
    _stamp(cov, cpath, CleaningReport(rows_in=len(cov), rows_out=len(cov)))
    return _stamp(tx, tpath, CleaningReport(rows_in=len(tx), rows_out=len(tx))), cov


def load_sbg_retention() -> pd.DataFrame:
    """Survivors of two cohorts of 1,000 subscribers ("regular", "highend") at years 0-7: ``cohort``, ``year``,
    ``survivors``.

    Source: Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive
    Marketing 21(1); as in pymc-marketing ``data/sbg_paper.csv`` (Apache-2.0).
    """
    path = _path(BUNDLED["sbg_retention"])
    df = pd.read_csv(path)
    check_columns(df, ["cohort", "year", "survivors"], name=path.name)
    return _stamp(df.sort_values(["cohort", "year"], ignore_index=True), path,
                  CleaningReport(rows_in=len(df), rows_out=len(df)))


def user_spec(data: str, kind: str, columns: dict[str, Any], *, date_format: str = "", dayfirst: str = "",
              timezone: str = "UTC", name: str = "data"):
    """A data specification from a notebook's ``data`` parameter: a YAML file, a bundled name, or a
    CSV/Parquet/Excel file whose roles come from the other parameters ("" = not in the data).

    Relative paths are read from the working directory. Required roles left empty raise,
    naming the parameters and suggesting ``insight inspect FILE``.
    """
    from .spec import ROLES, load_spec

    if data in BUNDLED_SPECS:
        path = spec_dir() / BUNDLED_SPECS[data]
    else:
        path = Path(data).expanduser()
    if _is_spec(str(path)):
        spec = _recorded(load_spec(path))
        if spec.kind != kind:
            raise DataValidationError(f"parameter {name!r}: {path.name} describes {spec.kind!r} data; this "
                                      f"notebook needs kind {kind!r}.")
        return spec
    _user_file(str(path), f"parameter {name!r} == {data!r}: no such file (relative paths are read from "
                          f"{os.getcwd()}).")
    given = {k: v for k, v in columns.items() if v}
    required = [r for r in ROLES[kind][0] if not given.get(r)]
    if required:
        params = {"customer_id": "customer_col", "date": "date_col", "amount": "amount_col", "churn": "target_col",
                  "overall": "overall_col", "drivers": "driver_cols"}
        raise DataValidationError(
            f"parameter {name!r} is a file, so the columns must be named: {len(required)} missing "
            f"({', '.join(params.get(r, r) for r in required)}). Run `insight inspect {path}` for a starting "
            "data specification, or set the parameters.")
    table = {"path": str(path.resolve())}
    if date_format:
        table["date_format"] = date_format
    if dayfirst:
        table["dayfirst"] = dayfirst.strip().lower() in ("true", "yes", "1")
    return _recorded(load_spec({"kind": kind, "name": path.name, "tables": {"data": table}, "columns": given,
                                "timezone": timezone or "UTC"}))


def _recorded(spec):
    """A specification whose files (with SHA-256) and YAML text go into the report's provenance."""
    for t in spec.tables:
        for p in t.paths:
            record_input(p, file_sha256(p))
    record_spec(spec.name, spec.to_yaml())
    return spec


def own_data(data: str):
    """The data_quality notebook's ``data``: None for "" (the bundled data sets), a checked
    :class:`~insight.data.spec.DataSpec` for a specification or a bundled name with one, and for
    any other file the :class:`~insight.data.inspect.Inspection` that proposes a specification."""
    from .spec import load_spec
    from .inspect import inspect

    if not data:
        return None
    if data in BUNDLED_SPECS:
        return _recorded(load_spec(spec_dir() / BUNDLED_SPECS[data]))
    if _is_spec(data):
        return _recorded(load_spec(data))
    path = _user_file(data, f"parameter 'data' == {data!r}: no such file (relative paths are read from "
                            f"{os.getcwd()}).")
    return inspect(path)


@dataclass
class QualitySection:
    """One bundled data set as the data_quality report shows it (see :func:`bundled_quality`)."""

    title: str
    text: str
    tables: list            # (caption, DataFrame or CleaningReport)
    monthly: pd.DataFrame | None = None    # month, amount (or rows)
    ratings: pd.DataFrame | None = None    # survey answers for a rating-distribution chart


def bundled_quality(demo_customers: int = 2000, seed: int = 0) -> list[QualitySection]:
    """What each bundled data set holds and what cleaning changes, for the data_quality report."""
    from . import simulate as sim
    from .cleaning import clean_transactions, merge_same_day, quality_summary

    def monthly(df, amount=None):
        m = df.assign(month=df["date"].dt.to_period("M").dt.to_timestamp())
        return (m.groupby("month")[amount].sum() if amount else m.groupby("month").size()).rename(
            "amount" if amount else "rows").reset_index()

    cdnow = load_cdnow()
    clean, steps = clean_transactions(cdnow, "customer_id", "date", "amount", quantity_col="quantity")
    _, merged = merge_same_day(clean, "customer_id", "date", "amount", quantity_col="quantity")
    telco = load_telco_churn()
    survey = load_customer_satisfaction()
    demo = sim.demo_company(demo_customers, seed=seed)
    demo_clean, demo_steps = clean_transactions(demo.transactions, "customer_id", "date", "amount")
    return [
        QualitySection("CDNOW purchases", f"{len(cdnow):,} purchases of {cdnow['customer_id'].nunique():,} customers "
                       f"who first bought at the online music retailer CDNOW in the first quarter of 1997, from "
                       f"{cdnow['date'].min():%Y-%m-%d} to {cdnow['date'].max():%Y-%m-%d} (Fader & Hardie). Cleaning "
                       "removes rows without a customer, exact duplicates and returns, and merges purchases by the "
                       "same customer on one day (the convention of the buy-till-you-die models). All customers are "
                       "acquired in the first three months, so activity peaks early and then decays.",
                       [("Columns", quality_summary(cdnow, id_cols=["customer_id"])), ("Cleaning", steps + merged)],
                       monthly=monthly(cdnow)),
        QualitySection("IBM Telco churn", f"{len(telco):,} customers of a telecom company with a churn flag and their "
                       f"tenure in months; {telco['churn'].mean():.1%} left. The 11 new customers (tenure 0) have no "
                       "total charges yet; the cleaning table shows how the loader handles them.",
                       [("Cleaning", telco.attrs["cleaning"]), ("Columns", quality_summary(telco))]),
        QualitySection("Yellow Pages satisfaction survey", f"{len(survey):,} advertisers rated overall satisfaction and "
                       "nine specific aspects on a 1 (poor) to 10 (excellent) scale (Rossi, Gilula & Allenby 2001); "
                       "they use the top of the scale much more than the bottom.",
                       [("Columns", quality_summary(survey))], ratings=survey),
        QualitySection("The simulated demo company", "A fictional online retailer generated by "
                       "insight.data.simulate.demo_company, with every table a real business would have and the ground "
                       "truth that generated them. Its transactions include returns (negative amounts); cleaning "
                       "removes and counts them, and the monthly revenue is after cleaning.",
                       [("Tables", pd.DataFrame({"rows": {k: len(t) for k, t in demo.tables().items()},
                                                 "columns": {k: t.shape[1] for k, t in demo.tables().items()}})),
                        ("Cleaning", demo_steps)], monthly=monthly(demo_clean, "amount")),
    ]


def _user_file(value: str, missing_message: str) -> Path:
    """A user-supplied data file: must exist; its SHA-256 is recorded for the report's provenance."""
    path = Path(value).expanduser()
    if not path.is_file():
        raise DataFileNotFoundError(missing_message)
    record_input(path, file_sha256(path))
    return path


def _read_table(path: Path, parameter: str) -> pd.DataFrame:
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path)
    if path.suffix.lower() in (".csv", ".txt", ".gz"):
        return pd.read_csv(path)
    raise DataValidationError(f"parameter {parameter!r}: file {path.name} must be .csv or .parquet.")


def _demo(demo_customers: int, seed: int):
    """The demo company for a notebook's ``data == "demo"``, with its size checked."""
    from .simulate import demo_company
    from ..validate import check_param

    check_param("demo_customers", demo_customers, int, min_val=10)
    return demo_company(demo_customers, seed=seed)


def _optional(column: str) -> str | None:
    """Notebook parameters use "" for "no such column"."""
    return column or None


@dataclass
class TransactionSource:
    """A transaction log chosen by name or path, with its column names (see :func:`transaction_source`)."""

    name: str
    transactions: object            # DataFrame or path to a Parquet/CSV file
    customer_col: str
    date_col: str
    amount_col: str
    discount_col: str | None = None
    category_col: str | None = None
    visits: object = None
    simulated: bool = False
    demo: object = None             # the DemoCompany when simulated
    drop_duplicates: bool = True    # False for CDNOW: identical same-day orders are separate orders there
    spec: object = None             # the DataSpec of a user's data
    split: tuple = ()               # default (calibration_end, holdout_end) of a bundled data set
    engine: str = "duckdb"          # where the summaries are computed: "duckdb" or "spark" (insight.features.spark)

    def summary_kwargs(self) -> dict:
        """Keyword arguments for :func:`insight.features.summary.customer_summary` (visits only on DuckDB)."""
        return {"customer_col": self.customer_col, "date_col": self.date_col, "amount_col": self.amount_col,
                "discount_col": self.discount_col, "category_col": self.category_col,
                "visits": self.visits if self.engine == "duckdb" else None,
                "drop_duplicates": self.drop_duplicates, "engine": self.engine}


def transaction_source(
    data: str,
    *,
    customer_col: str = "",
    date_col: str = "",
    amount_col: str = "",
    discount_col: str = "",
    category_col: str = "",
    visits_path: str = "",
    date_format: str = "",
    dayfirst: str = "",
    timezone: str = "UTC",
    demo_customers: int = 5000,
    seed: int = 0,
) -> TransactionSource:
    """Resolve a notebook's ``data`` parameter into a transaction log and its columns.

    ``data`` is ``"demo"`` (the simulated demo company: discounts, categories and
    visits included), ``"cdnow"`` / ``"cdnow_sample"`` (the bundled CDNOW logs, which
    have no discount, category or visit data), ``"online_retail"`` (the bundled UCI
    sample through its specification), a data specification (``.yaml``), or a
    CSV/Parquet/Excel file with the named columns (empty strings mean "no such
    column"; ``date_format`` / ``dayfirst`` / ``timezone`` as in a specification).
    Input files' SHA-256 are recorded for the report's provenance.
    """
    from ..validate import check_param

    check_param("data", data, str)
    if data == "demo":
        d = _demo(demo_customers, seed)
        return TransactionSource("demo company (simulated)", d.transactions, "customer_id", "date", "amount",
                                 "discount", "category", d.visits, True, d)
    if data in ("cdnow", "cdnow_sample"):
        sample = data == "cdnow_sample"
        id_col = "sample_id" if sample else "customer_id"
        return TransactionSource(f"CDNOW {'1/10 sample' if sample else 'full cohort'}", load_cdnow(sample=sample),
                                 id_col, "date", "amount", drop_duplicates=False,
                                 split=("1997-09-30", "1998-06-30"))
    spec = user_spec(data, "transactions", {"customer_id": customer_col, "date": date_col, "amount": amount_col,
                                            "discount": discount_col, "category": category_col},
                     date_format=date_format, dayfirst=dayfirst, timezone=timezone)
    visits = None
    if visits_path:
        visits = _user_file(visits_path, f"parameter 'visits_path': file not found: {Path(visits_path).expanduser()}.")
    return TransactionSource(spec.name, spec, "customer_id", "date", "amount",
                             "discount" if spec.role("discount") else None,
                             "category" if spec.role("category") else None, visits,
                             drop_duplicates=spec.duplicates == "drop", spec=spec)


@dataclass
class ChurnSource:
    """A customer table for churn analysis with its column roles (see :func:`churn_source`)."""

    name: str
    table: object
    target_col: str
    positive: object
    id_col: str | None
    duration_col: str | None
    group_col: str | None
    value_col: str | None
    simulated: bool = False
    start_col: str | None = None       # start date of each customer (subscription cohorts); kept out of the model


def churn_source(
    data: str,
    *,
    target_col: str = "",
    positive_value: str = "",
    id_col: str = "",
    duration_col: str = "",
    group_col: str = "",
    value_col: str = "",
    start_col: str = "",
    demo_customers: int = 5000,
    seed: int = 0,
) -> ChurnSource:
    """Resolve a churn notebook's ``data`` parameter into a customer table and its columns.

    ``"telco"``: IBM Telco (target ``churn``, duration ``tenure`` in months, grouped by
    ``contract``, value ``monthly_charges``; no start dates). ``"demo"``: the demo company's
    :meth:`~insight.data.simulate.DemoCompany.churn_table` (true dropout, tenure in months,
    grouped by complaint handling, value ``early_revenue``, start ``signup_date``). Otherwise a data
    specification of kind ``customers`` (``.yaml``) or a CSV/Parquet/Excel file used
    with the given column names ("" = none); placeholder ids and exact duplicate rows
    are cleaned and counted in ``table.attrs["cleaning"]``.
    """
    from ..validate import check_param

    check_param("data", data, str)
    if data == "telco":
        return ChurnSource("IBM Telco customer churn", load_telco_churn(), "churn", True, None, "tenure", "contract",
                           "monthly_charges")
    if data == "demo":
        company = _demo(demo_customers, seed)
        table = company.churn_table().join(company.customers.set_index("customer_id")["signup_date"]).reset_index()
        return ChurnSource("demo company (simulated)", table, "churned", True, "customer_id", "tenure_months",
                           "complaint", "early_revenue", True, "signup_date")
    spec = user_spec(data, "customers", {"churn": target_col, "customer_id": id_col, "duration": duration_col,
                                         "group": group_col, "value": value_col, "start": start_col})
    table, _ = spec.load()
    if spec.exclude:
        check_columns(table, spec.exclude, name=f"{spec.name} (exclude)")
        table = table.drop(columns=spec.exclude)
    positive = spec.churn_value if spec.churn_value is not None else _optional(positive_value)
    return ChurnSource(spec.name, table, spec.column("churn"), positive, spec.column("customer_id"),
                       spec.column("duration"), spec.column("group"), spec.column("value"),
                       start_col=spec.column("start"))


@dataclass
class SurveySource:
    """Survey answers and, when available, orders, support tickets and customers (see :func:`survey_source`)."""

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
    demo_customers: int = 5000,
    seed: int = 0,
) -> SurveySource:
    """Resolve a satisfaction notebook's ``data`` parameter into survey answers and their column roles.

    ``"yellow_pages"``: the bundled survey (overall ``q1`` on ``q2``-``q10``, 1-10).
    ``"demo"``: the demo company's surveys (overall satisfaction 1-5 on the six
    touchpoint CSATs, NPS, would-buy-again, grouped by the simulated customer type)
    with its orders and tickets. Otherwise a CSV/Parquet survey file with the named
    columns (``driver_cols`` comma-separated, ``scale`` as "low-high"), plus optional
    orders and tickets files. Empty strings keep the data set's default or mean "none".
    """
    from ..validate import check_param

    check_param("data", data, str)
    scale_t = _parse_scale(scale)
    drivers = [c.strip() for c in driver_cols.split(",") if c.strip()]
    if data == "yellow_pages":
        df = load_customer_satisfaction()
        src = SurveySource("Yellow Pages customer satisfaction survey (Rossi, Gilula & Allenby 2001)", df,
                           overall_col or "q1", drivers or [f"q{i}" for i in range(2, 11)], scale_t or (1, 10),
                           dict(SATISFACTION_LABELS), group_col=_optional(group_col))
    elif data == "demo":
        from .simulate import TOUCHPOINTS

        d = _demo(demo_customers, seed)
        types = d.customers.set_index("customer_id")["true_type"].astype(str).rename("customer_type")
        df = d.surveys.merge(types, left_on="customer_id", right_index=True, how="left")
        stages = {f"csat_{tp}": st for tp, st in TOUCHPOINTS["stage"].items()}
        labels = {c: c.removeprefix("csat_").replace("_", " ") for c in stages}
        labels.update({"overall_satisfaction": "overall satisfaction", "nps": "NPS"})
        src = SurveySource("demo company (simulated)", df, overall_col or "overall_satisfaction", drivers or list(stages),
                           scale_t or (1, 5), labels, "nps", "would_buy_again", "date", group_col or "customer_type",
                           "last_order_id", stages, (1, 5), d.orders, d.tickets, True)
    else:
        spec = user_spec(data, "survey", {"overall": overall_col, "drivers": drivers, "nps": nps_col,
                                          "buy_again": buy_again_col, "date": date_col, "group": group_col,
                                          "order_id": order_col})
        if scale_t is not None and not spec.scales:
            spec.scales = {"all": scale}
        df, _ = spec.load()
        scale_t = scale_t or spec.scale()
        if scale_t is None:
            lo, hi = df[spec.rating_columns()].min().min(), df[spec.rating_columns()].max().max()
            raise DataValidationError(f"{spec.name}: the rating scale is not known (answers run from {lo:g} to "
                                      f"{hi:g}); give it as the parameter 'scale' (e.g. '1-5') or under scales.")
        orders = tickets = None
        if orders_path:
            orders = _read_table(_user_file(orders_path, f"parameter 'orders_path': file not found: {orders_path}."),
                                 "orders_path")
        if tickets_path:
            tickets = _read_table(_user_file(tickets_path, f"parameter 'tickets_path': file not found: "
                                                           f"{tickets_path}."), "tickets_path")
        labels = {c: c.replace("_", " ") for c in spec.rating_columns()}
        src = SurveySource(spec.name, df, spec.column("overall"), spec.drivers, scale_t, labels,
                           spec.column("nps"), spec.column("buy_again"), spec.column("date"), spec.column("group"),
                           spec.column("order_id"), None, (1, 5), orders, tickets)
        src.spec = spec
    check_columns(src.surveys, [src.overall_col, *src.driver_cols, src.nps_col, src.buy_again_col, src.date_col,
                                src.group_col, src.order_col], name=src.name)
    return src
