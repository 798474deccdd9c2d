"""Keyset pages over computed, totally ordered result lists (pairs, dealers, ...)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from api.gql.pagination import PageInfo, decode_cursor, encode_cursor
from services.records import page_size

T = TypeVar("T")


def keyset_page(
    items: Sequence[T], *, key: Callable[[T], tuple[Any, ...]], first: int, after: str | None
) -> tuple[list[T], PageInfo]:
    """``items`` sorted ascending by ``key`` (unique); the page after the cursor's key."""
    page_size(first)
    cursor = decode_cursor(after)
    start = 0
    if cursor is not None:
        mark = tuple(cursor)
        start = next((n for n, it in enumerate(items) if _jsonish(key(it)) > mark), len(items))
    page = list(items[start : start + first])
    more = start + first < len(items)
    end = encode_cursor(*_jsonish(key(page[-1]))) if page else None
    return page, PageInfo(has_next_page=more, end_cursor=end)


def _jsonish(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(k if isinstance(k, int | float | str) else str(k) for k in key)
