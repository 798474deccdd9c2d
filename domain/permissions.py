"""Who may do what: the role × operation matrix that every resolver and route checks.

Agency scoping is separate (``Principal.can_see``): a role grants an operation, the caller's
agency (and the agencies sharing its region) bounds the records it applies to.
"""

from __future__ import annotations

from enum import StrEnum

from domain.enums import Role
from domain.errors import Forbidden
from domain.models import Principal


class Operation(StrEnum):
    READ = "read"  # agencies, incidents, evidence, cycles, links: scoped by agency
    READ_AUDIT = "read_audit"
    MANAGE_USERS = "manage_users"
    WRITE_AGENCY = "write_agency"
    INGEST = "ingest"
    CREATE_INCIDENT = "create_incident"
    ACQUIRE = "acquire"  # upload a scan, run correlation
    REVIEW_CANDIDATES = "review_candidates"  # open a lead, add to a lead, dismiss
    CONFIRM = "confirm"  # examiner conclusion on a lead
    FOLLOW_UP = "follow_up"
    READ_TRACE_PURCHASER = "read_trace_purchaser"  # still only for the requesting agency
    ANALYZE = "analyze"  # network analytics, exports, feedback summaries


_ALL_READERS = {Role.TECHNICIAN, Role.EXAMINER, Role.ANALYST, Role.INVESTIGATOR, Role.AGENCY_ADMIN}

MATRIX: dict[Operation, frozenset[Role]] = {
    Operation.READ: frozenset(_ALL_READERS),
    Operation.READ_AUDIT: frozenset({Role.AGENCY_ADMIN}),
    Operation.MANAGE_USERS: frozenset({Role.AGENCY_ADMIN}),
    Operation.WRITE_AGENCY: frozenset({Role.AGENCY_ADMIN}),
    Operation.INGEST: frozenset({Role.AGENCY_ADMIN, Role.ANALYST, Role.TECHNICIAN}),
    Operation.CREATE_INCIDENT: frozenset({Role.ANALYST, Role.INVESTIGATOR, Role.TECHNICIAN}),
    Operation.ACQUIRE: frozenset({Role.TECHNICIAN}),
    Operation.REVIEW_CANDIDATES: frozenset({Role.TECHNICIAN}),
    Operation.CONFIRM: frozenset({Role.EXAMINER}),
    Operation.FOLLOW_UP: frozenset({Role.INVESTIGATOR}),
    Operation.READ_TRACE_PURCHASER: frozenset({Role.ANALYST, Role.INVESTIGATOR}),
    Operation.ANALYZE: frozenset({Role.ANALYST, Role.INVESTIGATOR, Role.AGENCY_ADMIN}),
}


def allowed(role: Role, operation: Operation) -> bool:
    return role in MATRIX[operation]


def require(principal: Principal, operation: Operation) -> None:
    """Raise :class:`Forbidden` with a clear message unless the caller's role allows it."""
    if not allowed(principal.role, operation):
        roles = ", ".join(sorted(r.value for r in MATRIX[operation]))
        raise Forbidden(
            f"role '{principal.role.value}' may not {operation.value.replace('_', ' ')}; "
            f"allowed roles: {roles}"
        )


def require_agency(principal: Principal, ori: str | None, *, what: str = "record") -> None:
    """Raise :class:`Forbidden` unless the record's agency is visible to the caller."""
    if not principal.can_see(ori):
        raise Forbidden(f"this {what} belongs to agency {ori}, outside your agency's scope")
