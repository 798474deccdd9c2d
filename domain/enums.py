"""Closed vocabularies of the domain (NIBIN workflow, AFTE conclusions, roles)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user does; decides which operations they may perform (see permissions)."""

    TECHNICIAN = "technician"
    EXAMINER = "examiner"
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    AGENCY_ADMIN = "agency_admin"


class EvidenceKind(StrEnum):
    SCENE_CASING = "scene_casing"
    SCENE_BULLET = "scene_bullet"
    TEST_FIRE = "test_fire"


class LeadStatus(StrEnum):
    """A NIBIN lead's life: potential → lead → confirmed (a hit) or excluded."""

    POTENTIAL = "potential"
    LEAD = "lead"
    CONFIRMED = "confirmed"
    EXCLUDED = "excluded"


class AfteConclusion(StrEnum):
    """Examiner conclusions on the AFTE range of conclusions."""

    IDENTIFICATION = "identification"
    INCONCLUSIVE = "inconclusive"
    ELIMINATION = "elimination"
    UNSUITABLE = "unsuitable"


class FollowUpOutcome(StrEnum):
    ASSIGNED = "assigned"
    SUSPECT_IDENTIFIED = "suspect_identified"
    ARREST = "arrest"
    CHARGED = "charged"
    CLEARED = "cleared"
    NO_ACTION = "no_action"


class JurisdictionLevel(StrEnum):
    STATE = "state"
    COUNTY = "county"
    PLACE = "place"
    DISTRICT = "district"  # police precinct / district / beat


class Region(StrEnum):
    """Comparison regions of a cartridge case imaged by NIBIN-style systems."""

    BREECH_FACE = "breech_face"
    FIRING_PIN = "firing_pin"
    EJECTOR = "ejector"


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"
