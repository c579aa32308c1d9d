"""Persian input (issue 28, item 6): Persian and Arabic-Indic digits and separators in numbers, Persian yes/no
answers and rating words, with Arabic ي/ك and zero-width non-joiners, read by the shared parsers."""

import pandas as pd
import pytest

from insight.data.scales import apply_scale
from insight.data.spec import load_spec
from insight.exceptions import DataValidationError
from insight.parsers import to_bool, to_numeric


def test_persian_digits_are_numbers():
    assert to_numeric(pd.Series(["۱۲٬۳۴۵٫۵", "٢٠", "7", None]), "amount").tolist()[:3] == [12345.5, 20.0, 7.0]
    with pytest.raises(DataValidationError, match="'amount': 1 of 2"):
        to_numeric(pd.Series(["۱۲", "دوازده"]), "amount")


def test_a_purchase_log_with_persian_amounts(tmp_path):
    pd.DataFrame({"cust": ["C1", "C2", "C1"], "day": ["2024-01-05", "2024-02-01", "2024-03-01"],
                  "amt": ["۱۲٬۳۴۵٫۵", "٢٠", "30"]}).to_csv(tmp_path / "t.csv", index=False)
    spec = load_spec({"kind": "transactions", "name": "t", "tables": {"data": {"path": str(tmp_path / "t.csv")}},
                      "columns": {"customer_id": "cust", "date": "day", "amount": "amt"}})
    df, _ = spec.load()
    assert df["amount"].tolist() == [12345.5, 20.0, 30.0]


def test_persian_yes_no_and_rating_words():
    assert to_bool(pd.Series(["بله", "خیر", "آری", "نه", "Yes"]), "opt_out").tolist() == [True, False, True, False,
                                                                                        True]
    scores, words, _ = apply_scale(pd.Series(["خيلي راضي", "ناراضی", "راضی", "متوسط", "خیلی ناراضی"]), "q")
    assert scores.tolist() == [5.0, 2.0, 4.0, 3.0, 1.0] and len(words) == 5       # Arabic ي read as Persian ی
    scores, _, _ = apply_scale(pd.Series(["کاملاً موافقم", "مخالفم", "نظری\u200cندارم"]), "q")
    assert scores.tolist() == [5.0, 2.0, 3.0]                                     # tanwin and ZWNJ
