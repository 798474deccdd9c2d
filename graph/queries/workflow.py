"""Cypher for leads, examinations, hits and follow-ups (see docs/graph-model.md)."""

from graph.queries.tallies import RETALLY, UNLINK, tally_new

# Evidence with what it links: its incident (scene item) or its firearm and the firearm's
# recovery incident (test fire); and the open/confirmed leads it already belongs to.
EVIDENCE_CONTEXT = """
UNWIND $ids AS id
MATCH (e:Evidence {id: id})
OPTIONAL MATCH (e)-[:RECOVERED_AT]->(si:Incident)
OPTIONAL MATCH (e)-[:TEST_FIRED_FROM]->(f:Firearm)
OPTIONAL MATCH (f)-[:RECOVERED_IN]->(ri:Incident)
OPTIONAL MATCH (l:Lead)-[:GROUPS]->(e) WHERE l.status IN ['potential', 'lead', 'confirmed']
RETURN e.id AS id, e.contributing_ori AS ori, e.calibre AS calibre, e.kind AS kind,
       coalesce(si.id, ri.id) AS incident_id,
       coalesce(si.agency_ori, ri.agency_ori) AS incident_ori,
       f.id AS firearm_id, collect(DISTINCT l.id) AS leads
"""

CREATE_LEAD = """
CREATE (l:Lead {id: $id, status: 'lead', agency_ori: $agency_ori, created_by: $user_id,
                created_at: datetime($at), updated_at: datetime($at), calibre: $calibre,
                cross_jurisdiction: false})
RETURN l.id AS id
"""

# Shared by the workflow and the importers (graph/queries/ingest.py), so a lead or hit has
# one shape however it arrived. With ``l`` bound (one row per lead, ``l.updated_at`` set):
# what the lead involves (incidents of its scene items and of its test-fired guns' recovery,
# the guns), whether it crosses agencies, and one LEAD_LINK per incident pair (earlier →
# later), each new link tallied (graph/queries/tallies.py), and the lead's older links (and
# hit links) re-tallied when its recovered guns changed. Leaves ``l, incidents, links``.
LEAD_LINKS = (
    """
CALL (l) {
  MATCH (l)-[:GROUPS]->(:Evidence)-[:RECOVERED_AT]->(i:Incident)
  RETURN i
  UNION
  MATCH (l)-[:GROUPS]->(:Evidence)-[:TEST_FIRED_FROM]->(:Firearm)-[:RECOVERED_IN]->(i:Incident)
  RETURN i
}
WITH l, collect(DISTINCT i) AS incidents
FOREACH (i IN incidents | MERGE (l)-[:INVOLVES]->(i))
SET l.cross_jurisdiction = size(reduce(o = [], i IN incidents |
      CASE WHEN i.agency_ori IN o THEN o ELSE o + i.agency_ori END)) > 1
WITH l, incidents
CALL (l) {
  MATCH (l)-[:GROUPS]->(:Evidence)-[:TEST_FIRED_FROM]->(f:Firearm)
  MERGE (l)-[:INVOLVES]->(f)
}
WITH l, incidents
CALL (l, incidents) {
  UNWIND incidents AS a
  UNWIND incidents AS b
  WITH l, a, b
  WHERE a.occurred_at < b.occurred_at OR (a.occurred_at = b.occurred_at AND a.id < b.id)
  MERGE (a)-[k:LEAD_LINK {lead_id: l.id}]->(b)
  ON CREATE SET k.created_at = l.updated_at
  WITH collect(k) AS made
"""
    + tally_new("made", keep="made, ")
    + """
  RETURN size(made) AS links
}
WITH l, incidents, links
CALL (l, incidents) {
  WITH l, incidents,
       COLLECT { MATCH (l)-[:INVOLVES]->(f:Firearm) RETURN f.id ORDER BY f.id } AS guns
  UNWIND incidents AS i
  MATCH (i)-[k:HIT_LINK|LEAD_LINK]->()
  WHERE k.lead_id = l.id AND k.cells IS NOT NULL AND coalesce(k.tally_firearms, []) <> guns
  WITH collect(k) AS fresh
"""
    + RETALLY
    + """
}
"""
)

# With ``h`` (the hit) and ``l`` (its lead) bound: the hit involves the lead's incidents and
# links every pair once (HIT_LINK per case pair; later hits on a pair join ``hit_ids``; the
# first hit's lead is the link's series, ``lead_id``); new links tallied.
# Leaves ``h, pairs, new_pairs`` bound.
HIT_LINKS = (
    """
CALL (h, l) {
  OPTIONAL MATCH (l)-[:INVOLVES]->(i:Incident)
  FOREACH (x IN CASE WHEN i IS NULL THEN [] ELSE [i] END | MERGE (h)-[:INVOLVES]->(x))
  WITH h, l, collect(i) AS incidents
  UNWIND incidents AS a
  UNWIND incidents AS b
  WITH h, l, a, b
  WHERE a.occurred_at < b.occurred_at OR (a.occurred_at = b.occurred_at AND a.id < b.id)
  MERGE (a)-[k:HIT_LINK]->(b)
  ON CREATE SET k.hit_id = h.id, k.hit_ids = [h.id], k.lead_id = l.id,
                k.confirmed_at = h.confirmed_at, k.warm = h.warm
  ON MATCH SET k.hit_ids = CASE WHEN h.id IN k.hit_ids THEN k.hit_ids ELSE k.hit_ids + h.id END
  WITH collect(k) AS made, sum(CASE WHEN k.hit_id = h.id THEN 1 ELSE 0 END) AS new_pairs
"""
    + tally_new("made", keep="made, new_pairs, ")
    + """
  RETURN size(made) AS pairs, new_pairs
}
"""
)

# With ``l`` bound: an excluded lead (examiner elimination) links no incidents any more; its
# LEAD_LINKs are taken out of the tallies and deleted. The lead, its evidence and the
# examination stay. A unit subquery: rows pass through.
DROP_EXCLUDED_LINKS = (
    """
CALL (l) {
  WITH l WHERE l.status = 'excluded'
  MATCH (l)-[:INVOLVES]->(:Incident)-[k:LEAD_LINK]->()
  WHERE k.lead_id = l.id
  WITH collect(DISTINCT k) AS gone
"""
    + UNLINK
    + """
}
"""
)

# Adds evidence to a lead and refreshes what the lead involves and links. Idempotent.
# The lead is write-locked first (SET) so concurrent changes serialise on it.
ADD_EVIDENCE = (
    """
MATCH (l:Lead {id: $lead_id})
SET l._lock = true
WITH l, l.status AS status
REMOVE l._lock
WITH l
WHERE status IN $open_statuses
UNWIND $evidence_ids AS eid
MATCH (e:Evidence {id: eid})
MERGE (l)-[g:GROUPS]->(e)
ON CREATE SET g.added_at = datetime($at), g.added_by = $user_id, g.run_id = $run_id
WITH DISTINCT l
SET l.updated_at = datetime($at)
WITH l
"""
    + LEAD_LINKS
    + """
RETURN l.id AS id, links
"""
)

LEAD_STATUS = """
MATCH (l:Lead {id: $id}) RETURN l.status AS status
"""

LEADS_BY_IDS = """
UNWIND $ids AS id
MATCH (l:Lead {id: id})
OPTIONAL MATCH (l)-[g:GROUPS]->(e:Evidence)
WITH l, e, g ORDER BY g.added_at, e.id
WITH l, collect(e.id) AS evidence_ids, collect(e.contributing_ori) AS evidence_oris
OPTIONAL MATCH (l)-[:INVOLVES]->(i:Incident)
WITH l, evidence_ids, evidence_oris, collect(DISTINCT i.id) AS incident_ids,
     collect(DISTINCT i.agency_ori) AS incident_oris
OPTIONAL MATCH (h:Hit)-[:CONFIRMS]->(l)
RETURN l {.*, _lock: null} AS lead, evidence_ids, evidence_oris, incident_ids, incident_oris,
       h.id AS hit_id
"""

LEADS_PAGE = """
MATCH (l:Lead)
WHERE ($status IS NULL OR l.status = $status)
  AND ($after_time IS NULL OR l.created_at < datetime($after_time)
       OR (l.created_at = datetime($after_time) AND l.id < $after_id))
  AND EXISTS { MATCH (l)-[:GROUPS]->(e:Evidence) WHERE e.contributing_ori IN $oris }
RETURN l.id AS id, l.created_at AS created_at
ORDER BY l.created_at DESC, l.id DESC
LIMIT $limit
"""

# Examiner conclusion. Lock the lead, then re-read its status: of two concurrent
# examinations only the first sees status 'lead'; the second matches nothing.
EXAMINE = (
    """
MATCH (l:Lead {id: $lead_id})
SET l._lock = true
WITH l
WITH l, l.status AS before
REMOVE l._lock
WITH l, before
WHERE before = 'lead'
CREATE (x:Examination {id: $exam_id, lead_id: l.id, examiner: $examiner,
                       examiner_id: $user_id, examiner_ori: $examiner_ori,
                       conclusion: $conclusion, report_number: $report_number,
                       notes: $notes, examined_on: date($examined_on),
                       recorded_at: datetime($at)})
CREATE (x)-[:EXAMINES]->(l)
SET l.status = CASE $conclusion WHEN 'identification' THEN 'confirmed'
                                WHEN 'elimination' THEN 'excluded'
                                ELSE l.status END,
    l.updated_at = datetime($at)
WITH x, l
"""
    + DROP_EXCLUDED_LINKS
    + """
RETURN x.id AS exam_id, l.status AS status
"""
)

CREATE_HIT = (
    """
MATCH (l:Lead {id: $lead_id})
CREATE (h:Hit {id: $hit_id, lead_id: l.id, examination_id: $exam_id, examiner: $examiner,
               conclusion: 'identification', confirmed_at: datetime($at),
               report_number: $report_number, credited_ori: $credited_ori, warm: $warm})
CREATE (h)-[:CONFIRMS]->(l)
WITH h, l
MATCH (a:Agency {ori: $credited_ori})
CREATE (h)-[:CREDITED_TO]->(a)
WITH h, l
"""
    + HIT_LINKS
    + """
RETURN h.id AS id, pairs, new_pairs
"""
)

EXAMINATIONS_FOR = """
MATCH (x:Examination)-[:EXAMINES]->(:Lead {id: $lead_id})
RETURN x {.*} AS exam ORDER BY x.recorded_at
"""

HITS_BY_IDS = """
UNWIND $ids AS id
MATCH (h:Hit {id: id})
OPTIONAL MATCH (h)-[:INVOLVES]->(i:Incident)
RETURN h {.*} AS hit, collect(i.id) AS incident_ids, collect(DISTINCT i.agency_ori) AS oris
"""

TARGET_SCOPE = """
OPTIONAL MATCH (l:Lead {id: $id})
OPTIONAL MATCH (h:Hit {id: $id})
WITH coalesce(l, h) AS t, CASE WHEN l IS NULL THEN 'hit' ELSE 'lead' END AS kind
OPTIONAL MATCH (t)-[:INVOLVES]->(i:Incident)
RETURN t IS NOT NULL AS found, kind, collect(DISTINCT i.agency_ori) AS oris
"""

CREATE_FOLLOW_UP = """
OPTIONAL MATCH (l:Lead {id: $target_id})
OPTIONAL MATCH (h:Hit {id: $target_id})
WITH coalesce(l, h) AS t
WHERE t IS NOT NULL
CREATE (u:FollowUp {id: $id, target_id: $target_id, investigator: $investigator,
                    investigator_id: $user_id, investigator_ori: $investigator_ori,
                    outcome: $outcome, occurred_on: date($occurred_on), notes: $notes,
                    recorded_at: datetime($at)})
CREATE (u)-[:FOLLOWS_UP]->(t)
RETURN u.id AS id
"""

FOLLOW_UPS_FOR = """
UNWIND $ids AS id
MATCH (u:FollowUp {target_id: id})
RETURN id, u {.*} AS follow_up
ORDER BY u.occurred_on, u.recorded_at
"""

# Turnaround of one evidence item: each workflow step's timestamp.
TURNAROUND = """
MATCH (e:Evidence {id: $id})
OPTIONAL MATCH (l:Lead)-[g:GROUPS]->(e)
OPTIONAL MATCH (h:Hit)-[:CONFIRMS]->(l)
OPTIONAL MATCH (u:FollowUp {target_id: l.id})
OPTIONAL MATCH (v:FollowUp {target_id: h.id})
RETURN e.collected_at AS collected, e.submitted_at AS submitted, e.acquired_at AS acquired,
       e.correlated_at AS correlated, min(g.added_at) AS lead, min(h.confirmed_at) AS hit,
       min(u.occurred_on) AS lead_follow_up, min(v.occurred_on) AS hit_follow_up
"""

# Feed of workflow events involving an agency, newest first.
FEED = """
CALL () {
  MATCH (l:Lead)-[g:GROUPS]->(e:Evidence)
  WHERE g.added_at > datetime($since)
  WITH l, g.added_at AS at, collect(e.id) AS evidence_ids
  RETURN CASE WHEN at = l.created_at THEN 'lead_opened' ELSE 'lead_extended' END AS kind,
         l.id AS lead_id, null AS hit_id, at, evidence_ids
  UNION
  MATCH (h:Hit)-[:CONFIRMS]->(l:Lead)
  WHERE h.confirmed_at > datetime($since)
  RETURN 'hit_confirmed' AS kind, l.id AS lead_id, h.id AS hit_id, h.confirmed_at AS at,
         [] AS evidence_ids
}
WITH kind, lead_id, hit_id, at, evidence_ids
MATCH (l:Lead {id: lead_id})-[:INVOLVES]->(i:Incident)
WITH kind, lead_id, hit_id, at, evidence_ids, collect(DISTINCT i.agency_ori) AS oris
WHERE $ori IN oris
RETURN kind, lead_id, hit_id, at, evidence_ids, oris
ORDER BY at DESC
LIMIT $limit
"""
