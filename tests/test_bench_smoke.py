"""The bench scripts still run against the current code (tiny sizes; no timing asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str, tmp_path: Path) -> str:
    env = dict(os.environ, TMPDIR=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               SERNAM_DESKTOP_HOME=str(tmp_path / "home"))
    res = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], env=env,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Traceback" not in res.stderr
    return res.stdout


@pytest.mark.slow
def test_bench_merge_runs_and_prints_paired_figures(tmp_path):
    out = _run("bench_merge.py", "--services", "1", "--pairs", "2", tmp_path=tmp_path)
    assert "bundles: 16 " in out
    assert "razón de medianas" in out and "re-merge / primer merge" in out
    assert "memoria máxima" in out


@pytest.mark.slow
def test_bench_report_runs_and_counts_pages(tmp_path):
    out = _run("bench_report.py", "--forms", "2,4", "--summary-forms", "8", "--pairs", "1",
               tmp_path=tmp_path)
    lines = [ln.split() for ln in out.splitlines() if ln.strip()[:1].isdigit()]
    assert [row[0] for row in lines] == ["2", "4"]
    assert all(int(row[2]) > 0 for row in lines)  # pages of the PDF
    # the summary (no --textos) and status --json, each with its baseline and ratio
    assert "report --pdf (resumen)" in out and "status --json" in out
    assert out.count("razón de medianas") == 3


@pytest.mark.slow
def test_bench_cli_runs_and_prints_paired_figures(tmp_path):
    out = _run("bench_cli.py", "--runs", "1", tmp_path=tmp_path)
    assert out.count("razón de medianas") == 3
    assert "--version" in out and "--help" in out and "validate --db" in out
    assert "import sqlite_utils (referencia)" in out and "python -c pass (referencia)" in out
