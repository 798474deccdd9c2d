"""Leads, examinations, hits and follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.enums import LeadStatus
from domain.models import FollowUp, Hit, Lead
from graph.base import Repo
from graph.queries import workflow as q

OPEN_STATUSES = [LeadStatus.POTENTIAL.value, LeadStatus.LEAD.value]


@dataclass(frozen=True, slots=True)
class EvidenceContext:
    id: str
    ori: str
    calibre: str
    kind: str
    incident_id: str | None
    incident_ori: str | None
    firearm_id: str | None
    leads: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FeedEvent:
    kind: str
    lead_id: str
    hit_id: str | None
    at: datetime
    evidence_ids: tuple[str, ...]
    agency_oris: tuple[str, ...]


def _lead(r: dict[str, Any]) -> Lead:
    data = r["lead"]
    oris = sorted({*(r["evidence_oris"] or []), *(r["incident_oris"] or [])} - {None})
    return Lead(
        id=data["id"],
        status=LeadStatus(data["status"]),
        evidence_ids=tuple(r["evidence_ids"]),
        created_by=data["created_by"],
        created_at=data["created_at"],
        agency_ori=data["agency_ori"],
        updated_at=data.get("updated_at"),
        calibre=data.get("calibre"),
        cross_jurisdiction=bool(data.get("cross_jurisdiction")),
        incident_ids=tuple(sorted(r["incident_ids"])),
        agency_oris=tuple(oris),
        hit_id=r.get("hit_id"),
    )


class WorkflowRepo(Repo):
    async def evidence_context(self, ids: Sequence[str]) -> dict[str, EvidenceContext]:
        rows = await self._read(q.EVIDENCE_CONTEXT, ids=list(ids))
        return {
            r["id"]: EvidenceContext(
                id=r["id"],
                ori=r["ori"],
                calibre=r["calibre"],
                kind=r["kind"],
                incident_id=r["incident_id"],
                incident_ori=r["incident_ori"],
                firearm_id=r["firearm_id"],
                leads=tuple(r["leads"]),
            )
            for r in rows
        }

    async def create_lead(
        self, *, lead_id: str, agency_ori: str, user_id: str, at: datetime, calibre: str
    ) -> None:
        await self._write(
            q.CREATE_LEAD,
            id=lead_id,
            agency_ori=agency_ori,
            user_id=user_id,
            at=at.isoformat(),
            calibre=calibre,
        )

    async def add_evidence(
        self,
        *,
        lead_id: str,
        evidence_ids: Sequence[str],
        user_id: str,
        at: datetime,
        run_id: str | None,
    ) -> bool:
        """Add evidence to an open lead; False if the lead is not open (or not there)."""
        rows = await self._write(
            q.ADD_EVIDENCE,
            lead_id=lead_id,
            evidence_ids=list(evidence_ids),
            user_id=user_id,
            at=at.isoformat(),
            run_id=run_id,
            open_statuses=OPEN_STATUSES,
        )
        return bool(rows)

    async def lead_status(self, lead_id: str) -> LeadStatus | None:
        rows = await self._read(q.LEAD_STATUS, id=lead_id)
        return LeadStatus(rows[0]["status"]) if rows else None

    async def leads_by_ids(self, ids: Sequence[str]) -> dict[str, Lead]:
        rows = await self._read(q.LEADS_BY_IDS, ids=list(ids))
        return {r["lead"]["id"]: _lead(r) for r in rows}

    async def lead_page(
        self,
        *,
        oris: Sequence[str],
        status: LeadStatus | None,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[str]:
        rows = await self._read(
            q.LEADS_PAGE,
            oris=list(oris),
            status=status.value if status else None,
            after_time=after[0].isoformat() if after else None,
            after_id=after[1] if after else None,
            limit=limit,
        )
        return [r["id"] for r in rows]

    async def examine(
        self,
        *,
        lead_id: str,
        exam_id: str,
        examiner: str,
        user_id: str,
        examiner_ori: str,
        conclusion: str,
        report_number: str,
        notes: str | None,
        examined_on: date,
        at: datetime,
    ) -> str | None:
        """Record a conclusion on an open lead; the lead's new status, or None if not open."""
        rows = await self._write(
            q.EXAMINE,
            lead_id=lead_id,
            exam_id=exam_id,
            examiner=examiner,
            user_id=user_id,
            examiner_ori=examiner_ori,
            conclusion=conclusion,
            report_number=report_number,
            notes=notes,
            examined_on=examined_on.isoformat(),
            at=at.isoformat(),
        )
        return str(rows[0]["status"]) if rows else None

    async def create_hit(self, hit: Hit, *, exam_id: str) -> tuple[int, int]:
        """Create the hit and its per-case-pair HIT_LINKs; ``(pairs, new_pairs)``."""
        rows = await self._write(
            q.CREATE_HIT,
            lead_id=hit.lead_id,
            hit_id=hit.id,
            exam_id=exam_id,
            examiner=hit.examiner,
            at=hit.confirmed_at.isoformat(),
            report_number=hit.report_number,
            credited_ori=hit.credited_ori,
            warm=hit.warm,
        )
        return (int(rows[0]["pairs"]), int(rows[0]["new_pairs"])) if rows else (0, 0)

    async def examinations(self, lead_id: str) -> list[dict[str, Any]]:
        return [r["exam"] for r in await self._read(q.EXAMINATIONS_FOR, lead_id=lead_id)]

    async def hits_by_ids(self, ids: Sequence[str]) -> dict[str, tuple[Hit, tuple[str, ...]]]:
        rows = await self._read(q.HITS_BY_IDS, ids=list(ids))
        out: dict[str, tuple[Hit, tuple[str, ...]]] = {}
        for r in rows:
            h = r["hit"]
            hit = Hit(
                id=h["id"],
                lead_id=h["lead_id"],
                examiner=h["examiner"],
                confirmed_at=h["confirmed_at"],
                report_number=h["report_number"],
                credited_ori=h["credited_ori"],
                warm=bool(h.get("warm")),
                incident_ids=tuple(sorted(r["incident_ids"])),
            )
            out[hit.id] = (hit, tuple(sorted(o for o in r["oris"] if o)))
        return out

    async def target_scope(self, target_id: str) -> tuple[str, list[str]] | None:
        """``(kind, agency ORIs involved)`` of a lead or hit; None if neither exists."""
        rows = await self._read(q.TARGET_SCOPE, id=target_id)
        if not rows or not rows[0]["found"]:
            return None
        return str(rows[0]["kind"]), [o for o in rows[0]["oris"] if o]

    async def create_follow_up(self, f: FollowUp, *, user_id: str) -> bool:
        rows = await self._write(
            q.CREATE_FOLLOW_UP,
            id=f.id,
            target_id=f.target_id,
            investigator=f.investigator,
            user_id=user_id,
            investigator_ori=f.investigator_ori,
            outcome=f.outcome.value,
            occurred_on=f.occurred_on.isoformat(),
            notes=f.notes,
            at=(f.recorded_at.isoformat() if f.recorded_at else None),
        )
        return bool(rows)

    async def follow_ups(self, target_ids: Sequence[str]) -> dict[str, list[FollowUp]]:
        rows = await self._read(q.FOLLOW_UPS_FOR, ids=list(target_ids))
        out: dict[str, list[FollowUp]] = {}
        for r in rows:
            data = {k: v for k, v in r["follow_up"].items() if k in FollowUp.model_fields}
            out.setdefault(r["id"], []).append(FollowUp.model_validate(data))
        return out

    async def turnaround(self, evidence_id: str) -> dict[str, Any] | None:
        rows = await self._read(q.TURNAROUND, id=evidence_id)
        return rows[0] if rows else None

    async def feed(self, *, ori: str, since: datetime, limit: int) -> list[FeedEvent]:
        rows = await self._read(q.FEED, ori=ori, since=since.isoformat(), limit=limit)
        return [
            FeedEvent(
                kind=r["kind"],
                lead_id=r["lead_id"],
                hit_id=r["hit_id"],
                at=r["at"],
                evidence_ids=tuple(r["evidence_ids"]),
                agency_oris=tuple(sorted(r["oris"])),
            )
            for r in rows
        ]
