"""Issue 14 §2 at the three screens of the regional offices (each in its own process,
because QT_SCALE_FACTOR is read once per process): 1366×768 at 125 %, 1024×768 at
100 % and at 125 %.  Columns fit the viewport, headers and the status are whole,
the toolbar keeps every button, the tab list is there; on a smaller screen the
columns keep their minimum width and a horizontal scrollbar appears instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("ui_screens.py")


def measure(width: int, height: int, scale: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QT_SCALE_FACTOR")}
    res = subprocess.run([sys.executable, str(SCRIPT), str(width), str(height), scale],
                         capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("width, height, scale, window", [
    (1366, 768, "1.25", [1093, 614]),
    (1024, 768, "1", [1024, 768]),
    (1024, 768, "1.25", [819, 614]),
])
def test_columns_fit_and_nothing_is_cut(width, height, scale, window):
    m = measure(width, height, scale)
    assert m["window"] == window
    assert len(m["tables"]) == 4
    for key, t in m["tables"].items():
        assert sum(t["widths"]) <= t["viewport"], key
        assert all(w >= lo for w, lo in zip(t["widths"], t["mins"])), key
        assert not t["hscroll"], key
        assert t["header_fits"], key
    assert m["toolbar_hidden"] == []
    assert m["status_clipped"] == []
    assert m["tabs_button"]


def test_too_narrow_scrolls_instead_of_cutting():
    m = measure(640, 600, "1.25")  # 512×480 logical: the minimum widths cannot fit
    for key, t in m["tables"].items():
        assert all(w >= lo for w, lo in zip(t["widths"], t["mins"])), key
        if sum(t["widths"]) > t["viewport"]:
            assert t["hscroll"], key
    assert any(t["hscroll"] for t in m["tables"].values())
