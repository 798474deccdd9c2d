"""Opaque keyset cursors and the generic connection type."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

import strawberry

from domain.errors import ValidationFailed

T = TypeVar("T")


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), default=str).encode()).decode()


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if cursor is None:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as exc:
        raise ValidationFailed("invalid cursor") from exc
    if not isinstance(value, list):
        raise ValidationFailed("invalid cursor")
    return value


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Connection(Generic[T]):
    nodes: list[T]
    page_info: PageInfo
