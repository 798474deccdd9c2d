"""Link tallies: cross-jurisdiction and cross-agency link counts kept up to date on write.

A region's cross-jurisdiction summary would otherwise read every hit and lead link of the
region (200 k on a 1 M-acquisition graph: seconds, however it is written). Instead each
link is *tallied* when it is written: it adds one to a ``LinkTally`` cell for every pair of
distinct areas (at each level) and for the pair of agencies its two incidents lie in. A cell
is keyed by what the summary filters on, so the summary sums a few thousand cells:

    by ('area' | 'agency'), level, x < y (the pair), ox / oy (the agencies of the incidents on
    the x / y side: the caller's scope), type (HIT_LINK / LEAD_LINK), warm,
    ma / mb (UTC year*100+month of the x / y side incident: month-aligned time windows)

and holds ``n`` (links), ``examples`` (one "x-side incident<US>y-side incident" per link) and
``series`` (one lead id per link): lists as long as ``n``, which the month in the key keeps
short. Each link remembers the cells it added to (``k.cells``), so re-tallying a link (its
incident was placed in a new area, or moved in time or agency by a re-ingest) takes back
exactly what it added and adds what it adds now. A link with ``cells`` unset has not been
tallied; the migration in graph/schema.py tallies those on graphs written before 0.4.

Fragments below expect ``fresh`` (a list of link relationships) bound and return nothing.
"""

SEP = "\u001f"  # between the two incident ids of an example (ids never contain it)

_MONTH = "datetime({{epochMillis: {n}.occurred_at.epochMillis}})"

# Takes back what each link added, then adds what it adds now (idempotent per link state).
RETALLY = (
    """
CALL (fresh) {
  UNWIND fresh AS k
  WITH DISTINCT k
  WITH k, startNode(k) AS a, endNode(k) AS b, type(k) AS t, coalesce(k.warm, false) AS warm,
       k.lead_id AS series
  WITH k, a, b, t, warm, series,
       """
    + _MONTH.format(n="a")
    + """ AS da,
       """
    + _MONTH.format(n="b")
    + """ AS db
  WITH k, a, b, t, warm, series, da.year * 100 + da.month AS ma, db.year * 100 + db.month AS mb
  CALL (k, a, b) {
    UNWIND coalesce(k.cells, []) AS cid
    MATCH (c:LinkTally {id: cid})
    WITH c, CASE WHEN c.x_first THEN a.id + '"""
    + SEP
    + """' + b.id ELSE b.id + '"""
    + SEP
    + """' + a.id END AS ex, k.lead_id AS s
    WITH c, head([i IN range(0, size(c.examples) - 1) WHERE c.examples[i] = ex]) AS ei,
         head([i IN range(0, size(c.series) - 1) WHERE c.series[i] = s]) AS si
    SET c.n = c.n - 1,
        c.examples = CASE WHEN ei IS NULL THEN c.examples
                     ELSE c.examples[..ei] + c.examples[ei + 1..] END,
        c.series = CASE WHEN si IS NULL THEN c.series ELSE c.series[..si] + c.series[si + 1..] END
  }
  CALL (k, a, b, t, warm, series, ma, mb) {
    CALL (k, a, b, ma, mb) {
      UNWIND coalesce(a.area_keys, []) AS ka
      UNWIND coalesce(b.area_keys, []) AS kb
      WITH a, b, ma, mb, split(ka, '|')[0] AS la, split(kb, '|')[0] AS lb, ka, kb
      WITH a, b, ma, mb, la, lb, substring(ka, size(la) + 1) AS ja,
           substring(kb, size(lb) + 1) AS jb
      WHERE la = lb AND ja <> jb
      RETURN DISTINCT 'area' AS by, la AS level, ja < jb AS x_first,
             CASE WHEN ja < jb THEN ja ELSE jb END AS x, CASE WHEN ja < jb THEN jb ELSE ja END AS y
      UNION
      WITH a, b WHERE a.agency_ori <> b.agency_ori
      RETURN 'agency' AS by, '' AS level, a.agency_ori < b.agency_ori AS x_first,
             CASE WHEN a.agency_ori < b.agency_ori THEN a.agency_ori ELSE b.agency_ori END AS x,
             CASE WHEN a.agency_ori < b.agency_ori THEN b.agency_ori ELSE a.agency_ori END AS y
    }
    WITH k, t, warm, series, by, level, x, y, x_first,
         CASE WHEN x_first THEN a.agency_ori ELSE b.agency_ori END AS ox,
         CASE WHEN x_first THEN b.agency_ori ELSE a.agency_ori END AS oy,
         CASE WHEN x_first THEN ma ELSE mb END AS cma,
         CASE WHEN x_first THEN mb ELSE ma END AS cmb,
         CASE WHEN x_first THEN a.id + '"""
    + SEP
    + """' + b.id ELSE b.id + '"""
    + SEP
    + """' + a.id END AS ex
    WITH k, t, warm, series, by, level, x, y, x_first, ox, oy, cma, cmb, ex,
         by + '|' + level + '|' + x + '|' + y + '|' + ox + '|' + oy + '|' + t + '|' +
         toString(warm) + '|' + toString(cma) + '|' + toString(cmb) + '|' + toString(x_first)
         AS cid
    MERGE (c:LinkTally {id: cid})
    ON CREATE SET c.by = by, c.level = level, c.x = x, c.y = y, c.ox = ox, c.oy = oy,
                  c.type = t, c.warm = warm, c.ma = cma, c.mb = cmb, c.x_first = x_first,
                  c.n = 0, c.examples = [], c.series = []
    SET c.n = c.n + 1, c.examples = c.examples + ex,
        c.series = c.series + coalesce(series, [])
    RETURN collect(cid) AS cells
  }
  SET k.cells = cells
}
"""
)

# Pairs from the cells: per pair the counts and every example and series (the caller keeps
# the first three examples and the distinct series). Month bounds are inclusive/exclusive.
PAIRS = """
MATCH (c:LinkTally)
WHERE c.by = $by AND c.level = $level AND c.n > 0 AND c.type IN $types
  AND c.ox IN $oris AND c.oy IN $oris
  AND ($since_m IS NULL OR (c.ma >= $since_m AND c.mb >= $since_m))
  AND ($until_m IS NULL OR (c.ma < $until_m AND c.mb < $until_m))
RETURN c.x AS a, c.y AS b,
       sum(CASE WHEN c.type = $hit_type AND NOT c.warm THEN c.n ELSE 0 END) AS hits,
       sum(CASE WHEN c.type <> $hit_type THEN c.n ELSE 0 END) AS leads,
       collect(c.examples) AS examples, collect(c.series) AS series
"""

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
