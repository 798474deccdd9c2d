"""What every adapter yields: batches of domain records plus the rows it refused.

An adapter is a generator of ``Batch`` objects, so a caller can stream a large file with
bounded memory and report progress. Every refused row becomes a :class:`Rejection` naming
the file, the line (CSV: physical line, header = 1; GeoJSON: 1-based feature number), the
field and the reason. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Rejection:
    file: str
    line: int | None
    field: str | None
    reason: str
    key: str | None = None  # the record's natural key, where one was read

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A record with the source line it was read from (its first line, for aggregates)."""

    record: T
    line: int | None


@dataclass(slots=True)
class Batch(Generic[T]):
    records: list[T] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)  # parallel to ``records``


def batched(items: Iterable[Located[T] | Rejection], *, size: int = 5_000) -> Iterator[Batch[T]]:
    """Group a stream of records and rejections into batches of at most ``size`` records."""
    if size < 1:
        raise ValueError("size must be >= 1")
    batch: Batch[T] = Batch()
    for item in items:
        if isinstance(item, Rejection):
            batch.rejections.append(item)
        else:
            batch.records.append(item.record)
            batch.lines.append(item.line)
        if len(batch.records) >= size:
            yield batch
            batch = Batch()
    if batch.records or batch.rejections:
        yield batch


def build(
    model: type[M], data: dict[str, object], *, file: str, line: int | None, key: str | None
) -> M | list[Rejection]:
    """Construct ``model`` from ``data``; on failure one rejection per invalid field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or None
            out.append(Rejection(file=file, line=line, field=loc, reason=err["msg"], key=key))
        return out
