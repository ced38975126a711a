"""A small JSON Schema checker for the schemas this application generates.

Why hand-written and not the ``jsonschema`` package at run time:

* ``document.json_schema`` uses a dozen keywords of draft 2020-12 (``type``,
  ``required``, ``properties``, ``additionalProperties``, ``items``,
  ``maxItems``, ``maxLength``, ``minLength``, ``pattern``, ``enum``, ``const``,
  ``minimum``); checking them is about a hundred lines.  ``jsonschema`` would
  add four packages to the frozen Windows build, one of them a compiled Rust
  extension (``rpds-py``).
* Two details matter for untrusted input and ``jsonschema`` gets them from
  Python's ``re`` rather than from the standard: ECMA-262's ``$`` matches only
  at the very end (Python's also before a final newline, so ``"2026\\n"`` would
  pass ``^(\\d{4})?$``), and ``\\d`` means ASCII digits only (Python's matches
  Arabic-Indic digits too).  Here patterns run with ``re.ASCII`` and a final
  ``$`` is anchored at the true end.
* It is strict where Python is loose: ``true`` is not ``1`` (``const``/``enum``
  compare JSON values, not Python values), a boolean is not an integer, and
  ``1.0`` is not an integer either (the database stores integers).
* A keyword this checker does not know raises :class:`UnsupportedSchema`, so a
  future change to the generated schema cannot be silently skipped; the test
  suite cross-checks this module against ``jsonschema`` (a test dependency).

Every string, and every object key, must also be encodable as UTF-8: JSON's
``"\\ud800"`` escape decodes to a lone surrogate that no file or database can
store.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

KNOWN_KEYWORDS = frozenset({
    "$schema", "$id", "title", "description",  # annotations
    "type", "required", "properties", "additionalProperties", "items", "maxItems",
    "maxLength", "minLength", "pattern", "enum", "const", "minimum",
})

MAX_PROBLEMS = 50

_TYPE_ES = {
    "string": "un texto", "integer": "un número entero", "number": "un número",
    "object": "un objeto", "array": "una lista", "boolean": "verdadero o falso", "null": "null",
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this checker does not implement (a programming error)."""


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    raise UnsupportedSchema(f"unknown type {name!r}")


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values: ``true`` ≠ ``1``, ``1`` = ``1.0``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "…"


def _where(path: str) -> str:
    return f"«{path}»: " if path else ""


def schema_problems(schema: dict[str, Any], value: Any) -> list[str]:
    """Spanish problems of ``value`` against ``schema`` (at most :data:`MAX_PROBLEMS`)."""
    out: list[str] = []
    _check(schema, value, "", out)
    return out[:MAX_PROBLEMS]


def _check(schema: dict[str, Any], value: Any, path: str, out: list[str]) -> None:
    if len(out) >= MAX_PROBLEMS:
        return
    if not KNOWN_KEYWORDS.issuperset(schema):
        unknown = set(schema) - KNOWN_KEYWORDS
        raise UnsupportedSchema(f"unsupported keywords {sorted(unknown)} at {path or '/'}")
    if "type" in schema:
        t = schema["type"]
        if not (_is_type(value, t) if isinstance(t, str) else any(_is_type(value, x) for x in t)):
            types = [t] if isinstance(t, str) else t
            out.append(_where(path) + "debe ser " + " o ".join(_TYPE_ES.get(t, t) for t in types))
            return
    if "const" in schema and not json_equal(value, schema["const"]):
        out.append(_where(path) + f"debe ser {_show(schema['const'])}")
        return
    # a text equals only an equal text (the fast path of json_equal)
    if "enum" in schema and not (value in schema["enum"] if isinstance(value, str)
                                 else any(json_equal(value, e) for e in schema["enum"])):
        out.append(_where(path) + f"{_show(value)} no es un valor permitido")
        return
    if isinstance(value, str):
        if not value.isascii() and has_lone_surrogate(value):  # ASCII: never a surrogate
            out.append(_where(path) + "contiene un carácter inválido (un «sustituto» UTF-16 suelto)")
            return
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(_where(path) + f"tiene más de {schema['maxLength']} caracteres")
        if "minLength" in schema and len(value) < schema["minLength"]:
            out.append(_where(path) + ("no puede estar vacío" if schema["minLength"] == 1
                             else f"debe tener al menos {schema['minLength']} caracteres"))
        if "pattern" in schema and not _regex(schema["pattern"]).search(value):
            out.append(_where(path) + f"{_show(value)} no tiene el formato esperado")
    if "minimum" in schema and _is_type(value, "number") and value < schema["minimum"]:
        out.append(_where(path) + f"debe ser mayor o igual que {schema['minimum']}")
    if isinstance(value, dict):
        for key in value:
            if not key.isascii() and has_lone_surrogate(key):
                out.append(_where(path) + "una clave contiene un carácter inválido (un «sustituto» "
                           "UTF-16 suelto)")
                return
        for key in schema.get("required", ()):
            if key not in value:
                out.append(_where(path) + f"falta «{key}»")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            sub = f"{path}.{key}" if path else key
            if key in props:
                _check(props[key], item, sub, out)
            elif extra is False:
                out.append(_where(path) + f"clave desconocida «{key}»")
            elif isinstance(extra, dict):
                _check(extra, item, sub, out)
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(_where(path) + f"tiene más de {schema['maxItems']} elementos")
            return
        items = schema.get("items")
        if isinstance(items, dict):
            for i, item in enumerate(value):
                _check(items, item, f"{path}[{i + 1}]", out)
