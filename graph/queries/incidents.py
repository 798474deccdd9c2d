"""Cypher for :Incident."""

UPSERT = """
UNWIND $rows AS row
MATCH (a:Agency {ori: row.agency_ori})
MERGE (i:Incident {id: row.id})
SET i.agency_ori = row.agency_ori, i.case_number = row.case_number, i.offense = row.offense,
    i.occurred_at = datetime(row.occurred_at), i.latitude = row.latitude,
    i.longitude = row.longitude, i.address = row.address, i.killed = row.killed,
    i.injured = row.injured, i.source = row.source,
    i.location = CASE WHEN row.latitude IS NULL OR row.longitude IS NULL THEN null
                 ELSE point({latitude: row.latitude, longitude: row.longitude}) END
MERGE (i)-[:REPORTED_BY]->(a)
RETURN i.id AS id
"""

BY_IDS = """
UNWIND $ids AS id
MATCH (i:Incident {id: id})
RETURN i {.*, location: null} AS incident
"""

PAGE = """
MATCH (i:Incident)
WHERE i.agency_ori IN $oris
  AND ($since IS NULL OR i.occurred_at >= datetime($since))
  AND ($until IS NULL OR i.occurred_at < datetime($until))
  AND ($after_time IS NULL OR i.occurred_at < datetime($after_time)
       OR (i.occurred_at = datetime($after_time) AND i.id < $after_id))
RETURN i {.*, location: null} AS incident
ORDER BY i.occurred_at DESC, i.id DESC
LIMIT $limit
"""

EVIDENCE_IDS_BY_INCIDENTS = """
UNWIND $ids AS id
MATCH (e:Evidence)-[:RECOVERED_AT]->(:Incident {id: id})
RETURN id, collect(e.id) AS evidence_ids
"""
