"""``cgintel ingest <kind> <path>``: the same code path as ``POST /ingest/{kind}``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.service import IngestReport, SourceKind

console = Console(stderr=True)
ingest_app = typer.Typer(
    help="Ingest a file: real public formats or the canonical CSV/JSON (docs/formats.md)",
    invoke_without_command=True,
    no_args_is_help=True,
    context_settings={"allow_interspersed_args": True},
)


def print_summary(report: IngestReport) -> None:
    table = Table(title=f"ingest {report.kind}", show_header=False)
    for k, v in report.summary().items():
        table.add_row(k, str(v))
    console.print(table)
    if report.rejections:
        reasons = Table("file", "line", "field", "reason", "key", title="first rejections")
        for r in report.rejections[:15]:
            reasons.add_row(r.file, str(r.line or ""), r.field or "", r.reason, r.key or "")
        console.print(reasons)


def write_rejections(report: IngestReport, path: Path) -> None:
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "line", "field", "reason", "key"])
        w.writeheader()
        w.writerows(r.as_dict() for r in report.rejections)


@ingest_app.callback()
def ingest(
    kind: Annotated[SourceKind, typer.Argument(help="what the file holds")],
    path: Annotated[Path, typer.Argument(help="file or folder (ignored for states/counties)")],
    batch_size: Annotated[int, typer.Option(help="records per transaction")] = 5_000,
    rejections: Annotated[
        Path | None, typer.Option(help="write every rejection to this CSV")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Read, validate and load a file; print read/loaded/rejected/elapsed."""
    from cli.main import settings, with_driver
    from graph.loaders import GraphLoader
    from graph.schema import apply_schema
    from ingest.service import run_ingest

    s = settings()

    async def run(driver: object, _: object) -> IngestReport:
        await apply_schema(driver, database=s.neo4j_database)  # type: ignore[arg-type]
        loader = GraphLoader(driver, database=s.neo4j_database)  # type: ignore[arg-type]
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"{kind.value} {path.name}", total=None)
            return await run_ingest(
                kind,
                path,
                loader=loader,
                shared_data=s.shared_data,
                batch_size=batch_size,
                progress=lambda n: bar.update(task, completed=n),
            )

    try:
        report = with_driver(run)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[red]cannot ingest:[/red] {exc}")
        raise typer.Exit(2) from exc
    if rejections is not None:
        write_rejections(report, rejections)
    if as_json:
        print(json.dumps(report.summary()))
    else:
        print_summary(report)
