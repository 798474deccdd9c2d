"""Fixtures for the analysis tests: planted graphs and callers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.enums import Role
from domain.models import Principal
from services.context import ServiceContext
from tests import factories as f

REGION = {f.NYPD: {f.NYPD, f.PPD}, f.PPD: {f.NYPD, f.PPD}, f.OTHER: {f.OTHER}}


@pytest.fixture
def caller(svc: Any) -> Callable[..., ServiceContext]:
    """``caller(Role.ANALYST, NYPD)`` → a service context for that caller (region peers
    as the token would give them)."""

    def make(role: Role = Role.ANALYST, ori: str = f.NYPD) -> ServiceContext:
        return ServiceContext(
            driver=svc.driver,
            database=svc.database,
            principal=Principal(
                user_id=f"u-{role.value}-{ori}",
                name=f"{role.value} {ori}",
                role=role,
                agency_ori=ori,
                visible_oris=frozenset(REGION[ori]),
            ),
            source="test",
        )

    return make
