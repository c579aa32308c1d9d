"""Complaint and ticket logs through a data specification of kind ``complaints`` (issue 26, item 4): odd headers,
codes for "no value", yes/no words, timestamps with a time zone, elapsed hours across a clock change."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from insight.data.complaints import ComplaintLog, complaint_spec, load_complaints
from insight.exceptions import DataFileNotFoundError, DataValidationError

ROOT = Path(__file__).resolve().parents[2]
CFPB = ROOT / "data" / "raw" / "cfpb_complaints_payday_2023.csv"

#: a help desk's export: odd headers, ISO times with and without an offset (Europe/Berlin), codes for "no value"
#: (None, N/A, n/a, (blank), empty), yes/no as words (Yes, Y, no, N, TRUE), one exact duplicate row (T08)
TICKETS = """Ticket #,Opened (local),First reply at,Closed at,Via,Product / Category,Answered on time?,Resolution,Escalated?,Customer No.,Notes
T01,2024-01-05T09:00:00+01:00,2024-01-05T11:30:00+01:00,2024-01-06T09:00:00+01:00,Phone,Billing,Yes,Refund,no,C1,Charged twice
T02,2024-01-31T23:30:00Z,2024-02-01T02:30:00Z,2024-02-03T23:30:00Z,Email,Delivery,Y,Explanation,N,C2,Late parcel
T03,2024-02-10 10:00:00,2024-02-11 10:00:00,2024-02-12 10:00:00,Email,Billing,no,Refund,yes,C1,None
T04,2024-02-15 08:00:00,2024-02-15 09:00:00,None,Phone,Delivery,TRUE,None,N/A,C3,Where is it
T05,2024-03-30T12:00:00+01:00,2024-03-30T13:00:00+01:00,2024-03-31T12:00:00+02:00,Chat,Billing,Yes,Refund,No,C4,Wrong amount
T06,2024-03-30 12:00:00,None,2024-03-31 12:00:00,n/a,None,,Explanation,no,C2,Asked again
T07,2024-03-02 14:00:00,2024-03-04 14:00:00,2024-03-10 14:00:00,Email,Delivery,No,Replacement,Yes,(blank),Broken
T08,2024-03-05 09:15:00,2024-03-05 09:45:00,2024-03-05 17:15:00,Phone,Returns,yes,Refund,no,C5,Return label
T08,2024-03-05 09:15:00,2024-03-05 09:45:00,2024-03-05 17:15:00,Phone,Returns,yes,Refund,no,C5,Return label
T09,2024-04-02 10:00:00,2024-04-02 12:00:00,N/A,Chat,Returns,Yes,N/A,no,C1,Refund pending
T10,2024-04-03 10:00:00,None,None,Email,Billing,No,None,None,C6,No answer
"""

COLUMNS = {"id": "Ticket #", "created": "Opened (local)", "first_response": "First reply at", "resolved": "Closed at",
           "channel": "Via", "category": "Product / Category", "timely": "Answered on time?", "outcome": "Resolution",
           "disputed": "Escalated?", "customer_id": "Customer No.", "text": "Notes"}


def ticket_spec(folder: Path, text: str = TICKETS, **extra) -> dict:
    (folder / "tickets.csv").write_text(text)
    return {"kind": "complaints", "name": "Help desk tickets", "tables": {"tickets": {"path": "tickets.csv"}},
            "columns": dict(COLUMNS), "timezone": "Europe/Berlin", **extra}


def write_spec(folder: Path, spec: dict) -> Path:
    import yaml

    path = folder / "tickets.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


@pytest.fixture
def tickets(tmp_path) -> ComplaintLog:
    return load_complaints(write_spec(tmp_path, ticket_spec(tmp_path)))


def test_a_ticket_export_reads_by_its_specification(tickets):
    t = tickets.table.set_index("id")
    assert list(t.index) == [f"T{i:02d}" for i in range(1, 11)]          # the duplicate T08 removed
    assert tickets.labels["category"] == "Product / Category" and tickets.name == "Help desk tickets"
    # times with an offset are read in the declared zone: 23:30 UTC on Jan 31 is 00:30 on Feb 1 in Berlin
    assert t.loc["T02", "created"] == pd.Timestamp("2024-02-01 00:30")
    assert t.loc["T01", "created"] == pd.Timestamp("2024-01-05 09:00")
    # codes for "no value" are missing, not categories or channels
    assert t.loc["T06", "channel"] is None or pd.isna(t.loc["T06", "channel"])
    assert pd.isna(t.loc["T06", "category"]) and pd.isna(t.loc["T04", "outcome"]) and pd.isna(t.loc["T09", "outcome"])
    assert pd.isna(t.loc["T07", "customer_id"]) and pd.isna(t.loc["T03", "text"])
    assert pd.isna(t.loc["T04", "resolved"]) and pd.isna(t.loc["T10", "first_response"])
    # yes/no words through the shared parser, as 1/0; an empty answer or a code is missing
    assert t["timely"].tolist()[:5] == [1.0, 1.0, 0.0, 1.0, 1.0] and np.isnan(t.loc["T06", "timely"])
    assert t["disputed"].to_dict() == pytest.approx({"T01": 0.0, "T02": 0.0, "T03": 1.0, "T04": np.nan, "T05": 0.0,
                                                     "T06": 0.0, "T07": 1.0, "T08": 0.0, "T09": 0.0, "T10": np.nan},
                                                    nan_ok=True)


def test_hours_are_time_that_passed_in_the_declared_zone(tickets):
    h = tickets.table.set_index("id")[["hours_to_first_response", "hours_to_resolution"]]
    assert h.loc["T01"].tolist() == [2.5, 24.0]
    assert h.loc["T02"].tolist() == [3.0, 72.0]
    # Berlin's clocks went forward on 2024-03-31: noon to noon is 23 hours, with offsets (T05) or without (T06)
    assert h.loc["T05", "hours_to_resolution"] == 23.0 and h.loc["T06", "hours_to_resolution"] == 23.0
    assert h.loc["T07"].tolist() == [48.0, 192.0] and h.loc["T08"].tolist() == [0.5, 8.0]
    assert h["hours_to_first_response"].isna().sum() == 2 and h["hours_to_resolution"].isna().sum() == 3


def test_what_reading_cleaned_is_counted(tickets):
    assert tickets.cleaning.rows_in == 11 and tickets.cleaning.rows_out == 10
    assert tickets.cleaning.count("duplicate") == 1 and tickets.cleaning.count("placeholder_id") == 1
    coded = {s.values["column"]: (s.rows, s.example) for s in tickets.cleaning.steps if s.step == "missing_code"}
    assert coded == {"Via": (1, "'n/a'"), "Product / Category": (1, "'None'"), "Resolution": (3, "'N/A', 'None'"),
                     "Escalated?": (2, "'N/A', 'None'"), "Notes": (1, "'None'")}
    assert tickets.cleaning.count("no_created_time") == 0 and tickets.cleaning.count("negative_time") == 0


def test_the_same_log_in_utc_cuts_days_elsewhere(tmp_path):
    log = load_complaints(write_spec(tmp_path, ticket_spec(tmp_path, timezone="UTC")))
    t = log.table.set_index("id")
    assert t.loc["T02", "created"] == pd.Timestamp("2024-01-31 23:30")
    assert t.loc["T05", "hours_to_resolution"] == 23.0          # an instant with an offset is the same instant
    assert t.loc["T06", "hours_to_resolution"] == 24.0          # a naive time in UTC has no clock change


def test_identical_rows_repeating_an_id_are_removed_and_other_repeats_refused(tmp_path):
    log = load_complaints(write_spec(tmp_path, ticket_spec(tmp_path, duplicates="keep")))
    assert len(log.table) == 10 and log.cleaning.count("repeated_complaint") == 1
    clash = TICKETS.replace("T08,2024-03-05 09:15:00,2024-03-05 09:45:00,2024-03-05 17:15:00,Phone,Returns,yes,Refund,"
                            "no,C5,Return label\nT09", "T08,2024-03-06 09:15:00,,,Phone,Returns,yes,Refund,no,C5,Again\n"
                            "T09")
    with pytest.raises(DataValidationError, match=r"column 'Ticket #': 2 of 11 rows repeat a complaint id with "
                                                  r"different values .*one row per complaint.*e\.g\. 'T08'"):
        load_complaints(write_spec(tmp_path, ticket_spec(tmp_path, clash)))


def test_bad_input_fails_naming_the_column_a_count_and_an_example(tmp_path):
    bad_date = TICKETS.replace("2024-02-15 08:00:00,2024-02-15 09:00:00", "2024-02-15 08:00:00,yesterday")
    with pytest.raises(DataValidationError, match=r"columns\.first_response \('First reply at'\): 1 of 11 rows are "
                                                  r"not dates .*e\.g\. 'yesterday'"):
        load_complaints(write_spec(tmp_path, ticket_spec(tmp_path, bad_date)))
    bad_flag = TICKETS.replace(",Y,Explanation", ",maybe,Explanation")
    with pytest.raises(DataValidationError, match=r"column 'Answered on time\?': 1 of 9 rows are not yes/no values "
                                                  r".*'maybe'"):
        load_complaints(write_spec(tmp_path, ticket_spec(tmp_path, bad_flag)))
    no_created = ticket_spec(tmp_path)
    del no_created["columns"]["created"]
    with pytest.raises(DataValidationError, match=r"1 required role\(s\) missing for kind 'complaints': \['created'\]"):
        load_complaints(write_spec(tmp_path, no_created))
    with pytest.raises(DataValidationError, match=r"unknown role\(s\) \['date'\] for kind 'complaints'"):
        load_complaints(write_spec(tmp_path, ticket_spec(tmp_path) | {"columns": {**COLUMNS, "date": "Opened"}}))
    earlier = TICKETS.replace("T05,2024-03-30T12:00:00+01:00,2024-03-30T13:00:00+01:00",
                              "T05,2024-03-30T12:00:00+01:00,2024-03-30T11:00:00+01:00")
    log = load_complaints(write_spec(tmp_path, ticket_spec(tmp_path, earlier)))
    assert log.cleaning.count("negative_time") == 1 and log.table["hours_to_first_response"].isna().sum() == 3
    customers = {"kind": "customers", "tables": {"t": {"path": str(tmp_path / "tickets.csv")}},
                 "columns": {"churn": "Escalated?"}}
    with pytest.raises(DataValidationError, match="needs a specification of kind 'complaints'; this one is of kind "
                                                  "'customers'"):
        load_complaints(customers)
    with pytest.raises(DataValidationError, match=r"parameter 'data' == 'tickets\.csv': must be a bundled complaint "
                                                  r"log \(cfpb_complaints\) or a data specification"):
        complaint_spec("tickets.csv")
    with pytest.raises(DataFileNotFoundError, match="data specification not found"):
        load_complaints(tmp_path / "nothere.yaml")


def test_the_bundled_cfpb_extract_reads_as_the_raw_file_says():
    raw = pd.read_csv(CFPB, dtype=str, keep_default_na=False)
    assert complaint_spec("cfpb_complaints").name == "cfpb_complaints.yaml"
    log = load_complaints(complaint_spec("cfpb_complaints"))
    t = log.table
    assert len(t) == len(raw) == 2827 and t["id"].astype(str).tolist() == raw["Complaint ID"].tolist()
    assert (t["created"] == pd.to_datetime(raw["Date received"], format="%m/%d/%y")).all()
    assert int(t["timely"].sum()) == (raw["Timely response?"] == "Yes").sum() == 2719
    assert t["timely"].notna().all() and t["disputed"].isna().all()         # 'N/A' in every row
    assert log.cleaning.count("missing_code") == (raw["Consumer disputed?"] == "N/A").sum() == 2827
    assert t["category"].value_counts().to_dict() == raw["Issue"].value_counts().to_dict()
    assert t["outcome"].value_counts().to_dict() == raw["Company response to consumer"].value_counts().to_dict()
    assert not log.has("first_response") and not log.has("customer_id") and not log.has("hours_to_resolution")
