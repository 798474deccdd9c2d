"""Load a demo :class:`~ingest.demo.Scenario` into the graph, with its jurisdictions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.loaders import GraphLoader, LoadKind
from ingest.demo import AGENCIES, Scenario
from ingest.jurisdictions import Gazetteer, served_areas
from ingest.records import Batch
from ingest.service import IngestReport, load_incident_batch


def write_truth(scenario: Scenario, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(scenario.truth, indent=1, sort_keys=True))


async def load_scenario(
    scenario: Scenario, *, loader: GraphLoader, gazetteer: Gazetteer
) -> dict[str, Any]:
    """Jurisdictions, the two agencies and their areas, incidents (placed), firearms,
    evidence, traces. Idempotent (MERGE): loading twice changes nothing."""
    states = [j for j in gazetteer.jurisdictions.values() if j.level.value == "state"]
    await loader.load(states)
    await loader.load([j for j in gazetteer.jurisdictions.values() if j.level.value != "state"])
    await loader.load(AGENCIES)
    pairs = served_areas(AGENCIES, gazetteer)
    await loader.load_rows(LoadKind.SERVES, [{"ori": o, "jurisdiction_id": j} for o, j in pairs])
    report = IngestReport(kind="demo-incidents", path=scenario.source)
    for i in range(0, len(scenario.incidents), 5_000):
        chunk = scenario.incidents[i : i + 5_000]
        await load_incident_batch(
            Batch(records=chunk, lines=[None] * len(chunk)),
            file="demo",
            loader=loader,
            gazetteer=gazetteer,
            report=report,
        )
    counts: dict[str, Any] = {"incidents": report.loaded, "rejected_incidents": report.rejected}
    for name, records in (
        ("firearms", scenario.firearms),
        ("evidence", scenario.evidence),
        ("traces", scenario.traces),
    ):
        counts[name] = (await loader.load(records)).written
    return {"source": scenario.source, "seed": scenario.seed, **counts}
