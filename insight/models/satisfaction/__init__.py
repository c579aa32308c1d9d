"""How satisfied are customers, what drives it, and where should we act?

The five ways of measuring satisfaction in DESIGN.md, each with its uncertainty:

===============  ==============================================================
``scores``       NPS, CSAT and shares with intervals, by group and over time
``drivers``      key drivers: relative importance, coefficients, the importance-performance map
``service``      the four satisfaction levels, service speed, complaints and recovery
``complaints``   complaint and ticket logs on their own: volume, speed against a target, timeliness, outcomes
``touchpoints``  touchpoints by stage of the purchase
``sampling``     whom to ask: a stratified survey sample with design weights
===============  ==============================================================

The public names of every module are importable from here (``insight.models.satisfaction.nps``).
"""

from .complaints import (Mix, Repeats, Volume, VolumeChange, complaint_mix, complaint_volume, flag_share,
                         repeat_complaints, service_speed, volume_change)
from .drivers import (MIN_R2, QUADRANTS, Adjustments, Importance, ImportancePerformance, KeyDrivers, ScaleAdjusted,
                      adjust_scale_usage, compare_adjustments, importance_performance, key_drivers, relative_importance)
from .sampling import SurveySample, recency_groups, survey_sample
from .scores import Change, GroupScores, complete_periods, csat, largest_change, quarterly, group_scores, nps, nps_bootstrap, scores_by_group, share, trend, wilson_interval
from .service import (LEVELS, RECOVERY_GROUPS, OrderLevels, Recovery, Speed, complaint_rates, complaint_recovery,
                      order_levels, recently_active, repurchase_within, response_times, satisfaction_levels,
                      speed_vs_satisfaction)
from .touchpoints import Touchpoints, touchpoints

__all__ = [
    "Adjustments", "Importance", "ImportancePerformance", "ScaleAdjusted", "GroupScores", "group_scores", "Speed",
    "MIN_R2", "QUADRANTS", "KeyDrivers", "adjust_scale_usage", "compare_adjustments", "importance_performance",
    "key_drivers", "relative_importance", "SurveySample", "recency_groups", "survey_sample", "csat", "nps",
    "nps_bootstrap", "scores_by_group", "share", "trend", "wilson_interval", "Change", "complete_periods", "largest_change", "quarterly", "LEVELS", "RECOVERY_GROUPS",
    "OrderLevels", "Recovery", "complaint_rates", "complaint_recovery", "order_levels", "recently_active",
    "repurchase_within", "response_times", "satisfaction_levels", "speed_vs_satisfaction", "Touchpoints",
    "touchpoints", "Mix", "Repeats", "Volume", "VolumeChange", "complaint_mix", "complaint_volume", "flag_share",
    "repeat_complaints", "service_speed", "volume_change",
]
