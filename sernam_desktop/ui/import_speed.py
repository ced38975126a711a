"""Start-up time: PySide6's look at every module imported after it, made cheap.

Once PySide6 is imported, its import hook (``shibokensupport.feature``, PYSIDE-2029)
asks of every module imported afterwards whether its source mentions «PySide6»
(whether ``from __feature__ import …`` may apply to it).  It asks through
``inspect.getsource``, which besides reading the file walks every loaded module
each time: about 0.3 ms a module, 15–20 ms of the desktop app's start-up.
:func:`install` puts in its place the same test on the file's bytes: the answer
is the same (the marker is ASCII), anything unusual (no ``.py`` file, a module
from a zip) still goes to PySide6's own function.  Should PySide6 change its
internals, nothing is replaced and nothing else changes.

Imported for its effect by ``ui/app.py``, after PySide6 and before the screens.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"


def fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """PySide6's ``_mod_uses_pyside`` done on the module's source file directly."""

    def mod_uses_pyside(module: ModuleType) -> bool:
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None)
        if not (getattr(spec, "has_location", False) and isinstance(origin, str)
                and origin.endswith(".py")):
            return original(module)
        try:
            with open(origin, "rb") as fh:
                return b"PySide6" in fh.read()
        except OSError:
            return original(module)

    mod_uses_pyside.original = original  # type: ignore[attr-defined]
    return mod_uses_pyside


def install() -> bool:
    """Replace PySide6's check (once); False when PySide6 has no such check."""
    import PySide6.QtCore  # noqa: F401 - installs the hook and its module

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original):
        return False
    if not hasattr(original, "original"):
        feature._mod_uses_pyside = fast_check(original)  # type: ignore[union-attr]
    return True


install()
