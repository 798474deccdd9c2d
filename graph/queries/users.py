"""Cypher for :User (API token holders)."""

CREATE = """
MATCH (a:Agency {ori: $agency_ori})
CREATE (u:User {id: $id, name: $name, role: $role, agency_ori: $agency_ori,
                token_hash: $token_hash, created_at: datetime($created_at),
                failed_logons: 0, locked_until: null, disabled: false})
CREATE (u)-[:MEMBER_OF]->(a)
RETURN u.id AS id
"""

FOR_AUTH = """
MATCH (u:User {id: $id})
OPTIONAL MATCH (a:Agency {ori: u.agency_ori})
OPTIONAL MATCH (p:Agency) WHERE a.region IS NOT NULL AND p.region = a.region
RETURN u {.id, .name, .role, .agency_ori, .token_hash, .failed_logons, .locked_until,
          .disabled} AS user, collect(p.ori) AS peers
"""

RECORD_FAILURE = """
MATCH (u:User {id: $id})
SET u.failed_logons = coalesce(u.failed_logons, 0) + 1
SET u.locked_until = CASE WHEN u.failed_logons >= $max_failures
                     THEN datetime($lock_until) ELSE u.locked_until END
RETURN u.failed_logons AS failed, u.locked_until AS locked_until
"""

RECORD_SUCCESS = """
MATCH (u:User {id: $id})
SET u.failed_logons = 0, u.locked_until = null, u.last_logon = datetime($at)
"""

DISABLE = """
MATCH (u:User {id: $id}) SET u.disabled = true RETURN u.id AS id
"""
