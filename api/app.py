"""FastAPI app factory. The lifespan owns the one async Neo4j driver of the process."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.state import AppState
from domain.errors import DomainError
from domain.settings import Settings, get_settings

log = logging.getLogger("cgintel.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState(settings)
        app.state.cg = state
        try:
            await state.ensure_schema()
        except DomainError:
            log.warning("Neo4j not reachable at start-up; /health reports 503 until it is")
        except Exception as exc:  # driver errors while the DB is down
            log.warning("schema not applied yet (%s); will retry", type(exc).__name__)
        try:
            yield
        finally:
            await state.driver.close()

    app = FastAPI(
        title="cgintel",
        summary="Crime gun intelligence graph service",
        version="0.1.0",
        lifespan=lifespan,
    )

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.http_status, content={"error": exc.code, "message": str(exc)}
        )

    from api.gql.router import graphql_router
    from api.routes import health

    app.include_router(health.router)
    app.include_router(graphql_router(), prefix="/graphql")
    _include_optional_routers(app)
    return app


def _include_optional_routers(app: FastAPI) -> None:
    """Routers owned by feature packages (uploads, maps, ingest)."""
    import importlib

    for name in ("ingest", "acquisitions", "maps", "exports"):
        try:
            module = importlib.import_module(f"api.routes.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"api.routes.{name}":
                raise
            continue
        app.include_router(module.router)
