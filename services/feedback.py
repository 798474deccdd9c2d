"""Feedback-loop summaries: how an agency's submissions turned into leads, hits and
outcomes, and how fast; side by side across the agencies of a region."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, timedelta

from domain.analysis import FeedbackSummary
from domain.errors import ValidationFailed
from domain.permissions import Operation, require, require_agency
from graph.repos.agencies import AgencyRepo
from graph.repos.feedback import FeedbackRepo
from services.context import ServiceContext
from services.records import visible

MAX_PERIOD = timedelta(days=5 * 366)


def _check_period(since: datetime, until: datetime) -> None:
    if since.tzinfo is None or until.tzinfo is None:
        raise ValidationFailed("since and until must be timezone-aware")
    if not since < until:
        raise ValidationFailed("since must be before until")
    if until - since > MAX_PERIOD:
        raise ValidationFailed("the period may span at most five years")


async def summaries(
    ctx: ServiceContext,
    *,
    since: datetime,
    until: datetime,
    agency_ori: str | None = None,
    region: str | None = None,
) -> list[FeedbackSummary]:
    """One agency's summary, or every visible agency of a region (default: the caller's)."""
    require(ctx.caller, Operation.ANALYZE)
    _check_period(since, until)
    agencies = await ctx.repo(AgencyRepo).by_oris(visible(ctx))
    if agency_ori is not None:
        require_agency(ctx.caller, agency_ori, what="agency's data")
        oris: Sequence[str] = [agency_ori]
    else:
        own = agencies.get(ctx.caller.agency_ori)
        wanted = region or (own.region if own else None)
        oris = sorted(o for o, a in agencies.items() if wanted is None or a.region == wanted)
    names = {o: a.name for o, a in agencies.items()}
    return await ctx.repo(FeedbackRepo).summaries(oris=oris, names=names, since=since, until=until)


CSV_OUTCOMES = ("assigned", "suspect_identified", "arrest", "charged", "cleared", "no_action")


def to_csv(rows: Sequence[FeedbackSummary]) -> str:
    """One line per agency; stage medians and 90th percentiles in hours."""
    stage_names = [s.stage for s in rows[0].stages] if rows else []
    header = ["agency_ori", "agency_name", "since", "until", "scene_items", "test_fires"]
    for s in stage_names:
        header += [f"{s}_n", f"{s}_median_h", f"{s}_p90_h"]
    header += ["leads", "hits", "warm_hits", "cross_jurisdiction_leads"]
    header += [f"follow_up_{o}" for o in CSV_OUTCOMES] + ["leads_without_follow_up"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        line: list[object] = [
            r.agency_ori,
            r.agency_name or "",
            r.since.isoformat(),
            r.until.isoformat(),
            r.scene_items,
            r.test_fires,
        ]
        for st in r.stages:
            line += [st.count, _num(st.median_hours), _num(st.p90_hours)]
        line += [r.leads, r.hits, r.warm_hits, r.cross_jurisdiction_leads]
        line += [r.follow_up_outcomes.get(o, 0) for o in CSV_OUTCOMES]
        line.append(r.leads_without_follow_up)
        w.writerow(line)
    return buf.getvalue()


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:.2f}"
