"""Mount the schema on FastAPI with a typed, per-request context.

HTTP: the ``Authorization: Bearer`` header is checked before any operation runs (401 if
missing or wrong); the GraphiQL page itself needs none. WebSocket (subscriptions,
graphql-transport-ws): the header on the upgrade request, or ``{"Authorization": "Bearer
…"}`` in the ``connection_init`` payload; a connection without a valid token is closed
with 4403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, HTTPException
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UnsetType

from api.deps import get_state, service_context
from api.gql.context import Context
from api.gql.loaders import build_loaders
from api.gql.schema import build_schema
from domain.errors import DomainError
from graph.base import QueryStats, current_stats


async def get_context(
    request: HTTPConnection, authorization: Annotated[str | None, Header()] = None
) -> Context:
    svc = service_context(request)
    is_ws = request.scope["type"] == "websocket"
    wants_page = (
        not is_ws and request.scope.get("method") == "GET" and "query" not in request.query_params
    )
    if is_ws:
        if authorization:  # else: authenticated from connection_init in on_ws_connect
            try:
                svc.principal = await get_state(request).authenticator.authenticate(
                    svc, authorization
                )
            except DomainError:
                svc.principal = None
    elif not wants_page:  # the GraphiQL page itself needs no token; every operation does
        try:
            svc.principal = await get_state(request).authenticator.authenticate(svc, authorization)
        except DomainError as exc:
            raise HTTPException(
                status_code=exc.http_status,
                detail={"error": exc.code, "message": str(exc)},
                headers={"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None,
            ) from exc
    stats = QueryStats()
    current_stats.set(stats)
    return Context(svc=svc, loaders=build_loaders(svc), stats=stats, app=get_state(request))


class Router(GraphQLRouter[Context, None]):
    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        if context.svc.principal is None:
            params = context.connection_params or {}
            token = params.get("Authorization") or params.get("authorization")
            if not isinstance(token, str):
                raise ConnectionRejectionError({"message": "authentication required"})
            connection = context.request
            if connection is None:
                raise ConnectionRejectionError({"message": "no connection"})
            try:
                state = get_state(connection)
                context.svc.principal = await state.authenticator.authenticate(context.svc, token)
            except DomainError as exc:
                raise ConnectionRejectionError({"message": str(exc)}) from exc
        return await super().on_ws_connect(context)


def graphql_router() -> GraphQLRouter[Context, None]:
    return Router(build_schema(), context_getter=get_context, graphql_ide="graphiql")
