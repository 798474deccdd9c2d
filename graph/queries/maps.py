"""Cypher for maps: a cycle around an incident, a region's incidents, the links among them.

Traversals go only through incidents of the agencies in ``$oris`` (the caller's scope), so a
map never reveals an incident the caller may not see, not even as a hop. Paths are bounded.
"""

# The incidents reachable from $incident_id through hits and leads (at most 50 hops, at most
# $max_incidents of them), each with its jurisdiction and recovered firearms.
CYCLE_INCIDENTS = """
MATCH (s:Incident {id: $incident_id})
WHERE s.agency_ori IN $oris
CALL (s) {
  MATCH p = (s)-[:HIT_LINK|LEAD_LINK*0..50]-(o:Incident)
  WHERE all(n IN nodes(p) WHERE n.agency_ori IN $oris)
  RETURN DISTINCT o
  LIMIT $max_incidents
}
OPTIONAL MATCH (o)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (f:Firearm)-[:RECOVERED_IN]->(o)
WITH o, collect(DISTINCT j.id) AS jurisdictions, collect(DISTINCT f.id) AS firearms
RETURN o {.*, location: null} AS incident, jurisdictions, firearms
"""

# A region: the incidents of $oris in a time window (newest first, at most $limit), optionally
# only those in the jurisdictions $jurisdiction_ids.
REGION_INCIDENTS = """
MATCH (o:Incident)
WHERE o.agency_ori IN $oris
  AND ($since IS NULL OR o.occurred_at >= datetime($since))
  AND ($until IS NULL OR o.occurred_at < datetime($until))
OPTIONAL MATCH (o)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH o, collect(DISTINCT j.id) AS jurisdictions
WHERE $jurisdiction_ids IS NULL OR any(x IN jurisdictions WHERE x IN $jurisdiction_ids)
OPTIONAL MATCH (f:Firearm)-[:RECOVERED_IN]->(o)
WITH o, jurisdictions, collect(DISTINCT f.id) AS firearms
ORDER BY o.occurred_at DESC, o.id DESC
LIMIT $limit
RETURN o {.*, location: null} AS incident, jurisdictions, firearms
"""

# Hits and leads between incidents of $ids, each with the lead (series) behind it: a lead
# groups same-firearm evidence, so it stands for the firearm even when none was recovered.
LINKS_AMONG = """
UNWIND $ids AS id
MATCH (a:Incident {id: id})-[r:HIT_LINK|LEAD_LINK]->(b:Incident)
WHERE b.id IN $ids
OPTIONAL MATCH (h:Hit {id: r.hit_id})-[:CONFIRMS]->(l:Lead)
RETURN a.id AS source_id, b.id AS target_id,
       CASE type(r) WHEN 'HIT_LINK' THEN 'hit' ELSE 'lead' END AS kind,
       coalesce(r.lead_id, l.id) AS lead_id, coalesce(r.hit_id, r.lead_id) AS id
"""
