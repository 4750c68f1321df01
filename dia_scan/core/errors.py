"""Errors of the use-case layer that a user can cause (plain Dutch, safe to show)."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the user can fix; the message is plain Dutch and safe to show."""


class AccessDenied(ServiceError):
    """A facilitator or coordinator action without the proof (permit) that it needs."""
