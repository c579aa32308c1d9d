"""The complaints and service report, from a complaint or ticket log alone (no survey): how many complaints come
in and when, what about and through which channel, how fast they are answered against a target, whether in time,
how they end, how many are disputed, and who complains again. Every word comes from the catalog (``service.*``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ... import plots as ip
from ...data.complaints import HOURS
from ...models import satisfaction as sat
from ...plots.satisfaction import hours
from ...periods import parse_period
from ...style import Style
from .. import display as show
from ..params import CURRENCY, CALENDAR, LANGUAGE, Choice, Number, checked
from ._common import new_axes, styled
from .quality import cleaning_view

__all__ = ["ServiceReport", "service_report"]

#: the speed measures: the role whose time is measured -> its hours column (:data:`insight.data.complaints.HOURS`)
MEASURES = dict(HOURS)


# --------------------------------------------------------------------------- the results in words
def volume_sentence(st: Style, volume: sat.Volume) -> str:
    """How many complaints came in over which dates, and how many a period in the complete periods."""
    total, full = volume.total, volume.complete[volume.complete].index
    first, last = volume.first, volume.last
    if not len(full):
        return st.say("service.volume.short", n=int(total.sum()), first=first, last=last, days=int(volume.days.sum()))
    return st.say(f"service.volume.sentence.{volume.freq}", n=int(total.sum()), first=first, last=last,
                  mean=float(total[full].mean()), periods=len(full))


def change_sentence(st: Style, change: sat.VolumeChange | None, freq: str = "M") -> str:
    """The largest change in complaints a day between consecutive complete periods, or that none is beyond noise;
    "" with fewer than two complete periods."""
    if change is None:
        return ""
    kind = ("up" if change.change > 0 else "down") if change.beyond_noise else "none"
    return st.say(f"service.change.{kind}", before=change.before, after=change.after,
                  first=parse_period(change.before_period, freq, st.calendar),
                  second=parse_period(change.after_period, freq, st.calendar), before_rate=change.before_rate, after_rate=change.after_rate,
                  change=change.change, low=change.low, high=change.high, n=change.comparisons,
                  pairs=st.say(f"service.pairs.{freq}"))


def speed_sentence(st: Style, overall: pd.Series, measure: str, target: float) -> str:
    """The median time to first response (or resolution) and the share within target, of every channel together
    (one row of :func:`~insight.models.satisfaction.service_speed`)."""
    text = st.say(f"service.speed.{measure}", median=hours(st, round(overall["median_h"], 1)),
                  target=hours(st, target), within=overall["within_target"], low=overall["within_target_low"],
                  high=overall["within_target_high"])
    if overall["open"]:
        text += " " + st.say(f"service.speed.open.{measure}", n=int(overall["open"]),
                             undecided=int(overall["open_undecided"]))
    return text


def _range(st: Style, low, high) -> str:
    return st.say("service.range_pct", low=low, high=high)


# --------------------------------------------------------------------------- the report
@styled
@dataclass
class ServiceReport:
    """The sections of the complaints and service report (see :func:`service_report`).

    Each public method returns what one section shows.

    Attributes
    ----------
    source : insight.data.complaints.ComplaintLog
        The complaint log and its roles.
    volume : insight.models.satisfaction.Volume
        Complaints per period, by category when the log has one.
    change : insight.models.satisfaction.VolumeChange or None
        The largest change between consecutive complete periods.
    params : dict, optional
        The run's settings (``target_hours``, ``resolution_target_hours``, ``top_categories``).
    style : insight.style.Style, optional
        Language of the report."""

    source: object                       # insight.data.complaints.ComplaintLog
    volume: sat.Volume                   # by category when the log has one
    change: sat.VolumeChange | None
    params: dict = field(default_factory=dict)
    style: Style = field(default_factory=Style)
    _mixes: dict = field(default_factory=dict, init=False, repr=False)     # role -> sat.Mix, see _mix

    @property
    def log(self) -> pd.DataFrame:
        return self.source.table

    def _say(self, message_id: str, **values) -> str:
        return self.style.say(message_id, **values)

    def _label(self, role: str) -> str:
        return self.style.label(self.source.labels.get(role, role))

    def _missing(self, what: str) -> list:
        return [show.not_covered(self._say(f"service.missing.{what}"), self._say(f"service.missing.{what}_needs"),
                                 style=self.style)]

    def _has_answers(self, role: str) -> bool:
        return self.source.has(role) and bool(self.log[role].notna().any())

    def _channels(self) -> pd.DataFrame:
        """The log with every complaint in a channel: the log's own (missing ones named so), or one for all."""
        if not self.source.has("channel"):
            return self.log.assign(channel=self._say("service.all_channels"))
        return self.log.assign(channel=self.log["channel"].fillna(self._say("service.no_channel")))

    def _speed(self, measure: str, by_channel: bool = True) -> pd.DataFrame:
        log = self._channels() if by_channel else self.log.assign(channel="")
        times = [self.log[c] for c in ("created", *MEASURES) if self.source.has(c)]
        return sat.service_speed(log, MEASURES[measure], target_hours=self._target(measure),
                                 as_of=max(t.max() for t in times))

    def _target(self, measure: str) -> float:
        """The target hours of a measure: to first response, or to resolution."""
        return self.params["target_hours" if measure == "first_response" else "resolution_target_hours"]

    def _mix(self, role: str) -> sat.Mix:
        """The complaints by one role (category, channel, outcome), computed once for the headline and its section."""
        if role not in self._mixes:
            self._mixes[role] = sat.complaint_mix(self.log, role)
        return self._mixes[role]

    def _measures(self) -> list[str]:
        return [m for m, col in MEASURES.items() if self.source.has(col) and self.log[col].notna().any()]

    # ------------------------------------------------------------------ headline
    def headline(self) -> show.Html:
        """The headline box: volume, its change, speed, timeliness, outcomes, repeats; the largest category as action.

        Returns
        -------
        insight.report.display.Html"""
        st, findings = self.style, [volume_sentence(self.style, self.volume),
                                    change_sentence(self.style, self.change, self.volume.freq)]
        for m in self._measures()[:1]:
            target = self._target(m)
            findings.append(speed_sentence(st, self._speed(m, by_channel=False).iloc[0], m, target))
        findings += [self.timely_sentence(), self.outcome_sentence(), self.repeat_sentence()]
        action = ""
        if self._has_answers("category"):
            top = self._mix("category").table.iloc[0]
            action = self._say("service.action.category", category=top.name, share=top["share"],
                               n=int(top["complaints"]))
        return show.headline(self._say("service.title"), self.source.name, [f for f in findings if f][:5],
                             action=action, style=st)

    def timely_sentence(self) -> str:
        """The share answered in time, with its interval; "" without a timely column.

        Returns
        -------
        str"""
        if not self._has_answers("timely"):
            return ""
        s = sat.flag_share(self.log, "timely")
        text = self._say("service.timely.sentence", share=s["share"], low=s["low"], high=s["high"],
                         late=int(s["n"] - s["yes"]), n=int(s["n"]))
        return text + (" " + self._say("service.timely.missing", n=int(s["missing"])) if s["missing"] else "")

    def outcome_sentence(self) -> str:
        """The most common outcomes and their shares; "" without an outcome column.

        Returns
        -------
        str"""
        if not self._has_answers("outcome"):
            return ""
        t = self._mix("outcome").table
        if len(t) == 1:
            return self._say("service.outcome.one", outcome=t.index[0], n=int(t["complaints"].iloc[0]))
        return self._say("service.outcome.sentence", top=t.index[0], share=t["share"].iloc[0], second=t.index[1],
                         second_share=t["share"].iloc[1], n=len(t))

    def repeat_sentence(self) -> str:
        """How many customers complained more than once; "" without customer ids.

        Returns
        -------
        str"""
        if not self._has_answers("customer_id"):
            return ""
        r = sat.repeat_complaints(self.log)
        return self._say("service.repeat.sentence", repeaters=r.repeaters, customers=r.customers, share=r.share,
                         low=r.low, high=r.high, complaint_share=r.complaint_share, most=r.most)

    # ------------------------------------------------------------------ sections
    def volume_view(self) -> list:
        """Complaints per period: the sentences, the chart and the table.

        Returns
        -------
        list of insight.report.display.Html"""
        st, v = self.style, self.volume
        total = v.total
        table = pd.DataFrame({self._say("service.col.complaints"): total,
                              self._say("service.col.days"): v.days,
                              self._say("service.col.per_day"): total / v.days,
                              self._say("service.col.complete"): v.complete}, index=list(total.index))
        caption = self._say(f"service.caption.volume.{'by' if v.by else 'total'}", top=self.params["top_categories"],
                            period=self._say(f"service.period.{v.freq}"))
        if not v.complete.all():
            caption += " " + self._say("service.caption.partial")
        return [show.text(" ".join(s for s in (volume_sentence(st, v), change_sentence(st, self.change, v.freq))
                                   if s)),
                show.figure(ip.plot_complaint_volume(v, top=self.params["top_categories"], style=st,
                                                     ax=new_axes(7, 5.5 if v.by else 4)), caption),
                show.table(table, index_label=self._say(f"service.index.{v.freq}"), digits=1, style=st)]

    def _mix_view(self, role: str) -> list:
        mix = self._mix(role)
        t = mix.table
        table = pd.DataFrame({self._say("service.col.complaints"): t["complaints"],
                              self._say("service.col.share"): t["share"],
                              self._say("service.col.interval"): [_range(self.style, lo, hi)
                                                                  for lo, hi in zip(t["low"], t["high"])]},
                             index=t.index.astype(str))
        out = [show.table(table, index_label=self._label(role), percent=[self._say("service.col.share")],
                          style=self.style)]
        if mix.missing:
            out.insert(0, show.text(self._say("service.mix.missing", n=mix.missing, column=self._label(role))))
        return out

    def categories(self) -> list:
        """What customers complain about: the largest categories; not covered without a category column.

        Returns
        -------
        list of insight.report.display.Html"""
        if not self._has_answers("category"):
            return self._missing("categories")
        t = self._mix("category").table
        k = min(self.params["top_categories"], len(t))
        text = self._say("service.categories.sentence", top=t.index[0], share=t["share"].iloc[0],
                         low=t["low"].iloc[0], high=t["high"].iloc[0], k=k, n=len(t),
                         top_share=t["share"].iloc[:k].sum())
        return [show.text(text), *self._mix_view("category")]

    def channels(self) -> list:
        """Through which channels complaints come in; not covered without a channel column.

        Returns
        -------
        list of insight.report.display.Html"""
        if not self._has_answers("channel"):
            return self._missing("channels")
        t = self._mix("channel").table
        if len(t) == 1:
            return [show.text(self._say("service.channels.one", channel=t.index[0], n=int(t["complaints"].iloc[0])))]
        return [show.text(self._say("service.channels.sentence", top=t.index[0], share=t["share"].iloc[0], n=len(t))),
                *self._mix_view("channel")]

    def speed(self) -> list:
        """Time to first response and to resolution per channel against the targets; not covered without times.

        Returns
        -------
        list of insight.report.display.Html"""
        st, out = self.style, []
        if not self._measures():
            return self._missing("speed")
        for m in self._measures():
            target = self._target(m)
            t = self._speed(m)
            table = pd.DataFrame({self._say("service.col.complaints"): t["complaints"],
                                  self._say(f"service.col.timed.{m}"): t["timed"],
                                  self._say("service.col.open"): t["open"],
                                  self._say("service.col.median_h"): t["median_h"],
                                  self._say("service.col.p90_h"): t["p90_h"],
                                  self._say("service.col.within", target=hours(st, target)): t["within_target"],
                                  self._say("service.col.interval"): [
                                      _range(st, lo, hi) for lo, hi in zip(t["within_target_low"],
                                                                           t["within_target_high"])]},
                                 index=t.index.astype(str))
            overall = self._speed(m, by_channel=False).iloc[0]
            out += [show.text(speed_sentence(st, overall, m, target)),
                    show.table(table, index_label=self._label("channel") if self.source.has("channel") else
                               self._say("service.index.channel"), digits=1,
                               percent=[self._say("service.col.within", target=hours(st, target))], style=st),
                    show.figure(ip.plot_service_speed(self._channels(), MEASURES[m], target_hours=target, style=st,
                                                      ax=new_axes(7, 4)),
                                self._say(f"service.caption.speed.{m}", target=hours(st, target)))]
        return out

    def timeliness(self) -> list:
        """The share answered in time, by category or channel; not covered without a timely column.

        Returns
        -------
        list of insight.report.display.Html"""
        if not self._has_answers("timely"):
            return self._missing("timeliness")
        out = [show.text(self.timely_sentence())]
        by = "category" if self._has_answers("category") else "channel" if self._has_answers("channel") else None
        if by is not None:
            out.append(self._flag_table("timely", by))
        return out

    def _flag_table(self, flag: str, by: str) -> show.Html:
        t = sat.flag_share(self.log, flag, by=by)
        col = self._say(f"service.col.{flag}")
        table = pd.DataFrame({self._say("service.col.answered"): t["n"].astype(int), col: t["share"],
                              self._say("service.col.interval"): [_range(self.style, lo, hi)
                                                                  for lo, hi in zip(t["low"], t["high"])]},
                             index=t.index.astype(str))
        return show.table(table, index_label=self._label(by), percent=[col], style=self.style)

    def outcomes(self) -> list:
        """How complaints end; not covered without an outcome column.

        Returns
        -------
        list of insight.report.display.Html"""
        if not self._has_answers("outcome"):
            return self._missing("outcomes")
        return [show.text(self.outcome_sentence()), *self._mix_view("outcome")]

    def disputes(self) -> list:
        """The share of complaints disputed, by outcome; not covered without a disputed column.

        Returns
        -------
        list of insight.report.display.Html"""
        if not self._has_answers("disputed"):
            return self._missing("disputes")
        s = sat.flag_share(self.log, "disputed")
        out = [show.text(self._say("service.disputes.sentence", share=s["share"], low=s["low"], high=s["high"],
                                   n=int(s["n"]), missing=int(s["missing"])))]
        if self._has_answers("outcome"):
            out.append(self._flag_table("disputed", "outcome"))
        return out

    def repeats(self) -> list:
        """Who complains again: customers by number of complaints; not covered without customer ids.

        Returns
        -------
        list of insight.report.display.Html"""
        if not self._has_answers("customer_id"):
            return self._missing("repeats")
        r = sat.repeat_complaints(self.log)
        table = r.table.rename(columns={"customers": self._say("service.col.customers")})
        return [show.text(self.repeat_sentence()),
                show.table(table, index_label=self._say("service.index.per_customer"), style=self.style)]

    def data_view(self) -> list:
        """The data read and their cleaning.

        Returns
        -------
        list of insight.report.display.Html"""
        return [show.text(self._say("service.data.sentence", name=self.source.name)),
                cleaning_view(self.style, self.source.cleaning)]


@checked(freq=Choice(("M", "Q")), target_hours=Number(0, above=True), resolution_target_hours=Number(0, above=True),
         top_categories=Number(1, integer=True), currency=CURRENCY, language=LANGUAGE, calendar=CALENDAR)
def service_report(source, *, freq: str = "M", target_hours: float = 24.0, resolution_target_hours: float = 72.0,
                   top_categories: int = 5, currency: str = "USD", language: str = "en", calendar: str = "") -> ServiceReport:
    """Complaint volume (by category when the log has one) per month or quarter with its largest change beyond
    noise, and the sections of a :class:`~insight.data.complaints.ComplaintLog` (from
    :func:`insight.report.sources.complaints_source`): speed per channel against the targets, timeliness, outcomes,
    disputes and repeat complaints.

    Parameters
    ----------
    source : insight.data.complaints.ComplaintLog
        The complaint log.
    freq : {"M", "Q"}, default "M"
        Periods of the volume: months or quarters.
    target_hours, resolution_target_hours : float, default 24.0 and 72.0
        Targets of the time to first response and to resolution, in hours.
    top_categories : int, default 5
        Number of categories drawn in the volume chart.
    currency : str, default "USD"
        Accepted so that one set of parameters serves every report (this one shows no money).
    language : str, default "en"
        Language of the report.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).

    Returns
    -------
    ServiceReport"""
    st = Style(language=language, currency=currency, calendar=calendar)
    by = "category" if source.has("category") and source.table["category"].notna().any() else None
    log = source.table.assign(category=source.table["category"].fillna(st.say("service.no_category"))) if by else \
        source.table
    volume = sat.complaint_volume(log, freq=freq, by=by, calendar=st.calendar)
    return ServiceReport(source, volume, sat.volume_change(volume),
                         dict(freq=freq, target_hours=target_hours, resolution_target_hours=resolution_target_hours,
                              top_categories=top_categories), st)
