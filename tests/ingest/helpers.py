from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ingest.records import Batch, Rejection


def drain(batches: Iterable[Batch[Any]]) -> tuple[list[Any], list[Rejection]]:
    records: list[Any] = []
    rejections: list[Rejection] = []
    for b in batches:
        records.extend(b.records)
        rejections.extend(b.rejections)
    return records, rejections
