"""Dates as Chileans write them (DD-MM-AAAA), stored as ISO (AAAA-MM-DD).

Qt-free.  :func:`parse_date` accepts DD-MM-AAAA, DD/MM/AAAA (also with one
digit for day or month, or dots) and ISO AAAA-MM-DD, and refuses impossible
dates (31-02-2008, 45-13-2008) with a Spanish message; :func:`show_date`
turns the stored ISO date into DD-MM-AAAA.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_DMY = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
DISPLAY_FORMAT = "DD-MM-AAAA"


class DateError(ValueError):
    """The text is not a date (or not a possible one); ``str()`` is Spanish."""


def parse_date(text: str) -> str:
    """The ISO form of ``text``; DateError when it is not a real date."""
    m = _DMY.match(text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text)
        if not m:
            raise DateError(f"«{text.strip()}» no es una fecha: escríbala como {DISPLAY_FORMAT}")
        y, mo, d = (int(g) for g in m.groups())
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        raise DateError(f"«{text.strip()}» no es una fecha posible "
                        f"(día {d}, mes {mo}, año {y})") from None


def is_iso_date(value: str) -> bool:
    """True when ``value`` is a stored (ISO, real) date."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def local_time(ts: str | None, *, seconds: bool = False, day_first: bool = False) -> str:
    """A stored ISO 8601 time (UTC when it names no zone) in this computer's time zone,
    for people: AAAA-MM-DD HH:MM (the command line, reports) or, with ``day_first``,
    DD-MM-AAAA HH:MM (the desktop app's screens)."""
    if not ts:
        return ""
    try:
        t = datetime.fromisoformat(ts)
    except ValueError:
        return ts[:16].replace("T", " ")
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    day = "%d-%m-%Y" if day_first else "%Y-%m-%d"
    return t.astimezone().strftime(f"{day} %H:%M:%S" if seconds else f"{day} %H:%M")


def show_date(iso: str) -> str:
    """DD-MM-AAAA for a stored ISO date (anything else is shown as it is)."""
    if is_iso_date(iso):
        y, m, d = iso.split("-")
        return f"{d}-{m}-{y}"
    return iso
