"""Where tests keep what a person may want to look at (gitignored ``artifacts/``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[2] / "artifacts" / "viz"


def keep(name: str, data: bytes | str) -> Path:
    ROOT.mkdir(parents=True, exist_ok=True)
    path = ROOT / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
