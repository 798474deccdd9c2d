"""Node labels and relationship types: the only place they are spelled.

Cypher in graph/queries uses these names literally; tests check that every label used in a
query is listed here. Never build a label or type from user input.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    AGENCY = "Agency"
    JURISDICTION = "Jurisdiction"
    INCIDENT = "Incident"
    EVIDENCE = "Evidence"
    FIREARM = "Firearm"
    TRACE = "Trace"
    DEALER = "Dealer"
    PERSON = "Person"
    LEAD = "Lead"
    HIT = "Hit"
    FOLLOW_UP = "FollowUp"
    EXAMINATION = "Examination"
    CORRELATION_RUN = "CorrelationRun"
    USER = "User"
    AUDIT_EVENT = "AuditEvent"
    LINK_TALLY = "LinkTally"  # cross-area / cross-agency link counts (graph/queries/tallies.py)


class Rel(StrEnum):
    SERVES = "SERVES"  # (Agency)-[:SERVES]->(Jurisdiction)
    REPORTED_BY = "REPORTED_BY"  # (Incident)-[:REPORTED_BY]->(Agency)
    IN_JURISDICTION = "IN_JURISDICTION"  # (Incident)-[:IN_JURISDICTION]->(Jurisdiction)
    WITHIN = "WITHIN"  # (Jurisdiction)-[:WITHIN]->(Jurisdiction) e.g. county within state
    RECOVERED_AT = "RECOVERED_AT"  # (Evidence scene item)-[:RECOVERED_AT]->(Incident)
    TEST_FIRED_FROM = "TEST_FIRED_FROM"  # (Evidence test fire)-[:TEST_FIRED_FROM]->(Firearm)
    SUBMITTED_BY = "SUBMITTED_BY"  # (Evidence)-[:SUBMITTED_BY]->(Agency)
    CORRELATES_WITH = "CORRELATES_WITH"  # (Evidence)-[:CORRELATES_WITH {rank,...}]->(Evidence)
    IN_RUN = "IN_RUN"  # (Evidence)-[:IN_RUN]->(CorrelationRun)
    GROUPS = "GROUPS"  # (Lead)-[:GROUPS]->(Evidence)
    LEAD_LINK = "LEAD_LINK"  # (Incident)-[:LEAD_LINK {lead_id}]->(Incident), unconfirmed
    HIT_LINK = "HIT_LINK"  # (Incident)-[:HIT_LINK {hit_id}]->(Incident), confirmed
    CONFIRMS = "CONFIRMS"  # (Hit)-[:CONFIRMS]->(Lead)
    CREDITED_TO = "CREDITED_TO"  # (Hit)-[:CREDITED_TO]->(Agency)
    RECOVERED_IN = "RECOVERED_IN"  # (Firearm)-[:RECOVERED_IN]->(Incident)
    TRACES = "TRACES"  # (Trace)-[:TRACES]->(Firearm)
    SOLD_BY = "SOLD_BY"  # (Trace)-[:SOLD_BY]->(Dealer)
    PURCHASED_BY = "PURCHASED_BY"  # (Trace)-[:PURCHASED_BY]->(Person)
    REQUESTED_BY = "REQUESTED_BY"  # (Trace)-[:REQUESTED_BY]->(Agency)
    POSSESSED = "POSSESSED"  # (Person)-[:POSSESSED]->(Firearm)
    FOLLOWS_UP = "FOLLOWS_UP"  # (FollowUp)-[:FOLLOWS_UP]->(Lead|Hit)
    MEMBER_OF = "MEMBER_OF"  # (User)-[:MEMBER_OF]->(Agency)
    INVOLVES = "INVOLVES"  # (Lead|Hit)-[:INVOLVES]->(Incident|Firearm)
    EXAMINES = "EXAMINES"  # (Examination)-[:EXAMINES]->(Lead)
    INVOLVED_IN = "INVOLVED_IN"  # (Person)-[:INVOLVED_IN {role}]->(Incident)
