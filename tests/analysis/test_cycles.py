"""Shooting cycles recovered exactly from a graph with planted cycles."""

from __future__ import annotations

from typing import Any

import pytest

from domain.analysis import CycleMode, CycleSupport, LinkKind
from domain.enums import JurisdictionLevel
from services import cycles
from services.cycles import CycleFilter
from tests.analysis import planted
from tests.analysis.planted import AS_OF


async def test_incident_cycle_confirmed_and_lead_supported(svc: Any, caller: Any) -> None:
    p = planted.scenario()
    await planted.write(svc, p)
    ctx = caller()
    a = await cycles.incident_cycle(ctx, incident_id="a3", mode=CycleMode.CONFIRMED, as_of=AS_OF)
    assert a is not None
    assert [m.incident_id for m in a.members] == p.cycles["A"]  # x1 (other region) left out
    assert a.id == "cycle:a1" and a.support is CycleSupport.CONFIRMED
    assert [m.hours_since_previous for m in a.members] == [None, 168.0, 168.0, 168.0]
    assert a.span_days == 21.0 and a.agency_oris == ("NY0303000",)
    assert {j.id for j in a.jurisdictions} == {"place:3651000", "district:nypd-75"}
    assert all(link.kind is LinkKind.HIT for link in a.links) and len(a.links) == 6
    guns = {(g.series_id, g.firearm_id, g.recovered) for g in a.firearms}
    assert guns == {("lead-a", None, False), (None, "gun-a4", True)}
    assert not a.active  # last event in January, as of December

    b = await cycles.incident_cycle(ctx, incident_id="b1", mode=CycleMode.CONFIRMED, as_of=AS_OF)
    assert b is not None and [m.incident_id for m in b.members] == ["b1", "b2"]
    b = await cycles.incident_cycle(ctx, incident_id="b1", mode=CycleMode.WITH_LEADS, as_of=AS_OF)
    assert b is not None and [m.incident_id for m in b.members] == p.cycles["B"]
    assert b.support is CycleSupport.LEAD_SUPPORTED
    assert b.agency_oris == ("NY0303000", "PAPEP0000")
    recovered = [g for g in b.firearms if g.recovered]
    assert [(g.firearm_id, g.confirmed) for g in recovered] == [("gun-b", True)]


async def test_long_chain_needs_several_rounds(svc: Any, caller: Any) -> None:
    p = planted.scenario()
    await planted.write(svc, p)
    e = await cycles.incident_cycle(caller(), incident_id="e00", mode=CycleMode.CONFIRMED)
    assert e is not None and [m.incident_id for m in e.members] == p.cycles["E"]
    assert not e.truncated


async def test_people_join_cycles_only_when_asked(svc: Any, caller: Any) -> None:
    p = planted.scenario()
    await planted.write(svc, p)
    alone = await cycles.incident_cycle(caller(), incident_id="d1")
    assert alone is not None and alone.size == 1
    both = await cycles.incident_cycle(caller(), incident_id="d1", include_people=True)
    assert both is not None and [m.incident_id for m in both.members] == ["d1", "d2"]
    assert both.support is CycleSupport.PERSON_SUPPORTED


async def test_scope_hides_other_regions(svc: Any, caller: Any) -> None:
    from domain.enums import Role
    from tests import factories as f

    await planted.write(svc, planted.scenario())
    assert await cycles.incident_cycle(caller(), incident_id="x1") is None
    west = await cycles.incident_cycle(caller(Role.ANALYST, f.OTHER), incident_id="x1")
    assert west is not None and [m.incident_id for m in west.members] == ["x1", "x2"]
    links = await cycles.linked_incidents(caller(), incident_id="a1")
    assert "x1" not in {v.incident_id for v in links}


async def test_list_cycles_filters_and_pages(svc: Any, caller: Any) -> None:
    p = planted.scenario()
    await planted.write(svc, p)
    ctx = caller()
    got, more = await cycles.list_cycles(ctx, filter=CycleFilter(as_of=AS_OF), first=50)
    assert not more
    assert {c.id for c in got} == {"cycle:a1", "cycle:b1", "cycle:c1", "cycle:e00"}
    assert [c.last_event for c in got] == sorted((c.last_event for c in got), reverse=True)
    conf, _ = await cycles.list_cycles(
        ctx, filter=CycleFilter(mode=CycleMode.CONFIRMED, min_size=3), first=50
    )
    assert {c.id for c in conf} == {"cycle:a1", "cycle:e00"}
    phl, _ = await cycles.list_cycles(
        ctx, filter=CycleFilter(jurisdiction_id="place:4260000"), first=50
    )
    assert {c.id for c in phl} == {"cycle:b1", "cycle:e00"}
    ppd, _ = await cycles.list_cycles(ctx, filter=CycleFilter(agency_ori="PAPEP0000"), first=50)
    assert {c.id for c in ppd} == {"cycle:b1", "cycle:e00"}
    recent, _ = await cycles.list_cycles(
        ctx, filter=CycleFilter(active_since=planted.T0 + planted.timedelta(days=150)), first=50
    )
    assert {c.id for c in recent} == {"cycle:b1", "cycle:e00"}
    window, _ = await cycles.list_cycles(
        ctx,
        filter=CycleFilter(until=planted.T0 + planted.timedelta(days=150)),
        first=50,
    )
    assert {c.id for c in window} == {"cycle:a1", "cycle:b1", "cycle:c1"}
    assert next(c for c in window if c.id == "cycle:b1").size == 2  # b3 falls outside
    people, _ = await cycles.list_cycles(ctx, filter=CycleFilter(include_people=True), first=50)
    assert "cycle:d1" in {c.id for c in people}
    seen, after = [], None
    while True:
        page, more = await cycles.list_cycles(ctx, filter=CycleFilter(), after=after, first=1)
        seen += [c.id for c in page]
        if not more:
            break
        after = (page[-1].last_event, page[-1].id)
    assert seen == [c.id for c in got]


@pytest.mark.parametrize("seed", [1, 2])
async def test_random_planted_cycles_precision_recall(svc: Any, caller: Any, seed: int) -> None:
    p = planted.random_cycles(seed, 25)
    await planted.write(svc, p)
    got, more = await cycles.list_cycles(
        caller(), filter=CycleFilter(mode=CycleMode.CONFIRMED), first=500
    )
    assert not more
    found_cycles = {tuple(m.incident_id for m in c.members) for c in got}
    assert found_cycles == {tuple(v) for v in p.cycles.values()}
    found = {frozenset((link.source, link.target)) for c in got for link in c.links}
    tp = len(found & p.hit_pairs)
    precision, recall = tp / len(found), tp / len(p.hit_pairs)
    assert (precision, recall) == (1.0, 1.0)


async def test_linked_incidents_and_links_leaving(svc: Any, caller: Any) -> None:
    await planted.write(svc, planted.scenario())
    ctx = caller()
    links = await cycles.linked_incidents(ctx, incident_id="b2")
    assert [(v.incident_id, v.kind) for v in links] == [
        ("b1", LinkKind.HIT),
        ("b1", LinkKind.LEAD),
        ("b3", LinkKind.LEAD),
    ]
    b1 = links[0]
    assert b1.cross_agency and b1.cross_jurisdiction and b1.hours_apart == -48.0
    assert b1.series_id == "lead-b"
    leaving = await cycles.linked_incidents(ctx, incident_id="b2", leaving_only=True)
    assert {v.incident_id for v in leaving} == {"b1"}
    precincts = await cycles.linked_incidents(
        ctx, incident_id="c1", level=JurisdictionLevel.DISTRICT, leaving_only=True
    )
    assert [v.incident_id for v in precincts] == ["c2"]  # 73rd -> 75th precinct
