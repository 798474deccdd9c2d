"""Cypher for correlation runs and their candidates (CORRELATES_WITH edges).

A candidate edge holds what is its own (rank, scores, review); what the whole run shares
(algorithm, version, time) is stored once, on its ``CorrelationRun``, found by ``run_id``.
"""

# Many runs at once: rows [{query_id, run_id, at, candidates: [{candidate_id, rank, ...}]}].
STORE_RUNS = """
UNWIND $runs AS run
MATCH (q:Evidence {id: run.query_id})
MERGE (r:CorrelationRun {id: run.run_id})
SET r.query_id = run.query_id, r.algorithm = $algorithm, r.version = $version,
    r.at = datetime(run.at), r.top_n = $top_n, r.candidates = size(run.candidates)
MERGE (q)-[:IN_RUN]->(r)
SET q.correlated_at = CASE WHEN q.correlated_at IS NULL OR q.correlated_at > datetime(run.at)
                      THEN datetime(run.at) ELSE q.correlated_at END
WITH q, run
UNWIND run.candidates AS row
MATCH (c:Evidence {id: row.candidate_id})
MERGE (q)-[k:CORRELATES_WITH {run_id: run.run_id}]->(c)
SET k.rank = row.rank, k.breech_face = row.breech_face, k.firing_pin = row.firing_pin,
    k.ejector = row.ejector, k.combined = row.combined
RETURN count(k) AS n
"""

RUNS_FOR = """
MATCH (:Evidence {id: $query_id})-[:IN_RUN]->(r:CorrelationRun)
RETURN r {.*} AS run
ORDER BY r.at DESC
"""

CANDIDATES = """
MATCH (q:Evidence {id: $query_id})-[k:CORRELATES_WITH]->(c:Evidence)
WHERE ($run_id IS NULL OR k.run_id = $run_id)
  AND ($include_dismissed OR k.review IS NULL)
MATCH (r:CorrelationRun {id: k.run_id})
WHERE $version IS NULL OR r.version = $version
RETURN k {.*} AS candidate, r.algorithm AS algorithm, r.version AS version, r.at AS run_at,
       c.id AS candidate_id, c.contributing_ori AS candidate_ori,
       c.incident_id AS candidate_incident_id, c.kind AS candidate_kind
ORDER BY r.at DESC, k.rank ASC
"""

DISMISS = """
MATCH (q:Evidence {id: $query_id})-[k:CORRELATES_WITH]->(c:Evidence {id: $candidate_id})
WHERE k.review IS NULL
SET k.review = 'dismissed', k.dismissed_reason = $reason, k.dismissed_by = $user_id,
    k.dismissed_at = datetime($at)
RETURN count(k) AS n
"""

CANDIDATE_EXISTS = """
MATCH (:Evidence {id: $query_id})-[k:CORRELATES_WITH]->(:Evidence {id: $candidate_id})
RETURN count(k) AS n
"""
