"""Loaders of the real public data sets bundled with the package (``insight/data/raw/``).

One ``load_<name>()`` per data set (as in lifelines.datasets). Files are read from the
installed package through :mod:`importlib.resources` (so a built wheel carries them; the
repository's ``data/raw`` is a link to the same folder), or from the folder named by the
``INSIGHT_DATA_DIR`` environment variable when it is set. Every loader validates what it reads and records
the file and its SHA-256 for the report's provenance; :func:`load` returns a data set by name
as a :class:`Loaded` result (table, file, checksum and the cleaning its loader did), so
reports can state exactly which input they used.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._results import Result
from ..exceptions import DataFileNotFoundError, DataValidationError
from ..provenance import record_input
from ..validate import check_columns
from .cleaning import CleaningReport, check_survey, check_transactions

__all__ = ["load", "Loaded", "data_dir", "spec_dir", "file_sha256", "is_spec_path", "load_cdnow", "load_telco_churn",
           "load_customer_satisfaction", "SATISFACTION_LABELS", "BUNDLED", "BUNDLED_SPECS", "load_donations",
           "load_apparel", "load_sbg_retention", "load_text", "TEXT_DATA"]

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
    """Folder of the bundled data specifications (``insight/data/specs``, beside the raw data).

    Returns
    -------
    pathlib.Path
    """
    return _package_dir() / "specs"


def _package_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("insight.data")))


def is_spec_path(value: str) -> bool:
    """Whether ``value`` names a data specification file, by its suffix (``.yaml`` or ``.yml``, any case).

    Parameters
    ----------
    value : str
        A path or file name; the file need not exist.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_spec_path("shop.YML"), is_spec_path("shop.csv")
    (True, False)
    """
    return Path(value).suffix.lower() in (".yaml", ".yml")


def data_dir() -> Path:
    """Folder holding the raw data: ``$INSIGHT_DATA_DIR`` if set (``~`` expanded), else ``insight/data/raw``.

    Returns
    -------
    pathlib.Path
    """
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
    """Hex SHA-256 of a file, read in chunks (1 MiB).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Loaded(Result):
    """A bundled data set as read: its ``table``, the ``file`` and its ``sha256``, and what reading it cleaned.

    Parameters
    ----------
    table : pandas.DataFrame
        The data, as the data set's ``load_<name>()`` returns it.
    file : str
        The file's name (no folder).
    sha256 : str
        The file's hex SHA-256 (see :func:`file_sha256`), also recorded for the report's provenance.
    cleaning : insight.data.cleaning.CleaningReport
        What the loader cleaned (e.g. the ``no_bill`` step of the Telco data).
    """

    table: pd.DataFrame
    file: str
    sha256: str
    cleaning: CleaningReport

    def summary(self) -> pd.DataFrame:
        """The data set in brief, for provenance.

        Returns
        -------
        pandas.DataFrame
            One column ``value`` with rows ``file``, ``rows`` (the table's row count) and ``sha256``.
        """
        return pd.DataFrame({"value": pd.Series({"file": self.file, "rows": len(self.table),
                                                 "sha256": self.sha256}, dtype=object)})


def _stamp(df: pd.DataFrame, path: Path, report: CleaningReport) -> Loaded:
    sha = file_sha256(path)
    record_input(path, sha)
    return Loaded(df, path.name, sha, report)


def load(name: str, **options) -> Loaded:
    """A bundled data set by name, with its file, checksum and the cleaning its loader did.

    The ``load_<name>()`` functions return its ``table``.

    Parameters
    ----------
    name : str
        One of ``"cdnow"``, ``"cdnow_sample"``, ``"customer_satisfaction"``, ``"donations"``, ``"sbg_retention"``,
        ``"telco_churn"``.
    **options
        Passed to the loader (e.g. ``fill_total_charges`` of ``"telco_churn"``).

    Returns
    -------
    Loaded
        The table, file name, SHA-256 and cleaning report.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``name`` is not one of these (or the file fails the loader's checks).
    insight.exceptions.DataFileNotFoundError
        When the data file is not in :func:`data_dir`.

    Examples
    --------
    >>> loaded = load("telco_churn")
    >>> loaded.file, loaded.table.shape, len(loaded.sha256)
    ('telco_churn.csv', (7043, 20), 64)
    >>> loaded.cleaning.count("no_bill")
    11
    """
    from ..validate import check_in

    check_in("name", name, sorted(_READERS))
    return _READERS[name](**options)


def load_cdnow(sample: bool = False) -> pd.DataFrame:
    """CDNOW purchase log: every purchase of the customers who first bought in Q1 1997.

    Source: Fader & Hardie's CDNOW data, as shipped in the PyPI package ``lifetimes``
    0.11.3 (MIT). Purchases run from 1997-01-01 to 1998-06-30; several purchases on the
    same day occur (merge them with :func:`insight.data.cleaning.merge_same_day`).

    Parameters
    ----------
    sample : bool, default False
        False: the full cohort, 69,659 transactions of 23,570 customers
        (``cdnow_master.txt``). True: the 1/10 sample used by Fader, Hardie & Lee
        (2005), 6,919 transactions of 2,357 customers (``cdnow_sample.txt``).

    Returns
    -------
    pandas.DataFrame
        One row per transaction:

        =========== ========== ==================================================
        customer_id int        customer id of the master file (1..23570)
        sample_id   int        id within the 1/10 sample (1..2357; sample only)
        date        datetime64 purchase date
        quantity    int        number of CDs bought
        amount      float      dollar value of the purchase
        =========== ========== ==================================================

    Raises
    ------
    insight.exceptions.DataFileNotFoundError
        When the data file is not in :func:`data_dir`.

    Examples
    --------
    >>> cdnow = load_cdnow(sample=True)
    >>> cdnow.shape, int(cdnow["customer_id"].nunique())
    ((6919, 5), 2357)
    >>> cdnow.head(3)
       customer_id  sample_id       date  quantity  amount
    0            4          1 1997-01-01         2   29.33
    1            4          1 1997-01-18         2   29.73
    2            4          1 1997-08-02         1   14.96
    """
    return load("cdnow", sample=sample).table


def _read_cdnow(sample: bool = False) -> Loaded:
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

    Source: IBM's ``WA_Fn-UseC_-Telco-Customer-Churn`` sample, as packaged in the R
    package ``modeldata`` 1.1.0 (``wa_churn``, MIT) by Debian (``r-cran-modeldata``).
    There is no customer id column.

    Parameters
    ----------
    fill_total_charges : bool, default True
        The 11 customers with ``tenure == 0`` have no ``total_charges`` (no bill yet). True gives them 0.0,
        which is what a customer who was never billed has paid; with False they stay missing. Either way the step
        is recorded in the ``cleaning`` of ``load("telco_churn")``.

    Returns
    -------
    pandas.DataFrame
        Columns (20): ``churn`` (bool, 1,869 True), ``female``, ``senior_citizen``,
        ``partner``, ``dependents``, ``phone_service``, ``paperless_billing`` (bool);
        ``tenure`` (int, months with the company); ``multiple_lines``,
        ``internet_service``, ``online_security``, ``online_backup``,
        ``device_protection``, ``tech_support``, ``streaming_tv``, ``streaming_movies``,
        ``contract``, ``payment_method`` (category); ``monthly_charges``,
        ``total_charges`` (float, dollars).

    Raises
    ------
    insight.exceptions.DataValidationError
        When the file lacks a column, ``churn`` is not Yes/No, or ``total_charges`` is missing with tenure > 0.
    insight.exceptions.DataFileNotFoundError
        When the data file is not in :func:`data_dir`.

    Examples
    --------
    >>> telco = load_telco_churn()
    >>> telco.shape, int(telco["churn"].sum())
    ((7043, 20), 1869)
    >>> int(load_telco_churn(fill_total_charges=False)["total_charges"].isna().sum())
    11
    """
    return load("telco_churn", fill_total_charges=fill_total_charges).table


def _read_telco_churn(fill_total_charges: bool = True) -> Loaded:
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
    # step "no_bill": total charges missing for tenure 0 (never billed); the example is the first such row
    report.add("no_bill", na.sum(), "set_zero" if fill_total_charges else "kept_missing",
               row=repr(int(df.index[na][0])) if na.any() else "")
    return _stamp(df, path, report)


def load_customer_satisfaction() -> pd.DataFrame:
    """Yellow Pages advertising customer satisfaction survey, 1,811 respondents.

    Source: Rossi, Gilula & Allenby (2001), "Overcoming Scale Usage Heterogeneity",
    JASA 96:20-31; R package ``bayesm`` 3.1-5 (``customerSat``, GPL >= 2), as packaged
    by Debian (``r-cran-bayesm``).

    Returns
    -------
    pandas.DataFrame
        Columns ``q1`` .. ``q10`` (int, 1 = Poor to 10 = Excellent, no missing answers);
        ``q1`` is overall satisfaction and ``q2``-``q10`` rate specific aspects. Readable
        labels are in :data:`SATISFACTION_LABELS`.

    Raises
    ------
    insight.exceptions.DataValidationError
        When an answer is missing, off the 1-10 scale or not whole.
    insight.exceptions.DataFileNotFoundError
        When the data file is not in :func:`data_dir`.

    Examples
    --------
    >>> sat = load_customer_satisfaction()
    >>> sat.shape, SATISFACTION_LABELS["q1"]
    ((1811, 10), 'Overall satisfaction')
    >>> round(float(sat["q1"].mean()), 2)
    6.07
    """
    return load("customer_satisfaction").table


def _read_customer_satisfaction() -> Loaded:
    path = _path(BUNDLED["customer_satisfaction"])
    df = pd.read_csv(path)
    cols = list(SATISFACTION_LABELS)
    df = check_survey(df, cols, scale=(1, 10), allow_missing=False, name=path.name)
    df[cols] = df[cols].astype("int64")
    return _stamp(df, path, CleaningReport(rows_in=len(df), rows_out=len(df)))


def load_donations() -> pd.DataFrame:
    """The 1995 donor cohort of a US nonprofit, 11,104 donors, 6 yearly repeat-donation opportunities (1996-2001),
    in compact form: one row per pattern of repeat donations.

    Source: Fader, Hardie & Shang (2010), Marketing Science 29(6); as published in pymc-marketing
    (``data/bgbb_donations.csv``, Apache-2.0), the same table as lifetimes' ``donations.csv`` (MIT).

    Returns
    -------
    pandas.DataFrame
        22 rows, int columns ``frequency`` (repeat donations), ``recency`` (the opportunity of the last one),
        ``n_opportunities`` (6) and ``count`` (donors with that pattern).

    Raises
    ------
    insight.exceptions.DataValidationError
        When a column is missing from the file.
    insight.exceptions.DataFileNotFoundError
        When the data file is not in :func:`data_dir`.

    Examples
    --------
    >>> donations = load_donations()
    >>> donations.shape, int(donations["count"].sum())
    ((22, 4), 11104)
    """
    return load("donations").table


def _read_donations() -> Loaded:
    path = _path(BUNDLED["donations"])
    df = pd.read_csv(path)
    check_columns(df, ["frequency", "recency", "n_opportunities", "count"], name=path.name)
    return _stamp(df, path, CleaningReport(rows_in=len(df), rows_out=len(df)))


def load_apparel() -> tuple[pd.DataFrame, pd.DataFrame]:
    """CLVTools' example apparel retailer (simulated by CLVTools' authors): 3,187 transactions of 600 customers,
    2005-2010, and their time-invariant covariates.

    Source: R package CLVTools 0.12.1 (``apparelTrans``, ``apparelStaticCov``, GPL-3), as published in
    pymc-marketing (``data/apparel_trans.csv``); the first column of the files is R's row name and is dropped.
    Both files are recorded for the report's provenance.

    Returns
    -------
    transactions : pandas.DataFrame
        ``Id`` (int), ``Date`` (datetime64), ``Price`` (float).
    covariates : pandas.DataFrame
        Indexed by ``Id``: ``Gender`` (0 male, 1 female) and ``Channel`` (0 online, 1 offline).

    Raises
    ------
    insight.exceptions.DataFileNotFoundError
        When a data file is not in :func:`data_dir`.

    Examples
    --------
    >>> transactions, covariates = load_apparel()
    >>> transactions.shape, covariates.shape, int(transactions["Id"].nunique())
    ((3187, 3), (600, 2), 600)
    """
    tpath, cpath = _path(BUNDLED["apparel"]), _path(BUNDLED["apparel_covariates"])
    tx = pd.read_csv(tpath).loc[:, ["Id", "Date", "Price"]]
    tx["Date"] = pd.to_datetime(tx["Date"], format="%Y-%m-%d")
    cov = pd.read_csv(cpath).loc[:, ["Id", "Gender", "Channel"]].set_index("Id")
    _stamp(cov, cpath, CleaningReport(rows_in=len(cov), rows_out=len(cov)))   # both files in the provenance
    return _stamp(tx, tpath, CleaningReport(rows_in=len(tx), rows_out=len(tx))).table, cov


def load_sbg_retention() -> pd.DataFrame:
    """Survivors of two cohorts of 1,000 subscribers ("regular", "highend") at years 0-7.

    Source: Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive
    Marketing 21(1); as in pymc-marketing ``data/sbg_paper.csv`` (Apache-2.0).

    Returns
    -------
    pandas.DataFrame
        16 rows sorted by cohort and year: ``cohort`` (text), ``year`` (int, 0-7), ``survivors`` (int, of 1,000).

    Raises
    ------
    insight.exceptions.DataValidationError
        When a column is missing from the file.
    insight.exceptions.DataFileNotFoundError
        When the data file is not in :func:`data_dir`.

    Examples
    --------
    >>> sbg = load_sbg_retention()
    >>> sbg.head(3)
        cohort  year  survivors
    0  highend     0       1000
    1  highend     1        869
    2  highend     2        743
    """
    return load("sbg_retention").table


def _read_sbg_retention() -> Loaded:
    path = _path(BUNDLED["sbg_retention"])
    df = pd.read_csv(path)
    check_columns(df, ["cohort", "year", "survivors"], name=path.name)
    return _stamp(df.sort_values(["cohort", "year"], ignore_index=True), path,
                  CleaningReport(rows_in=len(df), rows_out=len(df)))


#: the reader of each bundled data set that :func:`load` knows by name
_READERS = {"cdnow": _read_cdnow, "cdnow_sample": lambda: _read_cdnow(sample=True), "telco_churn": _read_telco_churn,
            "customer_satisfaction": _read_customer_satisfaction, "donations": _read_donations,
            "sbg_retention": _read_sbg_retention}


#: the bundled free-text data sets of :func:`load_text`: file name and licence
TEXT_DATA: dict[str, tuple[str, str]] = {
    "parsinlu_food": ("parsinlu_food.jsonl", "CC BY-NC-SA 4.0"),
    "airline_tweets": ("airline_tweets.csv", "CC BY-NC-SA 4.0"),
}


def load_text(name: str) -> pd.DataFrame:
    """A bundled free-text data set, as published (non-commercial, share-alike: see ``data/README.md``).

    * ``"parsinlu_food"``: 1,917 Persian reviews of food products sold on Digikala (ParsiNLU aspect-based sentiment,
      food domain; Khashabi et al. 2021, TACL 9; repository ``persiannlp/parsinlu`` commit a3b08d0, CC BY-NC-SA
      4.0). Columns ``review`` (text), ``sentiment`` (overall label code as text: ``-2`` very negative .. ``2`` very
      positive, ``3`` mixed), ``category`` (20 product categories), ``aspects`` (dict aspect -> code, aspects
      ``طعم`` taste, ``کیفیت`` quality, ``ارزش خرید`` value, ``بسته بندی`` packaging, ``ارزش غذایی`` nutrition,
      ``ارسال`` delivery).
    * ``"airline_tweets"``: 14,640 tweets to six US airlines, 2015-02-16 to 2015-02-24, with crowd-labelled
      ``airline_sentiment`` and ``negativereason`` (10 reasons on the 9,178 negative tweets) (CrowdFlower "Twitter
      US Airline Sentiment", Kaggle ``Tweets.csv``; CC BY-NC-SA 4.0). ``tweet_id`` stays int64;
      ``tweet_created`` is parsed to a UTC timestamp.

    Parameters
    ----------
    name : {"parsinlu_food", "airline_tweets"}
        The data set (a key of :data:`TEXT_DATA`).

    Returns
    -------
    pandas.DataFrame
        One row per review or tweet, the columns above.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``name`` is not a bundled text data set, or the file lacks a published column.

    See Also
    --------
    insight.models.text.bundled_labels : The labels of these sets as positive / negative.

    Examples
    --------
    >>> reviews = load_text("parsinlu_food")
    >>> len(reviews), reviews["category"].nunique()
    (1917, 20)
    """
    from ..validate import check_in

    check_in("name", name, sorted(TEXT_DATA))
    path = _path(TEXT_DATA[name][0])
    if name == "parsinlu_food":
        df = pd.read_json(path, lines=True, dtype=False)
        check_columns(df, ["review", "sentiment", "category", "aspects"], name=path.name)
    else:
        df = pd.read_csv(path, dtype={"tweet_id": "int64"})
        check_columns(df, ["tweet_id", "airline_sentiment", "negativereason", "airline", "text", "tweet_created"],
                      name=path.name)
        df["tweet_created"] = pd.to_datetime(df["tweet_created"], format="%Y-%m-%d %H:%M:%S %z", utc=True)
    return _stamp(df, path, CleaningReport(rows_in=len(df), rows_out=len(df))).table
