"""Audit every change: ``async with audited(ctx, "incident.create", target=...)``.

Success, denial (Forbidden / Unauthenticated) and failure are each recorded with time, user,
role, agency, action, target, outcome, source and component. If the database itself is down
the audit record cannot be written; the original error still propagates.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.enums import AuditOutcome
from domain.errors import DatabaseUnavailable, DomainError, Forbidden, Unauthenticated
from domain.models import AuditEvent
from graph.repos.audit import AuditRepo
from services.context import ServiceContext

log = logging.getLogger("cgintel.audit")


@dataclass
class AuditNote:
    """Lets the audited block name its target once it is known (e.g. a generated id)."""

    target: str | None = None
    detail: str | None = None
    agency_ori: str | None = None


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


async def record(
    ctx: ServiceContext,
    *,
    action: str,
    outcome: AuditOutcome,
    target: str | None = None,
    detail: str | None = None,
    user_id: str | None = None,
    role: str | None = None,
    agency_ori: str | None = None,
) -> None:
    p = ctx.principal
    event = AuditEvent(
        id=new_id("audit"),
        at=datetime.now(UTC),
        user_id=user_id or (p.user_id if p else None),
        role=role or (p.role.value if p else None),
        agency_ori=agency_ori or (p.agency_ori if p else None),
        action=action,
        target=target,
        outcome=outcome,
        source=ctx.source,
        component=ctx.component,
        detail=(detail or None) and detail[:1000],
    )
    try:
        await ctx.repo(AuditRepo).append(event)
    except DatabaseUnavailable:
        log.error("audit record lost (database unavailable): %s", event.model_dump_json())


@asynccontextmanager
async def audited(
    ctx: ServiceContext, action: str, *, target: str | None = None, agency_ori: str | None = None
) -> AsyncIterator[AuditNote]:
    """Record the outcome of the block. ``agency_ori`` files the record under an agency when
    there is no authenticated caller (CLI actions), so that agency's admin sees it."""
    note = AuditNote(target=target, agency_ori=agency_ori)
    try:
        yield note
    except (Forbidden, Unauthenticated) as exc:
        await record(
            ctx,
            action=action,
            outcome=AuditOutcome.DENIED,
            target=note.target,
            detail=str(exc),
            agency_ori=note.agency_ori,
        )
        raise
    except DatabaseUnavailable:
        log.error("action %s on %s failed: database unavailable", action, note.target)
        raise
    except DomainError as exc:
        await record(
            ctx,
            action=action,
            outcome=AuditOutcome.FAILURE,
            target=note.target,
            detail=str(exc),
            agency_ori=note.agency_ori,
        )
        raise
    except Exception as exc:
        await record(
            ctx,
            action=action,
            outcome=AuditOutcome.FAILURE,
            target=note.target,
            detail=type(exc).__name__,
            agency_ori=note.agency_ori,
        )
        raise
    else:
        await record(
            ctx,
            action=action,
            outcome=AuditOutcome.SUCCESS,
            target=note.target,
            detail=note.detail,
            agency_ori=note.agency_ori,
        )
