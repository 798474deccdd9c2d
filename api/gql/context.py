"""The per-request GraphQL context: the caller's service context and its DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext
from strawberry.types import Info as _Info

from api.gql.loaders import Loaders
from api.state import AppState
from graph.base import QueryStats
from services.context import ServiceContext


@dataclass
class Context(BaseContext):
    svc: ServiceContext
    loaders: Loaders
    stats: QueryStats
    app: AppState
    connection_params: dict[str, Any] | None = field(default=None)  # websocket init payload

    def __post_init__(self) -> None:
        super().__init__()


Info = _Info[Context, None]
