"""Chile's regions (resources/regions.toml) and the national value."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sernam_desktop.errors import UserError
from sernam_desktop.paths import resources_dir
from sernam_desktop.tomlcache import load_toml


@dataclass(frozen=True)
class Region:
    code: str  # "01".."16", or "00" for Todas las regiones
    name: str
    short: str
    roman: str = ""

    @property
    def is_national(self) -> bool:
        return self.code == NATIONAL_CODE

    @property
    def display(self) -> str:
        """As Chileans name it, name first: «Biobío (VIII)»."""
        return f"{self.short} ({self.roman})" if self.roman else self.name


NATIONAL_CODE = "00"


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Region, ...], Region, tuple[Region, ...]]:
    path = resources_dir() / "regions.toml"
    data = load_toml(path, path.read_text(encoding="utf-8"))
    regions = tuple(
        Region(r["code"], r["name"], r["short"], r.get("roman", "")) for r in data["regions"]
    )
    n = data["national"]
    by = {r.code: r for r in regions}
    order = [by[c] for c in data.get("north_to_south", []) if c in by]
    order += [r for r in regions if r not in order]
    return regions, Region(n["code"], n["name"], n["short"]), tuple(order)


def regions() -> tuple[Region, ...]:
    """The 16 regions, in code order."""
    return _load()[0]


def national() -> Region:
    return _load()[1]


def north_to_south() -> tuple[Region, ...]:
    """The 16 regions as Chileans list them: Arica y Parinacota … Magallanes."""
    return _load()[2]


def ui_choices() -> tuple[Region, ...]:
    """What a region drop-down lists: north to south, then «Todas las regiones»."""
    return north_to_south() + (national(),)


def all_choices() -> tuple[Region, ...]:
    """The 16 regions followed by «Todas las regiones»."""
    return regions() + (national(),)


def by_code(code: str) -> Region | None:
    for r in all_choices():
        if r.code == code:
            return r
    return None


def parse_region(text: str) -> Region:
    """Accept a code ("5", "05"), a Roman numeral ("V") or a name; Spanish error otherwise."""
    t = str(text).strip()
    if t.isdigit() and len(t) <= 2:
        r = by_code(t.zfill(2))
        if r:
            return r
    for r in all_choices():
        if not t:
            break
        if (r.roman and t.upper() == r.roman) or t.casefold() in (r.name.casefold(), r.short.casefold()):
            return r
    raise UserError(
        f"Región «{text}» desconocida: use un código de 01 a 16 (o 00 para Todas las regiones)."
    )
