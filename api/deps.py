"""Dependencies every route declares: ``StateDep``, ``CtxDep``, ``CurrentUser``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.requests import HTTPConnection

from api.state import AppState
from domain.models import Principal
from services.context import ServiceContext


def get_state(request: HTTPConnection) -> AppState:
    state: AppState = request.app.state.cg
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def client_source(request: HTTPConnection) -> str | None:
    return request.client.host if request.client else None


def service_context(request: HTTPConnection) -> ServiceContext:
    state = get_state(request)
    return ServiceContext(
        driver=state.driver,
        database=state.settings.neo4j_database,
        source=client_source(request),
        broker=state.broker,
    )


async def authenticated_context(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> ServiceContext:
    ctx = service_context(request)
    ctx.principal = await get_state(request).authenticator.authenticate(ctx, authorization)
    return ctx


CtxDep = Annotated[ServiceContext, Depends(authenticated_context)]


async def current_user(ctx: CtxDep) -> Principal:
    return ctx.caller


CurrentUser = Annotated[Principal, Depends(current_user)]
