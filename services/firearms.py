"""eTrace-style firearm linkage and trafficking indicators.

Trace purchaser details go only to the agency that requested the trace, and only to a role
allowed to read them (``READ_TRACE_PURCHASER``); everyone else sees that they are withheld.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.analysis import (
    FirearmLinkage,
    FirearmTie,
    PersonRef,
    TraceView,
    TraffickingIndicators,
)
from domain.errors import ValidationFailed
from domain.permissions import Operation, allowed, require
from graph.analytics import trafficking as tr
from graph.repos.firearms import FirearmRepo
from services.context import ServiceContext
from services.records import visible


def purchaser_ori(ctx: ServiceContext) -> str | None:
    """The agency whose traces' purchasers the caller may read, if any."""
    p = ctx.caller
    return p.agency_ori if allowed(p.role, Operation.READ_TRACE_PURCHASER) else None


def _trace(t: dict[str, Any], reader: str | None) -> TraceView:
    shown = reader is not None and t["requesting_ori"] == reader and t.get("purchaser_id")
    return TraceView(
        trace_number=t["trace_number"],
        requesting_ori=t["requesting_ori"],
        requested_at=t.get("requested_at"),
        dealer_ffl=t.get("dealer_ffl"),
        dealer_name=t.get("dealer_name"),
        dealer_state=t.get("dealer_state"),
        purchase_date=t.get("purchase_date"),
        recovery_date=t.get("recovery_date"),
        ttc_days=None if t.get("ttc") is None else int(t["ttc"]),
        multiple_sale=bool(t.get("multiple_sale")),
        possessor_differs=t.get("possessor_differs"),
        purchaser=PersonRef(t["purchaser_id"], t.get("purchaser_name")) if shown else None,
        purchaser_withheld=bool(t.get("has_purchaser")) and not shown,
    )


def _indicators(traces: list[TraceView]) -> tuple[str, ...]:
    out = set()
    for t in traces:
        if t.ttc_days is not None and t.ttc_days <= tr.SHORT_TTC_DAYS:
            out.add("ttc_under_1y")
        if t.ttc_days is not None and t.ttc_days <= 3 * 365:
            out.add("ttc_under_3y")
        if t.possessor_differs:
            out.add("possessor_differs")
        if t.multiple_sale:
            out.add("multiple_sale")
        if t.dealer_state and t.dealer_state != t.requesting_ori[:2]:
            out.add("interstate")
    return tuple(sorted(out))


async def firearm_linkage(
    ctx: ServiceContext, *, firearm_id: str | None = None, serial: str | None = None
) -> list[FirearmLinkage]:
    """Firearms by id or serial number with their traces, tied incidents and possessors.
    A firearm is shown when it was recovered, traced or linked within the caller's scope."""
    require(ctx.caller, Operation.READ)
    if not firearm_id and not serial:
        raise ValidationFailed("give a firearm id or a serial number")
    oris = visible(ctx)
    reader = purchaser_ori(ctx)
    rows = await ctx.repo(FirearmRepo).linkage(
        firearm_id=firearm_id, serial=serial, oris=oris, purchaser_ori=reader
    )
    out = []
    for r in rows:
        f = r["firearm"]
        recovered_here = ctx.caller.can_see(f.get("recovery_ori"))
        if not (recovered_here or r["traced_here"] or r["ties"]):
            continue  # nothing about this gun is within the caller's scope
        traces = [_trace(t, reader) for t in r["traces"] if t["requesting_ori"] in oris]
        ties = [
            FirearmTie(
                incident_id=t["incident"]["id"],
                occurred_at=t["incident"]["occurred_at"],
                agency_ori=t["incident"]["agency_ori"],
                lead_id=t["lead_id"],
                lead_status=t["status"],
                hit_id=t["hit_id"],
                warm=bool(t["warm"]),
            )
            for t in r["ties"]
        ] + [
            FirearmTie(i["id"], i["occurred_at"], i["agency_ori"], None, None, None, False, True)
            for i in r["recovered_in"]
        ]
        ties.sort(key=lambda t: (t.occurred_at, t.incident_id, t.lead_id or ""))
        out.append(
            FirearmLinkage(
                firearm_id=f["id"],
                serial_number=f.get("serial_number"),
                obliterated=bool(f.get("obliterated")),
                manufacturer=f.get("manufacturer"),
                model=f.get("model"),
                calibre=f.get("calibre"),
                recovery_ori=f.get("recovery_ori"),
                recovered_at=f.get("recovered_at"),
                traces=tuple(sorted(traces, key=lambda t: t.trace_number)),
                ties=tuple(ties),
                possessors=tuple(
                    sorted(
                        (PersonRef(p["id"], p.get("name")) for p in r["possessors"]),
                        key=lambda p: p.id,
                    )
                )
                if recovered_here
                else (),
                indicators=_indicators(traces),
            )
        )
    return out


async def trafficking_indicators(
    ctx: ServiceContext,
    *,
    min_guns: int = 3,
    short_ttc_days: int = tr.SHORT_TTC_DAYS,
    window_days: int = 30,
    since: datetime | None = None,
    until: datetime | None = None,
) -> TraffickingIndicators:
    """Dealers and purchasers sourcing several crime guns, short-TTC clusters and interstate
    flows, over the traces requested by the caller's region."""
    require(ctx.caller, Operation.ANALYZE)
    if min_guns < 2 or short_ttc_days < 1 or window_days < 1:
        raise ValidationFailed("minGuns must be ≥ 2; shortTtcDays and windowDays ≥ 1")
    rows = await ctx.repo(FirearmRepo).trace_rows(
        oris=visible(ctx), purchaser_ori=purchaser_ori(ctx), since=since, until=until
    )
    return TraffickingIndicators(
        dealers=tuple(tr.dealers(rows, min_guns=min_guns, short_ttc_days=short_ttc_days)),
        purchasers=tuple(tr.purchasers(rows, min_guns=min_guns, short_ttc_days=short_ttc_days)),
        ttc_clusters=tuple(
            tr.ttc_clusters(
                rows, min_guns=min_guns, short_ttc_days=short_ttc_days, window_days=window_days
            )
        ),
        interstate_flows=tuple(tr.interstate_flows(rows, short_ttc_days=short_ttc_days)),
        traces_considered=len(rows),
    )
