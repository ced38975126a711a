"""The shipped example: the 2007 national form, transcribed from the original."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from sernam_desktop.interchange import import_document
from sernam_desktop.paths import forms_dir
from sernam_desktop.store import Store, new_id

EXAMPLE_FILE = "examples/etapa4-2007-nacional.json"


@lru_cache(maxsize=1)
def _example() -> dict[str, Any]:
    return json.loads((forms_dir() / EXAMPLE_FILE).read_text(encoding="utf-8"))


def example_document(fresh_id: bool = True) -> dict[str, Any]:
    """The example as an interchange document (with a new uuid unless told)."""
    doc = copy.deepcopy(_example())
    if fresh_id:
        doc["instance"]["uuid"] = new_id()
    return doc


def load_demo(store: Store) -> str:
    """Add the example form to ``store`` as a new instance; return its id."""
    uid, _, _ = import_document(store, example_document())
    return uid
