"""Downloads: feedback summaries and the lead report as CSV, subgraphs as GraphML / GEXF."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import CtxDep
from services import exports, feedback

router = APIRouter(prefix="/exports", tags=["exports"])

MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def _attachment(body: bytes | str, media: str, name: str) -> Response:
    return Response(
        content=body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/feedback.csv")
async def feedback_csv(
    ctx: CtxDep,
    since: datetime,
    until: datetime,
    agency: Annotated[str | None, Query(description="one agency; default: the region")] = None,
    region: str | None = None,
) -> Response:
    rows = await feedback.summaries(
        ctx, since=since, until=until, agency_ori=agency.upper() if agency else None, region=region
    )
    return _attachment(feedback.to_csv(rows), "text/csv; charset=utf-8", "feedback.csv")


@router.get("/leads.csv")
async def leads_csv(ctx: CtxDep, since: datetime, until: datetime) -> Response:
    body = await exports.lead_report_csv(ctx, since=since, until=until)
    return _attachment(body, "text/csv; charset=utf-8", "leads.csv")


@router.get("/subgraph.{fmt}")
async def subgraph(
    ctx: CtxDep,
    fmt: Literal["graphml", "gexf"],
    incident: Annotated[str | None, Query(description="export this incident's cycle")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    leads: bool = True,
) -> Response:
    body = await exports.subgraph(
        ctx, fmt=fmt, incident_id=incident, since=since, until=until, leads=leads
    )
    name = f"cycle-{incident}.{fmt}" if incident else f"network.{fmt}"
    return _attachment(body, MEDIA[fmt], name)
