"""Cypher for feedback-loop summaries, per agency (``UNWIND $oris``) and period.

Evidence counts by the item's first timestamp (collected, else submitted, else acquired) in
``[$since, $until)``. Leads are the cohort created in the period that group at least one of
the agency's items; their hits, follow-ups and stage times follow them. Durations in hours.
"""

EVIDENCE_STAGES = """
UNWIND $oris AS ori
MATCH (e:Evidence {contributing_ori: ori})
WITH ori, e, coalesce(e.collected_at, e.submitted_at, e.acquired_at) AS t0
WHERE t0 >= datetime($since) AND t0 < datetime($until)
CALL (e) {
  OPTIONAL MATCH (l:Lead)-[g:GROUPS]->(e)
  RETURN min(coalesce(g.added_at, l.created_at)) AS lead_at
}
WITH ori, e, lead_at,
     duration.inSeconds(e.collected_at, e.submitted_at).seconds / 3600.0 AS c2s,
     duration.inSeconds(e.collected_at, e.acquired_at).seconds / 3600.0 AS c2a,
     duration.inSeconds(e.acquired_at, lead_at).seconds / 3600.0 AS a2l,
     duration.inSeconds(coalesce(e.collected_at, e.acquired_at), lead_at).seconds / 3600.0
       AS c2l
RETURN ori,
       sum(CASE WHEN e.kind = 'test_fire' THEN 0 ELSE 1 END) AS scene_items,
       sum(CASE WHEN e.kind = 'test_fire' THEN 1 ELSE 0 END) AS test_fires,
       count(c2s) AS c2s_n, percentileCont(c2s, 0.5) AS c2s_med,
       percentileCont(c2s, 0.9) AS c2s_p90,
       count(c2a) AS c2a_n, percentileCont(c2a, 0.5) AS c2a_med,
       percentileCont(c2a, 0.9) AS c2a_p90,
       count(a2l) AS a2l_n, percentileCont(a2l, 0.5) AS a2l_med,
       percentileCont(a2l, 0.9) AS a2l_p90,
       count(c2l) AS c2l_n, percentileCont(c2l, 0.5) AS c2l_med,
       percentileCont(c2l, 0.9) AS c2l_p90
"""

LEAD_COHORT = """
UNWIND $oris AS ori
MATCH (e:Evidence {contributing_ori: ori})<-[:GROUPS]-(l:Lead)
WHERE l.created_at >= datetime($since) AND l.created_at < datetime($until)
WITH DISTINCT ori, l
OPTIONAL MATCH (h:Hit)-[:CONFIRMS]->(l)
CALL (l, h) {
  OPTIONAL MATCH (u:FollowUp)-[:FOLLOWS_UP]->(t)
  WHERE t = l OR t = h
  RETURN collect(u.outcome) AS outcomes
}
WITH ori, l, h, outcomes,
     CASE WHEN h IS NULL OR h.warm THEN null
     ELSE duration.inSeconds(l.created_at, h.confirmed_at).seconds / 3600.0 END AS l2h
RETURN ori, count(l) AS leads,
       sum(CASE WHEN h IS NOT NULL AND NOT coalesce(h.warm, false) THEN 1 ELSE 0 END) AS hits,
       sum(CASE WHEN h IS NOT NULL AND coalesce(h.warm, false) THEN 1 ELSE 0 END) AS warm_hits,
       sum(CASE WHEN coalesce(l.cross_jurisdiction, false) THEN 1 ELSE 0 END) AS cross_leads,
       sum(CASE WHEN size(outcomes) = 0 THEN 1 ELSE 0 END) AS no_follow_up,
       count(l2h) AS l2h_n, percentileCont(l2h, 0.5) AS l2h_med,
       percentileCont(l2h, 0.9) AS l2h_p90,
       collect(outcomes) AS outcomes
"""
