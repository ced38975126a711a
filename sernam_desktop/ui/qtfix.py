"""Work-arounds for defects of the Qt binding.

**Lost references to None/True/False.**  The PySide6 6.12 build the project
installs drops one reference to the value a Python override returns to C++
when that value is ``None`` (``data()`` for an unused role, every
``resizeEvent``/``redo``/``undo`` override…).  On CPython 3.11 these
singletons are ordinary reference-counted objects, so after some tens of
thousands of such calls — minutes of normal use — the interpreter aborts with
"Fatal Python error: none_dealloc".  CPython 3.12 made them immortal
(PEP 683); :func:`protect_singletons` gives them the same property on older
versions by adding a very large count to their reference counter, so the
lost references can never bring it to zero.  It runs when
``sernam_desktop.ui`` is imported, before any window exists.

**Signal emits.**  ``SignalInstance.emit`` in PySide6 6.12 (the only version the project can
install) returns ``True`` without taking a reference to it, so every signal
emitted *from Python* drops one reference to ``True``; after a few hundred
emits CPython 3.11 aborts with "Fatal Python error: bool_dealloc".  Every
Python-side emit in the interface therefore goes through :func:`emit`, which
gives the reference back when (and only when) the running binding has the
defect — detected once at import, so a fixed PySide6 needs no change here.
Signals emitted by Qt itself (clicked, textChanged…) are not affected.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _restore(obj: object, times: int = 1) -> None:
    for _ in range(times):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    n = 8
    before = sys.getrefcount(True)
    results = [probe.ping.emit() for _ in range(n)]
    after = sys.getrefcount(True)
    del results
    lost = before - (after - n)  # the results list held n references while measured
    if lost >= n:
        _restore(True, n)
        return True
    return False


SINGLETON_MARGIN = 1 << 40  # far more lost references than a process can ever make


def protect_singletons() -> bool:
    """Make None/True/False effectively immortal on CPython < 3.12 (see above)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(sys, "_sernam_singletons_protected", False):
        return True
    for obj in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field (Py_ssize_t) of every CPython object
        ctypes.c_ssize_t.from_address(id(obj)).value += SINGLETON_MARGIN
    sys._sernam_singletons_protected = True  # type: ignore[attr-defined]
    return True


_COMPENSATE = _emit_drops_a_reference()


def emit(signal: Any, *args: Any) -> Any:
    """``signal.emit(*args)``, safe on PySide6 builds whose emit drops a reference."""
    result = signal.emit(*args)
    if _COMPENSATE and isinstance(result, bool):
        _restore(result)
    return result
