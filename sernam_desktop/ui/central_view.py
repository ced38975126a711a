"""A read-only view of one form document (central office: «Ver formulario»)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.regions import by_code


def _text(value: Any) -> str:
    t = escape(str(value or "").strip())
    return t.replace("\n", "<br>") if t else '<span style="color:#8a8f94">—</span>'


def document_html(doc: dict[str, Any], form: FormDefinition, title_note: str = "") -> str:
    """The form as simple HTML: headings, label/value tables, data tables with status colours."""
    data = doc.get("data") or {}
    head = data.get(form.header.key) or {}
    region = by_code(str(head.get("region", "")))
    parts = [
        "<html><body style='font-size:10pt'>",
        f"<h2 style='color:#1f4d78;margin-bottom:0'>{escape(form.title)}</h2>",
        f"<p style='margin-top:2px;color:#444'>{escape(form.subtitle)} · "
        f"{escape(form.program)}</p>",
    ]
    ident = " · ".join(x for x in (str(head.get("servicio", "")),
                                   region.name if region else str(head.get("region", "")),
                                   str(head.get("anio", ""))) if x)
    parts.append(f"<p><b>{escape(ident)}</b>{escape(title_note)}</p>")
    for sec in form.sections:
        heading = sec.title if not sec.heading else f"{sec.title} — {sec.heading}"
        parts.append(f"<h3 style='color:#1f4d78;margin-top:14px'>{escape(heading)}</h3>")
        if sec.is_table:
            rows = data.get(sec.key) or []
            parts.append("<table border='1' cellspacing='0' cellpadding='4' "
                         "style='border-color:#b9c2cc;border-collapse:collapse' width='100%'>")
            parts.append("<tr>" + "".join(
                f"<th style='background:#1f4d78;color:white' align='left'>{escape(c.label)}</th>"
                for c in sec.columns) + "</tr>")
            for row in rows:
                cells = []
                for c in sec.columns:
                    v = row.get(c.key, "")
                    if c.kind == "choice" and c.choices and c.choices.get(v):
                        ch = c.choices.get(v)
                        cells.append(f"<td><span style='color:{ch.color}'>■ "
                                     f"<b>{escape(ch.label)}</b></span></td>")
                    else:
                        cells.append(f"<td valign='top'>{_text(v)}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            if not rows:
                parts.append(f"<tr><td colspan='{len(sec.columns)}'>{_text('')}</td></tr>")
            parts.append("</table>")
        else:
            vals = data.get(sec.key) or {}
            parts.append("<table cellspacing='0' cellpadding='3' width='100%'>")
            for f in sec.fields:
                v = vals.get(f.key, "")
                if f.kind == "region":
                    r = by_code(str(v))
                    v = r.name if r else v
                parts.append(f"<tr><td width='28%' valign='top' style='color:#333'><b>"
                             f"{escape(f.label)}</b></td><td valign='top'>{_text(v)}</td></tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


class FormViewDialog(QDialog):
    """Shows a form document; nothing in it can be edited."""

    def __init__(self, doc: dict[str, Any], title: str, note: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("centralFormView")
        self.setWindowTitle(title)
        form = get_form(doc["form"]["id"], doc["form"]["version"])
        assert form is not None
        self.browser = QTextBrowser(self)
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(document_html(doc, form, note))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(1000, 720)
