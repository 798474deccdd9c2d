"""Communities and bridging nodes of the incident–firearm–person network.

Pure functions over an undirected ``networkx.Graph`` whose nodes carry ``kind``
(``incident``, ``firearm``, ``person``). Seeded and bounded: Louvain communities cost about
O(m log n); betweenness is exact up to ``sample`` nodes and estimated from ``sample``
seeded sources above that, O(sample · m). Graphs above ``max_nodes`` are refused.

>>> g = nx.Graph()
>>> g.add_nodes_from(["incident:a", "incident:b"], kind="incident")
>>> g.add_node("firearm:f", kind="firearm")
>>> g.add_edges_from([("incident:a", "firearm:f"), ("incident:b", "firearm:f")])
>>> analyse(g, seed=1).central[0].id
'firearm:f'
"""

from __future__ import annotations

import networkx as nx

from domain.analysis import Community, NetworkAnalysis, NetworkNode

MAX_NODES = 50_000
SAMPLE = 256
MEMBERS_SHOWN = 50


def analyse(
    g: nx.Graph,
    *,
    seed: int = 7,
    sample: int = SAMPLE,
    max_nodes: int = MAX_NODES,
    top: int = 25,
) -> NetworkAnalysis:
    """Louvain communities (seeded) and the firearms and people that bridge them, ranked by
    betweenness centrality (then degree, then id)."""
    n = g.number_of_nodes()
    if n > max_nodes:
        raise ValueError(f"network of {n} nodes exceeds {max_nodes}: narrow the period or scope")
    if n == 0:
        return NetworkAnalysis(0, 0, seed, False, (), ())
    parts = nx.community.louvain_communities(g, seed=seed) if g.number_of_edges() else []
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    community = {node: k for k, p in enumerate(parts) for node in p}
    sampled = n > sample
    between = nx.betweenness_centrality(
        g, k=sample if sampled else None, seed=seed if sampled else None, normalized=True
    )

    def rank(node: str) -> tuple[float, int, str]:
        return (-between.get(node, 0.0), -g.degree(node), node)

    comms = []
    for k, p in enumerate(parts):
        kinds = [g.nodes[x]["kind"] for x in p]
        comms.append(
            Community(
                id=k,
                size=len(p),
                incidents=kinds.count("incident"),
                firearms=kinds.count("firearm"),
                persons=kinds.count("person"),
                members=tuple(sorted(p, key=rank)[:MEMBERS_SHOWN]),
            )
        )
    bridges = sorted((x for x in g.nodes if g.nodes[x]["kind"] in ("firearm", "person")), key=rank)[
        :top
    ]
    central = tuple(
        NetworkNode(
            id=x,
            kind=g.nodes[x]["kind"],
            community=community.get(x, -1),
            degree=g.degree(x),
            betweenness=round(between.get(x, 0.0), 6),
        )
        for x in bridges
    )
    return NetworkAnalysis(n, g.number_of_edges(), seed, sampled, tuple(comms), central)
