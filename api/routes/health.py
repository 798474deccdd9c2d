"""``/health``: 200 when Neo4j answers, 503 when it does not (no restart needed after)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from domain.errors import DatabaseUnavailable
from graph.driver import ping

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(state: StateDep) -> JSONResponse:
    try:
        await ping(state.driver, database=state.settings.neo4j_database)
        await state.ensure_schema()
    except DatabaseUnavailable as exc:
        return JSONResponse(
            status_code=503, content={"status": "unavailable", "database": str(exc)}
        )
    return JSONResponse(
        status_code=200, content={"status": "ok", "database": "reachable", "schema": "applied"}
    )
