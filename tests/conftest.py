"""Shared test setup: offscreen Qt, UTF-8, a private user folder, stores.

The GUI tests run on the reference screen of the regional offices: a
1366×768 laptop at 125 % — an offscreen screen of 1366×768 pixels with
QT_SCALE_FACTOR=1.25, i.e. 1093×614 logical pixels (set before any
QApplication exists).  tests/ui_screens.py runs other sizes in subprocesses.
"""

from __future__ import annotations

import json
import os
import tempfile

_SCREEN_DIR = tempfile.mkdtemp(prefix="sernam-screen-")
_SCREEN = os.path.join(_SCREEN_DIR, "screen.json")
with open(_SCREEN, "w", encoding="utf-8") as _fh:
    json.dump({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
               "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}, _fh)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ["QT_SCALE_FACTOR"] = "1.25"
os.environ["LANG"] = "C.UTF-8"
os.environ.setdefault("SERNAM_DESKTOP_HOME", tempfile.mkdtemp(prefix="sernam-home-"))

import pytest  # noqa: E402

from sernam_desktop.examples import load_demo  # noqa: E402
from sernam_desktop.store import Store  # noqa: E402


@pytest.fixture
def store():
    s = Store(None)
    yield s
    s.close()


@pytest.fixture
def demo(store):
    """(store, instance id) holding the 2007 example form."""
    return store, load_demo(store)


@pytest.fixture
def demo_file(tmp_path):
    """(path, instance id) of an on-disk database holding the example form."""
    path = tmp_path / "oficina.sqlite3"
    with Store(path) as s:
        uid = load_demo(s)
    return path, uid
