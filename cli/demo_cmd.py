"""``cgintel demo``: load the seeded demo region (real incidents when at hand)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)


def demo(
    seed: Annotated[int, typer.Option(help="random seed (same seed, same scenario)")] = 7,
    per_city: Annotated[int, typer.Option(help="incidents per city")] = 1_200,
    data: Annotated[
        Path | None, typer.Option(help="real data folder (default: CGI_SHARED_DATA)")
    ] = None,
    truth: Annotated[Path, typer.Option(help="ground-truth JSON to write")] = Path(
        "var/demo/ground_truth.json"
    ),
) -> None:
    """Build and load the demo region; write its ground truth (shared guns, cycles)."""
    from cli.main import settings, with_driver
    from graph.loaders import GraphLoader
    from graph.schema import apply_schema
    from ingest.demo import build_scenario
    from ingest.demo_load import load_scenario, write_truth
    from ingest.demo_workflow import apply_workflow, plan_workflow
    from ingest.jurisdictions import default_gazetteer

    s = settings()
    folder = data or s.shared_data
    shared = folder if (folder / "incidents").is_dir() else None
    started = time.perf_counter()
    scenario = build_scenario(seed=seed, per_city=per_city, shared_data=shared)
    console.print(f"[bold]demo source:[/bold] {scenario.source}")
    gazetteer = default_gazetteer(shared)
    plan = plan_workflow(scenario, seed=seed)
    scenario.truth.update(plan.truth)
    write_truth(scenario, truth)

    async def run(driver: object, _: object) -> dict[str, object]:
        await apply_schema(driver, database=s.neo4j_database)  # type: ignore[arg-type]
        loader = GraphLoader(driver, database=s.neo4j_database)  # type: ignore[arg-type]
        counts = await load_scenario(scenario, loader=loader, gazetteer=gazetteer)
        counts.update(await apply_workflow(plan, driver=driver, database=s.neo4j_database))
        return counts

    result = with_driver(run)
    result["elapsed_s"] = round(time.perf_counter() - started, 2)
    result["ground_truth"] = str(truth)
    print(json.dumps(result))
