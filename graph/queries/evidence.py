"""Cypher for :Evidence (acquisitions)."""

from graph.queries import ingest

# One upsert for the API and the bulk loaders: a row whose incident or firearm is missing
# is not written (its id is absent from ``keys``).
UPSERT = ingest.EVIDENCE

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
