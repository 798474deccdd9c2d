"""Trafficking indicators over trace rows (ATF's: short time-to-crime, possessor ≠ purchaser,
multiple sales, one dealer or buyer sourcing many crime guns, interstate flows).

Pure; O(t log t) for t traces. Purchaser identities are grouped on an opaque key and shown
only where ``TraceRow.purchaser_visible`` holds for every trace of the group.

>>> r = [TraceRow("t1", "f1", "NY0303000", "FFL1", "Guns", "GA", "p1", None, 100, "NY")]
>>> [d.guns for d in dealers(r + [TraceRow("t2", "f2", "NY0303000", "FFL1", "Guns", "GA",
...      "p2", None, 200, "NY")], min_guns=2)]
[2]
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from domain.analysis import SourceIndicator, StateFlow, TtcCluster

SHORT_TTC_DAYS = 365  # under a year: ATF's strongest time-to-crime indicator


@dataclass(frozen=True, slots=True)
class TraceRow:
    trace: str
    firearm: str
    requesting_ori: str
    ffl: str | None
    dealer_name: str | None
    dealer_state: str | None
    purchaser: str | None  # opaque grouping key
    purchaser_name: str | None  # present only when the caller may see it
    ttc: int | None
    recovery_state: str | None
    multiple_sale: bool = False
    possessor_differs: bool = False
    purchase_date: date | None = None
    purchaser_visible: bool = False


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _indicator(
    key: str | None, name: str | None, state: str | None, rows: Sequence[TraceRow], short: int
) -> SourceIndicator:
    ttcs = [r.ttc for r in rows if r.ttc is not None]
    return SourceIndicator(
        key=key,
        name=name,
        state=state,
        guns=len({r.firearm for r in rows}),
        short_ttc=sum(1 for t in ttcs if t <= short),
        median_ttc_days=_median(ttcs),
        multiple_sale=sum(1 for r in rows if r.multiple_sale),
        possessor_differs=sum(1 for r in rows if r.possessor_differs),
        firearm_ids=tuple(sorted({r.firearm for r in rows})),
        withheld=key is None,
    )


def _rank(items: list[SourceIndicator]) -> list[SourceIndicator]:
    return sorted(items, key=lambda s: (-s.guns, -s.short_ttc, s.key or "", s.firearm_ids))


def dealers(
    rows: Iterable[TraceRow], *, min_guns: int = 3, short_ttc_days: int = SHORT_TTC_DAYS
) -> list[SourceIndicator]:
    """Dealers (FFLs) that sold at least ``min_guns`` traced crime guns, most first."""
    groups: dict[str, list[TraceRow]] = defaultdict(list)
    for r in rows:
        if r.ffl:
            groups[r.ffl].append(r)
    return _rank(
        [
            _indicator(ffl, g[0].dealer_name, g[0].dealer_state, g, short_ttc_days)
            for ffl, g in groups.items()
            if len({r.firearm for r in g}) >= min_guns
        ]
    )


def purchasers(
    rows: Iterable[TraceRow], *, min_guns: int = 2, short_ttc_days: int = SHORT_TTC_DAYS
) -> list[SourceIndicator]:
    """First retail purchasers of at least ``min_guns`` crime guns. Identity (key, name) only
    when every trace of the group may show it to the caller; else withheld."""
    groups: dict[str, list[TraceRow]] = defaultdict(list)
    for r in rows:
        if r.purchaser:
            groups[r.purchaser].append(r)
    out = []
    for key, g in groups.items():
        if len({r.firearm for r in g}) < min_guns:
            continue
        shown = all(r.purchaser_visible for r in g)
        name = next((r.purchaser_name for r in g if r.purchaser_name), None) if shown else None
        out.append(_indicator(key if shown else None, name, None, g, short_ttc_days))
    return _rank(out)


def ttc_clusters(
    rows: Iterable[TraceRow],
    *,
    min_guns: int = 3,
    short_ttc_days: int = SHORT_TTC_DAYS,
    window_days: int = 30,
) -> list[TtcCluster]:
    """Runs of short-TTC guns from one dealer, each bought within ``window_days`` of the
    previous one, with at least ``min_guns`` guns; largest first."""
    by_dealer: dict[str, list[TraceRow]] = defaultdict(list)
    for r in rows:
        if r.ffl and r.purchase_date and r.ttc is not None and r.ttc <= short_ttc_days:
            by_dealer[r.ffl].append(r)
    out: list[TtcCluster] = []
    for ffl, g in by_dealer.items():
        g.sort(key=lambda r: (r.purchase_date or date.min, r.firearm))
        runs: list[list[TraceRow]] = []
        for r in g:
            last = runs[-1][-1].purchase_date if runs else None
            if (
                last is not None
                and r.purchase_date is not None
                and ((r.purchase_date - last).days <= window_days)
            ):
                runs[-1].append(r)
            else:
                runs.append([r])
        for run in runs:
            if len({x.firearm for x in run}) >= min_guns:
                out.append(
                    TtcCluster(
                        dealer_ffl=ffl,
                        dealer_name=run[0].dealer_name,
                        first_purchase=run[0].purchase_date or date.min,
                        last_purchase=run[-1].purchase_date or date.min,
                        firearm_ids=tuple(sorted({x.firearm for x in run})),
                        median_ttc_days=float(statistics.median(x.ttc or 0 for x in run)),
                    )
                )
    return sorted(out, key=lambda c: (-len(c.firearm_ids), c.dealer_ffl, c.first_purchase))


def interstate_flows(
    rows: Iterable[TraceRow], *, short_ttc_days: int = SHORT_TTC_DAYS
) -> list[StateFlow]:
    """Guns sold in one state and recovered in another: counts per (from, to), most first."""
    groups: dict[tuple[str, str], list[TraceRow]] = defaultdict(list)
    for r in rows:
        if r.dealer_state and r.recovery_state and r.dealer_state != r.recovery_state:
            groups[(r.dealer_state, r.recovery_state)].append(r)
    flows = []
    for (a, b), g in groups.items():
        ttcs = [r.ttc for r in g if r.ttc is not None]
        flows.append(
            StateFlow(
                from_state=a,
                to_state=b,
                guns=len({r.firearm for r in g}),
                short_ttc=sum(1 for t in ttcs if t <= short_ttc_days),
                median_ttc_days=_median(ttcs),
            )
        )
    return sorted(flows, key=lambda f: (-f.guns, f.from_state, f.to_state))
