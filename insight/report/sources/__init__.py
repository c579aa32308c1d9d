"""The notebooks' data sources: a notebook's ``data`` parameter (a bundled data set, "demo", a
data specification or a file with column parameters) turned into tables and their column roles,
and (from :mod:`insight.report.pipelines`) the pipelines every report shares on them.

* :mod:`~insight.report.sources.files`: the files a notebook names, read and recorded for the provenance;
* :mod:`~insight.report.sources.customers`: purchase logs (:func:`transaction_source`) and customer tables
  (:func:`churn_source`);
* :mod:`~insight.report.sources.survey`: survey answers (:func:`survey_source`);
* :mod:`~insight.report.sources.feedback`: complaint logs (:func:`complaints_source`) and comments
  (:func:`feedback_source`).
"""

from ..pipelines import (LogEconomics, current_values, log_economics, revenue_last_year, source_model, split_dates,
                         subscriber_plan)
from .customers import ChurnSource, TransactionSource, churn_source, transaction_source
from .feedback import TEXT_COLUMNS, FeedbackSource, complaints_source, feedback_source
from .files import demo_source, optional_column, own_data, read_table, recorded, spec_file, user_file, user_spec
from .survey import SurveySource, survey_source

__all__ = ["TransactionSource", "transaction_source", "ChurnSource", "churn_source", "SurveySource", "survey_source",
           "user_spec", "own_data", "split_dates", "current_values", "revenue_last_year", "source_model",
           "subscriber_plan", "read_table", "complaints_source", "LogEconomics", "log_economics",
           "feedback_source", "FeedbackSource", "TEXT_COLUMNS", "spec_file", "demo_source", "user_file", "recorded",
           "optional_column"]
