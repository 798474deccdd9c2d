"""``cgintel eval matching``: accuracy of the matching engine on a labelled folder of scans."""

from __future__ import annotations

from pathlib import Path

import typer

eval_app = typer.Typer(help="Evaluate algorithms on labelled data (prints AUC, score gap).")


@eval_app.command("matching")
def matching_cmd(
    scans: Path = typer.Option(..., "--scans", exists=True, file_okay=False, help="scan folder"),
    labels: Path = typer.Option(..., "--labels", exists=True, dir_okay=False, help="CSV"),
    out: Path | None = typer.Option(None, "--out", help="write every pair's scores here"),
) -> None:
    """Score all pairs of the labelled scans: ROC AUC, score gap, FP/FN at the threshold."""
    from matching.evaluate import evaluate
    from matching.pipeline import ALGORITHM, VERSION

    r = evaluate(scans, labels, out)
    typer.echo(f"{ALGORITHM} {VERSION}: {r.pairs} pairs ({r.km} KM, {r.knm} KNM)")
    typer.echo(f"{'score':<16} {'AUC':>6} {'gap':>9} {'min KM':>9} {'max KNM':>9}")
    for col, auc in r.auc.items():
        typer.echo(
            f"{col:<16} {auc:>6.3f} {r.gap[col]:>9.3f} {r.km_min[col]:>9.3f} {r.knm_max[col]:>9.3f}"
        )
    typer.echo(
        f"review threshold log10 LR >= {r.threshold:g}: "
        f"{r.false_positives} false positives, {r.false_negatives} false negatives"
    )
    if out is not None:
        typer.echo(f"pair scores written to {out}")
