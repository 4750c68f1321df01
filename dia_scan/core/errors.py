"""Errors of the use-case layer that a user can cause (plain Dutch, safe to show).

A message is a Dutch template and its values: ``ServiceError(N_("Kies hoogstens {limit} thema's."),
limit=3)``. ``str(err)`` is the Dutch text (the command line, the organisers' screens, the logs); the
template is the key of the gettext catalogues, so a participant's screen shows the same message in the
participant's language with the same values (``core.i18n.error_in``). Mark a template with ``N_`` where
it is written when a participant can meet it; everything else stays Dutch.
"""

from __future__ import annotations

from datetime import date

from dia_scan.core.text import long_date


class ServiceError(Exception):
    """Something the user can fix; the message is plain Dutch and safe to show.

    ``values`` fill the ``{name}`` places of ``message``; a date is written out ("2 maart 2026")."""

    def __init__(self, message: str, **values: object) -> None:
        self.template = message
        self.values = values
        super().__init__(message.format(**{k: dutch(v) for k, v in values.items()}) if values else message)


def dutch(value: object) -> object:
    """A value as it stands in a Dutch message: a date written out, anything else as it is."""
    return long_date(value) if isinstance(value, date) else value


class AccessDenied(ServiceError):
    """A facilitator or coordinator action without the proof (permit) that it needs."""
