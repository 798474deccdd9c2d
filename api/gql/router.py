"""Mount the schema on FastAPI with a typed, per-request context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, HTTPException, Request
from strawberry.fastapi import GraphQLRouter

from api.deps import get_state, service_context
from api.gql.context import Context
from api.gql.loaders import build_loaders
from api.gql.schema import build_schema
from domain.errors import DomainError
from graph.base import QueryStats, current_stats


async def get_context(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> Context:
    svc = service_context(request)
    wants_page = request.method == "GET" and "query" not in request.query_params
    if not wants_page:  # the GraphiQL page itself needs no token; every operation does
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
    return Context(svc=svc, loaders=build_loaders(svc), stats=stats)


def graphql_router() -> GraphQLRouter[Context, None]:
    return GraphQLRouter(
        build_schema(),
        context_getter=get_context,
        graphql_ide="graphiql",
    )
