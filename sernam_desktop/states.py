"""The names and labels of a form's states (no rules here: see lifecycle.py).

Stored: ``borrador``, ``enviado``.  Shown only: ``completo`` (a draft with
nothing missing), ``recibido`` / ``devuelto`` (issue 15: what the central office
answered for the current revision).  Qt-free, imports nothing.
"""

STATE_DRAFT = "borrador"
STATE_COMPLETE = "completo"
STATE_SENT = "enviado"  # stored: a bundle of this revision was prepared
STATE_RECEIVED = "recibido"
STATE_RETURNED = "devuelto"
STATE_LABELS = {STATE_DRAFT: "Borrador", STATE_COMPLETE: "Completo",
                STATE_SENT: "Listo para enviar", STATE_RECEIVED: "Recibido",
                STATE_RETURNED: "Devuelto con observaciones"}
