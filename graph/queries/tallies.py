"""Link tallies: cross-jurisdiction and cross-agency link counts kept up to date on write.

A region's cross-jurisdiction summary would otherwise read every hit and lead link of the
region (200 k on a 1 M-acquisition graph: seconds, however it is written). Instead each
link is *tallied* when it is written: it adds one to a ``LinkTally`` cell for every pair of
distinct areas (at each level) and for the pair of agencies its two incidents lie in. A cell
is keyed by what the summary groups and filters on, so the summary reads a few thousand
cells instead of every link:

    by ('area' | 'agency'), level, x < y (the pair), ox / oy (the agencies of the incidents
    on the x / y side: the caller's scope), type (HIT_LINK / LEAD_LINK)

and holds ``n`` (links), ``n_warm`` (warm hits among them), ``examples`` (one "x-side
incident<US>y-side incident" per link; ``first3``: the three smallest), ``series`` (one
lead id per link) and ``firearms`` (the recovered guns of each link's lead). Each link
remembers the cells it added to, the example it added to each and the guns it added
(``k.cells``, ``k.cell_examples``, ``k.tally_firearms``), so re-tallying a link (an
incident placed in a new area, moved to another agency by a re-ingest, or a test fire
joining its lead) takes back exactly what it added and adds what it adds now. A link with
``cells`` unset has not been tallied; the migration in graph/schema.py tallies those on
graphs written before 0.4. A summary over a time window counts the links in the
window instead (graph/queries/links.py): cells have no time.

Fragments below expect ``fresh`` (a list of link relationships) bound and return nothing.
"""

SEP = "\u001f"  # between the two incident ids of an example (ids never contain it)

# Step of a reduce keeping ``m`` the three smallest distinct examples seen, sorted.
FIRST3 = (
    "CASE WHEN size(m) = 3 AND e >= m[2] THEN m WHEN e IN m THEN m"
    " ELSE ([x IN m WHERE x < e] + e + [x IN m WHERE x > e])[..3] END"
)

# With ``k`` and ``warm`` bound: takes back from the cells what link ``k`` added to them.
_RETRACT = (
    """
  CALL (k, warm) {
    UNWIND range(0, size(coalesce(k.cells, [])) - 1) AS n
    MATCH (c:LinkTally {id: k.cells[n]})
    WITH c, k.cell_examples[n] AS ex, k.lead_id AS s, coalesce(k.tally_firearms, []) AS had, warm
    WITH c, ex, had, warm,
         head([i IN range(0, size(c.examples) - 1) WHERE c.examples[i] = ex]) AS ei,
         head([i IN range(0, size(c.series) - 1) WHERE c.series[i] = s]) AS si
    WITH c, ex, had, warm, si, ei,
         CASE WHEN ei IS NULL THEN c.examples ELSE c.examples[..ei] + c.examples[ei + 1..] END
         AS rest
    SET c.n = c.n - 1, c.n_warm = c.n_warm - CASE WHEN warm THEN 1 ELSE 0 END,
        c.first3 = CASE WHEN NOT ex IN c.first3 THEN c.first3
                   ELSE reduce(m = [], e IN rest | """
    + FIRST3
    + """) END,
        c.examples = rest,
        c.series = CASE WHEN si IS NULL THEN c.series ELSE c.series[..si] + c.series[si + 1..] END,
        c.firearms = reduce(fs = c.firearms, g IN had |
          CASE WHEN NOT g IN fs THEN fs
          ELSE fs[..head([i IN range(0, size(fs) - 1) WHERE fs[i] = g])]
               + fs[head([i IN range(0, size(fs) - 1) WHERE fs[i] = g]) + 1..] END)
  }
"""
)

# Takes back what each link added (``k.cells`` and, in the same order, the example it added
# to each), then adds what it adds now. Idempotent for a given state of the link's incidents.
RETALLY = (
    """
CALL (fresh) {
  UNWIND fresh AS k
  WITH DISTINCT k
  WITH k, startNode(k) AS a, endNode(k) AS b, type(k) AS t, coalesce(k.warm, false) AS warm,
       COLLECT { MATCH (:Lead {id: k.lead_id})-[:INVOLVES]->(f:Firearm)
                 RETURN f.id ORDER BY f.id } AS guns
"""
    + _RETRACT
    + """  CALL (k, a, b, t, warm, guns) {
    CALL (a, b) {
      UNWIND coalesce(a.area_keys, []) AS ka
      UNWIND coalesce(b.area_keys, []) AS kb
      WITH a, b, split(ka, '|')[0] AS la, split(kb, '|')[0] AS lb, ka, kb
      WITH a, b, la, lb, substring(ka, size(la) + 1) AS ja, substring(kb, size(lb) + 1) AS jb
      WHERE la = lb AND ja <> jb
      RETURN DISTINCT 'area' AS by, la AS level, ja < jb AS a_first,
             CASE WHEN ja < jb THEN ja ELSE jb END AS x, CASE WHEN ja < jb THEN jb ELSE ja END AS y
      UNION
      WITH a, b WHERE a.agency_ori <> b.agency_ori
      RETURN 'agency' AS by, '' AS level, a.agency_ori < b.agency_ori AS a_first,
             CASE WHEN a.agency_ori < b.agency_ori THEN a.agency_ori ELSE b.agency_ori END AS x,
             CASE WHEN a.agency_ori < b.agency_ori THEN b.agency_ori ELSE a.agency_ori END AS y
    }
    WITH k, t, warm, guns, by, level, x, y,
         CASE WHEN a_first THEN a.agency_ori ELSE b.agency_ori END AS ox,
         CASE WHEN a_first THEN b.agency_ori ELSE a.agency_ori END AS oy,
         CASE WHEN a_first THEN a.id + '"""
    + SEP
    + """' + b.id ELSE b.id + '"""
    + SEP
    + """' + a.id END AS ex
    WITH k, t, warm, guns, by, level, x, y, ox, oy, ex,
         by + '|' + level + '|' + x + '|' + y + '|' + ox + '|' + oy + '|' + t AS cid
    MERGE (c:LinkTally {id: cid})
    ON CREATE SET c.by = by, c.level = level, c.x = x, c.y = y, c.ox = ox, c.oy = oy,
                  c.type = t, c.n = 0, c.n_warm = 0, c.examples = [], c.series = [],
                  c.firearms = [], c.first3 = []
    SET c.n = c.n + 1, c.n_warm = c.n_warm + CASE WHEN warm THEN 1 ELSE 0 END,
        c.examples = c.examples + ex, c.series = c.series + coalesce(k.lead_id, []),
        c.first3 = reduce(m = c.first3, e IN [ex] | """
    + "{FIRST3}"
    + """),
        c.firearms = c.firearms + guns
    RETURN collect(cid) AS cells, collect(ex) AS examples
  }
  SET k.cells = cells, k.cell_examples = examples, k.tally_firearms = guns
}
"""
).replace("{FIRST3}", FIRST3)

# Expects ``gone`` (links to delete) bound: each is taken out of the tallies, then deleted.
UNLINK = (
    """
CALL (gone) {
  UNWIND gone AS k
  WITH DISTINCT k
  WITH k, coalesce(k.warm, false) AS warm
"""
    + _RETRACT
    + """  DELETE k
}
"""
)


def tally_new(links: str, keep: str = "") -> str:
    """Tally the links of list ``links`` not tallied yet (``cells`` unset: just created);
    ``keep`` names the variables (``"a, b, "``) that stay bound after it."""
    return f"  WITH {keep}[x IN {links} WHERE x.cells IS NULL] AS fresh\n" + RETALLY


def retally_links_of(incidents: str) -> str:
    """A unit subquery re-tallying every link of the incidents in list ``incidents``."""
    return (
        f"CALL ({incidents}) {{\n  UNWIND {incidents} AS i\n"
        "  MATCH (i)-[k:HIT_LINK|LEAD_LINK]-()\n  WITH collect(k) AS fresh\n" + RETALLY + "}\n"
    )


# Pairs from the cells: per pair the counts, each cell's first three examples, and the
# series and guns behind it. One record holding every pair: the
# Python driver spends ~100 µs on each record it receives, a list element costs far less.
PAIRS = """
MATCH (c:LinkTally)
WHERE c.by = $by AND c.level = $level AND c.n > 0 AND c.type IN $types
  AND c.ox IN $oris AND c.oy IN $oris
WITH c.x AS a, c.y AS b,
     sum(CASE WHEN c.type = $hit_type THEN c.n - c.n_warm ELSE 0 END) AS hits,
     sum(CASE WHEN c.type <> $hit_type THEN c.n ELSE 0 END) AS leads,
     collect(c.first3) AS examples, collect(c.series) AS series, collect(c.firearms) AS firearms
RETURN collect([a, b, hits, leads, examples, series, firearms]) AS pairs
"""

# The links of excluded leads, written before 0.4 removed them on exclusion: the migration.
DROP_EXCLUDED = (
    """MATCH (l:Lead {status: 'excluded'})-[:INVOLVES]->(:Incident)-[k:LEAD_LINK]->()
WHERE k.lead_id = l.id
CALL (k) {
  WITH [k] AS gone
"""
    + UNLINK
    + """
} IN TRANSACTIONS OF 2000 ROWS"""
)

# Every link not tallied yet (graphs written before 0.4), in batches: the migration.
TALLY_UNTALLIED = (
    """MATCH ()-[k:HIT_LINK|LEAD_LINK]->() WHERE k.cells IS NULL
CALL (k) {
  WITH [k] AS fresh
"""
    + RETALLY
    + """
} IN TRANSACTIONS OF 2000 ROWS"""
)

# ``cgintel db retally``: drop every cell and every link's record of it (then the migration
# tallies every link again from the graph as it is).
RESET = (
    "MATCH (c:LinkTally) CALL (c) { DETACH DELETE c } IN TRANSACTIONS OF 10000 ROWS",
    """MATCH ()-[k:HIT_LINK|LEAD_LINK]->() WHERE k.cells IS NOT NULL
CALL (k) { REMOVE k.cells, k.cell_examples, k.tally_firearms } IN TRANSACTIONS OF 10000 ROWS""",
)
