"""Live notifications: new leads and hits, delivered to subscribers of the agencies involved.

In-process publish/subscribe (one API process). The durable, pollable feed is
``workflow.feed``, derived from the graph itself; a subscriber that reconnects catches up
from there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Notification:
    kind: str  # lead_opened | lead_extended | hit_confirmed
    lead_id: str
    hit_id: str | None
    at: datetime
    agency_oris: tuple[str, ...]
    cross_jurisdiction: bool


@dataclass
class Broker:
    max_queue: int = 1000
    _subscribers: dict[int, tuple[str, asyncio.Queue[Notification]]] = field(default_factory=dict)
    _next: int = 0

    async def publish(self, event: Notification) -> int:
        """Deliver to every subscriber whose agency is involved; return how many got it."""
        delivered = 0
        for ori, queue in list(self._subscribers.values()):
            if ori in event.agency_oris:
                if queue.full():  # a stalled subscriber loses its oldest event, not ours
                    queue.get_nowait()
                queue.put_nowait(event)
                delivered += 1
        return delivered

    async def subscribe(self, ori: str) -> AsyncIterator[Notification]:
        key = self._next
        self._next += 1
        queue: asyncio.Queue[Notification] = asyncio.Queue(maxsize=self.max_queue)
        self._subscribers[key] = (ori, queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers.pop(key, None)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)
