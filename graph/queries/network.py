"""Cypher that pulls the incident–firearm–person subgraph for network analytics and exports.

Scoped by ``$oris``; optional window on the incidents' time and optional ``$ids`` (e.g. the
members of one cycle). Purchasers (restricted trace data) are never part of it.
"""

FIREARM_TIES = """
CALL () {
  MATCH (l:Lead)-[:INVOLVES]->(f:Firearm)
  MATCH (l)-[:INVOLVES]->(i:Incident)
  WHERE i.agency_ori IN $oris AND ($ids IS NULL OR i.id IN $ids)
    AND ($since IS NULL OR i.occurred_at >= datetime($since))
    AND ($until IS NULL OR i.occurred_at < datetime($until))
  RETURN f, i, 'test_fire' AS via
  UNION
  MATCH (f:Firearm)-[:RECOVERED_IN]->(i:Incident)
  WHERE i.agency_ori IN $oris AND ($ids IS NULL OR i.id IN $ids)
    AND ($since IS NULL OR i.occurred_at >= datetime($since))
    AND ($until IS NULL OR i.occurred_at < datetime($until))
  RETURN f, i, 'recovered' AS via
}
RETURN DISTINCT f.id AS firearm, i {.id, .occurred_at, .agency_ori} AS incident, via
LIMIT $limit
"""

PERSON_TIES = """
MATCH (p:Person)-[r:INVOLVED_IN]->(i:Incident)
WHERE i.agency_ori IN $oris AND ($ids IS NULL OR i.id IN $ids)
  AND ($since IS NULL OR i.occurred_at >= datetime($since))
  AND ($until IS NULL OR i.occurred_at < datetime($until))
RETURN p.id AS person, i {.id, .occurred_at, .agency_ori} AS incident, r.role AS role
LIMIT $limit
"""

POSSESSIONS = """
UNWIND $firearms AS fid
MATCH (p:Person)-[:POSSESSED]->(f:Firearm {id: fid})
WHERE f.recovery_ori IN $oris
RETURN p.id AS person, f.id AS firearm
"""

LEAD_REPORT = """
MATCH (l:Lead)
WHERE l.created_at >= datetime($since) AND l.created_at < datetime($until)
  AND EXISTS { MATCH (l)-[:GROUPS]->(e:Evidence) WHERE e.contributing_ori IN $oris }
CALL (l) {
  OPTIONAL MATCH (l)-[:INVOLVES]->(i:Incident)
  WHERE i.agency_ori IN $oris
  RETURN collect(i.id) AS incidents, collect(DISTINCT i.agency_ori) AS agencies
}
CALL (l) {
  OPTIONAL MATCH (l)-[:GROUPS]->(e:Evidence)
  WHERE e.contributing_ori IN $oris
  RETURN collect(e.id) AS evidence
}
OPTIONAL MATCH (h:Hit)-[:CONFIRMS]->(l)
CALL (l, h) {
  OPTIONAL MATCH (u:FollowUp)-[:FOLLOWS_UP]->(t)
  WHERE t = l OR t = h
  WITH u ORDER BY u.occurred_on
  RETURN collect(u.outcome) AS outcomes
}
RETURN l.id AS id, l.status AS status, l.created_at AS created_at, l.agency_ori AS agency_ori,
       coalesce(l.cross_jurisdiction, false) AS cross_jurisdiction, l.calibre AS calibre,
       incidents, agencies, evidence, h.id AS hit_id, h.confirmed_at AS confirmed_at,
       coalesce(h.warm, false) AS warm, outcomes
ORDER BY l.created_at, l.id
LIMIT $limit
"""
