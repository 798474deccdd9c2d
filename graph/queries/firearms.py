"""Cypher for eTrace-style firearm linkage and trafficking indicators.

Purchaser details leave the database only for traces requested by ``$purchaser_ori`` (the
caller's agency when its role may read them, else null); services check again.
Time-to-crime: the stored days, else the days from purchase to recovery.
"""

_TTC = """coalesce(t.time_to_crime_days,
         CASE WHEN t.purchase_date IS NULL OR t.recovery_date IS NULL THEN null
         ELSE duration.inDays(t.purchase_date, t.recovery_date).days END)"""

LINKAGE = (
    """
CALL () {
  MATCH (f:Firearm {id: $id}) RETURN f
  UNION
  MATCH (f:Firearm {serial_number: $serial}) RETURN f
}
WITH f ORDER BY f.id LIMIT $limit
CALL (f) {
  OPTIONAL MATCH (t:Trace)-[:TRACES]->(f)
  OPTIONAL MATCH (t)-[:SOLD_BY]->(d:Dealer)
  OPTIONAL MATCH (t)-[:PURCHASED_BY]->(p:Person)
  WITH t, d, p WHERE t IS NOT NULL
  RETURN collect(t {.trace_number, .requesting_ori, .requested_at, .purchase_date,
                    .recovery_date, .multiple_sale, .possessor_differs,
                    ttc: """
    + _TTC
    + """,
                    dealer_ffl: d.ffl, dealer_name: d.name, dealer_state: d.state,
                    purchaser_id: CASE WHEN t.requesting_ori = $purchaser_ori THEN p.id END,
                    purchaser_name: CASE WHEN t.requesting_ori = $purchaser_ori
                                    THEN p.name END,
                    has_purchaser: p IS NOT NULL}) AS traces
}
CALL (f) {
  OPTIONAL MATCH (l:Lead)-[:INVOLVES]->(f)
  OPTIONAL MATCH (l)-[:INVOLVES]->(i:Incident)
  WHERE i.agency_ori IN $oris
  OPTIONAL MATCH (h:Hit)-[:CONFIRMS]->(l)
  WHERE EXISTS { (h)-[:INVOLVES]->(i) }
  WITH l, i, h WHERE i IS NOT NULL
  RETURN collect({lead_id: l.id, status: l.status, hit_id: h.id, warm: coalesce(h.warm, false),
                  incident: i {.id, .occurred_at, .agency_ori}}) AS ties
}
CALL (f) {
  OPTIONAL MATCH (f)-[:RECOVERED_IN]->(i:Incident)
  WHERE i.agency_ori IN $oris
  RETURN collect(i {.id, .occurred_at, .agency_ori}) AS recovered_in
}
CALL (f) {
  OPTIONAL MATCH (q:Person)-[:POSSESSED]->(f)
  RETURN collect(q {.id, .name}) AS possessors
}
RETURN f {.id, .serial_number, .obliterated, .manufacturer, .model, .calibre,
          .recovery_ori, .recovered_at} AS firearm,
       traces, ties, recovered_in, possessors,
       EXISTS { MATCH (t:Trace)-[:TRACES]->(f) WHERE t.requesting_ori IN $oris } AS traced_here
"""
)

TRACE_ROWS = (
    """
MATCH (t:Trace)-[:TRACES]->(f:Firearm)
WHERE t.requesting_ori IN $oris
  AND ($since IS NULL OR t.requested_at >= datetime($since))
  AND ($until IS NULL OR t.requested_at < datetime($until))
OPTIONAL MATCH (t)-[:SOLD_BY]->(d:Dealer)
OPTIONAL MATCH (t)-[:PURCHASED_BY]->(p:Person)
OPTIONAL MATCH (a:Agency {ori: coalesce(f.recovery_ori, t.requesting_ori)})
RETURN t.trace_number AS trace, t.requesting_ori AS requesting_ori, f.id AS firearm,
       d.ffl AS ffl, d.name AS dealer_name, d.state AS dealer_state,
       p.id AS purchaser, CASE WHEN t.requesting_ori = $purchaser_ori THEN p.name END AS
       purchaser_name, """
    + _TTC
    + """ AS ttc,
       coalesce(t.multiple_sale, false) AS multiple_sale,
       coalesce(t.possessor_differs, false) AS possessor_differs,
       a.state AS recovery_state, t.purchase_date AS purchase_date
"""
)
