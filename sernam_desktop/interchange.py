"""JSON interchange of a whole form instance: between a Store and a document.

:func:`export_instance` makes the interchange document of a form in a
:class:`~sernam_desktop.store.Store`, :func:`import_document` brings one in (one
undoable command), with the stale-import checks and the PDF/Excel glue.  The
document itself — its format (``sernam-desktop.instance``), checks, JSON Schema,
content hash and JSON text — is in :mod:`sernam_desktop.document`, which knows
no store; its names are re-exported here for this module's callers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sernam_desktop.commands import CreateInstance, RecordLineage, replace_content
from sernam_desktop.document import (  # noqa: F401 (re-exported: the document API, see document.py)
    FORMAT,
    FORMAT_VERSION,
    MAX_JSON_BYTES,
    MAX_LINEAGE,
    UUID_PATTERN,
    check_document,
    content_hash,
    dumps,
    form_of_document,
    json_schema,
    lineage_problems,
    load_json_file,
    origin_problem,
    parse_document,
    schema_path,
    write_schema,
)
from sernam_desktop.errors import UserError
from sernam_desktop.files import write_atomic
from sernam_desktop.forms import FormDefinition
from sernam_desktop.lifecycle import shown_state
from sernam_desktop.store import ORIGIN_IMPORT, STATE_DRAFT, Changed, Store, normalise_id


def lineage_of(store: Store, instance_id: str, data: dict[str, Any] | None = None,
               revision: int | None = None) -> list[dict[str, Any]]:
    """The ancestors of the form's current content, oldest first (its lineage).

    Every version recorded in the store except the current one itself (same
    revision and content hash); the last entry is the parent.
    """
    if data is None:
        data = store.content(instance_id)
    if revision is None:
        revision = store.instance(instance_id)["revision"]
    own = (revision, content_hash(data))
    return [e for e in store.lineage(instance_id)
            if (e["revision"], e["content_hash"]) != own]


def export_instance(store: Store, instance_id: str) -> dict[str, Any]:
    # One snapshot: another process (the window editing this file) may commit
    # between the queries; the document must be one committed state.
    with store.read_snapshot():
        return _export_instance(store, instance_id)


def _export_instance(store: Store, instance_id: str) -> dict[str, Any]:
    inst = store.instance(instance_id)
    form = store.form_of(instance_id)
    data = store.content(instance_id)
    lineage = lineage_of(store, instance_id, data, inst["revision"])
    instance = {
        "uuid": inst["uuid"],
        "revision": inst["revision"],
        "state": inst["state"],
        "created_at": inst["created_at"],
        "updated_at": inst["updated_at"],
        "sent_at": inst["sent_at"],
        "parent": lineage[-1]["content_hash"] if lineage else None,
        "lineage": lineage,
    }
    origin = store.origin(instance_id)
    if origin:  # optional: the form this one was started from (carry.py)
        instance["origin"] = origin
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "form": {"id": form.id, "version": form.version},
        "instance": instance,
        "data": data,
    }


def export_json_file(store: Store, instance_id: str, path: str | Path) -> None:
    write_atomic(path, dumps(export_instance(store, instance_id)))


def normalise_ids(doc: dict[str, Any], form: FormDefinition) -> dict[str, Any]:
    """The document with its instance and row ids lower-cased (ids of any case accepted)."""
    doc = {**doc, "instance": {**doc["instance"], "uuid": normalise_id(doc["instance"]["uuid"])}}
    data = dict(doc["data"])
    for sec in form.tables:
        rows = data.get(sec.key)
        if isinstance(rows, list):
            data[sec.key] = [{**r, "id": normalise_id(r["id"])}
                             if isinstance(r, dict) and isinstance(r.get("id"), str) else r
                             for r in rows]
    doc["data"] = data
    return doc


def import_document(store: Store, doc: dict[str, Any]) -> tuple[str, Changed, bool]:
    """Import a checked-or-not document; nothing is written unless it is valid.

    A new uuid creates the instance; a known uuid replaces its content (one
    undoable command).  Returns (instance id, changed, created).
    """
    try:
        form = form_of_document(doc)
    except UserError:
        form = None  # check_document says what is wrong
    if (form is not None and isinstance(doc.get("instance"), dict)
            and isinstance(doc.get("data"), dict) and isinstance(doc["instance"].get("uuid"), str)):
        doc = normalise_ids(doc, form)
    form = check_document(doc)
    inst = doc["instance"]
    data = doc["data"]
    header = data[form.header.key]
    uid = inst["uuid"]
    # The imported version and its ancestors become this file's lineage: what is
    # edited from here on descends from them.
    versions = [(e["revision"], e["content_hash"]) for e in inst.get("lineage") or []]
    if store.has_instance(uid):
        cur = store.instance(uid)
        if (cur["form_id"], cur["form_version"]) != (form.id, form.version):
            raise UserError("El archivo es de otra versión del formulario que el de la base de datos.")
        cmd = replace_content(store, uid, data, label="Importar formulario")
        changed = store.execute(cmd, origin=ORIGIN_IMPORT)
        _record_imported(store, uid, versions)
        return uid, changed, False
    state = inst["state"] if inst["state"] != "completo" else STATE_DRAFT
    cmd = CreateInstance(form, header["servicio"], header["region"], header["anio"], uid, data,
                         revision=inst["revision"], state=state, origin=inst.get("origin"))
    changed = store.execute(cmd, origin=ORIGIN_IMPORT)
    _record_imported(store, uid, versions)
    return uid, changed, True


def _record_imported(store: Store, uid: str, versions: list[tuple[int, str]]) -> None:
    """The imported version (as stored, i.e. as it would be exported) joins the lineage."""
    inst = store.instance(uid)
    versions.append((inst["revision"], content_hash(store.content(uid))))
    store.execute(RecordLineage(uid, versions), origin=ORIGIN_IMPORT)


def import_json_file(store: Store, path: str | Path) -> tuple[str, Changed, bool]:
    return import_document(store, load_json_file(path))


# ------------------------------------------------- store → renderers glue --
# The renderers (pdf.py, xlsx.py) take a document, never a Store; these are the
# store-side entry points the CLI and the GUI call.
def export_pdf(store: Store, instance_id: str, path: str | Path, *, paper: str = "letter",
               invariant: bool = False, anexo: bool = False) -> None:
    """Write the PDF of one form instance of ``store`` (``anexo``: status annex)."""
    from sernam_desktop.pdf import write_form_pdf

    doc = export_instance(store, instance_id)
    doc["instance"]["lifecycle"] = shown_state(store, instance_id)  # issue 15: footer state
    write_form_pdf(doc, path, paper=paper, invariant=invariant, anexo=anexo)


def export_xlsx(store: Store, instance_id: str, path: str | Path) -> None:
    from sernam_desktop.xlsx import write_form_xlsx

    write_form_xlsx(export_instance(store, instance_id), path)


class StaleImport(UserError):
    """The file was exported before the form's last change: importing it would
    replace newer data.  ``changes`` lists what would change, in user terms."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


def import_differences(store: Store, doc: dict[str, Any]) -> list[str]:
    """What importing ``doc`` would change in the stored form, one line per value."""
    uid = str((doc.get("instance") or {}).get("uuid") or "").lower()
    if not store.has_instance(uid):
        return []
    form = store.form_of(uid)
    current = store.content(uid)
    new = doc.get("data") or {}
    out: list[str] = []
    for sec in form.sections:
        if sec.key not in new:
            continue
        if sec.is_table:
            old_rows = {r.get("id"): (i, r) for i, r in enumerate(current.get(sec.key) or [])}
            new_ids = set()
            for i, row in enumerate(new[sec.key], start=1):
                rid = row.get("id")
                new_ids.add(rid)
                if rid not in old_rows:
                    out.append(f"{sec.title}: fila {i} nueva")
                    continue
                old = old_rows[rid][1]
                for c in sec.columns:
                    if str(old.get(c.key, "")) != str(row.get(c.key, "")):
                        out.append(f"{sec.title}, fila {i}, «{c.label}»: cambia")
            for rid, (i, _) in old_rows.items():
                if rid not in new_ids:
                    out.append(f"{sec.title}: se elimina la fila {i + 1}")
        else:
            old_vals = current.get(sec.key) or {}
            for f in sec.fields:
                if f.key in new[sec.key] and str(old_vals.get(f.key, "")) != str(
                        new[sec.key].get(f.key, "")):
                    out.append(f"{sec.title}, «{f.label}»: cambia")
    return out


def is_older_than_store(store: Store, doc: dict[str, Any]) -> bool:
    """Was the stored form changed after ``doc`` was exported?"""
    inst = doc.get("instance") or {}
    uid = str(inst.get("uuid") or "").lower()
    if not store.has_instance(uid):
        return False
    cur = store.instance(uid)
    exported = str(inst.get("updated_at") or "")
    return not exported or str(cur["updated_at"] or "") > exported


def check_not_stale(store: Store, doc: dict[str, Any], what: str = "El archivo") -> None:
    """Raise :class:`StaleImport` when importing ``doc`` would replace newer data."""
    if not is_older_than_store(store, doc):
        return
    changes = import_differences(store, doc)
    if changes:
        raise StaleImport(f"{what} se exportó antes del último cambio del formulario: "
                          f"importarlo reemplazaría {len(changes)} valor(es) más recientes.",
                          changes)


def import_xlsx(store: Store, path: str | Path, *, replace_newer: bool = False,
                converted: list[str] | None = None) -> tuple[str, Changed, bool]:
    """Import an edited workbook: validated whole first, then one undoable command.

    With ``replace_newer=False`` a workbook older than the data (the form
    changed after the export) is refused with :class:`StaleImport`.
    """
    from sernam_desktop.xlsx import read_form_xlsx

    p = Path(path)
    doc = read_form_xlsx(p, converted)
    if not replace_newer:
        check_not_stale(store, doc, f"«{p.name}»")
    return import_document(store, doc)
