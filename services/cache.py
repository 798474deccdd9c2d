"""A small in-process cache for expensive analysis results (TTL + size bound + single flight).

Keys always include the caller's scope (the agencies it may see), so one caller never gets
another's results; entries also carry a fingerprint of the data so that new links invalidate
them before the TTL runs out.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class TTLCache:
    def __init__(self, *, ttl_s: float, max_entries: int) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._locks: dict[Hashable, asyncio.Lock] = {}

    def clear(self) -> None:
        self._data.clear()

    async def get_or_compute(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        hit = self._lookup(key)
        if hit is not None:
            return hit[0]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # one computation per key at a time (single flight)
            hit = self._lookup(key)
            if hit is not None:
                return hit[0]
            value = await compute()
            self._data[key] = (time.monotonic() + self.ttl_s, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                old, _ = self._data.popitem(last=False)
                self._locks.pop(old, None)
            return value

    def _lookup(self, key: Hashable) -> tuple[Any] | None:
        found = self._data.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        self._data.move_to_end(key)
        return (found[1],)


_ALL: list[TTLCache] = []


def register(cache: TTLCache) -> TTLCache:
    _ALL.append(cache)
    return cache


def clear_all() -> None:
    """Forget every analysis cache (tests that rebuild the database call this)."""
    for cache in _ALL:
        cache.clear()
