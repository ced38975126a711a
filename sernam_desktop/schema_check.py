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


def schema_problems(schema: dict[str, Any], value: Any, *,
                    strings_checked: bool = False) -> list[str]:
    """Spanish problems of ``value`` against ``schema`` (at most :data:`MAX_PROBLEMS`).

    A valid value (the usual case: a merge checks thousands of documents) is
    decided by the schema's compiled predicate (:func:`compiled`); only an
    invalid one walks the schema again to say what is wrong.
    ``strings_checked``: the caller has made sure that no string (value or key)
    holds a lone surrogate — e.g. the value was parsed from JSON text with no
    ``\\udXXX`` escape (:func:`sernam_desktop.document.parse_document`) — so
    the predicate does not look again, string by string.
    """
    if compiled(schema, strings_checked=strings_checked)(value):
        return []
    out: list[str] = []
    _check(schema, value, "", out)
    return out[:MAX_PROBLEMS] or ["no cumple el esquema"]  # never: both walks agree


# ----------------------------------------------------------- fast path --
# The same rules as :func:`_check`, turned once per schema into the source of
# one Python function that answers only "valid or not" (no paths, no messages,
# no keyword look-ups per value) — the technique of fastjsonschema, in ~80
# lines for our dozen keywords.  tests/test_schema_check.py checks that both
# walks agree on many documents, valid and not (and jsonschema referees both).
_COMPILED: dict[tuple[int, bool], tuple[dict[str, Any], Any]] = {}


def compiled(schema: dict[str, Any], *, strings_checked: bool = False):
    """A predicate ``value -> bool``: True when :func:`_check` finds no problem
    (with ``strings_checked``: for values without lone surrogates, see
    :func:`schema_problems`).

    Cached by the schema object's identity (the application builds each form's
    schema once and keeps it); the schema is kept alive with its predicate.
    """
    key = (id(schema), strings_checked)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    fn = _Compiler(surrogates=not strings_checked).function(schema)
    if len(_COMPILED) >= 64:
        _COMPILED.clear()
    _COMPILED[key] = (schema, fn)
    return fn


_TYPE_TEST = {
    "string": "isinstance({v}, str)",
    "integer": "(isinstance({v}, int) and not isinstance({v}, bool))",
    "number": "(isinstance({v}, (int, float)) and not isinstance({v}, bool))",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
    "boolean": "isinstance({v}, bool)",
    "null": "({v} is None)",
}


class _Compiler:
    def __init__(self, surrogates: bool = True) -> None:
        self.consts: list[Any] = []
        self.names = 0
        self.surrogates = surrogates

    def const(self, value: Any) -> str:
        self.consts.append(value)
        return f"K[{len(self.consts) - 1}]"

    def var(self) -> str:
        self.names += 1
        return f"v{self.names}"

    def function(self, schema: dict[str, Any]):
        lines = ["def valid(v0):", *self.node(schema, "v0", 1), "    return True"]
        scope = {"K": self.consts, "json_equal": json_equal,
                 "has_lone_surrogate": has_lone_surrogate}
        exec(compile("\n".join(lines), "<schema_check>", "exec"), scope)  # noqa: S102
        return scope["valid"]

    def node(self, schema: dict[str, Any], v: str, depth: int) -> list[str]:  # noqa: C901
        if not isinstance(schema, dict) or not KNOWN_KEYWORDS.issuperset(schema):
            unknown = set(schema) - KNOWN_KEYWORDS if isinstance(schema, dict) else schema
            raise UnsupportedSchema(f"unsupported keywords {sorted(unknown)}")
        pad = "    " * depth
        out: list[str] = []
        fail = "return False"
        t = schema.get("type")
        types = None if t is None else ([t] if isinstance(t, str) else list(t))
        if types is not None:
            for name in types:
                if name not in _TYPE_TEST:
                    raise UnsupportedSchema(f"unknown type {name!r}")
            test = " or ".join(_TYPE_TEST[n].format(v=v) for n in types) or "False"
            out.append(f"{pad}if not ({test}): {fail}")
        if "const" in schema:
            out.append(f"{pad}if not json_equal({v}, {self.const(schema['const'])}): {fail}")
        if "enum" in schema:
            enum = list(schema["enum"])
            texts = self.const(frozenset(e for e in enum if isinstance(e, str)))
            rest = self.const(enum)
            out.append(f"{pad}if not ({v} in {texts} if isinstance({v}, str) else "
                       f"any(json_equal({v}, e) for e in {rest})): {fail}")

        def block(kind: str, body: list[str]) -> None:
            if not body or (types is not None and kind not in types):
                return  # the type test above already refused any other kind
            if types == [kind]:
                out.extend(body)
            else:
                out.append(f"{pad}if {_TYPE_TEST[kind].format(v=v)}:")
                out.extend("    " + line for line in body)

        text = ([f"{pad}if not {v}.isascii() and has_lone_surrogate({v}): {fail}"]
                if self.surrogates else [])
        if "maxLength" in schema:
            text.append(f"{pad}if len({v}) > {int(schema['maxLength'])}: {fail}")
        if "minLength" in schema:
            text.append(f"{pad}if len({v}) < {int(schema['minLength'])}: {fail}")
        if "pattern" in schema:
            rx = self.const(_regex(schema["pattern"]).search)
            text.append(f"{pad}if {rx}({v}) is None: {fail}")
        block("string", text)
        if "minimum" in schema:
            low = self.const(schema["minimum"])
            out.append(f"{pad}if {_TYPE_TEST['number'].format(v=v)} and {v} < {low}: {fail}")

        obj: list[str] = []
        for key in schema.get("required", ()):
            obj.append(f"{pad}if {self.const(key)} not in {v}: {fail}")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        k, item = self.var(), self.var()
        loop = [f"{pad}for {k}, {item} in {v}.items():"]
        if self.surrogates:
            loop.append(f"{pad}    if not {k}.isascii() and has_lone_surrogate({k}): {fail}")
        first = True
        for key, sub in props.items():
            loop.append(f"{pad}    {'if' if first else 'elif'} {k} == {self.const(key)}:")
            loop.extend(self.node(sub, item, depth + 2) or [f"{pad}        pass"])
            first = False
        other = ([f"{pad}        {fail}"] if extra is False
                 else self.node(extra, item, depth + 2) if isinstance(extra, dict) else [])
        if other:
            loop.extend([f"{pad}    else:" if props else f"{pad}    if True:", *other])
        if len(loop) > 1:  # a loop with something to check
            obj.extend(loop)
        block("object", obj)

        arr: list[str] = []
        if "maxItems" in schema:
            arr.append(f"{pad}if len({v}) > {int(schema['maxItems'])}: {fail}")
        items = schema.get("items")
        if isinstance(items, dict):
            x = self.var()
            body = self.node(items, x, depth + 1)
            if body:
                arr.extend([f"{pad}for {x} in {v}:", *body])
        block("array", arr)
        return out


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
