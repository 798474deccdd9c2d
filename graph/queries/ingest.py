"""Cypher for bulk ingest: one batched ``UNWIND $rows AS row MERGE`` per kind.

Every value is a parameter; every MERGE is on a natural key backed by a uniqueness
constraint (graph/schema.py). Each query returns how many input rows it matched, so the
loader can tell rows whose referenced node is missing (nothing silently dropped).
"""

from graph.queries.tallies import retally_links_of
from graph.queries.workflow import DROP_EXCLUDED_LINKS, HIT_LINKS, LEAD_LINKS

AGENCIES = """
UNWIND $rows AS row
MERGE (a:Agency {ori: row.ori})
SET a.name = row.name, a.agency_type = row.agency_type, a.state = row.state,
    a.county = row.county, a.county_fips = row.county_fips, a.region = row.region,
    a.latitude = row.latitude, a.longitude = row.longitude,
    a.location = CASE WHEN row.latitude IS NULL OR row.longitude IS NULL THEN null
                 ELSE point({latitude: row.latitude, longitude: row.longitude}) END
RETURN collect(row.ori) AS keys
"""

JURISDICTIONS = """
UNWIND $rows AS row
MERGE (j:Jurisdiction {id: row.id})
SET j.name = row.name, j.level = row.level, j.vintage = row.vintage, j.state = row.state
WITH j, row
CALL (j, row) {
  WITH j, row WHERE row.level <> 'state' AND row.state IS NOT NULL
  MATCH (s:Jurisdiction {level: 'state', state: row.state})
  MERGE (j)-[:WITHIN]->(s)
}
RETURN collect(row.id) AS keys
"""

SERVES = """
UNWIND $rows AS row
MATCH (a:Agency {ori: row.ori})
MATCH (j:Jurisdiction {id: row.jurisdiction_id})
MERGE (a)-[:SERVES]->(j)
RETURN collect(row.ori + '|' + row.jurisdiction_id) AS keys
"""

# An incident already linked whose agency or time a re-ingest changes gets its links
# re-tallied (graph/queries/tallies.py).
INCIDENTS = (
    """
UNWIND $rows AS row
MATCH (a:Agency {ori: row.agency_ori})
MERGE (i:Incident {id: row.id})
WITH row, a, i, i.agency_ori IS NOT NULL AND (i.agency_ori <> row.agency_ori
     OR i.occurred_at <> datetime(row.occurred_at)) AS moved
SET i.agency_ori = row.agency_ori, i.case_number = row.case_number, i.offense = row.offense,
    i.occurred_at = datetime(row.occurred_at), i.latitude = row.latitude,
    i.longitude = row.longitude, i.address = row.address, i.killed = row.killed,
    i.injured = row.injured, i.source = row.source,
    i.location = CASE WHEN row.latitude IS NULL OR row.longitude IS NULL THEN null
                 ELSE point({latitude: row.latitude, longitude: row.longitude}) END
MERGE (i)-[:REPORTED_BY]->(a)
WITH collect(row.id) AS keys, collect(CASE WHEN moved THEN i END) AS changed
"""
    + retally_links_of("changed")
    + """
RETURN keys
"""
)

# After placing, each placed incident's ``area_keys`` ("level|jurisdiction id" of every area
# it is in) is rebuilt from its IN_JURISDICTION relationships: a copy the cross-jurisdiction
# summary reads instead of expanding every link's two incidents (graph/queries/links.py).
# The links of those whose areas changed (if they have links yet) are re-tallied.
AREA_KEYS = """
CALL (placed) {
  UNWIND placed AS i
  WITH i, i.area_keys AS before,
       [(i)-[:IN_JURISDICTION]->(j:Jurisdiction) | j.level + '|' + j.id] AS now
  SET i.area_keys = now
  WITH i WHERE before IS NULL OR size(before) <> size(now) OR any(x IN now WHERE NOT x IN before)
  RETURN collect(i) AS rearea
}
""" + retally_links_of("rearea")

PLACEMENTS = (
    """
UNWIND $rows AS row
MATCH (i:Incident {id: row.incident_id})
MATCH (j:Jurisdiction {id: row.jurisdiction_id})
MERGE (i)-[r:IN_JURISDICTION]->(j)
SET r.vintage = row.vintage
WITH collect(row.incident_id + '|' + row.jurisdiction_id) AS keys, collect(DISTINCT i) AS placed
"""
    + AREA_KEYS
    + """
RETURN keys
"""
)

EVIDENCE = """
UNWIND $rows AS row
MATCH (a:Agency {ori: row.contributing_ori})
OPTIONAL MATCH (i:Incident {id: row.incident_id})
OPTIONAL MATCH (f:Firearm {id: row.firearm_id})
WITH row, a, i, f WHERE (row.incident_id IS NULL OR i IS NOT NULL)
                    AND (row.firearm_id IS NULL OR f IS NOT NULL)
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
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (e)-[:RECOVERED_AT]->(i))
FOREACH (_ IN CASE WHEN f IS NULL THEN [] ELSE [1] END | MERGE (e)-[:TEST_FIRED_FROM]->(f))
RETURN collect(row.id) AS keys
"""

FIREARMS = """
UNWIND $rows AS row
MERGE (f:Firearm {id: row.id})
SET f.serial_number = row.serial_number, f.obliterated = row.obliterated,
    f.manufacturer = row.manufacturer, f.model = row.model, f.firearm_type = row.firearm_type,
    f.calibre = row.calibre, f.country = row.country, f.importer = row.importer,
    f.recovered_at = CASE WHEN row.recovered_at IS NULL THEN null
                     ELSE datetime(row.recovered_at) END,
    f.recovery_incident_id = row.recovery_incident_id, f.recovery_ori = row.recovery_ori,
    f.recovery_latitude = row.recovery_latitude, f.recovery_longitude = row.recovery_longitude
WITH f, row
CALL (f, row) {
  WITH f, row WHERE row.recovery_incident_id IS NOT NULL
  MATCH (i:Incident {id: row.recovery_incident_id})
  MERGE (f)-[:RECOVERED_IN]->(i)
}
RETURN collect(row.id) AS keys
"""

TRACES = """
UNWIND $rows AS row
MATCH (f:Firearm {id: row.firearm_id})
MATCH (a:Agency {ori: row.requesting_ori})
MERGE (t:Trace {trace_number: row.trace_number})
SET t.firearm_id = row.firearm_id, t.requesting_ori = row.requesting_ori,
    t.requested_at = datetime(row.requested_at), t.dealer_ffl = row.dealer_ffl,
    t.purchase_date = CASE WHEN row.purchase_date IS NULL THEN null
                      ELSE date(row.purchase_date) END,
    t.recovery_date = CASE WHEN row.recovery_date IS NULL THEN null
                      ELSE date(row.recovery_date) END,
    t.time_to_crime_days = row.time_to_crime_days, t.multiple_sale = row.multiple_sale,
    t.possessor_differs = row.possessor_differs
MERGE (t)-[:TRACES]->(f)
MERGE (t)-[:REQUESTED_BY]->(a)
FOREACH (_ IN CASE WHEN row.dealer_ffl IS NULL THEN [] ELSE [1] END |
  MERGE (d:Dealer {ffl: row.dealer_ffl})
  SET d.name = coalesce(row.dealer_name, d.name),
      d.address = coalesce(row.dealer_address, d.address),
      d.state = coalesce(row.dealer_state, d.state)
  MERGE (t)-[:SOLD_BY]->(d))
FOREACH (_ IN CASE WHEN row.purchaser_id IS NULL THEN [] ELSE [1] END |
  MERGE (p:Person {id: row.purchaser_id})
  SET p.name = coalesce(row.purchaser_name, p.name),
      p.dob = CASE WHEN row.purchaser_dob IS NULL THEN p.dob ELSE date(row.purchaser_dob) END,
      p.address = coalesce(row.purchaser_address, p.address),
      p.restricted_to = row.requesting_ori
  MERGE (t)-[:PURCHASED_BY]->(p))
FOREACH (_ IN CASE WHEN row.possessor_id IS NULL THEN [] ELSE [1] END |
  MERGE (q:Person {id: row.possessor_id})
  SET q.name = coalesce(row.possessor_name, q.name)
  MERGE (q)-[:POSSESSED]->(f))
RETURN collect(row.trace_number) AS keys
"""

FOLLOWUPS = """
UNWIND $rows AS row
OPTIONAL MATCH (l:Lead {id: row.target_id})
OPTIONAL MATCH (h:Hit {id: row.target_id})
WITH row, coalesce(l, h) AS target WHERE target IS NOT NULL
MERGE (u:FollowUp {id: row.id})
SET u.target_id = row.target_id, u.investigator = row.investigator, u.outcome = row.outcome,
    u.occurred_on = date(row.occurred_on), u.notes = row.notes
MERGE (u)-[:FOLLOWS_UP]->(target)
RETURN collect(row.id) AS keys
"""

# Leads, hits and candidates from outside take exactly the shape the workflow services
# write (docs/graph-model.md): GROUPS, INVOLVES, LEAD_LINK / HIT_LINK per case pair, runs.
LEADS = (
    """
UNWIND $rows AS row
MATCH (a:Agency {ori: row.agency_ori})
MERGE (l:Lead {id: row.id})
SET l.status = row.status, l.created_by = row.created_by,
    l.created_at = datetime(row.created_at), l.updated_at = datetime(row.created_at),
    l.agency_ori = row.agency_ori
WITH l, row
CALL (l, row) {
  UNWIND row.evidence_ids AS eid
  MATCH (e:Evidence {id: eid})
  MERGE (l)-[g:GROUPS]->(e)
  ON CREATE SET g.added_at = datetime(row.created_at), g.added_by = row.created_by
  SET l.calibre = e.calibre
}
WITH l
"""
    + LEAD_LINKS
    + DROP_EXCLUDED_LINKS
    + """
RETURN collect(l.id) AS keys
"""
)

HITS = (
    """
UNWIND $rows AS row
MATCH (l:Lead {id: row.lead_id})
MATCH (a:Agency {ori: row.credited_ori})
MERGE (h:Hit {id: row.id})
SET h.lead_id = row.lead_id, h.examiner = row.examiner, h.conclusion = row.conclusion,
    h.confirmed_at = datetime(row.confirmed_at), h.report_number = row.report_number,
    h.credited_ori = row.credited_ori, h.warm = row.warm,
    l.status = 'confirmed', l.updated_at = datetime(row.confirmed_at)
MERGE (h)-[:CONFIRMS]->(l)
MERGE (h)-[:CREDITED_TO]->(a)
WITH h, l
"""
    + HIT_LINKS
    + """
RETURN collect(h.id) AS keys
"""
)

# A correlation run is immutable: a run seen for the first time (created in this batch,
# ``$batch``) gets its candidate edges with CREATE, the cheap path; a run already there
# (a re-ingest, or a retry after evidence arrived) goes through MERGE, which adds only what
# is missing. Either way the batch is one transaction, so no run is ever half-written.
# What the run shares (algorithm, version, time) lives on the run node only; each edge holds
# its rank and scores. Returns, per (run, query), how many candidates were bound: the loader
# asks which are missing only for the rare lists that come back short (or not at all).
CANDIDATES = """
UNWIND $rows AS row
MATCH (q:Evidence {id: row.query_id})
MERGE (r:CorrelationRun {id: row.run_id})
ON CREATE SET r.query_id = row.query_id, r.algorithm = row.algorithm, r.version = row.version,
              r.at = datetime(row.run_at), r.candidates = size(row.candidates),
              r.batch = $batch
WITH q, r, row, r.batch = $batch AS fresh
SET q.correlated_at = CASE WHEN q.correlated_at IS NULL OR q.correlated_at > datetime(row.run_at)
                      THEN datetime(row.run_at) ELSE q.correlated_at END
WITH q, r, row, fresh
CALL (q, r, row, fresh) {
  WITH q, r, row WHERE fresh
  CREATE (q)-[:IN_RUN]->(r)
  WITH q, row
  UNWIND row.candidates AS cand
  MATCH (c:Evidence {id: cand.candidate_id})
  CREATE (q)-[:CORRELATES_WITH {run_id: row.run_id, rank: cand.rank, combined: cand.combined,
      breech_face: cand.breech_face, firing_pin: cand.firing_pin, ejector: cand.ejector}]->(c)
  RETURN count(c) AS bound
  UNION ALL
  WITH q, r, row WHERE NOT fresh
  MERGE (q)-[:IN_RUN]->(r)
  WITH q, row
  UNWIND row.candidates AS cand
  MATCH (c:Evidence {id: cand.candidate_id})
  MERGE (q)-[k:CORRELATES_WITH {run_id: row.run_id}]->(c)
  SET k.rank = cand.rank, k.combined = cand.combined, k.breech_face = cand.breech_face,
      k.firing_pin = cand.firing_pin, k.ejector = cand.ejector
  RETURN count(c) AS bound
}
WITH row, sum(bound) AS bound
RETURN collect([row.run_id, row.query_id, bound, size(row.candidates)]) AS groups
"""

# Which of the listed evidence ids exist (to name the candidates of a short list).
EXISTING_EVIDENCE = """
UNWIND $ids AS id
MATCH (e:Evidence {id: id})
RETURN collect(e.id) AS ids
"""

LABEL_COUNTS = """
MATCH (n) UNWIND labels(n) AS label
RETURN label, count(*) AS n
"""

TYPE_COUNTS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
"""

COUNTS = """
MATCH (n) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships
"""

KNOWN_ORIS = """
MATCH (a:Agency) RETURN collect(a.ori) AS oris
"""

DELETE_EVERYTHING = """
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""
