"""Helpers (no tests) shared by the bundle/central tests: synthetic regional forms."""

from __future__ import annotations

import copy
import uuid
from functools import lru_cache
from typing import Any

from sernam_desktop.bundle import bundle_bytes
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.signing import KeyPair
from sernam_desktop.validation import completeness

# Issue 15: bundles are signed like the app signs them (one test key for every office;
# the central office pins it per región + servicio on first sight).
FACTORY_KEY = KeyPair(bytes(range(32)))


@lru_cache(maxsize=1)
def sample_pdf() -> bytes:
    from sernam_desktop.pdf import form_pdf_bytes

    return form_pdf_bytes(example_document(fresh_id=False), invariant=True)


def region_doc(region: str = "05", servicio: str = "Servicio Nacional de la Mujer",
               anio: str = "2026", revision: int = 1, uid: str | None = None,
               state: str = "enviado", tweak: str = "",
               lineage: list[Any] | None = None) -> dict[str, Any]:
    """A complete regional form (the 2007 content, relabelled).

    ``lineage``: the ancestors' content hashes, oldest first (or ``(revision,
    hash)`` pairs); ``None`` leaves the document without lineage.
    """
    doc = copy.deepcopy(example_document(fresh_id=False))
    doc["instance"].update(uuid=uid or str(uuid.uuid4()), revision=revision, state=state)
    head = doc["data"]["encabezado"]
    head.update(servicio=servicio, region=region, anio=anio, responsable="Directora Regional",
                fecha=f"{anio}-12-15")
    form = default_form()
    for issue in completeness(form, doc["data"]):  # the 2007 original leaves a few blanks
        if issue.row is not None:
            doc["data"][issue.section][issue.row][issue.field] = "Sin observaciones"
        elif issue.field:
            doc["data"][issue.section][issue.field] = "Sin observaciones"
    if tweak:
        doc["data"]["objetivo_3"]["logros"] = tweak
    if lineage is not None:
        entries = [{"revision": e[0], "content_hash": e[1]} if isinstance(e, tuple)
                   else {"revision": 1, "content_hash": e} for e in lineage]
        doc["instance"]["lineage"] = entries
        doc["instance"]["parent"] = entries[-1]["content_hash"] if entries else None
    return doc


def region_bundle(signer: KeyPair | None = FACTORY_KEY, **kw: Any) -> bytes:
    """A bundle of :func:`region_doc`: format 2 when ``lineage`` is given, else the
    version-1 format (no lineage; succession by revision numbers).  Signed with
    ``FACTORY_KEY`` like the app signs (issue 15); ``signer=None`` for unsigned."""
    fmt = 2 if kw.get("lineage") is not None else 1
    return bundle_bytes(region_doc(**kw), sample_pdf(), format_version=fmt, signer=signer)


def with_value(doc: Any, path: tuple, value: Any) -> Any:
    """A deep copy of ``doc`` with the value at ``path`` (keys and list indexes) replaced."""
    d = copy.deepcopy(doc)
    target = d
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    return d
