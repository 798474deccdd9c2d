"""Cypher for :AuditEvent. Append-only: there is no update or delete query, by design."""

APPEND = """
CREATE (e:AuditEvent {id: $id, at: datetime($at), user_id: $user_id, role: $role,
                      agency_ori: $agency_ori, action: $action, target: $target,
                      outcome: $outcome, source: $source, component: $component,
                      detail: $detail})
"""

PAGE = """
MATCH (e:AuditEvent)
WHERE ($agency_ori IS NULL OR e.agency_ori = $agency_ori)
  AND ($action IS NULL OR e.action = $action)
  AND ($before IS NULL OR e.at < datetime($before)
       OR (e.at = datetime($before) AND e.id < $before_id))
RETURN e {.*} AS event
ORDER BY e.at DESC, e.id DESC
LIMIT $limit
"""
