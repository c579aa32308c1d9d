"""Recommended actions in words: what each does, what it brings and costs over the common horizon, how it was
computed, and the one to take (or that none pays, and what would have to be true for one to).

:mod:`insight.retention` gives the actions as ids and numbers; the overview lists them all, the CLV
and churn reports show their own.
"""

from __future__ import annotations

import pandas as pd

from ... import retention as rt
from .. import display as show
from ...style import Style, catalog
from ...parsers import DAYS_PER_UNIT, parse_value_period

__all__ = ["over_months", "period_words", "plan_net", "plan_sentence", "plan_assumptions", "action_title",
           "action_basis", "action_line", "report_name", "recommendation", "break_even_words", "actions_table",
           "actions_view"]


# --------------------------------------------------------------------------- a retention plan in words
def over_months(st: Style, months: float) -> str:
    """The one horizon every money figure and action is counted over, in words ("over the next 12 months")."""
    return st.say("actions.horizon", n=months)


def period_words(st: Style, period: str) -> str:
    """What a value column covers, from its declared period ("a value per month", "the value of a customer's
    first 90 days", "the value to date")."""
    kind, days = parse_value_period(period)
    if kind == "per":
        unit = next(u for u, d in DAYS_PER_UNIT.items() if d == days)
        return st.say("churn.period.per", unit=st.say(f"churn.unit_one.{unit}"))
    return st.say("churn.period.first", days=days) if kind == "first" else st.say("churn.period.to_date")


def plan_net(plan: rt.ProfitCurve) -> float:
    """What a retention plan is expected to bring net of its offers: within its budget when it has one."""
    return float(plan.params.get("budget_profit", plan.best_profit))


def plan_sentence(st: Style, plan: rt.ProfitCurve) -> str:
    """Whom to contact and what it is expected to bring over the plan's horizon, against contacting everyone or no
    one; when no contact pays, what an offer would have to cost or achieve for one to pay."""
    p, be = plan.params, plan.break_even
    horizon = over_months(st, p["horizon"]) if "horizon" in p else st.say("churn.plan.horizon_unknown")
    if plan.best_k == 0 and p.get("value", "none") == "none":   # no break-even cost: only replacing is saved
        return st.say("churn.plan.none_no_value", n=len(plan.table), horizon=horizon, cost=p["offer_cost"])
    if plan.best_k == 0:
        success = be.get("success_rate", float("inf"))
        keep = (st.say("churn.plan.none_keep", break_even_success=success, success=p["success_rate"]) if success <= 1
                else st.say("actions.condition.never", rate=p["success_rate"]))
        return st.say("churn.plan.none", n=len(plan.table), horizon=horizon, cost=p["offer_cost"],
                      break_even_cost=be.get("offer_cost", 0.0), keep=keep)
    values = {"k": plan.best_k, "n": len(plan.table), "threshold": plan.best_threshold, "profit": plan.best_profit,
              "everyone": plan.everyone_profit, "nothing": 0, "horizon": horizon}
    text = st.say("churn.plan.current", gone=p["gone"], **values) if p.get("gone") is not None else \
        st.say("churn.plan.all", **values)
    if p.get("budget_k", plan.best_k) < plan.best_k:
        text = st.say("churn.plan.budget", budget=p["budget"], k=p["budget_k"], profit=p["budget_profit"],
                      last=p["last_contact"], horizon=horizon, without=text)
    if p.get("opted_out"):
        text += " " + st.say("churn.plan.opted_out", n=p["opted_out"])
    return text


#: an offer costing under this fraction of the median customer's value is named: a cost left at a default written
#: for another currency (20, read as 20 Toman) makes every contact pay
COST_CHECK_RATIO = 1000


def plan_assumptions(st: Style, plan: rt.ProfitCurve) -> str:
    """What the money of the plan rests on, in words (every parameter of the computation)."""
    p = plan.params
    kind = p.get("value", "none")
    value = ""
    if p.get("value_col"):
        same = parse_value_period(p["value_period"]) == ("per", DAYS_PER_UNIT[p["unit"]])
        value = st.say("churn.plan.value_same" if same else "churn.plan.value", value=st.label(p["value_col"]).lower(),
                       period=period_words(st, p["value_period"]), unit=st.say(f"churn.unit_one.{p['unit']}"))
    text = st.say(f"churn.plan.assumes.{kind}", value=value, margin=p.get("margin"), rate=p.get("discount_rate"),
                  within=st.say("actions.within", n=p.get("horizon", 12.0)), cost=p["offer_cost"],
                  success=p["success_rate"], replacing=_replacing(st, p))
    worth = p.get("value_median", 0.0)
    if 0 < p["offer_cost"] and worth > COST_CHECK_RATIO * p["offer_cost"]:   # a cost meant for another currency?
        text += " " + st.say("churn.plan.cost_tiny", cost=p["offer_cost"], value=worth, share=1 / COST_CHECK_RATIO)
    return text


def _replacing(st: Style, p: dict) -> str:
    """What replacing a lost customer is taken to cost, in words (nothing, when the multiple is 0)."""
    multiple = p["acquisition_multiple"]
    if not multiple:
        return st.say("churn.plan.replacing_none")
    return st.say("churn.plan.replacing", multiple=st.short(multiple), acquisition=multiple * p["offer_cost"])


# --------------------------------------------------------------------------- actions in words
#: actions whose money the report they link to shows too, equal (the others link to the analysis behind them)
PRICED_IN_REPORT = ("retention_plan", "retention_offers", "win_back", "appreciation", "appreciation_instead_of_discount",
                    "touchpoint", "fast_resolution")


def _action(a: rt.Action | pd.Series) -> rt.Action:
    """An action, or a row of :func:`~insight.retention.rank_actions` as one."""
    if isinstance(a, rt.Action):
        return a
    return rt.Action(a["action"], float(a["gross"]), None if pd.isna(a["cost"]) else float(a["cost"]),
                     float(a["horizon"]), dict(a["values"]), a["report"], dict(a["break_even"]))


def _values(st: Style, a: rt.Action) -> dict:
    values = dict(a.values, horizon=over_months(st, a.horizon))
    for name in ("hours", "low_max"):
        if name in values:
            values[name] = st.short(values[name])
    if "uplift" in values:      # a difference of two rates: percentage points
        values["points"] = 100 * values["uplift"]
    rate = values.pop("discount_rate", 0.0)
    values["discounted"] = st.say("actions.discounted", rate=rate) if rate else ""
    return values


def action_title(st: Style, a: rt.Action | pd.Series) -> str:
    """What an action of :mod:`insight.retention` does, in words (an :class:`~insight.retention.Action` or a row of
    :func:`~insight.retention.rank_actions`): ``"Win back the 25 most valuable customers who have probably left"``."""
    a = _action(a)
    if a.kind == "retention_plan" and not a.values.get("customers"):
        return st.say("actions.retention_plan.title_any")
    return st.say(f"actions.{a.kind}.title", **_values(st, a))


def action_basis(st: Style, a: rt.Action | pd.Series, plan: rt.ProfitCurve | None = None) -> str:
    """How an action's expected value was computed, as a clause without a final period (``"they brought ..."``);
    the retention plan's is the plan's assumptions (``plan``, the curve the action came from)."""
    a = _action(a)
    if a.kind == "retention_plan":
        if plan is None:
            raise ValueError("parameter 'plan': the retention plan's action is written from its plan (the "
                             "ProfitCurve of insight.retention.retention_plan); give it.")
        return plan_assumptions(st, plan).rstrip(".")
    return st.say(f"actions.{a.kind}.basis", **_values(st, a))


def report_name(st: Style, link: str) -> str:
    """The name of a linked report in a sentence (``"churn demo"``); a link of the caller's own is named as given."""
    return catalog(st.language).get(f"actions.report.{link}", str(link).replace("_", " "))


def action_line(st: Style, a: rt.Action | pd.Series, plan: rt.ProfitCurve | None = None, *,
                link: bool = True, same: bool = True) -> str:
    """An action as one Markdown line: what, its net value over the horizon with what it brings and costs (or,
    when its cost is not known, what it brings and the cost below which it pays), how it was computed, and
    (``link``) the report behind it: one that shows the same figure, or (``same`` False, or a kind not in
    :data:`PRICED_IN_REPORT`) the analysis behind it."""
    a = _action(a)
    basis = action_basis(st, a, plan)
    horizon = over_months(st, a.horizon)
    money = (st.say("actions.money_cost_unknown", gross=a.gross, horizon=horizon,
                    break_even=a.break_even.get("cost", a.gross)) if a.cost is None else
             st.say("actions.money", net=a.net, gross=a.gross, cost=a.cost, horizon=horizon))
    line = st.say("actions.line", action=action_title(st, a), money=money, basis=basis[:1].upper() + basis[1:])
    see = "actions.see" if same and a.kind in PRICED_IN_REPORT else "actions.evidence"
    return line + (" " + st.say(see, report=report_name(st, a.report), link=a.report) if link else "")


def recommendation(st: Style, actions: pd.DataFrame, plan: rt.ProfitCurve | None = None, *, link: bool = True) -> str:
    """The action a manager should take: the first of the ranked ``actions`` (:func:`~insight.retention.rank_actions`)
    that pays. When none does, says so, and what would have to be true for the one closest to paying (the
    largest net value among those whose cost is known; else the largest gross) to pay; when no cost is known,
    that the one bringing most pays if it costs less than what it brings."""
    if not len(actions):
        return st.say("actions.none")
    paying = actions[actions["pays"]]
    if len(paying):
        return action_line(st, paying.iloc[0], plan, link=link)
    known = actions[actions["cost"].notna()]
    closest = _action(known.sort_values("net", ascending=False).iloc[0] if len(known) else
                      actions.sort_values("gross", ascending=False).iloc[0])
    if not len(known) and closest.gross > 0:     # nothing is known to lose money: what each must cost under
        return st.say("actions.costs_unknown", horizon=over_months(st, closest.horizon),
                      action=action_title(st, closest), condition=break_even_words(st, closest))
    return st.say("actions.none_pays", horizon=over_months(st, closest.horizon), action=action_title(st, closest),
                  condition=break_even_words(st, closest))


def break_even_words(st: Style, a: rt.Action) -> str:
    """What would have to be true for an action to break even: an offer cheaper or more successful than assumed, or
    a cost below what it brings."""
    be, v = a.break_even, a.values
    parts = []
    if "offer_cost" in be and "offer_cost" in v and be["offer_cost"] > 0:
        parts.append(st.say("actions.condition.offer_cost", value=be["offer_cost"], cost=v["offer_cost"]))
    if "success_rate" in be and "success_rate" in v:
        parts.append(st.say("actions.condition.success_rate", value=min(be["success_rate"], 1.0),
                            rate=v["success_rate"]) if be["success_rate"] <= 1 else
                     st.say("actions.condition.never", rate=v["success_rate"]))
    if not parts:
        value = be.get("cost", a.gross)
        parts.append(st.say("actions.condition.cost", value=value) if value > 0 else
                     st.say("actions.condition.no_benefit"))
    return st.say("actions.condition.or").join(parts)


# --------------------------------------------------------------------------- actions as a table
def actions_table(st: Style, actions: pd.DataFrame) -> pd.DataFrame:
    """Ranked actions (:func:`~insight.retention.rank_actions`) as a table a reader compares: what each does, what it
    brings, costs and nets over the horizon (cost and net empty when the cost is not known), and what would have to
    be true for it to pay (or what would make it stop paying)."""
    rows = [_action(row) for _, row in actions.iterrows()]
    return pd.DataFrame({"action": [action_title(st, a) for a in rows], "gross": actions["gross"].to_numpy(),
                         "cost": actions["cost"].to_numpy(), "net": actions["net"].to_numpy(),
                         "break_even": [break_even_words(st, a) for a in rows]}, index=actions.index)


def actions_view(st: Style, actions: pd.DataFrame, plan: rt.ProfitCurve | None = None) -> list:
    """A report's actions: the table (:func:`actions_table`) over the common horizon, each action in words with how
    it was computed (:func:`action_line`), and the one to take first (or, when none pays, :func:`recommendation`)."""
    horizon = over_months(st, float(actions["horizon"].iloc[0]))
    paying = actions[actions["pays"]]
    return [show.table(actions_table(st, actions), money=["gross", "cost", "net"],
                       index_label=st.say("actions.index_rank"), caption=st.say("actions.caption", horizon=horizon),
                       style=st),
            show.text("\n".join(f"- {action_line(st, row, plan, link=False)}" for _, row in actions.iterrows())),
            show.text(st.say("actions.take", action=action_title(st, paying.iloc[0])) if len(paying) else
                      recommendation(st, actions, plan, link=False))]
