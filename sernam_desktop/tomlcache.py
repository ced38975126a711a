"""TOML files read through a cache of what tomllib made of them (issue 17, start-up).

The form definitions (forms/*.toml) and the regions (resources/regions.toml) are
read at every start of the desktop app: importing tomllib and parsing them was
~6 ms of it.  What tomllib made of a file is kept as JSON in the user's cache
folder together with the exact text it came from; the next start reads that
JSON instead.  Any doubt — another text, an unreadable or damaged cache, values
JSON cannot give back exactly (a TOML date) — parses the TOML again.  Qt-free.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def cache_file(path: Path) -> Path:
    from sernam_desktop.paths import cache_home

    return cache_home() / "toml" / f"{path.parent.name}-{path.name}.json"


def load_toml(path: Path, text: str) -> dict[str, Any]:
    """What ``tomllib.loads(text)`` gives (``text`` is ``path``'s contents);
    ``tomllib.TOMLDecodeError`` (a ValueError) for invalid TOML."""
    data = _cached(path, text)
    if data is None:
        import tomllib

        data = tomllib.loads(text)
        _keep(path, text, data)
    return data


def _cached(path: Path, text: str) -> dict[str, Any] | None:
    try:
        cached = json.loads(cache_file(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("text") != text:
        return None
    data = cached.get("data")
    return data if isinstance(data, dict) else None


def _keep(path: Path, text: str, data: dict[str, Any]) -> None:
    try:
        body = json.dumps({"text": text, "data": data}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return  # a TOML date or a non-finite number: not kept
    if json.loads(body)["data"] != data:
        return  # JSON would not give back exactly what tomllib gave
    from sernam_desktop.errors import UserError
    from sernam_desktop.files import write_atomic

    try:
        write_atomic(cache_file(path), body)
    except UserError:
        pass  # a cache: a folder that cannot be written only costs the next start a parse
