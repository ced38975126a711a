"""parse_document reads with orjson when it can and with the standard library otherwise
(issue 17): the same documents, the same values, the same Spanish messages."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sernam_desktop.document import _parse_slowly, document_text, parse_document
from sernam_desktop.errors import UserError

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2 ** 63), 2 ** 63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20,
)


def old(raw: bytes | str):  # noqa: ANN201 - the reading before issue 17
    try:
        text = document_text(raw) if isinstance(raw, bytes) else raw
        return _parse_slowly(text, "El archivo")
    except UserError as exc:
        return ("error", str(exc))


def new(raw: bytes | str):  # noqa: ANN201
    try:
        return parse_document(raw)
    except UserError as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None)
@given(value=st.dictionaries(st.text(max_size=8), VALUES, max_size=5) | VALUES,
       ascii_only=st.booleans(), indent=st.sampled_from([None, 1, 2]), bom=st.booleans())
def test_same_result_as_the_standard_library(value, ascii_only, indent, bom):
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    assert new(raw) == old(raw)
    assert new(text) == old(text)


@pytest.mark.parametrize("raw", [
    b"", b"   ", b"{", b'{"a": }', b"[1, 2]", b'"texto"', b"\xff\xfe{}", b'{"a": NaN}',
    b'{"a": 1e400}', b'{"a": "\\ud800"}', b'{"\\udc00": 1}', b'{"a": "\\ud83c\\udf38"}',
    b"{" * 2000 + b"}" * 2000, b'{"a": 1, "a": 2}', b'{"a": "\x00"}', b'{"a": "x\ny"}',
    b'\xef\xbb\xbf{"a": 1}', b'{"a": 1} x', b'{"a": ' + b"9" * 5000 + b"}",
])
def test_odd_inputs_give_the_same_answer(raw):
    assert new(raw) == old(raw)


def test_an_integer_beyond_64_bits_reads_as_a_number_the_checks_refuse():
    from sernam_desktop.document import check_document
    from sernam_desktop.examples import example_document

    doc = example_document(fresh_id=False)
    text = json.dumps(doc).replace('"revision": 1', '"revision": 18446744073709551616', 1)
    assert '"revision": 18446744073709551616' in text
    parsed = parse_document(text.encode("utf-8"))
    with pytest.raises(UserError, match="revision"):
        check_document(parsed)
