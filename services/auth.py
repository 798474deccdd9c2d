"""API tokens: issue, verify, lock out.

A token is ``cgi_<user id>_<secret>``; only ``sha256(secret)`` is stored. The user id in the
token lets a failed secret count against its account: after ``MAX_FAILURES`` consecutive
failures the account is locked for ``LOCK_MINUTES`` (CJIS: 5 attempts, 10 minutes). Every
failed authentication is audited; a successful one is audited when it opens a new session
(first use, or after ``SESSION_IDLE`` of inactivity).

Verified principals are cached in-process for ``CACHE_TTL`` so a busy client does not cost a
database round trip per request; a disabled token stops working within that time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from domain.enums import AuditOutcome, Role
from domain.errors import Unauthenticated
from domain.models import Principal
from graph.repos.users import UserRepo
from services.audit import audited, new_id, record
from services.context import ServiceContext

TOKEN_PREFIX = "cgi"
MAX_FAILURES = 5
LOCK_MINUTES = 10
SESSION_IDLE = timedelta(minutes=30)
CACHE_TTL = 30.0  # seconds


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_token(user_id: str) -> tuple[str, str]:
    """Return ``(token, stored_hash)``."""
    secret = secrets.token_urlsafe(32)
    return f"{TOKEN_PREFIX}_{user_id}_{secret}", hash_secret(secret)


def parse_token(token: str) -> tuple[str, str]:
    """Split a token into ``(user_id, secret)``; :class:`Unauthenticated` if malformed."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or len(parts[2]) < 20:
        raise Unauthenticated("malformed API token")
    return parts[1], parts[2]


@dataclass
class Authenticator:
    """Per-process token verifier with a short principal cache and session tracking."""

    _cache: dict[str, tuple[Principal, float]] = field(default_factory=dict)
    _last_seen: dict[str, float] = field(default_factory=dict)

    def forget(self) -> None:
        self._cache.clear()

    async def authenticate(self, ctx: ServiceContext, authorization: str | None) -> Principal:
        if not authorization:
            await record(
                ctx, action="auth.token", outcome=AuditOutcome.FAILURE, detail="no credentials"
            )
            raise Unauthenticated("authentication required: send 'Authorization: Bearer <token>'")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            await record(
                ctx, action="auth.token", outcome=AuditOutcome.FAILURE, detail="not a bearer token"
            )
            raise Unauthenticated("use 'Authorization: Bearer <token>'")
        key = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        cached = self._cache.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        principal = await self._verify(ctx, token)
        self._cache[key] = (principal, now + CACHE_TTL)
        last = self._last_seen.get(principal.user_id)
        self._last_seen[principal.user_id] = now
        if last is None or now - last > SESSION_IDLE.total_seconds():
            ctx.principal = principal
            await record(ctx, action="auth.logon", outcome=AuditOutcome.SUCCESS)
        return principal

    async def _verify(self, ctx: ServiceContext, token: str) -> Principal:
        try:
            user_id, secret = parse_token(token)
        except Unauthenticated:
            await record(
                ctx, action="auth.token", outcome=AuditOutcome.FAILURE, detail="malformed token"
            )
            raise
        users = ctx.repo(UserRepo)
        stored = await users.for_auth(user_id)
        if stored is None:
            await record(
                ctx,
                action="auth.token",
                outcome=AuditOutcome.FAILURE,
                target=f"user:{user_id}",
                detail="unknown user",
            )
            raise Unauthenticated("invalid API token")
        who = {"user_id": stored.id, "role": stored.role.value, "agency_ori": stored.agency_ori}
        now = datetime.now(UTC)
        if stored.disabled:
            await record(
                ctx, action="auth.token", outcome=AuditOutcome.FAILURE, detail="disabled", **who
            )
            raise Unauthenticated("this API token has been disabled")
        if stored.locked_until is not None and stored.locked_until > now:
            await record(
                ctx, action="auth.token", outcome=AuditOutcome.FAILURE, detail="locked", **who
            )
            raise Unauthenticated(
                f"account locked after {MAX_FAILURES} failed log-ons; "
                f"try again after {stored.locked_until.isoformat(timespec='seconds')}"
            )
        if not hmac.compare_digest(hash_secret(secret), stored.token_hash):
            failed = await users.record_failure(
                stored.id,
                max_failures=MAX_FAILURES,
                lock_until=now + timedelta(minutes=LOCK_MINUTES),
            )
            await record(
                ctx,
                action="auth.token",
                outcome=AuditOutcome.FAILURE,
                detail=f"wrong secret ({failed} consecutive)",
                **who,
            )
            raise Unauthenticated("invalid API token")
        if stored.failed_logons or stored.locked_until is not None:
            await users.record_success(stored.id, at=now)
        return Principal(
            user_id=stored.id,
            name=stored.name,
            role=stored.role,
            agency_ori=stored.agency_ori,
            visible_oris=stored.peers | {stored.agency_ori},
        )


async def create_user(
    ctx: ServiceContext, *, name: str, role: Role, agency_ori: str
) -> tuple[str, str]:
    """Create a user bound to a role and an agency; return ``(user_id, token)``.

    The token is shown once; only its hash is stored. Audited as ``user.create``.
    """
    user_id = new_id("u").removeprefix("u-")[:12]
    async with audited(ctx, "user.create", target=f"user:{user_id}", agency_ori=agency_ori) as note:
        token, token_hash = make_token(user_id)
        created = await ctx.repo(UserRepo).create(
            user_id=user_id,
            name=name,
            role=role,
            agency_ori=agency_ori,
            token_hash=token_hash,
            created_at=datetime.now(UTC),
        )
        if not created:
            from domain.errors import NotFound

            raise NotFound(f"unknown agency ORI {agency_ori}: load agencies first")
        note.detail = f"role={role.value} agency={agency_ori}"
    return user_id, token
