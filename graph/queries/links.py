"""Cypher for incident links: hits (confirmed), leads (unconfirmed) and shared people.

Every query is scoped by ``$oris`` (the agencies the caller may see): an incident of another
agency is neither returned nor traversed. ``$types`` holds the link relationship types to
follow (``HIT_LINK``, ``LEAD_LINK``), as values, never spliced into the text.
A link's *series* is the lead behind it (for a hit: the lead it confirms): one firearm.
"""

_LINK_FIELDS = """
       a {.id, .occurred_at, .agency_ori} AS a, b {.id, .occurred_at, .agency_ori} AS b,
       type(r) AS type, coalesce(r.hit_id, r.lead_id) AS ref,
       coalesce(h.lead_id, r.lead_id) AS series,
       coalesce(r.confirmed_at, r.created_at) AS at, coalesce(r.warm, false) AS warm
"""

DIRECT = (
    """
MATCH (s:Incident {id: $id})
WHERE s.agency_ori IN $oris
MATCH (s)-[r:HIT_LINK|LEAD_LINK]-(:Incident)
WHERE type(r) IN $types
MATCH (a:Incident)-[r]->(b:Incident)
WHERE a.agency_ori IN $oris AND b.agency_ori IN $oris
OPTIONAL MATCH (h:Hit {id: r.hit_id})
RETURN"""
    + _LINK_FIELDS
)

DIRECT_PEOPLE = """
MATCH (s:Incident {id: $id})
WHERE s.agency_ori IN $oris
MATCH (s)<-[:INVOLVED_IN]-(p:Person)-[:INVOLVED_IN]->(o:Incident)
WHERE o <> s AND o.agency_ori IN $oris
RETURN p.id AS person, s {.id, .occurred_at, .agency_ori} AS s,
       o {.id, .occurred_at, .agency_ori} AS o
"""

INCIDENT_NODE = """
MATCH (s:Incident {id: $id})
WHERE s.agency_ori IN $oris
RETURN s {.id, .occurred_at, .agency_ori} AS s
"""

# One round of the cycle search: everything reachable from $starts over visible incidents
# (bounded depth, pruned breadth-first), then every link touching the reached incidents.
# Links whose far end was not reached are the frontier of the next round.
CYCLE_ROUND = (
    """
UNWIND $starts AS sid
MATCH (s:Incident {id: sid})
WHERE s.agency_ori IN $oris
MATCH p = (s)-[:HIT_LINK|LEAD_LINK*0..6]-(x:Incident)
WHERE all(n IN nodes(p) WHERE n.agency_ori IN $oris)
  AND all(t IN relationships(p) WHERE type(t) IN $types)
WITH DISTINCT x
LIMIT $limit
MATCH (x)-[r:HIT_LINK|LEAD_LINK]-(:Incident)
WHERE type(r) IN $types
MATCH (a:Incident)-[r]->(b:Incident)
WHERE a.agency_ori IN $oris AND b.agency_ori IN $oris
OPTIONAL MATCH (h:Hit {id: r.hit_id})
RETURN x.id AS reached,"""
    + _LINK_FIELDS
)

PEOPLE_OF = """
UNWIND $ids AS iid
MATCH (s:Incident {id: iid})<-[:INVOLVED_IN]-(p:Person)-[:INVOLVED_IN]->(o:Incident)
WHERE o <> s AND o.agency_ori IN $oris
RETURN p.id AS person, s {.id, .occurred_at, .agency_ori} AS s,
       o {.id, .occurred_at, .agency_ori} AS o
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
OPTIONAL MATCH (h:Hit {id: r.hit_id})
RETURN"""
    + _LINK_FIELDS
)

ALL_PEOPLE = """
MATCH (p:Person)-[:INVOLVED_IN]->(i:Incident)
WHERE i.agency_ori IN $oris
  AND ($since IS NULL OR i.occurred_at >= datetime($since))
  AND ($until IS NULL OR i.occurred_at < datetime($until))
WITH p, collect(DISTINCT i {.id, .occurred_at, .agency_ori}) AS incidents
WHERE size(incidents) > 1
RETURN p.id AS person, incidents
"""

MEMBER_DETAILS = """
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
RETURN i.id AS id, jurisdictions, recovered
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

# Links whose two incidents lie in different agencies or different areas at $level.
CROSS_LINKS = """
MATCH (a:Incident)-[r:HIT_LINK|LEAD_LINK]->(b:Incident)
WHERE type(r) IN $types AND a.agency_ori IN $oris AND b.agency_ori IN $oris
  AND ($since IS NULL OR (a.occurred_at >= datetime($since)
                          AND b.occurred_at >= datetime($since)))
  AND ($until IS NULL OR (a.occurred_at < datetime($until)
                          AND b.occurred_at < datetime($until)))
CALL (a) {
  OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(j:Jurisdiction)
  WHERE j.level = $level
  RETURN collect(j {.id, .name}) AS ja
}
CALL (b) {
  OPTIONAL MATCH (b)-[:IN_JURISDICTION]->(j:Jurisdiction)
  WHERE j.level = $level
  RETURN collect(j {.id, .name}) AS jb
}
WITH a, b, r, ja, jb
WHERE a.agency_ori <> b.agency_ori OR ja <> jb
OPTIONAL MATCH (h:Hit {id: r.hit_id})
RETURN a.id AS a, b.id AS b, a.agency_ori AS a_ori, b.agency_ori AS b_ori,
       a.occurred_at AS a_at, ja, jb, type(r) AS type,
       coalesce(h.lead_id, r.lead_id) AS series, coalesce(r.warm, false) AS warm
"""
