"""Errors every layer may raise; the API maps them to HTTP status codes and GraphQL codes."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. ``code`` is stable and machine-readable (GraphQL ``extensions.code``)."""

    code = "BAD_REQUEST"
    http_status = 400


class ValidationFailed(DomainError):
    code = "BAD_USER_INPUT"
    http_status = 422


class NotFound(DomainError):
    code = "NOT_FOUND"
    http_status = 404


class Conflict(DomainError):
    """The record changed under you (e.g. a lead already confirmed by another examiner)."""

    code = "CONFLICT"
    http_status = 409


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(DomainError):
    code = "FORBIDDEN"
    http_status = 403


class DatabaseUnavailable(DomainError):
    code = "DATABASE_UNAVAILABLE"
    http_status = 503

    def __init__(self, message: str = "the graph database is unavailable; retry shortly") -> None:
        super().__init__(message)
