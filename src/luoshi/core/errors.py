"""Errors that services raise; views, the API and the CLI turn them into a Chinese message.

Each carries a machine ``code`` and the HTTP status the API answers with (docs/api.md's error format).
"""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    default_code = "invalid"

    def __init__(self, message: str, code: str | None = None, *, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.errors = errors or {}


class InvalidInput(ServiceError):
    status = 400
    default_code = "invalid"


class Forbidden(ServiceError):
    status = 403
    default_code = "permission_denied"


class NotFound(ServiceError):
    status = 404
    default_code = "not_found"


class Conflict(ServiceError):
    """Wrong state or a concurrent change: the caller should reload and decide again."""

    status = 409
    default_code = "conflict"
