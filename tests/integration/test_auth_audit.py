"""Authentication, authorisation and the audit trail, over HTTP against the real Neo4j."""

from __future__ import annotations

from typing import Any

from domain.enums import Role
from graph.repos.audit import AuditRepo
from tests import factories as f

ME = "{ me { name role agencyOri } }"
CREATE = "mutation($input: IncidentInput!) { createIncident(input: $input) { id } }"
INC = {"id": "a-1", "agencyOri": f.NYPD, "occurredAt": "2024-06-01T23:15:00-04:00"}


async def audit(svc: Any, action: str | None = None) -> list[Any]:
    events = await svc.repo(AuditRepo).page(agency_ori=None, action=action, limit=500)
    return events


async def test_no_token_is_401_and_audited(gql: Any, svc: Any) -> None:
    r = await gql(ME)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in r.json()["detail"]["message"]
    events = await audit(svc, "auth.token")
    assert [(e.outcome.value, e.detail, e.source) for e in events] == [
        ("failure", "no credentials", "127.0.0.1")
    ]


async def test_bad_and_unknown_tokens_are_401(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    token = await make_user(Role.ANALYST, f.NYPD)
    for bad in ["garbage", "cgi_nosuchuser_" + "x" * 40, token[:-2] + "zz"]:
        assert (await gql(ME, bad)).status_code == 401
    details = sorted(e.detail or "" for e in await audit(svc, "auth.token"))
    assert details == ["malformed token", "unknown user", "wrong secret (1 consecutive)"]


async def test_lockout_after_five_failures(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    token = await make_user(Role.ANALYST, f.NYPD)
    wrong = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for _ in range(5):
        assert (await gql(ME, wrong)).status_code == 401
    r = await gql(ME, token)  # the right token no longer works: account locked
    assert r.status_code == 401
    assert "locked after 5 failed log-ons" in r.json()["detail"]["message"]
    assert any(e.detail == "locked" for e in await audit(svc, "auth.token"))


async def test_success_opens_an_audited_session(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    token = await make_user(Role.INVESTIGATOR, f.NYPD, name="Ivy Investigator")
    r = await gql(ME, token)
    assert r.json()["data"]["me"] == {
        "name": "Ivy Investigator",
        "role": "INVESTIGATOR",
        "agencyOri": f.NYPD,
    }
    await gql(ME, token)
    logons = await audit(svc, "auth.logon")
    assert len(logons) == 1 and logons[0].outcome.value == "success"


async def test_wrong_role_is_403_and_audited(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    examiner = await make_user(Role.EXAMINER, f.NYPD)
    r = await gql(CREATE, examiner, input=INC)
    assert r.status_code == 403
    err = r.json()["errors"][0]
    assert err["extensions"]["code"] == "FORBIDDEN"
    assert "role 'examiner' may not create incident" in err["message"]
    (event,) = await audit(svc, "incident.create")
    assert (event.outcome.value, event.role, event.target) == ("denied", "examiner", "incident:a-1")


async def test_every_mutation_is_audited_with_who_what_where(
    gql: Any, svc: Any, make_user: Any
) -> None:
    await f.seed_agencies(svc)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    assert (await gql(CREATE, analyst, input=INC)).status_code == 200
    (event,) = await audit(svc, "incident.create")
    assert event.outcome.value == "success"
    assert event.agency_ori == f.NYPD and event.role == "analyst" and event.user_id
    assert event.target == "incident:a-1" and event.source == "127.0.0.1"
    assert event.at.tzinfo is not None
    # Another agency's incident: refused, and that is audited too.
    other = dict(INC, id="a-2", agencyOri=f.PPD)
    r = await gql(CREATE, analyst, input=other)
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    outcomes = sorted(e.outcome.value for e in await audit(svc, "incident.create"))
    assert outcomes == ["failure", "success"]


async def test_audit_trail_is_read_only_and_admin_only(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    admin = await make_user(Role.AGENCY_ADMIN, f.NYPD)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    await gql(ME, analyst)
    q = "{ auditEvents(first: 50) { nodes { action outcome userId } } }"
    r = await gql(q, analyst)
    assert r.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    nodes = (await gql(q, admin)).json()["data"]["auditEvents"]["nodes"]
    assert {"auth.logon", "user.create"} <= {n["action"] for n in nodes}
    fields = (await gql("{ __schema { mutationType { fields { name } } } }", admin)).json()
    names = [x["name"].lower() for x in fields["data"]["__schema"]["mutationType"]["fields"]]
    assert not [n for n in names if "audit" in n]  # nothing can alter or delete audit records
    assert not hasattr(AuditRepo, "delete") and not hasattr(AuditRepo, "update")
