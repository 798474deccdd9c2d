"""Cypher for :Agency."""

UPSERT = """
UNWIND $rows AS row
MERGE (a:Agency {ori: row.ori})
SET a.name = row.name, a.agency_type = row.agency_type, a.state = row.state,
    a.county = row.county, a.county_fips = row.county_fips, a.region = row.region,
    a.latitude = row.latitude, a.longitude = row.longitude,
    a.location = CASE WHEN row.latitude IS NULL OR row.longitude IS NULL THEN null
                 ELSE point({latitude: row.latitude, longitude: row.longitude}) END
RETURN count(a) AS n
"""

BY_ORIS = """
UNWIND $oris AS ori
MATCH (a:Agency {ori: ori})
RETURN a {.*, location: null} AS agency
"""

PAGE = """
MATCH (a:Agency)
WHERE a.ori > $after AND a.ori IN $visible AND ($state IS NULL OR a.state = $state)
RETURN a {.*, location: null} AS agency
ORDER BY a.ori
LIMIT $limit
"""

REGION_PEERS = """
MATCH (a:Agency {ori: $ori})
OPTIONAL MATCH (p:Agency) WHERE a.region IS NOT NULL AND p.region = a.region
RETURN a.ori AS ori, collect(p.ori) AS peers
"""
