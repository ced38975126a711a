"""Shared test setup: offscreen Qt, UTF-8, a private user folder, stores.

The GUI tests run on the reference screen of the regional offices: a
1366×768 laptop at 125 % — an offscreen screen of 1366×768 pixels with
QT_SCALE_FACTOR=1.25, i.e. 1093×614 logical pixels (set before any
QApplication exists).  tests/ui_screens.py runs other sizes in subprocesses.
"""

from __future__ import annotations

import os

# The offscreen screen: a 1366×768 laptop (a file in the repository, so nothing is
# written outside pytest's own temporary folder).
_SCREEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offscreen-laptop.json")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ["QT_SCALE_FACTOR"] = "1.25"
os.environ["LANG"] = "C.UTF-8"

import pytest  # noqa: E402

from sernam_desktop.examples import load_demo  # noqa: E402
from sernam_desktop.store import Store  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _private_user_home(tmp_path_factory):
    """A private user folder for the whole run, inside pytest's own temporary
    folder (nothing left behind in /tmp); kept if the caller chose one."""
    if os.environ.get("SERNAM_DESKTOP_HOME"):
        yield
        return
    os.environ["SERNAM_DESKTOP_HOME"] = str(tmp_path_factory.mktemp("sernam-home"))
    yield
    os.environ.pop("SERNAM_DESKTOP_HOME", None)


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
