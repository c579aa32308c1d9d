"""What should we do about it? Appreciation, retention spending and the actions they lead to.

* :func:`appreciation_scores` ranks customers on the criteria DESIGN.md names for
  deserving a discount or gift (loyalty, paying on time, quality of cooperation,
  completed orders, referrals), each visible as a contribution; :func:`discount_comparison`
  sets a blanket discount against a targeted appreciation budget.
* :func:`plan_contacts` and :func:`compare_strategies` spend a retention budget where
  the expected value is highest (on top of :func:`retention_profit`, the decision threshold
  or top-k list that maximizes the expected profit of a retention offer),
  and compare that with contacting everyone, no one or a random sample; the
  practitioner claims (acquisition costs ~5x retention, a loyal customer is worth up
  to ~10x a new one) are explicit parameters.
* ``action_*`` and :func:`rank_actions` turn those analyses into recommended actions on one
  footing (the executive summary's list): what each brings and costs over the same horizon,
  its net value and its break-even, with an action id and the numbers it was computed from;
  ``insight.report.sections._actions`` writes them in words. :func:`discount_rule` is the
  practitioner rule that discounts pay only once loyal customers cover the target revenue.

Plain pandas/numpy on purpose: the scoring is a few lines.
"""

from .actions import (ACTION_COLUMNS, PRACTICES, Action, action_appreciation, action_fast_resolution,
                      action_retention_offers, action_retention_plan, action_touchpoint, action_win_back,
                      discounted_months, rank_actions)
from .appreciation import DEFAULT_CRITERIA, DEFAULT_WEIGHTS, appreciation_scores, discount_comparison, top_customers
from .economics import (ProfitCurve, compare_strategies, contact_profit, discount_rule, plan_contacts,
                        retention_plan, retention_profit, value_from_claims)

__all__ = ["DEFAULT_CRITERIA", "DEFAULT_WEIGHTS", "appreciation_scores", "top_customers", "discount_comparison",
           "value_from_claims", "discount_rule", "plan_contacts", "compare_strategies", "Action",
           "action_retention_offers", "action_retention_plan", "PRACTICES", "action_fast_resolution",
           "action_appreciation", "action_win_back", "action_touchpoint", "rank_actions", "ACTION_COLUMNS",
           "ProfitCurve", "contact_profit", "retention_profit", "retention_plan", "discounted_months"]
