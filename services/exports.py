"""Exports: a subgraph as GraphML or GEXF (Gephi, i2), the lead report as CSV. Audited."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import networkx as nx

from domain.analysis import CycleMode
from domain.errors import NotFound, ValidationFailed
from domain.permissions import Operation, require
from graph.repos.network import NetworkRepo
from services import cycles
from services.audit import audited
from services.context import ServiceContext
from services.records import visible

FORMATS = ("graphml", "gexf")
MAX_LEADS = 50_000


async def subgraph(
    ctx: ServiceContext,
    *,
    fmt: str,
    incident_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    leads: bool = True,
) -> bytes:
    """The cycle of ``incident_id``, or the whole scoped network in a period, serialised."""
    async with audited(
        ctx, f"export.subgraph.{fmt}", target=incident_id and f"incident:{incident_id}"
    ):
        require(ctx.caller, Operation.ANALYZE)
        if fmt not in FORMATS:
            raise ValidationFailed(f"format must be one of {', '.join(FORMATS)}")
        ids = None
        if incident_id is not None:
            mode = CycleMode.WITH_LEADS if leads else CycleMode.CONFIRMED
            cycle = await cycles.incident_cycle(ctx, incident_id=incident_id, mode=mode)
            if cycle is None:
                raise NotFound(f"unknown incident {incident_id}")
            ids = [m.incident_id for m in cycle.members]
        g = await ctx.repo(NetworkRepo).subgraph(
            oris=visible(ctx), since=since, until=until, ids=ids, leads=leads
        )
        lines = nx.generate_graphml(g) if fmt == "graphml" else nx.generate_gexf(g)
        return ("\n".join(lines) + "\n").encode()


STATUS_TEXT = {
    "potential": "potential (unconfirmed, investigative only)",
    "lead": "lead (unconfirmed, investigative only)",
    "confirmed": "confirmed by examiner (hit)",
    "excluded": "excluded (elimination)",
}


async def lead_report_csv(ctx: ServiceContext, *, since: datetime, until: datetime) -> str:
    """Leads created in the period on the caller's region's evidence, one line each."""
    async with audited(ctx, "export.leads.csv"):
        require(ctx.caller, Operation.ANALYZE)
        if not since < until:
            raise ValidationFailed("since must be before until")
        rows = await ctx.repo(NetworkRepo).lead_report(
            oris=visible(ctx), since=since, until=until, limit=MAX_LEADS
        )
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "lead_id",
            "status",
            "created_at",
            "opened_by_ori",
            "calibre",
            "cross_jurisdiction",
            "incidents",
            "agencies",
            "evidence",
            "hit_id",
            "confirmed_at",
            "warm_hit",
            "follow_ups",
        ]
    )
    for r in rows:
        w.writerow(
            [
                r["id"],
                STATUS_TEXT.get(r["status"], r["status"]),
                r["created_at"].isoformat(),
                r["agency_ori"],
                r["calibre"] or "",
                str(r["cross_jurisdiction"]).lower(),
                ";".join(sorted(r["incidents"])),
                ";".join(sorted(r["agencies"])),
                ";".join(sorted(r["evidence"])),
                r["hit_id"] or "",
                r["confirmed_at"].isoformat() if r["confirmed_at"] else "",
                str(r["warm"]).lower() if r["hit_id"] else "",
                ";".join(r["outcomes"]),
            ]
        )
    return buf.getvalue()
