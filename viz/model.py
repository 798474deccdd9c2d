"""What the maps draw: incidents and the links between them, as plain frozen dataclasses.

The maps take these records, or mappings with the same keys, or :class:`domain.models.Incident`
records (which carry no firearm or jurisdiction). :func:`as_incidents` and :func:`as_links`
coerce and validate early, so a bad row fails with a clear ``ValueError`` before any drawing.

>>> from datetime import datetime, timezone
>>> inc = as_incident({"id": "i1", "occurred_at": datetime(2024, 5, 1, tzinfo=timezone.utc),
...                    "latitude": 39.95, "longitude": -75.16, "firearm_ids": ["F1"]})
>>> inc.firearm_ids
('F1',)
>>> as_link({"source_id": "i1", "target_id": "i2", "kind": "confirmed"}).kind
'hit'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

LinkKind = Literal["hit", "lead"]

# NIBIN vocabulary → the two kinds a map draws. A hit is examiner-confirmed; a lead (potential
# or reviewed) is unconfirmed and investigative only. Excluded associations are not links.
_KIND_ALIASES: dict[str, LinkKind] = {
    "hit": "hit",
    "confirmed": "hit",
    "lead": "lead",
    "potential": "lead",
}


@dataclass(frozen=True, slots=True)
class MapIncident:
    """One shooting as a map shows it. ``occurred_at`` is timezone-aware."""

    id: str
    occurred_at: datetime
    latitude: float | None = None
    longitude: float | None = None
    agency_ori: str | None = None
    case_number: str | None = None
    offense: str = "shooting"
    address: str | None = None
    killed: int = 0
    injured: int = 0
    firearm_ids: tuple[str, ...] = ()
    jurisdiction_id: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("incident id must not be empty")
        if self.occurred_at.tzinfo is None or self.occurred_at.utcoffset() is None:
            raise ValueError(f"incident {self.id!r}: occurred_at must be timezone-aware")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError(f"incident {self.id!r}: give both latitude and longitude, or none")
        if self.latitude is not None and not -90.0 <= self.latitude <= 90.0:
            raise ValueError(f"incident {self.id!r}: latitude {self.latitude} out of range")
        if self.longitude is not None and not -180.0 <= self.longitude <= 180.0:
            raise ValueError(f"incident {self.id!r}: longitude {self.longitude} out of range")

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def firearm(self) -> str | None:
        """The firearm that colours the marker: the first one named, if any."""
        return self.firearm_ids[0] if self.firearm_ids else None


@dataclass(frozen=True, slots=True)
class MapLink:
    """A same-firearm association between two incidents: a confirmed hit or an unconfirmed lead."""

    source_id: str
    target_id: str
    kind: LinkKind
    firearm_id: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if self.source_id == self.target_id:
            raise ValueError(f"link {self.id or ''!r} joins incident {self.source_id!r} to itself")
        if self.kind not in ("hit", "lead"):
            raise ValueError(f"link kind must be 'hit' or 'lead', got {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Cycle:
    """A shooting cycle: time-ordered incidents linked through shared firearms."""

    id: str
    incidents: tuple[MapIncident, ...]
    links: tuple[MapLink, ...] = field(default=())


_INCIDENT_KEYS = {f.name for f in fields(MapIncident)}


def as_incident(value: MapIncident | Mapping[str, Any] | Any) -> MapIncident:
    """Coerce a :class:`MapIncident`, a mapping or a ``domain.models.Incident``."""
    if isinstance(value, MapIncident):
        return value
    if not isinstance(value, Mapping):
        dump = getattr(value, "model_dump", None)
        if dump is None:
            raise ValueError(f"cannot draw {type(value).__name__} as an incident")
        value = dump()
    data = {k: v for k, v in value.items() if k in _INCIDENT_KEYS}
    if "id" not in data or "occurred_at" not in data:
        raise ValueError(f"an incident needs 'id' and 'occurred_at', got keys {sorted(value)}")
    if isinstance(data["occurred_at"], str):
        data["occurred_at"] = datetime.fromisoformat(data["occurred_at"])
    firearms = data.get("firearm_ids") or ()
    data["firearm_ids"] = (firearms,) if isinstance(firearms, str) else tuple(firearms)
    for key in ("latitude", "longitude"):
        if data.get(key) is not None:
            data[key] = float(data[key])
    return MapIncident(**data)


def as_link(value: MapLink | Mapping[str, Any]) -> MapLink:
    """Coerce a :class:`MapLink` or a mapping; ``kind`` may use NIBIN words (confirmed, ...)."""
    if isinstance(value, MapLink):
        return value
    kind = str(value.get("kind", "")).strip().lower()
    if kind not in _KIND_ALIASES:
        raise ValueError(
            f"link kind must be one of {sorted(_KIND_ALIASES)}, got {value.get('kind')!r}"
            " (excluded associations are not drawn: leave them out)"
        )
    return MapLink(
        source_id=str(value["source_id"]),
        target_id=str(value["target_id"]),
        kind=_KIND_ALIASES[kind],
        firearm_id=value.get("firearm_id"),
        id=value.get("id"),
    )


def as_incidents(values: Iterable[MapIncident | Mapping[str, Any] | Any]) -> list[MapIncident]:
    """Coerce incidents; refuses duplicate ids."""
    out = [as_incident(v) for v in values]
    seen: set[str] = set()
    for inc in out:
        if inc.id in seen:
            raise ValueError(f"incident {inc.id!r} given twice")
        seen.add(inc.id)
    return out


def as_links(
    values: Iterable[MapLink | Mapping[str, Any]], *, incident_ids: Iterable[str]
) -> list[MapLink]:
    """Coerce links; every endpoint must be one of ``incident_ids``."""
    known = set(incident_ids)
    out = [as_link(v) for v in values]
    for link in out:
        missing = {link.source_id, link.target_id} - known
        if missing:
            raise ValueError(f"link {link.id or ''!r} names unknown incident(s) {sorted(missing)}")
    return out


def link_time(link: MapLink, by_id: Mapping[str, MapIncident]) -> datetime:
    """A link exists from the later of its two shootings on."""
    return max(by_id[link.source_id].occurred_at, by_id[link.target_id].occurred_at)
