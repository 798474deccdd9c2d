"""Process-wide state of the API, created in the lifespan (never at import time)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from domain.settings import Settings
from graph.driver import make_driver
from graph.schema import apply_schema
from services.auth import Authenticator
from services.notify import Broker

if TYPE_CHECKING:
    from services.evidence_store import EvidenceStore
    from services.matching_index import MatchingIndex


class AppState:
    """Process-wide state, created in the lifespan (never at import time)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.driver = make_driver(settings)
        self.authenticator = Authenticator()
        self.broker = Broker()
        self._index: MatchingIndex | None = None
        self._evidence_store: EvidenceStore | None = None
        self.schema_applied = False
        self._schema_lock = asyncio.Lock()

    @property
    def index(self) -> MatchingIndex:
        """The matching index (imports numpy/opencv on first use only)."""
        if self._index is None:
            from services.matching_index import MatchingIndex

            self._index = MatchingIndex(self.settings.signature_store)
        return self._index

    @property
    def evidence_store(self) -> EvidenceStore:
        if self._evidence_store is None:
            from services.evidence_store import EvidenceStore

            self._evidence_store = EvidenceStore(self.settings.evidence_store)
        return self._evidence_store

    async def ensure_schema(self) -> None:
        """Apply constraints/indexes once the database answers (retried from /health)."""
        if self.schema_applied:
            return
        async with self._schema_lock:
            if not self.schema_applied:
                await apply_schema(self.driver, database=self.settings.neo4j_database)
                self.schema_applied = True
