"""``cgintel acquire FILE``: the REST upload's code path from the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from domain.enums import EvidenceKind

console = Console(stderr=True)


def acquire(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="x3p / PNG / TIFF")],
    id: Annotated[str, typer.Option("--id", help="evidence (acquisition) id")],
    calibre: Annotated[str, typer.Option("--calibre", help="e.g. '9mm Luger'")],
    incident: Annotated[str | None, typer.Option("--incident", help="incident id")] = None,
    firearm: Annotated[
        str | None, typer.Option("--firearm", help="firearm id (test fires)")
    ] = None,
    kind: Annotated[EvidenceKind, typer.Option("--kind")] = EvidenceKind.SCENE_CASING,
    item: Annotated[str | None, typer.Option("--item", help="item/exhibit number")] = None,
    top_n: Annotated[int | None, typer.Option("--top-n", help="candidates to keep")] = None,
    token: Annotated[
        str | None, typer.Option("--token", help="technician API token (or CGI_TOKEN)")
    ] = None,
) -> None:
    """Store a scan, correlate it against everything stored, print the ranked candidates."""
    from pydantic import ValidationError

    from cli.main import settings, with_driver
    from domain.models import Evidence
    from domain.settings import Settings
    from services.acquisition import AcquisitionResult
    from services.acquisition import acquire as run_acquire
    from services.auth import Authenticator
    from services.context import ServiceContext
    from services.evidence_store import EvidenceStore
    from services.matching_index import MatchingIndex

    token = token or os.environ.get("CGI_TOKEN")
    if not token:
        console.print("[red]a technician's API token is needed: --token or CGI_TOKEN[/red]")
        raise typer.Exit(2)
    settings()  # fail early on configuration errors

    async def run(driver: object, s: Settings) -> AcquisitionResult:
        ctx = ServiceContext(
            driver=driver,  # type: ignore[arg-type]
            database=s.neo4j_database,
            source="cli",
            component="cli",
        )
        ctx.principal = await Authenticator().authenticate(ctx, f"Bearer {token}")
        try:
            evidence = Evidence(
                id=id,
                kind=kind,
                calibre=calibre,
                contributing_ori=ctx.principal.agency_ori,
                incident_id=incident,
                firearm_id=firearm,
                item_number=item,
            )
        except ValidationError as exc:
            console.print(f"[red]invalid evidence:[/red] {exc.errors()[0]['msg']}")
            raise typer.Exit(2) from exc
        return await run_acquire(
            ctx,
            data=file.read_bytes(),
            filename=file.name,
            evidence=evidence,
            store=EvidenceStore(s.evidence_store),
            index=MatchingIndex(s.signature_store),
            top_n=top_n or s.candidates_top_n,
        )

    result = with_driver(run)
    table = Table(title=f"{result.evidence.id}: run {result.run_id}")
    for col in ("rank", "candidate", "breech face", "firing pin", "combined"):
        table.add_column(col)
    for c in result.candidates:
        bf, fp = c.scores.get("breech_face"), c.scores.get("firing_pin")
        table.add_row(
            str(c.rank),
            c.candidate_id,
            "-" if bf is None else f"{bf:.2f}",
            "-" if fp is None else f"{fp:.2f}",
            f"{c.combined:.2f}",
        )
    Console().print(table)
    console.print(f"scan sha256 {result.scan.sha256}; {len(result.candidates)} candidates stored")
