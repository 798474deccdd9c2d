"""Users and their API tokens (stored as SHA-256 hashes only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.enums import Role
from graph.base import Repo
from graph.queries import users as q


@dataclass(frozen=True, slots=True)
class StoredUser:
    id: str
    name: str
    role: Role
    agency_ori: str
    token_hash: str
    failed_logons: int
    locked_until: datetime | None
    disabled: bool
    peers: frozenset[str]


class UserRepo(Repo):
    async def create(
        self,
        *,
        user_id: str,
        name: str,
        role: Role,
        agency_ori: str,
        token_hash: str,
        created_at: datetime,
    ) -> bool:
        rows = await self._write(
            q.CREATE,
            id=user_id,
            name=name,
            role=role.value,
            agency_ori=agency_ori,
            token_hash=token_hash,
            created_at=created_at.isoformat(),
        )
        return bool(rows)

    async def for_auth(self, user_id: str) -> StoredUser | None:
        rows = await self._read(q.FOR_AUTH, id=user_id)
        if not rows or rows[0]["user"] is None:
            return None
        u = rows[0]["user"]
        return StoredUser(
            id=u["id"],
            name=u["name"],
            role=Role(u["role"]),
            agency_ori=u["agency_ori"],
            token_hash=u["token_hash"],
            failed_logons=int(u.get("failed_logons") or 0),
            locked_until=u.get("locked_until"),
            disabled=bool(u.get("disabled")),
            peers=frozenset(p for p in rows[0]["peers"] if p),
        )

    async def record_failure(self, user_id: str, *, max_failures: int, lock_until: datetime) -> int:
        rows = await self._write(
            q.RECORD_FAILURE,
            id=user_id,
            max_failures=max_failures,
            lock_until=lock_until.isoformat(),
        )
        return int(rows[0]["failed"]) if rows else 0

    async def record_success(self, user_id: str, *, at: datetime) -> None:
        await self._write(q.RECORD_SUCCESS, id=user_id, at=at.isoformat())

    async def disable(self, user_id: str) -> bool:
        return bool(await self._write(q.DISABLE, id=user_id))
