from __future__ import annotations

import pytest

from domain.enums import Role
from domain.errors import Forbidden, Unauthenticated
from domain.models import Principal
from domain.permissions import MATRIX, Operation, allowed, require, require_agency
from services.auth import hash_secret, make_token, parse_token


def principal(role: Role, ori: str = "NY0303000", peers: frozenset[str] = frozenset()) -> Principal:
    return Principal(user_id="u1", name="n", role=role, agency_ori=ori, visible_oris=peers)


def test_every_operation_has_at_least_one_role() -> None:
    assert set(MATRIX) == set(Operation)
    assert all(MATRIX[op] for op in Operation)


@pytest.mark.parametrize(
    ("role", "operation", "expected"),
    [
        (Role.EXAMINER, Operation.CONFIRM, True),
        (Role.TECHNICIAN, Operation.CONFIRM, False),
        (Role.TECHNICIAN, Operation.REVIEW_CANDIDATES, True),
        (Role.ANALYST, Operation.REVIEW_CANDIDATES, False),
        (Role.INVESTIGATOR, Operation.FOLLOW_UP, True),
        (Role.EXAMINER, Operation.FOLLOW_UP, False),
        (Role.AGENCY_ADMIN, Operation.MANAGE_USERS, True),
        (Role.ANALYST, Operation.READ_AUDIT, False),
    ],
)
def test_matrix(role: Role, operation: Operation, expected: bool) -> None:
    assert allowed(role, operation) is expected


def test_require_explains_who_may() -> None:
    with pytest.raises(Forbidden, match=r"role 'analyst' may not confirm; allowed roles: examiner"):
        require(principal(Role.ANALYST), Operation.CONFIRM)
    require(principal(Role.EXAMINER), Operation.CONFIRM)  # no error


def test_agency_scope() -> None:
    p = principal(Role.ANALYST, peers=frozenset({"PAPEP0000"}))
    require_agency(p, "NY0303000")
    require_agency(p, "PAPEP0000")
    with pytest.raises(Forbidden, match="outside your agency's scope"):
        require_agency(p, "CA0194200")
    with pytest.raises(Forbidden):
        require_agency(p, None)


def test_token_roundtrip_and_hash_only() -> None:
    token, stored = make_token("abc123def456")
    user_id, secret = parse_token(token)
    assert user_id == "abc123def456"
    assert stored == hash_secret(secret)
    assert secret not in stored and len(stored) == 64


@pytest.mark.parametrize(
    "bad", ["", "cgi_", "xyz_abc_" + "s" * 30, "cgi__" + "s" * 30, "cgi_a_short"]
)
def test_malformed_tokens(bad: str) -> None:
    with pytest.raises(Unauthenticated):
        parse_token(bad)
