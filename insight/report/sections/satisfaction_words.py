"""The satisfaction report's results in words: scores, tests, drivers, priorities, changes, service levels, speed,
recovery and touchpoints as sentences and tables (:mod:`insight.report.sections.satisfaction` lays them out).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...models import satisfaction as sat
from ...models.satisfaction.scores import two_point
from ...periods import parse_period
from ...plots.satisfaction import category_name, hours
from ...style import Style

__all__ = ["FEW_ANSWERS", "top_answer", "change_sentence"]   # the rest serve the satisfaction report


#: with fewer answers than this a score is read as a rough indication (the normal intervals are only approximate)
FEW_ANSWERS = 30


def top_answer(scale: tuple[int, int], words: dict | None = None) -> str:
    """The top answer of a scale as the data write it.

    Parameters
    ----------
    scale : tuple of (int, int)
        The lowest and highest answer.
    words : dict, optional
        Word -> score, when the answers were words.

    Returns
    -------
    str
        The top answer's word (``satisfied``) when the answers were words, else the number (``5``).

    Examples
    --------
    >>> top_answer((1, 5)), top_answer((0, 1), {"no": 0, "yes": 1})
    ('5', 'yes')
    """
    return next((w for w, v in (words or {}).items() if v == scale[1]), str(scale[1]))


def score_table(st: Style, survey: pd.DataFrame, overall_col: str, scale: tuple[int, int], *,
                nps_col: str | None = None, buy_again_col: str | None = None, labels: dict | None = None,
                seed: int = 0, words: dict | None = None) -> tuple[pd.DataFrame, str]:
    """The headline scores with 95% intervals (overall mean and top-2-box, NPS, would buy again), written for
    people (means with two decimals, shares in %, NPS as a number from -100 to 100), and a sentence with the
    scores (for NPS also comparing its analytic interval with the bootstrap's). An overall score with two answers
    only (satisfied or not, 0/1: :func:`~insight.models.satisfaction.scores.two_point`) is the share giving the top
    answer, with its Wilson interval (``words``: the answers' word -> score, to name the top answer)."""
    name = (labels or {}).get(overall_col, overall_col)
    if two_point(scale):
        o = sat.csat(survey[overall_col], scale=scale, top_box=1)
        top = top_answer(scale, words)
        rows = {st.say("satisfaction.scores.share_row", name=name, top=top):
                (st.percent(o["top_box"], 1), st.say("satisfaction.scores.range_pct1", low=o["top_box_low"],
                                                     high=o["top_box_high"]))}
        text = st.say("satisfaction.scores.share_word" if words else "satisfaction.scores.share_value",
                      share=o["top_box"], top=top, name=name, low=o["top_box_low"], high=o["top_box_high"],
                      n=int(o["n"]))
    else:
        o = sat.csat(survey[overall_col], scale=scale)
        rows = {st.say("satisfaction.scores.mean_row", name=name, low=scale[0], high=scale[1]):
                (st.number(o["mean"], 2), st.say("satisfaction.scores.range_num2", low=o["low"], high=o["high"])),
                st.say("satisfaction.scores.top_box_row", name=name):
                (st.percent(o["top_box"]), st.say("satisfaction.scores.range_pct", low=o["top_box_low"],
                                                  high=o["top_box_high"]))}
        named = "satisf" in name.lower()   # the label already says what the score is
        text = st.say("satisfaction.scores.overall_named" if named else "satisfaction.scores.overall_unnamed",
                      name=name[:1].upper() + name[1:] if named else name, mean=o["mean"], low=scale[0],
                      high=scale[1], mean_low=o["low"], mean_high=o["high"], top_box=o["top_box"])
    if nps_col:
        n = sat.nps(survey[nps_col])
        lo, hi = sat.nps_bootstrap(survey[nps_col], seed=seed)
        rows[st.say("satisfaction.scores.nps_row")] = (st.number(n["nps"], 0), st.say(
            "satisfaction.scores.range_num0", low=n["low"], high=n["high"]))
        text = st.say("satisfaction.scores.nps", nps=n["nps"], promoters=n["promoters"], detractors=n["detractors"],
                      low=n["low"], high=n["high"], boot_low=lo, boot_high=hi) + " " + text
    if buy_again_col:
        b = sat.share(survey[buy_again_col])
        rows[st.say("satisfaction.scores.buy_again_row")] = (st.percent(b["share"]), st.say(
            "satisfaction.scores.range_pct", low=b["low"], high=b["high"]))
    if o["n"] < FEW_ANSWERS:
        text += " " + st.say("satisfaction.scores.few", n=int(o["n"]), needed=FEW_ANSWERS)
    table = pd.DataFrame(rows, index=[st.say("satisfaction.scores.estimate"), st.say("satisfaction.scores.interval")]).T
    table.index.name = st.say("satisfaction.scores.score")
    return table, text


def tests_sentence(st: Style, scores: sat.GroupScores, alpha: float = 0.05) -> str:
    """The tests of :func:`~insight.models.satisfaction.group_scores` in words."""
    return " ".join(st.say("satisfaction.tests.differ" if r["p_value"] < alpha else "satisfaction.tests.same",
                           score=st.say(f"satisfaction.score.{s}"), test=st.say(f"satisfaction.test.{r['test']}"),
                           p=r["p_value"]) for s, r in scores.tests.items())


def weak_sentence(st: Style, kd: sat.KeyDrivers) -> str:
    """Why no driver is ranked: the drivers explain almost nothing of the outcome."""
    return st.say("satisfaction.drivers.weak", outcome=kd.labels.get(kd.outcome, kd.outcome), r2=kd.r2,
                  p=kd.f_pvalue, n=kd.n)


def drivers_sentence(st: Style, kd: sat.KeyDrivers, top: int = 3) -> str:
    """How much the drivers explain and the ``top`` most important, or why none is ranked."""
    if kd.explains_little:
        return weak_sentence(st, kd)
    shares = kd.importance.sort_values("importance", ascending=False)["share"]
    items = st.join(st.say("satisfaction.drivers.item", name=kd.labels.get(d, d), share=s)
                      for d, s in list(shares.items())[:top])
    return st.say("satisfaction.drivers.explain", r2=kd.r2, outcome=kd.labels.get(kd.outcome, kd.outcome), n=kd.n,
                  drivers=items)


def priority_named(kd: sat.KeyDrivers, adjustments: sat.Adjustments | None = None, adjust: str = "center") -> bool:
    """Whether a report may name priorities: the drivers explain enough and (when the scale-usage comparison is
    given) their ranking survives the adjustment ``adjust``."""
    return not kd.explains_little and (adjustments is None or adjustments.ranking_survives(adjust))


def priority_sentence(st: Style, kd: sat.KeyDrivers, adjustments: sat.Adjustments | None = None,
                      adjust: str = "center") -> str:
    """The aspects to act on first (important, below-average score), or why none is named: the drivers explain
    little, or their ranking does not survive the scale-usage adjustment (``adjustments``)."""
    if kd.explains_little:
        return weak_sentence(st, kd)
    if not priority_named(kd, adjustments, adjust):
        moved = adjustments.moved(adjust)
        return st.say("satisfaction.drivers.priority_unstable", raw=adjustments.r2["none"],
                      adjusted=adjustments.r2[adjust], adjust=st.say(f"satisfaction.adjust.{adjust}"),
                      moved=int((moved > 0).sum()), n=len(moved))
    top = [kd.labels.get(d, d) for d in kd.top_priority()]
    return st.say("satisfaction.drivers.priority", drivers=st.join(top)) if top else \
        st.say("satisfaction.drivers.no_priority")


def coefficient_table(kd: sat.KeyDrivers, labels: dict | None = None, *, share: bool = False) -> pd.DataFrame:
    """How much one more point on each aspect moves the overall score (OLS), with the ordinal logit's view
    (columns labelled through the catalog's ``label.ols_*`` and ``label.ordinal_*``). With ``share`` (a two-answer
    outcome) they are the linear probability model's change in the share (``label.lpm_*``) and the logistic
    regression's odds ratios (``label.logit_*``)."""
    labels = labels or kd.labels
    out = kd.ols.add_prefix("lpm_" if share else "ols_")
    if kd.ordinal is not None:
        out = out.join(kd.ordinal[["odds_ratio", "p_value"]].add_prefix("logit_" if share else "ordinal_"))
    out.index = pd.Index([labels.get(d, d) for d in out.index], name="aspect")
    return out


def adjustment_column(st: Style, adjust: str, measure: str) -> str:
    """The heading of one column of the scale-usage comparison (:func:`~insight.models.satisfaction.compare_adjustments`
    gives columns such as ``("center", "share")``), in the reader's words.

    Parameters
    ----------
    st : insight.style.Style
        Language of the heading.
    adjust : str
        The adjustment: ``"none"`` (raw answers), ``"center"`` or ``"standardize"``.
    measure : str
        ``"share"``, ``"rank"`` or ``"direction"``.

    Returns
    -------
    str
        The heading, e.g. ``"Share (center)"``.

    Examples
    --------
    >>> adjustment_column(Style(), "none", "share"), adjustment_column(Style(language="fa"), "center", "rank")
    ('Share (raw answers)', 'رتبه (مرکزی‌سازی)')
    """
    return st.say("satisfaction.adjust_col", measure=st.say(f"satisfaction.adjust_measure.{measure}"),
                  adjust=st.say(f"satisfaction.adjust.{adjust}"))


def adjustment_sentence(st: Style, adjustments: sat.Adjustments, adjust: str) -> str:
    """What the scale-usage adjustment of :func:`~insight.models.satisfaction.compare_adjustments` changes: R² and
    the ranking."""
    comp, r2 = adjustments.table, adjustments.r2
    moved = (comp[("none", "rank")] - comp[(adjust, "rank")]).abs()
    ranked = st.join(st.say("satisfaction.adjust.item", rank=i, name=d, direction=comp.loc[d, (adjust, "direction")])
                       for i, d in enumerate(comp[(adjust, "rank")].sort_values().index, 1))
    return st.say("satisfaction.adjust.sentence", raw=r2["none"], adjusted=r2[adjust],
                  adjust=st.say(f"satisfaction.adjust.{adjust}"), ranked=ranked, moved=int((moved > 0).sum()),
                  n=len(comp), largest=moved.idxmax(), places=int(moved.max()))


def change_sentence(st: Style, change: sat.Change | None, freq: str = "Q") -> str:
    """The largest change between the last two complete periods (:func:`~insight.models.satisfaction.largest_change`
    of a trend by ``freq``, in the style's calendar) with its interval, or that no score moved beyond noise; "" with
    fewer than two complete periods.

    Shares (would buy again, the share giving the top answer) are written as percentages, NPS as a whole number
    and mean scores with two decimals.

    Parameters
    ----------
    st : insight.style.Style
        Language, calendar and number format of the sentence.
    change : insight.models.satisfaction.Change or None
        The change (:func:`insight.models.satisfaction.largest_change`); None when there are fewer than two
        complete periods.
    freq : str, default "Q"
        The trend's period (``"Q"`` quarters, ``"M"`` months...), to read the period labels of ``change``.

    Returns
    -------
    str
        One Markdown sentence (the change in bold when it is beyond noise); "" when ``change`` is None.

    Examples
    --------
    >>> from insight.models.satisfaction import Change
    >>> from insight.style import Style
    >>> print(change_sentence(Style(), Change("csat", "2024Q3", "2024Q4", 4.1, 3.8, -0.3, -0.45, -0.15)))
    **Mean satisfaction fell from 4.10 in 2024Q3 to 3.80 in 2024Q4** (95% interval of the change -0.45 to -0.15):
    the largest change between the last two complete quarters.
    >>> change_sentence(Style(), Change("nps", "2024Q3", "2024Q4", 20.0, 14.0, -6.0, -15.0, 3.0))
    'No score changed beyond noise between 2024Q3 and 2024Q4.'
    """
    if change is None:
        return ""
    write = (lambda x: st.percent(x)) if change.metric in ("buy_again", "top_share") else \
        (lambda x: st.number(x, 0 if change.metric == "nps" else 2))
    values = dict(metric=st.say(f"satisfaction.metric.{change.metric}"), before=write(change.before),
                  after=write(change.after), first=parse_period(change.before_period, freq, st.calendar),
                  second=parse_period(change.after_period, freq, st.calendar),
                  low=write(change.low), high=write(change.high))
    if not change.beyond_noise:
        return st.say("satisfaction.change.none", **values)
    return st.say(f"satisfaction.change.{'up' if change.change > 0 else 'down'}", **values)


def category_names(st: Style, kind: str, ids) -> dict:
    """Category ids insight returns (``kind``: "quadrant", "level" or "recovery") -> the reader's names."""
    return {i: category_name(st, kind, i) for i in ids}


def levels_sentence(st: Style, lv: sat.OrderLevels) -> str:
    """How many orders reached which level, and the orders without a level or too new to judge."""
    share = lv.levels.value_counts(normalize=True)
    return st.say("satisfaction.levels.sentence", n=len(lv.levels), top=category_name(st, "level", share.index[0]),
                  share=share.iloc[0], not_delivered=lv.not_delivered, censored=lv.censored)


def _band(st: Style, low: float, high: float) -> str:
    if low == 0:
        return st.say("satisfaction.band.first", high=hours(st, high))
    if not np.isfinite(high):
        return st.say("satisfaction.band.last", low=hours(st, low))
    return st.say("satisfaction.band.middle", low=hours(st, low), high=hours(st, high))


def speed_table(st: Style, speed: sat.Speed) -> pd.DataFrame:
    """The table of :func:`~insight.models.satisfaction.speed_vs_satisfaction` with its bands in words."""
    t = speed.table
    return t.drop(columns="to_hours").set_axis(pd.Index([_band(st, lo, hi) for lo, hi in zip(t.index, t["to_hours"])],
                                                        name=t.index.name))


def speed_sentence(st: Style, speed: sat.Speed) -> str:
    """How contact ratings fall with response time, from :func:`~insight.models.satisfaction.speed_vs_satisfaction`."""
    t, table = speed.test, speed.table
    low, high = table.index[0], table["to_hours"].iloc[0]
    fast = st.say("satisfaction.band.within", high=hours(st, high)) if low == 0 else _band(st, low, high)
    return st.say("satisfaction.speed.sentence", first=table["mean"].iloc[0], fast=fast, last=table["mean"].iloc[-1],
                  slow=_band(st, table.index[-1], table["to_hours"].iloc[-1]), rho=t["spearman_rho"],
                  p=t["kruskal_p"], unrated=speed.unrated)


def recovery_sentence(st: Style, r: sat.Recovery) -> str:
    """Retention after a fast-resolved complaint against never complaining, and whether the data support the
    service-recovery claim."""
    fast, never = r.table.loc["resolved fast"], r.table.loc["never complained"]
    return st.say("satisfaction.recovery.supported" if r.supported else "satisfaction.recovery.not_supported",
                  hours=hours(st, r.fast_hours), fast=fast["rate"], fast_low=fast["low"], fast_high=fast["high"],
                  fast_n=fast["customers"], never=never["rate"], never_low=never["low"], never_high=never["high"],
                  never_n=never["customers"], p=r.p_value)


def touchpoint_sentence(st: Style, tp: sat.Touchpoints, labels: dict | None = None) -> str:
    """The touchpoint that relates most to the outcome and the one to focus on, or why none is named."""
    name = (labels or {}).get
    if tp.r2 < sat.MIN_R2:
        return st.say("satisfaction.touchpoints.weak", outcome=name(tp.outcome, tp.outcome), r2=tp.r2)
    row = tp.table.loc[tp.focus]
    top = tp.table["importance"].idxmax()
    return st.say("satisfaction.touchpoints.focus", top=name(top, top), outcome=name(tp.outcome, tp.outcome),
                  top_share=tp.table.loc[top, "importance"], focus=name(tp.focus, tp.focus), stage=row["stage"],
                  share=row["importance"], mean=row["mean"])
