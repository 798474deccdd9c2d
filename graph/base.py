"""Repository base: runs named Cypher with parameters, maps driver errors to domain errors.

Every round trip increments the request's :class:`QueryStats` (a context variable), which
the API exposes to tests that count database round trips (no N+1).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncDriver, RoutingControl
from neo4j import exceptions as nx
from neo4j.time import Date, DateTime

from domain.errors import Conflict, DatabaseUnavailable


@dataclass
class QueryStats:
    round_trips: int = 0


current_stats: ContextVar[QueryStats | None] = ContextVar("cgintel_query_stats", default=None)


@asynccontextmanager
async def translate_errors() -> AsyncIterator[None]:
    try:
        yield
    except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
        raise DatabaseUnavailable() from exc
    except nx.AuthError as exc:
        raise DatabaseUnavailable("the service cannot log on to the graph database") from exc
    except nx.ConstraintError as exc:
        raise Conflict(f"a record with this key already exists: {exc.message}") from exc
    except nx.DriverError as exc:
        # Pool exhausted / timeouts: the database is not answering in time.
        if "timed out" in str(exc).lower() or "acquisition" in str(exc).lower():
            raise DatabaseUnavailable() from exc
        raise


def to_native(value: Any) -> Any:
    """Neo4j temporal values → Python; recursively for lists and maps."""
    if isinstance(value, DateTime):
        return value.to_native()
    if isinstance(value, Date):
        return value.to_native()
    if isinstance(value, list):
        return [to_native(v) for v in value]
    if isinstance(value, dict):
        return {k: to_native(v) for k, v in value.items()}
    if isinstance(value, neo4j.spatial.Point):
        return tuple(value)
    return value


def row(record: neo4j.Record) -> dict[str, Any]:
    return {k: to_native(v) for k, v in record.items()}


class Repo:
    """Base class: ``Repo(driver, database=...)``."""

    def __init__(self, driver: AsyncDriver, *, database: str) -> None:
        self._driver = driver
        self._database = database

    async def _run(
        self, query: LiteralString, params: Mapping[str, Any], *, write: bool, native: bool = True
    ) -> list[dict[str, Any]]:
        stats = current_stats.get()
        if stats is not None:
            stats.round_trips += 1
        async with translate_errors():
            result = await self._driver.execute_query(
                query,
                dict(params),
                database_=self._database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            )
        if not native:
            return [dict(r) for r in result.records]
        return [row(r) for r in result.records]

    async def _read(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        return await self._run(query, params, write=False)

    async def _read_plain(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """For results of strings and numbers only: skips the temporal-value conversion, which
        walks every element of large nested lists."""
        return await self._run(query, params, write=False, native=False)

    async def _write(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        return await self._run(query, params, write=True)


def iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()
