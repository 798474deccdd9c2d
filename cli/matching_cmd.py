"""``cgintel matching reindex``: rebuild the derived matching index from stored scans."""

from __future__ import annotations

import typer
from rich.console import Console

matching_app = typer.Typer(help="The matching index (derived data)", no_args_is_help=True)
console = Console(stderr=True)


@matching_app.command("reindex")
def reindex() -> None:
    """Prepare and index every stored scan not yet in the current algorithm version's index."""
    from cli.main import with_driver
    from domain.settings import Settings
    from services.acquisition import reindex as run_reindex
    from services.context import ServiceContext
    from services.evidence_store import EvidenceStore
    from services.matching_index import MatchingIndex

    async def run(driver: object, s: Settings) -> dict[str, int]:
        ctx = ServiceContext(
            driver=driver,  # type: ignore[arg-type]
            database=s.neo4j_database,
            source="cli",
            component="cli",
        )
        return await run_reindex(
            ctx, store=EvidenceStore(s.evidence_store), index=MatchingIndex(s.signature_store)
        )

    counts = with_driver(run)
    console.print(", ".join(f"{k}: {v}" for k, v in counts.items()))
