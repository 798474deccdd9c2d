"""The strawberry schema, with query-cost limits."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from api.gql.errors import DomainErrors
from api.gql.mutation import Mutation
from api.gql.query import Query

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 4000


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            QueryDepthLimiter(max_depth=MAX_DEPTH),
            MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            MaxTokensLimiter(max_token_count=MAX_TOKENS),
            DomainErrors,
        ],
    )
