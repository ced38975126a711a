"""The compiled fast path of schema_check says "valid" exactly when the full walk
finds no problem (issue 17: the merge checks thousands of documents with it)."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bundle_factory import with_value

from sernam_desktop import schema_check
from sernam_desktop.commands import CreateInstance
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import export_instance, json_schema
from sernam_desktop.store import Store

ODD_VALUES = [None, True, False, 0, 1, 1.0, -1, 2.5, "", "x", "2026", "2026\n", "٢٠٢٦",
              "x\ud800", "ñandú — 🌸", [], ["x"], {}, {"k": "v"}, "a" * 300]


def _full_walk_valid(schema: dict[str, Any], value: Any) -> bool:
    out: list[str] = []
    schema_check._check(schema, value, "", out)
    return not out


def _paths(value: Any, path: tuple = ()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):  # two rows of each table are enough
            yield from _paths(v, (*path, i))


def _bounds(schema: Any) -> set[int]:
    """Every maxLength/minLength/maxItems of a schema (values at and past them)."""
    out: set[int] = set()
    if isinstance(schema, dict):
        for k, v in schema.items():
            if k in ("maxLength", "minLength", "maxItems"):
                out |= {v - 1, v, v + 1} - {-1}
            out |= _bounds(v)
    elif isinstance(schema, list):
        for v in schema:
            out |= _bounds(v)
    return out


def _mutants(doc: dict[str, Any]):
    """Every node replaced by every odd value (strings and lists at each length
    limit of the schema, and one past it); every object given an extra key."""
    limits = sorted(_bounds(json_schema(default_form())))
    odd_values = [*ODD_VALUES, *("a" * n for n in limits), *(["x"] * n for n in limits)]
    yield doc
    for path in _paths(doc):
        if not path:
            continue
        for odd in odd_values:
            yield with_value(doc, path, odd)
    for path in _paths(doc):
        node = doc
        for k in path:
            node = node[k]
        if isinstance(node, dict):
            for key in ("desconocida", "x\udc00"):
                yield with_value(doc, (*path, key), "x") if path else {**doc, key: "x"}
            for key in list(node)[:3]:  # a required key missing
                d = copy.deepcopy(doc)
                target = d
                for k in path:
                    target = target[k]
                del target[key]
                yield d


@pytest.fixture(scope="module")
def documents():
    with Store(None) as s:
        cmd = CreateInstance(default_form(), "SernamEG", "05", 2026)
        s.execute(cmd)
        empty = json.loads(json.dumps(export_instance(s, cmd.instance_id)))
    return [empty, example_document(fresh_id=False)]


def test_compiled_predicate_agrees_with_the_full_walk_on_every_mutant(documents):
    schema = json_schema(default_form())
    fast = schema_check.compiled(schema)
    seen = {True: 0, False: 0}
    for doc in documents:
        for mutant in _mutants(doc):
            want = _full_walk_valid(schema, mutant)
            assert fast(mutant) is want, json.dumps(mutant, ensure_ascii=True)[:300]
            # and schema_problems, which uses the fast path, still explains a refusal
            assert bool(schema_check.schema_problems(schema, mutant)) is not want
            seen[want] += 1
    assert seen[True] > 5 and seen[False] > 1000, seen


def test_jsonschema_referees_the_fast_path_too(documents):
    """Where jsonschema is looser on purpose (1.0 as an integer, Python's ``$`` and
    ``\\d``, lone surrogates) ours may only refuse more; elsewhere both agree."""
    schema = json_schema(default_form())
    fast = schema_check.compiled(schema)
    referee = jsonschema.Draft202012Validator(schema)
    looser = ("1.0", "2026\\n", "\\u0662", "\\ud800", "\\udc00", "2.5")
    checked = 0
    for mutant in list(_mutants(documents[1]))[::5]:
        theirs = not list(referee.iter_errors(mutant))
        if any(m in json.dumps(mutant) for m in looser):
            assert not fast(mutant) or theirs
            continue
        assert fast(mutant) == theirs, json.dumps(mutant, ensure_ascii=True)[:300]
        checked += 1
    assert checked > 100


SMALL_SCHEMAS = [
    {"type": "string", "pattern": "^(\\d{4})?$"},
    {"type": ["string", "null"], "maxLength": 3, "minLength": 1},
    {"type": "string", "maxLength": 2, "minLength": 2},
    {"enum": ["a", 1, True, None, [1], {"k": 1}]},
    {"const": {"a": [1, True]}},
    {"type": "integer", "minimum": 2},
    {"minimum": 0},
    {"type": "array", "maxItems": 2, "items": {"type": "boolean"}},
    {"type": "object", "required": ["a"], "properties": {"a": {"type": "number"}},
     "additionalProperties": False},
    {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2}},
    {"properties": {"x": {"items": {"enum": ["p", "q"]}}}},
    {},
]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-3, 3, allow_nan=False)
    | st.text(max_size=5) | st.sampled_from(["2026", "2026\n", "a", "p", "q", "x\ud800"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b", "x", "k", "\udc00"]), inner, max_size=3),
    max_leaves=8,
)


def _has_surrogate(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON, which=st.integers(0, len(SMALL_SCHEMAS) - 1))
def test_compiled_agrees_on_every_keyword(value, which):
    schema = SMALL_SCHEMAS[which]
    want = _full_walk_valid(schema, value)
    assert schema_check.compiled(schema)(value) is want
    if not _has_surrogate(value):  # what a parsed document guarantees
        assert schema_check.compiled(schema, strings_checked=True)(value) is want


def test_strings_checked_variant_agrees_on_surrogate_free_mutants(documents):
    schema = json_schema(default_form())
    fast = schema_check.compiled(schema, strings_checked=True)
    n = 0
    for mutant in _mutants(documents[1]):
        if not _has_surrogate(mutant):
            assert fast(mutant) is _full_walk_valid(schema, mutant)
            n += 1
    assert n > 1000


@pytest.mark.parametrize("schema", SMALL_SCHEMAS)
def test_compiled_agrees_at_the_limits(schema):
    values = [*ODD_VALUES, "", "ab", "abc", "abcd", [True], [True, False], [True] * 3,
              {"a": 1}, {"a": 1, "b": 2}, {"b": "xy"}, {"b": "xyz"}, {"x": ["p", "r"]}]
    for value in values:
        want = _full_walk_valid(schema, value)
        assert schema_check.compiled(schema)(value) is want, value
        if not _has_surrogate(value):
            assert schema_check.compiled(schema, strings_checked=True)(value) is want, value


def test_an_unknown_keyword_is_refused_when_compiling_even_deep_down():
    with pytest.raises(schema_check.UnsupportedSchema):
        schema_check.compiled({"type": "object", "properties": {
            "a": {"items": {"format": "date"}}}})
