"""Shared helpers of the bench/ scripts: paired, interleaved runs and their summary.

Every script compares *ours* with a *baseline* measured in the same run, alternating
one sample of each so that both see the same machine load, and prints median, p95,
p99 and min–max of each, plus the ratio of the medians.  No script asserts a time:
they print figures and say whether each goal is met.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank on the sorted values)."""
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "p95": pct(values, 95), "p99": pct(values, 99),
            "min": min(values), "max": max(values), "n": len(values)}


def interleaved(ours: Callable[[int], float], baseline: Callable[[int], float],
                pairs: int) -> tuple[list[float], list[float]]:
    """Run ``pairs`` pairs, alternating which of the two goes first; each callable
    gets the pair's index and returns one sample (any unit)."""
    a: list[float] = []
    b: list[float] = []
    for i in range(pairs):
        if i % 2 == 0:
            a.append(ours(i))
            b.append(baseline(i))
        else:
            b.append(baseline(i))
            a.append(ours(i))
    return a, b


HEADER = f"  {'':<40}{'mediana':>10}{'p95':>10}{'p99':>10}{'mín–máx':>20}{'n':>5}"


def line(name: str, values: list[float], unit: str = "ms", scale: float = 1.0) -> str:
    s = summary([v * scale for v in values])
    rng = f"{s['min']:.2f}–{s['max']:.2f}"
    return (f"  {name:<40}{s['median']:>8.2f}{unit:<2}{s['p95']:>8.2f}{unit:<2}"
            f"{s['p99']:>8.2f}{unit:<2}{rng:>18}{unit:<2}{s['n']:>5}")


def ratio_line(ours: list[float], baseline: list[float], goal: float | None = None,
               what: str = "razón de medianas (nuestro / referencia)") -> str:
    r = statistics.median(ours) / statistics.median(baseline)
    text = f"  {what}: {r:.2f}×"
    if goal is not None:
        text += f"   (meta ≤ {goal:g}×: {'OK' if r <= goal else 'NO'})"
    return text


def machine() -> str:
    """One line naming the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", carga {os.getloadavg()[0]:.1f}"
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} núcleos, {cpu}, "
            f"Python {platform.python_version()}{load}")


def peak_rss_mib() -> float:
    """Peak resident memory of this process, in MiB (Linux/macOS)."""
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)
