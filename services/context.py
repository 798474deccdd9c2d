"""What every service call carries: the database handle and the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from domain.models import Principal
from graph.base import Repo
from graph.driver import AsyncDriver
from services.notify import Broker

R = TypeVar("R", bound=Repo)


@dataclass
class ServiceContext:
    driver: AsyncDriver
    database: str
    principal: Principal | None = None
    source: str | None = None  # client address, for the audit trail
    component: str = "api"
    broker: Broker | None = None  # live notifications (the API process has one)
    _repos: dict[type, Repo] = field(default_factory=dict, repr=False)

    def repo(self, cls: type[R]) -> R:
        """One repository instance per class and context (cheap, stateless)."""
        found = self._repos.get(cls)
        if found is None:
            found = cls(self.driver, database=self.database)
            self._repos[cls] = found
        return found  # type: ignore[return-value]

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            from domain.errors import Unauthenticated

            raise Unauthenticated("authentication required: send 'Authorization: Bearer <token>'")
        return self.principal
