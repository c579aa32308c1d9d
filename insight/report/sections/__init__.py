"""The sections of each report: what a reader sees, computed and laid out by the library.

Each ``*_report`` function runs one analysis on a data source with the notebook's
parameters and returns an object whose methods give, section by section, the things to
show (sentences, escaped tables, captioned charts from :mod:`insight.report.display`), or the
marker that the data do not cover the section. The notebooks are then parameters, one call,
and ``display(*report.section())`` under a Markdown explanation, so what a report shows is
tested here rather than written inline in six notebooks. One module per report.
"""

from .churn import ChurnReport, churn_report
from .clv import CLVReport, clv_report
from .feedback import FeedbackReport, feedback_report
from .overview import OverviewReport, overview_report
from .quality import QualityReport, quality_report
from .satisfaction import SatisfactionReport, satisfaction_report
from .service import ServiceReport, service_report
from .types import TypesReport, types_report

__all__ = ["churn_report", "clv_report", "types_report", "satisfaction_report", "quality_report", "overview_report",
           "ChurnReport", "CLVReport", "TypesReport", "SatisfactionReport", "QualityReport", "OverviewReport",
           "service_report", "ServiceReport", "feedback_report", "FeedbackReport"]
