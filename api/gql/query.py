"""Root query: thin resolvers over services."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.gql.context import Info
from api.gql.pagination import Connection, PageInfo, decode_cursor, encode_cursor
from api.gql.types import AgencyType, AuditEventType, EvidenceType, IncidentType, MeType
from domain.permissions import Operation, require
from graph.repos.audit import AuditRepo
from services import records


@strawberry.type
class CoreQuery:
    @strawberry.field(description="The authenticated caller: role, agency, visible agencies.")
    def me(self, info: Info) -> MeType:
        return MeType.from_domain(info.context.svc.caller)

    @strawberry.field
    async def agency(self, info: Info, ori: str) -> AgencyType | None:
        a = await info.context.loaders.agency.load(ori.upper())
        return AgencyType.from_domain(a) if a else None

    @strawberry.field(description="Agencies visible to the caller, ordered by ORI.")
    async def agencies(
        self, info: Info, state: str | None = None, first: int = 50, after: str | None = None
    ) -> Connection[AgencyType]:
        key = decode_cursor(after)
        rows = await records.list_agencies(
            info.context.svc, state=state, after=key[0] if key else None, first=first
        )
        more = len(rows) > first
        rows = rows[:first]
        return Connection(
            nodes=[AgencyType.from_domain(a) for a in rows],
            page_info=PageInfo(
                has_next_page=more, end_cursor=encode_cursor(rows[-1].ori) if rows else None
            ),
        )

    @strawberry.field
    async def incident(self, info: Info, id: strawberry.ID) -> IncidentType | None:
        i = await info.context.loaders.incident.load(str(id))
        return IncidentType.from_domain(i) if i else None

    @strawberry.field(description="Incidents visible to the caller, newest first.")
    async def incidents(
        self,
        info: Info,
        agency_ori: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[IncidentType]:
        key = decode_cursor(after)
        rows = await records.list_incidents(
            info.context.svc,
            agency_ori=agency_ori,
            since=since,
            until=until,
            after=(datetime.fromisoformat(key[0]), str(key[1])) if key else None,
            first=first,
        )
        more = len(rows) > first
        rows = rows[:first]
        for i in rows:
            info.context.loaders.incident.prime(i.id, i)
        end = encode_cursor(rows[-1].occurred_at.isoformat(), rows[-1].id) if rows else None
        return Connection(
            nodes=[IncidentType.from_domain(i) for i in rows],
            page_info=PageInfo(has_next_page=more, end_cursor=end),
        )

    @strawberry.field
    async def evidence(self, info: Info, id: strawberry.ID) -> EvidenceType | None:
        e = await info.context.loaders.evidence.load(str(id))
        return EvidenceType.from_domain(e) if e else None

    @strawberry.field(description="The caller's agency's audit trail (agency_admin only).")
    async def audit_events(
        self, info: Info, action: str | None = None, first: int = 50, after: str | None = None
    ) -> Connection[AuditEventType]:
        svc = info.context.svc
        require(svc.caller, Operation.READ_AUDIT)
        key = decode_cursor(after)
        rows = await svc.repo(AuditRepo).page(
            agency_ori=svc.caller.agency_ori,
            action=action,
            before=(datetime.fromisoformat(key[0]), str(key[1])) if key else None,
            limit=records.page_size(first) + 1,
        )
        more = len(rows) > first
        rows = rows[:first]
        end = encode_cursor(rows[-1].at.isoformat(), rows[-1].id) if rows else None
        return Connection(
            nodes=[AuditEventType.from_domain(e) for e in rows],
            page_info=PageInfo(has_next_page=more, end_cursor=end),
        )
