from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.eval_cmd import eval_app
from matching.evaluate import evaluate, roc_auc
from tests.matching.conftest import REPO_ROOT

LABELS = REPO_ROOT / "bench" / "matching" / "labels"


def test_roc_auc() -> None:
    assert roc_auc([3, 4], [1, 2]) == 1.0
    assert roc_auc([1], [1]) == 0.5
    assert roc_auc([0], [1, 2]) == 0.0


def test_labels_csv_must_have_columns(tmp_path: Path) -> None:
    bad = tmp_path / "l.csv"
    bad.write_text("name,gun\na,b\n")
    with pytest.raises(ValueError, match="columns"):
        evaluate(tmp_path, bad)


@pytest.mark.slow
def test_fadul_eval_via_cli(shared_data: Path, tmp_path: Path) -> None:
    """Fadul: the known match scores above both known non-matches (every score column)."""
    out = tmp_path / "pairs.csv"
    res = CliRunner().invoke(
        eval_app,
        [
            "--scans",
            str(shared_data / "scans" / "fadul_ruger_p95"),
            "--labels",
            str(LABELS / "fadul_ruger_p95.csv"),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "3 pairs (1 KM, 2 KNM)" in res.output
    rows = list(csv.DictReader(out.open()))
    km = [float(r["combined"]) for r in rows if r["same_firearm"] == "1"]
    knm = [float(r["combined"]) for r in rows if r["same_firearm"] == "0"]
    assert min(km) > max(knm)
    assert min(km) > 0 > max(knm)  # and on the right side of the review threshold


@pytest.mark.slow
def test_baldwin_eval_is_better_than_chance(shared_data: Path) -> None:
    r = evaluate(shared_data / "scans" / "baldwin_ruger_sr9", LABELS / "baldwin_ruger_sr9.csv")
    assert (r.km, r.knm) == (9, 12)
    assert r.auc["breech_face_ccf"] > 0.6  # measured 0.75: far from the 1.0 target
    assert r.false_positives == 0


def test_label_files_match_the_readme(shared_data: Path) -> None:
    for name in ("baldwin_ruger_sr9", "fadul_ruger_p95", "nbide_2d"):
        rows = list(csv.DictReader((LABELS / f"{name}.csv").open()))
        for r in rows:
            assert (shared_data / "scans" / name / r["file"]).is_file()
    assert os.path.exists(LABELS / "baldwin_raw.csv")
