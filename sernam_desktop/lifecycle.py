"""The lifecycle of a form as people see it: one rule for the window, the
command line, the PDF footer and the outbox (issue 10 §4, issue 15).

Stored (``instances.state``): ``borrador`` or ``enviado`` (a bundle of this
revision was prepared — shown «Listo para enviar»).  Shown:

* ``borrador`` — something required is missing;
* ``completo`` — a draft with nothing missing (derived, never stored);
* ``enviado`` — «Listo para enviar»;
* ``recibido`` / ``devuelto`` — the central office's receipt for this revision
  was opened (issue 15; read from the office file's receipts).

Editing a sent form opens revision k+1 as ``borrador`` (commands.py).  The
store keeps only what is stored; completeness comes from validation.py — this
module joins the two.  Qt-free.
"""

from __future__ import annotations

from typing import Any

from sernam_desktop.forms import FormDefinition
from sernam_desktop.states import (  # noqa: F401 (the lifecycle's names, re-exported)
    STATE_COMPLETE,
    STATE_DRAFT,
    STATE_LABELS,
    STATE_RECEIVED,
    STATE_RETURNED,
    STATE_SENT,
)
from sernam_desktop.validation import Issue, completeness


def lifecycle_state(form: FormDefinition, data: dict[str, Any], stored_state: str,
                    issues: list[Issue] | None = None) -> str:
    """borrador / completo (nothing missing, not sent) / enviado, from a document.

    The one «Completo» rule.  ``issues``: ``completeness(form, data)`` when the
    caller already has it (the GUI keeps it up to date per change).
    """
    if stored_state == STATE_SENT:
        return STATE_SENT
    if issues is None:
        issues = completeness(form, data)
    return STATE_DRAFT if issues else STATE_COMPLETE


def shown_state(store: Any, instance_id: str) -> str:
    """The state shown for a form of an office ``Store``: borrador / completo /
    enviado / recibido / devuelto (the last receipt opened for its revision)."""
    inst = store.instance(instance_id)
    state = inst["state"]
    if state == STATE_SENT:  # what the central office answered, if anything
        return store.answered(instance_id, inst["revision"]) or STATE_SENT
    return lifecycle_state(store.form_for(inst), store.content(instance_id), state)
