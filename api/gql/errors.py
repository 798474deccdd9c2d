"""Domain errors → GraphQL ``extensions.code``; unexpected errors masked; HTTP status set.

When an operation produced no data and all its errors are the same domain error, the HTTP
status follows that error (401, 403, 503, ...), so plain HTTP clients see it too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.errors import DomainError

log = logging.getLogger("cgintel.graphql")


class DomainErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        statuses: set[int] = set()
        for err in result.errors or []:
            orig = err.original_error
            if isinstance(orig, DomainError):
                err.extensions = {**(err.extensions or {}), "code": orig.code}
                statuses.add(orig.http_status)
            elif orig is not None and not isinstance(orig, GraphQLError):
                log.error("unexpected error in %s", err.path, exc_info=orig)
                err.message = "internal error (logged)"
                err.extensions = {**(err.extensions or {}), "code": "INTERNAL"}
                statuses.add(500)
            else:
                err.extensions = {**(err.extensions or {}), "code": "GRAPHQL_VALIDATION"}
        data = getattr(result, "data", None)
        empty = data is None or all(v is None for v in data.values())
        if empty and len(statuses) == 1:
            response = getattr(self.execution_context.context, "response", None)
            if response is not None:
                response.status_code = statuses.pop()


class RoundTrips(SchemaExtension):
    """Reports the operation's database round trips in ``extensions.dbRoundTrips``."""

    def get_results(self) -> dict[str, object]:
        stats = getattr(self.execution_context.context, "stats", None)
        return {"dbRoundTrips": stats.round_trips} if stats is not None else {}
