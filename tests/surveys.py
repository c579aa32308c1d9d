"""Small constructed survey exports of the shapes people bring (issue 26, "Surveys as they are"), with the data
specification a user writes for each: a passenger survey (a word outcome, 14 touchpoint ratings 0-5 where 0 means
"not applicable"), a reviews file (one rating and a text column) and an HR survey with word scales."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: the passenger survey's 14 touchpoint ratings by stage of the trip (before, during, after)
PASSENGER_STAGES = {
    "before": ["Departure/Arrival time convenient", "Ease of Online booking", "Gate location", "Online boarding",
               "Checkin service"],
    "during": ["Inflight wifi service", "Food and drink", "Seat comfort", "Inflight entertainment", "On-board service",
               "Leg room service", "Inflight service", "Cleanliness"],
    "after": ["Baggage handling"],
}
PASSENGER_RATINGS = [c for cols in PASSENGER_STAGES.values() for c in cols]


def passenger_survey(n: int = 600, seed: int = 26) -> pd.DataFrame:
    """Like the airline passenger satisfaction export: ids, passenger facts, 14 ratings 0-5 (0: not applicable; the
    wifi rating most often), delays, and ``satisfaction`` as ``satisfied`` / ``neutral or dissatisfied`` driven by
    online boarding, wifi and seat comfort."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"id": rng.permutation(np.arange(10_000, 10_000 + n)),
                       "Gender": rng.choice(["Female", "Male"], n),
                       "Customer Type": rng.choice(["Loyal Customer", "disloyal Customer"], n, p=[0.8, 0.2]),
                       "Age": rng.integers(7, 86, n),
                       "Type of Travel": rng.choice(["Business travel", "Personal Travel"], n, p=[0.7, 0.3]),
                       "Class": rng.choice(["Business", "Eco", "Eco Plus"], n, p=[0.45, 0.45, 0.10]),
                       "Flight Distance": rng.integers(31, 4983, n)})
    for c in PASSENGER_RATINGS:
        df[c] = rng.integers(1, 6, n)
    not_applicable = {"Inflight wifi service": 0.08, "Ease of Online booking": 0.04, "Online boarding": 0.03}
    for c in PASSENGER_RATINGS:
        df.loc[rng.random(n) < not_applicable.get(c, 0.01), c] = 0
    df["Departure Delay in Minutes"] = rng.poisson(12, n)
    df["Arrival Delay in Minutes"] = df["Departure Delay in Minutes"] + rng.integers(-5, 6, n).clip(0)

    def rated(c):
        return df[c].where(df[c] > 0, 3)      # "not applicable" weighs as a middle answer in the simulation

    logit = (-0.6 + 1.1 * (rated("Online boarding") - 3) + 0.7 * (rated("Inflight wifi service") - 3)
             + 0.4 * (rated("Seat comfort") - 3) + 0.8 * (df["Class"] == "Business"))
    sat = rng.random(n) < 1 / (1 + np.exp(-logit))
    df["satisfaction"] = np.where(sat, "satisfied", "neutral or dissatisfied")
    return df


def passenger_spec(folder: Path, df: pd.DataFrame | None = None) -> Path:
    """The CSV (written by pandas with its row number) and the specification a user writes for it."""
    (df if df is not None else passenger_survey()).to_csv(folder / "passengers.csv")
    stages = "\n".join(f"    {stage}: [{', '.join(cols)}]" for stage, cols in PASSENGER_STAGES.items())
    scales = "\n".join(f"  {c}: {{range: 1-5, na: [0]}}" for c in PASSENGER_RATINGS)
    path = folder / "passengers.yaml"
    path.write_text(f"kind: survey\nname: Passenger survey\ntables: passengers.csv\n"
                    f"columns:\n  overall: satisfaction\n  group: Class\n  touchpoints:\n{stages}\n"
                    f"scales:\n  satisfaction: {{words: [neutral or dissatisfied, satisfied]}}\n{scales}\n")
    return path


def reviews(n: int = 320, seed: int = 5) -> pd.DataFrame:
    """A product-reviews export: one rating 1-5, the review's text (commas, quotes, line breaks), its date over
    eight whole quarters and the product category."""
    rng = np.random.default_rng(seed)
    rating = rng.choice([1, 2, 3, 4, 5], n, p=[0.08, 0.07, 0.15, 0.30, 0.40])
    phrases = {1: "Broke after a week, \"never again\"", 2: "Too small, returned it", 3: "OK for the price",
               4: "Good, arrived early", 5: "Excellent!\nWould buy again"}
    days = rng.integers(0, 731, n)
    return pd.DataFrame({"review_id": [f"R{i:05d}" for i in range(n)],
                         "product_category": rng.choice(["Kitchen", "Garden", "Toys"], n),
                         "review_date": (pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")).strftime(
                             "%Y-%m-%d"),
                         "rating": rating, "review_text": [phrases[r] for r in rating]})


def reviews_spec(folder: Path, df: pd.DataFrame | None = None) -> Path:
    (df if df is not None else reviews()).to_csv(folder / "reviews.csv", index=False)
    path = folder / "reviews.yaml"
    path.write_text("kind: survey\nname: Product reviews\ntables: reviews.csv\n"
                    "columns: {overall: rating, text: review_text, date: review_date, group: product_category}\n"
                    "scales: {rating: 1-5}\n")
    return path


HR_WORDS = ["Low", "Medium", "High", "Very_High"]


def hr_survey(n: int = 300, seed: int = 2) -> pd.DataFrame:
    """An HR engagement export with word scales (Low ... Very_High; Bad ... Best, with "N/A" for staff who did not
    answer the balance question), the survey date over two whole years and the department."""
    rng = np.random.default_rng(seed)
    env = rng.integers(0, 4, n)
    bal = rng.integers(0, 4, n)
    job = np.clip(np.round(0.6 * env + 0.2 * bal + rng.normal(0.4, 0.7, n)), 0, 3).astype(int)
    balance = np.array(["Bad", "Good", "Better", "Best"])[bal].astype(object)
    balance[rng.random(n) < 0.05] = "N/A"
    days = rng.integers(0, 730, n)
    return pd.DataFrame({"EmployeeNumber": np.arange(1, n + 1), "Department": rng.choice(["Sales", "R&D", "HR"], n),
                         "SurveyDate": (pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D")).strftime(
                             "%Y-%m-%d"),
                         "JobSatisfaction": np.array(HR_WORDS)[job], "EnvironmentSatisfaction": np.array(HR_WORDS)[env],
                         "WorkLifeBalance": balance})


def hr_spec(folder: Path, df: pd.DataFrame | None = None, *, drivers: tuple = ("EnvironmentSatisfaction",)) -> Path:
    (df if df is not None else hr_survey()).to_csv(folder / "hr.csv", index=False)
    path = folder / "hr.yaml"
    path.write_text("kind: survey\nname: HR survey\ntables: hr.csv\n"
                    f"columns: {{overall: JobSatisfaction, drivers: [{', '.join(drivers)}], "
                    "customer_id: EmployeeNumber, date: SurveyDate, group: Department}\n"
                    "scales: {WorkLifeBalance: {words: [Bad, Good, Better, Best], na: [N/A]}}\n")
    return path
