"""Cypher for :Evidence (acquisitions)."""

UPSERT = """
UNWIND $rows AS row
MATCH (a:Agency {ori: row.contributing_ori})
MERGE (e:Evidence {id: row.id})
SET e.kind = row.kind, e.calibre = row.calibre, e.contributing_ori = row.contributing_ori,
    e.case_number = row.case_number, e.item_number = row.item_number,
    e.incident_id = row.incident_id, e.firearm_id = row.firearm_id,
    e.collected_at = CASE WHEN row.collected_at IS NULL THEN null
                     ELSE datetime(row.collected_at) END,
    e.submitted_at = CASE WHEN row.submitted_at IS NULL THEN null
                     ELSE datetime(row.submitted_at) END,
    e.acquired_at = CASE WHEN row.acquired_at IS NULL THEN null
                    ELSE datetime(row.acquired_at) END,
    e.scan_sha256 = row.scan_sha256, e.scan_uri = row.scan_uri, e.regions = row.regions
MERGE (e)-[:SUBMITTED_BY]->(a)
WITH e, row
CALL (e, row) {
  WITH e, row WHERE row.incident_id IS NOT NULL
  MATCH (i:Incident {id: row.incident_id})
  MERGE (e)-[:RECOVERED_AT]->(i)
}
CALL (e, row) {
  WITH e, row WHERE row.firearm_id IS NOT NULL
  MATCH (f:Firearm {id: row.firearm_id})
  MERGE (e)-[:TEST_FIRED_FROM]->(f)
}
RETURN e.id AS id
"""

BY_IDS = """
UNWIND $ids AS id
MATCH (e:Evidence {id: id})
RETURN e {.*} AS evidence
"""

BY_SCAN_SHA = """
MATCH (e:Evidence {scan_sha256: $sha}) RETURN e.id AS id LIMIT 1
"""

WITH_SCANS = """
MATCH (e:Evidence)
WHERE e.scan_sha256 IS NOT NULL AND e.id > $after
RETURN e.id AS id, e.scan_sha256 AS sha, e.calibre AS calibre
ORDER BY e.id
LIMIT $limit
"""
