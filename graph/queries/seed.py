"""Cypher that writes synthetic graphs for tests and benchmarks (not used by the service).

The workflow and ingest code write the same shapes through their own queries; these
writers exist so that analysis tests can plant exact cycles and links (docs/graph-model.md).
Rows are batched with ``UNWIND $rows AS row``; every value is a parameter.
"""

from graph.queries import ingest
from graph.queries.tallies import tally_new

JURISDICTIONS = """
UNWIND $rows AS row
MERGE (j:Jurisdiction {id: row.id})
SET j.name = row.name, j.level = row.level, j.vintage = row.vintage, j.state = row.state
RETURN count(j) AS n
"""

PLACEMENTS = (
    """
UNWIND $rows AS row
MATCH (i:Incident {id: row.incident_id})
MATCH (j:Jurisdiction {id: row.jurisdiction_id})
MERGE (i)-[r:IN_JURISDICTION]->(j)
SET r.vintage = j.vintage
WITH count(r) AS n, collect(DISTINCT i) AS placed
"""
    + ingest.AREA_KEYS
    + """
RETURN n
"""
)

FIREARMS = """
UNWIND $rows AS row
MERGE (f:Firearm {id: row.id})
SET f.serial_number = row.serial_number, f.obliterated = coalesce(row.obliterated, false),
    f.manufacturer = row.manufacturer, f.model = row.model, f.calibre = row.calibre,
    f.firearm_type = row.firearm_type, f.recovery_ori = row.recovery_ori,
    f.recovery_incident_id = row.recovery_incident_id,
    f.recovered_at = CASE WHEN row.recovered_at IS NULL THEN null
                     ELSE datetime(row.recovered_at) END
WITH f, row
CALL (f, row) {
  WITH f, row WHERE row.recovery_incident_id IS NOT NULL
  MATCH (i:Incident {id: row.recovery_incident_id})
  MERGE (f)-[:RECOVERED_IN]->(i)
}
RETURN count(f) AS n
"""

# Traces go through the production loader's query (one writer, one property name).
TRACES = ingest.TRACES

INVOLVEMENTS = """
UNWIND $rows AS row
MATCH (i:Incident {id: row.incident_id})
MERGE (p:Person {id: row.person_id})
SET p.name = coalesce(row.name, p.name)
MERGE (p)-[r:INVOLVED_IN]->(i)
SET r.role = row.role
RETURN count(r) AS n
"""

LEADS = (
    """
UNWIND $rows AS row
MERGE (l:Lead {id: row.id})
SET l.status = row.status, l.agency_ori = row.agency_ori, l.created_by = row.created_by,
    l.created_at = datetime(row.created_at), l.updated_at = datetime(row.created_at),
    l.calibre = row.calibre, l.cross_jurisdiction = row.cross_jurisdiction
WITH l, row
CALL (l, row) {
  UNWIND row.evidence AS ev
  MATCH (e:Evidence {id: ev.id})
  MERGE (l)-[g:GROUPS]->(e)
  SET g.added_at = datetime(ev.added_at), g.added_by = row.created_by
}
CALL (l, row) {
  UNWIND row.incident_ids AS iid
  MATCH (i:Incident {id: iid})
  MERGE (l)-[:INVOLVES]->(i)
}
CALL (l, row) {
  UNWIND row.firearm_ids AS fid
  MATCH (f:Firearm {id: fid})
  MERGE (l)-[:INVOLVES]->(f)
}
CALL (l, row) {
  UNWIND row.pairs AS pair
  MATCH (a:Incident {id: pair[0]}), (b:Incident {id: pair[1]})
  MERGE (a)-[r:LEAD_LINK {lead_id: row.id}]->(b)
  SET r.created_at = datetime(row.created_at)
  WITH collect(r) AS made
"""
    + tally_new("made")
    + """
}
RETURN count(l) AS n
"""
)

HITS = (
    """
UNWIND $rows AS row
MATCH (l:Lead {id: row.lead_id})
MATCH (a:Agency {ori: row.credited_ori})
MERGE (h:Hit {id: row.id})
SET h.lead_id = row.lead_id, h.examiner = row.examiner, h.conclusion = 'identification',
    h.confirmed_at = datetime(row.confirmed_at), h.report_number = row.report_number,
    h.credited_ori = row.credited_ori, h.warm = row.warm,
    l.status = 'confirmed'
MERGE (h)-[:CONFIRMS]->(l)
MERGE (h)-[:CREDITED_TO]->(a)
WITH h, row
CALL (h, row) {
  UNWIND row.incident_ids AS iid
  MATCH (i:Incident {id: iid})
  MERGE (h)-[:INVOLVES]->(i)
}
CALL (h, row) {
  UNWIND row.pairs AS pair
  MATCH (a:Incident {id: pair[0]}), (b:Incident {id: pair[1]})
  MERGE (a)-[r:HIT_LINK {hit_id: row.id}]->(b)
  SET r.confirmed_at = datetime(row.confirmed_at), r.warm = row.warm, r.lead_id = row.lead_id
  WITH collect(r) AS made
"""
    + tally_new("made")
    + """
}
RETURN count(h) AS n
"""
)

FOLLOW_UPS = """
UNWIND $rows AS row
OPTIONAL MATCH (l:Lead {id: row.target_id})
OPTIONAL MATCH (h:Hit {id: row.target_id})
WITH row, coalesce(l, h) AS target WHERE target IS NOT NULL
MERGE (u:FollowUp {id: row.id})
SET u.target_id = row.target_id, u.investigator = row.investigator,
    u.investigator_ori = row.investigator_ori, u.outcome = row.outcome,
    u.occurred_on = date(row.occurred_on), u.recorded_at = datetime(row.recorded_at)
MERGE (u)-[:FOLLOWS_UP]->(target)
RETURN count(u) AS n
"""

LINKED_INCIDENT_IDS = """
MATCH (i:Incident)
WHERE EXISTS { (i)-[:HIT_LINK|LEAD_LINK]-() }
RETURN i.id AS id ORDER BY id
"""
