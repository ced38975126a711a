"""The content hash's canonical JSON is byte for byte the standard library's (issue 17:
orjson writes it; a hash is a form version's identity, so not one byte may change)."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sernam_desktop.document import canonical_json, content_hash
from sernam_desktop.examples import example_document


def stdlib(data) -> bytes:  # noqa: ANN001 - the definition in docs/bundle-format.md §3.1
    return json.dumps(data, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)

TEXT = st.text(max_size=40) | st.sampled_from(
    ["", "\x00", "\x1f\x7f", "\u2028\u2029", "\"\\/", "🌸 ñandú — Ñuble", "\ufeff", "\U0010ffff"])
ROW = st.dictionaries(TEXT, TEXT, max_size=6)
DATA = st.dictionaries(TEXT, ROW | st.lists(ROW, max_size=4), max_size=6)


@settings(max_examples=500, deadline=None)
@given(DATA)
def test_same_bytes_as_the_standard_library(data):
    assert canonical_json(data) == stdlib(data)
    assert canonical_json(data, checked=True) == stdlib(data)  # what a checked bundle uses


def test_every_character_and_key_order():
    data = {"z": {"b": EVERY_CHARACTER, "a": EVERY_CHARACTER[::-1]},
            "a": [{"y": "1", "x": "2"}, {}], "": {"": ""}, "É": {"é": "e", "E": "é"}}
    assert canonical_json(data) == stdlib(data)


def test_the_example_form_keeps_its_hash():
    data = example_document(fresh_id=False)["data"]
    assert content_hash(data) == hashlib.sha256(stdlib(data)).hexdigest()


@pytest.mark.parametrize("data", [
    {"a": {"n": 1.0}}, {"a": {"n": float("nan")}}, {"a": {"n": 10 ** 30}}, {"a": [[1, 2]]},
    {"a": {"b": {"c": "d"}}}, {"a": "x"}, {"a": {"t": True, "n": None}},
])
def test_other_shapes_take_the_standard_library_path(data):
    assert canonical_json(data) == stdlib(data)


def test_a_lone_surrogate_fails_as_before():
    with pytest.raises(UnicodeEncodeError):
        canonical_json({"a": {"b": "x\ud800"}})
    with pytest.raises(UnicodeEncodeError):
        stdlib({"a": {"b": "x\ud800"}})
