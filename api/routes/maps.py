"""``/maps``: shooting-cycle and region maps as self-contained HTML (or PNG for reports).

Role-gated and agency-scoped in :mod:`services.maps`; every map made is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import CtxDep, StateDep
from services import maps as svc

router = APIRouter(prefix="/maps", tags=["maps"])

FormatQ = Annotated[svc.MapFormat, Query(alias="format", description="html (default) or png")]
MEDIA = {"html": "text/html; charset=utf-8", "png": "image/png"}
# The page is self-contained: no scripts or styles from elsewhere, no connections out.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob: *; connect-src 'none'; frame-ancestors 'self'"
)


def _options(state: StateDep) -> svc.MapOptions:
    s = state.settings
    return svc.MapOptions(public_url=s.public_url, shared_data=s.shared_data, tiles=s.map_tiles)


def _respond(body: bytes, fmt: svc.MapFormat) -> Response:
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if fmt == "html":
        headers["Content-Security-Policy"] = CSP
    return Response(content=body, media_type=MEDIA[fmt], headers=headers)


@router.get("/incidents/{incident_id}/cycle", summary="The shooting cycle around an incident")
async def cycle_map(
    incident_id: str, ctx: CtxDep, state: StateDep, fmt: FormatQ = "html"
) -> Response:
    body = await svc.cycle_map(ctx, incident_id, fmt=fmt, opts=_options(state))
    return _respond(body, fmt)


@router.get("/region", summary="Incidents, heat and cross-jurisdiction links of a region")
async def region_map(
    ctx: CtxDep,
    state: StateDep,
    fmt: FormatQ = "html",
    agency_ori: Annotated[
        str | None, Query(description="one agency (default: all visible)")
    ] = None,
    jurisdiction: Annotated[list[str] | None, Query(description="jurisdiction ids")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=svc.MAX_REGION)] = 10_000,
) -> Response:
    body = await svc.region_map(
        ctx,
        agency_ori=agency_ori.upper() if agency_ori else None,
        jurisdiction_ids=jurisdiction,
        since=since,
        until=until,
        limit=limit,
        fmt=fmt,
        opts=_options(state),
    )
    return _respond(body, fmt)
