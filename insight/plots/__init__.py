"""All plots of insight, one module per topic (as lifelines/plotting.py): ``plot_x(data, ..., ax=None, **kwargs)``.

Each function draws on ``ax`` (creating a figure only when none is given), labels
its axes (shares in %, units named) and title, and returns the axes. None calls
``plt.show()`` or saves a file. Each draws in a readable, colour-blind-safe style (the
Okabe-Ito palette, larger text; :data:`STYLE`) inside :func:`style`, a matplotlib
``rc_context``: importing this module, or calling a plot, leaves matplotlib's own settings
as they were. Reports draw and save every chart inside :func:`style` too.

=================  ==========================================================
``customers``      activity, ratings, RFM, segments, concentration, types, cohorts
``churn``          model quality, drivers, the value of an offer, retention curves
``clv``            the customer-base models' predictions, checks and values
``satisfaction``   scores, drivers, service, touchpoints, actions
``service``        complaint and ticket logs: volume over time, speed per channel
``feedback``       comments turned into themes: the share of each theme by period
=================  ==========================================================

Every plot is importable from here (``insight.plots.plot_km``).
"""

from ._style import PALETTE, STYLE, style
from .customers import (plot_cluster_profiles, plot_cohorts, plot_lorenz, plot_monthly_activity,
                        plot_rating_distribution, plot_rfm_heatmap, plot_segment_shares,
                        plot_type_map)
from .churn import (plot_calibration, plot_forest, plot_importance, plot_km, plot_lift, plot_pr, plot_profit,
                    plot_retention_projection, plot_roc)
from .clv import (plot_distribution, plot_frequency_recency, plot_holdout_by_frequency, plot_period_transactions,
                  plot_tracking, plot_value_by_group)
from .satisfaction import (plot_actions, plot_drivers, plot_importance_performance, plot_levels, plot_nps,
                           plot_recovery, plot_response_times, plot_touchpoints)
from .service import plot_complaint_volume, plot_service_speed
from .feedback import plot_theme_costs, plot_theme_trend

__all__ = [
    "style", "STYLE", "PALETTE", "plot_monthly_activity", "plot_rating_distribution",
    "plot_rfm_heatmap", "plot_segment_shares", "plot_lorenz", "plot_cluster_profiles", "plot_type_map",
    "plot_cohorts", "plot_roc", "plot_pr", "plot_calibration", "plot_lift", "plot_importance", "plot_profit",
    "plot_km", "plot_forest", "plot_retention_projection", "plot_frequency_recency", "plot_holdout_by_frequency",
    "plot_tracking", "plot_distribution", "plot_value_by_group", "plot_period_transactions", "plot_nps",
    "plot_drivers", "plot_importance_performance", "plot_levels", "plot_response_times", "plot_recovery",
    "plot_touchpoints", "plot_actions", "plot_complaint_volume", "plot_service_speed",
    "plot_theme_trend",
    "plot_theme_costs",
]
