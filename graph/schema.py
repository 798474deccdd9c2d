"""Constraints and indexes, applied idempotently (``IF NOT EXISTS``).

Applied by ``cgintel db init`` and at API start-up. Names are stable so that re-applying is
a no-op. Uniqueness constraints back every natural key the loaders MERGE on.
"""

from __future__ import annotations

from neo4j import AsyncDriver

from graph.queries.tallies import DROP_EXCLUDED, RESET, TALLY_UNTALLIED

CONSTRAINTS: tuple[str, ...] = (
    "CREATE CONSTRAINT agency_ori IF NOT EXISTS FOR (n:Agency) REQUIRE n.ori IS UNIQUE",
    "CREATE CONSTRAINT jurisdiction_id IF NOT EXISTS FOR (n:Jurisdiction) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT incident_id IF NOT EXISTS FOR (n:Incident) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT firearm_id IF NOT EXISTS FOR (n:Firearm) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT trace_number IF NOT EXISTS FOR (n:Trace) REQUIRE n.trace_number IS UNIQUE",
    "CREATE CONSTRAINT dealer_ffl IF NOT EXISTS FOR (n:Dealer) REQUIRE n.ffl IS UNIQUE",
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT lead_id IF NOT EXISTS FOR (n:Lead) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT hit_id IF NOT EXISTS FOR (n:Hit) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT examination_id IF NOT EXISTS FOR (n:Examination) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT followup_id IF NOT EXISTS FOR (n:FollowUp) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT run_id IF NOT EXISTS FOR (n:CorrelationRun) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT link_tally_id IF NOT EXISTS FOR (n:LinkTally) REQUIRE n.id IS UNIQUE",
)

INDEXES: tuple[str, ...] = (
    "CREATE RANGE INDEX agency_region IF NOT EXISTS FOR (n:Agency) ON (n.region)",
    "CREATE RANGE INDEX agency_state IF NOT EXISTS FOR (n:Agency) ON (n.state)",
    "CREATE TEXT INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name)",
    "CREATE RANGE INDEX jurisdiction_level IF NOT EXISTS FOR (n:Jurisdiction) ON (n.level)",
    "CREATE RANGE INDEX incident_agency_time IF NOT EXISTS "
    "FOR (n:Incident) ON (n.agency_ori, n.occurred_at)",
    "CREATE RANGE INDEX incident_time IF NOT EXISTS FOR (n:Incident) ON (n.occurred_at)",
    "CREATE POINT INDEX incident_location IF NOT EXISTS FOR (n:Incident) ON (n.location)",
    "CREATE RANGE INDEX evidence_calibre IF NOT EXISTS FOR (n:Evidence) ON (n.calibre)",
    "CREATE RANGE INDEX evidence_ori IF NOT EXISTS FOR (n:Evidence) ON (n.contributing_ori)",
    "CREATE RANGE INDEX evidence_sha IF NOT EXISTS FOR (n:Evidence) ON (n.scan_sha256)",
    "CREATE RANGE INDEX firearm_serial IF NOT EXISTS FOR (n:Firearm) ON (n.serial_number)",
    "CREATE RANGE INDEX hit_lead IF NOT EXISTS FOR (n:Hit) ON (n.lead_id)",
    "CREATE RANGE INDEX hit_time IF NOT EXISTS FOR (n:Hit) ON (n.confirmed_at)",
    "CREATE RANGE INDEX lead_time IF NOT EXISTS FOR (n:Lead) ON (n.created_at)",
    "CREATE RANGE INDEX followup_target IF NOT EXISTS FOR (n:FollowUp) ON (n.target_id)",
    "CREATE RANGE INDEX lead_status IF NOT EXISTS FOR (n:Lead) ON (n.status)",
    "CREATE RANGE INDEX audit_time IF NOT EXISTS FOR (n:AuditEvent) ON (n.at)",
    "CREATE RANGE INDEX audit_agency_time IF NOT EXISTS FOR (n:AuditEvent) ON (n.agency_ori, n.at)",
    "CREATE RANGE INDEX link_tally_pair IF NOT EXISTS FOR (n:LinkTally) ON (n.by, n.level)",
)


# Data migrations, idempotent and batched (auto-commit ``CALL … IN TRANSACTIONS``): copies
# that newer queries read, filled in on graphs written by older versions. Each finds nothing
# to do once applied.
MIGRATIONS: tuple[str, ...] = (
    # 0.4: Incident.area_keys (the cross-jurisdiction summary reads it instead of expanding)
    """MATCH (i:Incident) WHERE i.area_keys IS NULL AND EXISTS { (i)-[:IN_JURISDICTION]->() }
CALL (i) {
  SET i.area_keys = [(i)-[:IN_JURISDICTION]->(j:Jurisdiction) | j.level + '|' + j.id]
} IN TRANSACTIONS OF 10000 ROWS""",
    # 0.4: HIT_LINK.lead_id (a hit link's series without a lookup of its hit)
    """MATCH ()-[k:HIT_LINK]->() WHERE k.lead_id IS NULL
MATCH (h:Hit {id: k.hit_id})
CALL (k, h) { SET k.lead_id = h.lead_id } IN TRANSACTIONS OF 10000 ROWS""",
    # 0.4: link tallies (after the two above: a tally reads area_keys and lead_id)
    TALLY_UNTALLIED,
    # 0.4: an excluded lead links no incidents (its links untallied and deleted)
    DROP_EXCLUDED,
)


def statements() -> list[str]:
    """Every schema statement, constraints first. Pure; used by tests and :func:`apply_schema`."""
    return [*CONSTRAINTS, *INDEXES]


async def apply_schema(driver: AsyncDriver, *, database: str) -> int:
    """Create every constraint and index that is missing; return how many statements ran."""
    from graph.base import translate_errors

    stmts = statements()
    async with translate_errors(), driver.session(database=database) as session:
        for stmt in stmts:
            await session.run(stmt)  # schema DDL: constants only
        for stmt in MIGRATIONS:
            await (await session.run(stmt)).consume()
    return len(stmts)


async def retally(driver: AsyncDriver, *, database: str) -> None:
    """Rebuild every link tally from the links (graph/queries/tallies.py)."""
    from graph.base import translate_errors

    async with translate_errors(), driver.session(database=database) as session:
        for stmt in (*RESET, TALLY_UNTALLIED):
            await (await session.run(stmt)).consume()
