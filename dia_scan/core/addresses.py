"""Web addresses for participants: whether a phone can open one, and its short form for a beamer."""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The host name or IP address of a URL ("" when it has none)."""
    try:
        return (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return ""


def is_local(url: str) -> bool:
    """Only this computer can open the address: localhost, a loopback address (127.x.x.x, ::1) or
    0.0.0.0. A phone that opens it reaches itself, not the app."""
    host = host_of(url)
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False  # a name such as scan.gemeente.nl: the phone's network decides
    return address.is_loopback or address.is_unspecified


def short_address(url: str) -> str:
    """The address without "http://", "https://", "www." or query, to read from a beamer and type over:
    "http://192.168.1.20:8501/meedoen?code=X" -> "192.168.1.20:8501/meedoen"."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = parts.netloc.removeprefix("www.")
    return (host + parts.path).rstrip("/")
