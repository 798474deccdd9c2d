"""Cross-jurisdiction links: pairs of areas and of agencies joined by hits and leads.

Pure aggregation over link rows, O(m log m) for m links. Each pair is unordered (keys
sorted, ``a < b``); hits exclude warm hits (known beforehand, not counted).

>>> rows = [CrossRow("i1", "i2", "A", "B", (("j1", "One"),), (("j2", "Two"),), "hit", "l1")]
>>> [(p.a, p.b, p.hits) for p in pairs(rows, by="jurisdiction")]
[('j1', 'j2', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from domain.analysis import PairCount

EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class CrossRow:
    a: str  # earlier incident
    b: str
    a_ori: str
    b_ori: str
    a_juris: tuple[tuple[str, str], ...]  # (id, name) at the level asked for
    b_juris: tuple[tuple[str, str], ...]
    kind: str  # "hit" or "lead"
    series: str | None
    warm: bool = False
    at: datetime | None = None


@dataclass
class _Acc:
    hits: int = 0
    leads: int = 0
    examples: list[tuple[str, str]] = field(default_factory=list)
    series: set[str] = field(default_factory=set)


def pairs(
    rows: Iterable[CrossRow],
    *,
    by: Literal["jurisdiction", "agency"],
    names: Mapping[str, str] | None = None,
    series_firearms: Mapping[str, tuple[str, ...]] | None = None,
) -> list[PairCount]:
    """Pairs with their counts, up to three example incident pairs (first seen), the lead
    series and recovered firearms behind them; most links first, then by keys."""
    acc: dict[tuple[str, str], _Acc] = defaultdict(_Acc)
    label: dict[str, str] = dict(names or {})
    for r in rows:
        if by == "agency":
            ends = [((r.a_ori, r.a), (r.b_ori, r.b))] if r.a_ori != r.b_ori else []
        else:
            label.update(r.a_juris)
            label.update(r.b_juris)
            ends = [
                ((ja, r.a), (jb, r.b)) for ja, _ in r.a_juris for jb, _ in r.b_juris if ja != jb
            ]
        for (ka, ia), (kb, ib) in ends:
            key, example = ((ka, kb), (ia, ib)) if ka < kb else ((kb, ka), (ib, ia))
            slot = acc[key]
            if r.kind == "hit":
                slot.hits += 0 if r.warm else 1
            else:
                slot.leads += 1
            if len(slot.examples) < EXAMPLES and example not in slot.examples:
                slot.examples.append(example)
            if r.series:
                slot.series.add(r.series)
    guns = series_firearms or {}
    out = [
        PairCount(
            a=a,
            b=b,
            a_name=label.get(a),
            b_name=label.get(b),
            hits=s.hits,
            leads=s.leads,
            example_incidents=tuple(s.examples),
            firearm_ids=tuple(sorted({g for sid in s.series for g in guns.get(sid, ())})),
            series_ids=tuple(sorted(s.series)),
        )
        for (a, b), s in acc.items()
    ]
    return sorted(out, key=lambda p: (-p.total, p.a, p.b))
