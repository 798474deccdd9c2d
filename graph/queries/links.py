"""Cypher for incident links: hits (confirmed), leads (unconfirmed) and shared people.

Every query is scoped by ``$oris`` (the agencies the caller may see): an incident of another
agency is neither returned nor traversed. ``$types`` holds the link relationship types to
follow (``HIT_LINK``, ``LEAD_LINK``), as values, never spliced into the text.
A link's *series* is the lead behind it (for a hit: the lead it confirms): one firearm.
"""

# A link's series: its lead (LEAD_LINK.lead_id; HIT_LINK.lead_id, the first hit's lead, filled
# in on older graphs by the migrations of graph/schema.py).
_SERIES = "r.lead_id"

_LINK_FIELDS = (
    """
       a.id AS a_id, a.occurred_at.epochMillis AS a_ms, a.agency_ori AS a_ori,
       b.id AS b_id, b.occurred_at.epochMillis AS b_ms, b.agency_ori AS b_ori,
       type(r) AS type, coalesce(r.hit_id, r.lead_id) AS ref,
       coalesce(r.confirmed_at, r.created_at).epochMillis AS at_ms,
       coalesce(r.warm, false) AS warm, """
    + _SERIES
    + """ AS series
"""
)

DIRECT = (
    """
MATCH (s:Incident {id: $id})
WHERE s.agency_ori IN $oris
MATCH (s)-[r:HIT_LINK|LEAD_LINK]-(o:Incident)
WHERE type(r) IN $types AND o.agency_ori IN $oris
WITH r, startNode(r) AS a, endNode(r) AS b
RETURN"""
    + _LINK_FIELDS
)

DIRECT_PEOPLE = """
MATCH (s:Incident {id: $id})
WHERE s.agency_ori IN $oris
MATCH (s)<-[:INVOLVED_IN]-(p:Person)-[:INVOLVED_IN]->(o:Incident)
WHERE o <> s AND o.agency_ori IN $oris
RETURN p.id AS person, s {.id, .agency_ori, ms: s.occurred_at.epochMillis} AS s,
       o {.id, .agency_ori, ms: o.occurred_at.epochMillis} AS o
"""

INCIDENT_NODE = """
MATCH (s:Incident {id: $id})
WHERE s.agency_ori IN $oris
RETURN s {.id, .agency_ori, ms: s.occurred_at.epochMillis} AS s
"""

# One round of the cycle search: everything reachable from $starts over visible incidents
# within 50 links, then every link touching the reached incidents. Neo4j plans the
# reachability as a pruning breadth-first expand (VarLengthExpand(Pruning,BFS), the
# visibility and type predicates inlined): cost linear in the component, not in its paths.
# Links whose far end was not reached are the frontier of the next round.
CYCLE_ROUND = (
    """
UNWIND $starts AS sid
MATCH (s:Incident {id: sid})
WHERE s.agency_ori IN $oris
MATCH p = (s)-[:HIT_LINK|LEAD_LINK*0..50]-(x:Incident)
WHERE all(n IN nodes(p) WHERE n.agency_ori IN $oris)
  AND all(t IN relationships(p) WHERE type(t) IN $types)
WITH DISTINCT x
LIMIT $limit
MATCH (x)-[r:HIT_LINK|LEAD_LINK]-(o:Incident)
WHERE type(r) IN $types AND o.agency_ori IN $oris
WITH x, r, startNode(r) AS a, endNode(r) AS b
RETURN x.id AS reached,"""
    + _LINK_FIELDS
)

PEOPLE_OF = """
UNWIND $ids AS iid
MATCH (s:Incident {id: iid})<-[:INVOLVED_IN]-(p:Person)-[:INVOLVED_IN]->(o:Incident)
WHERE o <> s AND o.agency_ori IN $oris
RETURN p.id AS person, s {.id, .agency_ori, ms: s.occurred_at.epochMillis} AS s,
       o {.id, .agency_ori, ms: o.occurred_at.epochMillis} AS o
"""

# Every link among visible incidents (optionally inside a time window), for cycle listing
# and cross-jurisdiction summaries.
ALL_LINKS = (
    """
MATCH (a:Incident)-[r:HIT_LINK|LEAD_LINK]->(b:Incident)
WHERE type(r) IN $types AND a.agency_ori IN $oris AND b.agency_ori IN $oris
  AND ($since IS NULL OR (a.occurred_at >= datetime($since)
                          AND b.occurred_at >= datetime($since)))
  AND ($until IS NULL OR (a.occurred_at < datetime($until)
                          AND b.occurred_at < datetime($until)))
WITH"""
    + _LINK_FIELDS
    + """
RETURN collect([a_id, a_ms, a_ori, b_id, b_ms, b_ori, type, ref, at_ms, warm, series]) AS links
"""
)
# The columns of ALL_LINKS' packed rows (one record for every link: the driver's cost is per
# record).
PACKED_FIELDS = (
    "a_id",
    "a_ms",
    "a_ori",
    "b_id",
    "b_ms",
    "b_ori",
    "type",
    "ref",
    "at_ms",
    "warm",
    "series",
)

ALL_PEOPLE = """
MATCH (p:Person)-[:INVOLVED_IN]->(i:Incident)
WHERE i.agency_ori IN $oris
  AND ($since IS NULL OR i.occurred_at >= datetime($since))
  AND ($until IS NULL OR i.occurred_at < datetime($until))
WITH p, collect(DISTINCT i {.id, .agency_ori, ms: i.occurred_at.epochMillis}) AS incidents
WHERE size(incidents) > 1
RETURN p.id AS person, incidents
"""

MEMBER_DETAILS = """
CALL () {
  UNWIND $ids AS iid
  MATCH (i:Incident {id: iid})
  CALL (i) {
    OPTIONAL MATCH (i)-[:IN_JURISDICTION]->(j:Jurisdiction)
    RETURN collect(j {.id, .name, .level}) AS jurisdictions
  }
  CALL (i) {
    OPTIONAL MATCH (f:Firearm)-[:RECOVERED_IN]->(i)
    RETURN collect(f.id) AS recovered
  }
  RETURN collect({id: i.id, jurisdictions: jurisdictions, recovered: recovered}) AS members
}
CALL () {
  UNWIND $series AS sid
  MATCH (l:Lead {id: sid})
  OPTIONAL MATCH (l)-[:INVOLVES]->(f:Firearm)
  WITH sid, collect(f.id) AS firearm_ids
  RETURN collect({series: sid, firearm_ids: firearm_ids}) AS series
}
RETURN members, series
"""

SERIES_FIREARMS = """
UNWIND $series AS sid
MATCH (l:Lead {id: sid})
OPTIONAL MATCH (l)-[:INVOLVES]->(f:Firearm)
RETURN sid AS series, collect(f.id) AS firearm_ids
"""

IN_JURISDICTION = """
UNWIND $ids AS iid
MATCH (:Incident {id: iid})-[:IN_JURISDICTION]->(:Jurisdiction {id: $jurisdiction_id})
RETURN collect(iid) AS ids
"""

# A fingerprint of the link graph from the count store (constant time), for caches.
LINK_COUNTS = """
CALL () { MATCH ()-[r:HIT_LINK]->() RETURN count(r) AS hits }
CALL () { MATCH ()-[r:LEAD_LINK]->() RETURN count(r) AS leads }
CALL () { MATCH ()-[r:INVOLVED_IN]->() RETURN count(r) AS people }
CALL () { MATCH (i:Incident) RETURN count(i) AS incidents }
RETURN hits, leads, people, incidents
"""

# Pairs of areas at $level (or of agencies) joined by links, aggregated in the database.
_CROSS_MATCH = """
MATCH (a:Incident)-[r:HIT_LINK|LEAD_LINK]->(b:Incident)
WHERE type(r) IN $types AND a.agency_ori IN $oris AND b.agency_ori IN $oris
  AND ($since IS NULL OR (a.occurred_at >= datetime($since)
                          AND b.occurred_at >= datetime($since)))
  AND ($until IS NULL OR (a.occurred_at < datetime($until)
                          AND b.occurred_at < datetime($until)))
"""

# Counts, the first three example incident pairs and the series behind each pair; the
# firearms of those series come from SERIES_FIREARMS in a second round trip.
_CROSS_AGGREGATE = (
    """
WITH r, x, y, example, """
    + _SERIES
    + """ AS series
ORDER BY example
RETURN x AS a, y AS b,
       count(DISTINCT CASE WHEN type(r) = $hit_type AND NOT coalesce(r.warm, false)
                      THEN r END) AS hits,
       count(DISTINCT CASE WHEN type(r) <> $hit_type THEN r END) AS leads,
       collect(DISTINCT example)[..3] AS examples, collect(DISTINCT series) AS series
"""
)


def _areas(node: str) -> str:
    """The ids of ``node``'s areas at the level ``$prefix`` ("level|") names, from the
    incident's ``area_keys`` copy of its IN_JURISDICTION relationships."""
    return (
        f"[x IN coalesce({node}.area_keys, []) WHERE x STARTS WITH $prefix"
        " | substring(x, size($prefix))]"
    )


CROSS_JURISDICTION_PAIRS = (
    _CROSS_MATCH
    + "WITH r, a, b, "
    + _areas("a")
    + " AS jas, "
    + _areas("b")
    + """ AS jbs
WHERE size(jas) > 0 AND size(jbs) > 0
UNWIND jas AS ja
UNWIND jbs AS jb
WITH r, a, b, ja, jb WHERE ja <> jb
WITH r, CASE WHEN ja < jb THEN [ja, jb, a.id, b.id] ELSE [jb, ja, b.id, a.id] END AS k
WITH r, k[0] AS x, k[1] AS y, [k[2], k[3]] AS example
"""
    + _CROSS_AGGREGATE
)

CROSS_AGENCY_PAIRS = (
    _CROSS_MATCH
    + """
  AND a.agency_ori <> b.agency_ori
WITH r, CASE WHEN a.agency_ori < b.agency_ori THEN [a.agency_ori, b.agency_ori, a.id, b.id]
            ELSE [b.agency_ori, a.agency_ori, b.id, a.id] END AS k
WITH r, k[0] AS x, k[1] AS y, [k[2], k[3]] AS example
"""
    + _CROSS_AGGREGATE
)

JURISDICTION_NAMES = """
UNWIND $ids AS jid
MATCH (j:Jurisdiction {id: jid})
RETURN j.id AS id, j.name AS name
"""
