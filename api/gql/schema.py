"""The strawberry schema, with query-cost limits and clean error logging."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from api.gql.errors import DomainErrors, RoundTrips
from api.gql.mutation import CoreMutation
from api.gql.query import CoreQuery
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


# Each feature keeps its GraphQL root fields in its own module; the roots are merged here.
FEATURE_MODULES = ("matching", "workflow", "analysis", "maps")


def _roots() -> tuple[type, type, type | None]:
    import importlib

    from strawberry.tools import merge_types

    queries: list[type] = [CoreQuery]
    mutations: list[type] = [CoreMutation]
    subscriptions: list[type] = []
    for name in FEATURE_MODULES:
        try:
            module = importlib.import_module(f"api.gql.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"api.gql.{name}":
                raise
            continue
        queries += getattr(module, "QUERIES", [])
        mutations += getattr(module, "MUTATIONS", [])
        subscriptions += getattr(module, "SUBSCRIPTIONS", [])
    query = merge_types("Query", tuple(queries))
    mutation = merge_types("Mutation", tuple(mutations))
    subscription = merge_types("Subscription", tuple(subscriptions)) if subscriptions else None
    return query, mutation, subscription


def build_schema() -> strawberry.Schema:
    # The depth and alias limiters are validation rules. Build their rule classes once, so
    # that the validation cache's key (document, rules) repeats and a repeated operation is
    # validated once, not on every request (a new limiter instance makes new rule classes).
    limit_rules = [
        *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
        *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
    ]
    extensions: list[Any] = [
        lambda: AddValidationRules(limit_rules),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        DomainErrors,
        RoundTrips,
        lambda: ParserCache(maxsize=256),  # module-level LRU: repeated operations skip parsing
        lambda: ValidationCache(maxsize=256),  # ... and validation
    ]
    query, mutation, subscription = _roots()
    return Schema(query=query, mutation=mutation, subscription=subscription, extensions=extensions)
