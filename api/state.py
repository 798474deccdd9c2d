"""Process-wide state of the API, created in the lifespan (never at import time)."""

from __future__ import annotations

import asyncio

from domain.settings import Settings
from graph.driver import make_driver
from graph.schema import apply_schema
from services.auth import Authenticator
from services.notify import Broker


class AppState:
    """Process-wide state, created in the lifespan (never at import time)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.driver = make_driver(settings)
        self.authenticator = Authenticator()
        self.broker = Broker()
        self.schema_applied = False
        self._schema_lock = asyncio.Lock()

    async def ensure_schema(self) -> None:
        """Apply constraints/indexes once the database answers (retried from /health)."""
        if self.schema_applied:
            return
        async with self._schema_lock:
            if not self.schema_applied:
                await apply_schema(self.driver, database=self.settings.neo4j_database)
                self.schema_applied = True
