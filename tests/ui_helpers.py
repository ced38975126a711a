"""Helpers shared by the GUI tests (not a test module)."""

from __future__ import annotations

from sernam_desktop.ui.session import FormSession


def fill_everything(s: FormSession) -> None:
    for issue in s.issues():
        if issue.row_id:
            s.set_cell(issue.row_id, issue.field, "Completado")
        elif issue.field == "fecha":
            s.set_field(issue.section, issue.field, "2008-01-15")
        else:
            s.set_field(issue.section, issue.field, "Completado")
