"""User settings: one typed dataclass, stored as JSON in the user folder.

Window geometry, recent files and similar GUI state live in QSettings (ui/);
everything that the core or the CLI also needs lives here.  An unreadable or
invalid settings file never stops the application: the defaults are used and
``load()`` reports why in ``Settings.problem``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from sernam_desktop.files import write_atomic
from sernam_desktop.paths import user_home

PAPERS = ("letter", "a4")


@dataclass
class Settings:
    # Where "Enviar a oficina central…" addresses the e-mail draft.
    central_email: str = "gestion.territorial@sernam.cl"
    # Paper size for PDF export: "letter" (Carta, the Chilean default) or "a4".
    paper: str = "letter"
    # Add «Anexo: estado de avance» (row statuses, summary, charts) after the form in PDFs.
    pdf_annex: bool = False
    # Rotating backups: every N minutes of editing, keep the last K.
    backup_every_minutes: int = 10
    backup_keep: int = 10
    # Editor font size in points (0 = system default).
    font_point_size: int = 0
    # This PC is the central office's: double-clicking a bundle offers to merge it.
    central_office: bool = False
    # Issue 15: the central office's key fingerprint, typed from what the central
    # office dictates; a receipt signed by another key is refused ("" = trust the
    # first receipt).
    central_fingerprint: str = ""
    problem: str = field(default="", compare=False, repr=False)

    def validate(self) -> list[str]:
        out = []
        if "@" not in self.central_email or " " in self.central_email.strip():
            out.append(f"«{self.central_email}» no es una dirección de correo válida")
        if self.paper not in PAPERS:
            out.append(f"tamaño de papel «{self.paper}» desconocido (use letter o a4)")
        if not 1 <= self.backup_every_minutes <= 24 * 60:
            out.append("el intervalo de copias debe estar entre 1 y 1440 minutos")
        if not 1 <= self.backup_keep <= 1000:
            out.append("la cantidad de copias a conservar debe estar entre 1 y 1000")
        if not 0 <= self.font_point_size <= 48:
            out.append("el tamaño de letra debe estar entre 0 y 48 puntos")
        if self.central_fingerprint:
            from sernam_desktop.signing import normalize_fingerprint

            if normalize_fingerprint(self.central_fingerprint) is None:
                out.append(f"«{self.central_fingerprint}» no es una huella de clave válida "
                           "(20 dígitos hexadecimales, p. ej. 3F1C-A0B2-77D9-0E41-5C2A)")
        return out


def settings_path() -> Path:
    return user_home() / "settings.json"


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("no es un objeto JSON")
        known = {f.name: f.type for f in fields(Settings) if f.name != "problem"}
        values = {}
        for k, v in raw.items():
            if k in known:
                default = getattr(Settings(), k)
                if type(v) is not type(default):
                    raise ValueError(f"«{k}» tiene un tipo inválido")
                values[k] = v
        s = Settings(**values)
        problems = s.validate()
        if problems:
            raise ValueError("; ".join(problems))
        return s
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        s = Settings()
        s.problem = f"No se pudo leer la configuración «{path}» ({exc}); se usan los valores por omisión."
        return s


def save(settings: Settings, path: Path | None = None) -> None:
    from sernam_desktop.errors import UserError

    problems = settings.validate()
    if problems:
        raise UserError("Configuración inválida: " + "; ".join(problems) + ".")
    data = {k: v for k, v in asdict(settings).items() if k != "problem"}
    target = Path(path or settings_path())
    # Whole or not at all; a failure is a Spanish UserError («No se pudo escribir …»).
    write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
