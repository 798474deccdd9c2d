"""The strawberry schema, with query-cost limits and clean error logging."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.types import ExecutionContext

from api.gql.errors import DomainErrors, RoundTrips
from api.gql.mutation import Mutation
from api.gql.query import Query
from domain.errors import DomainError

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 4000

log = logging.getLogger("cgintel.graphql")


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Domain errors are answers, not faults: log them briefly; log the rest in full."""
        for err in errors:
            if isinstance(err.original_error, DomainError):
                log.info("%s: %s", err.original_error.code, err.message)
            else:
                super().process_errors([err], execution_context)


def build_schema() -> strawberry.Schema:
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        DomainErrors,
        RoundTrips,
    ]
    return Schema(query=Query, mutation=Mutation, extensions=extensions)
