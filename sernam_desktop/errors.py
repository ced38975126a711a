"""Errors that carry a message meant for the user (in Spanish).

Anything raised as :class:`UserError` is shown as-is: one line on stderr by the
CLI, a dialog by the GUI.  Everything else is a bug.
"""


class UserError(Exception):
    """A problem the user can fix; ``str(err)`` is a complete Spanish sentence."""


class FormDefinitionError(UserError):
    """A form definition file is broken (names the file and the key)."""


class ValidationFailed(UserError):
    """Imported data does not satisfy the form definition.

    ``problems`` is the full list of Spanish messages; ``str()`` shows the first
    few so a single stderr line stays readable.
    """

    def __init__(self, problems: list[str], what: str = "Los datos"):
        self.problems = list(problems)
        shown = "; ".join(self.problems[:3])
        more = len(self.problems) - 3
        suffix = f" (y {more} problema(s) más)" if more > 0 else ""
        super().__init__(f"{what} no son válidos: {shown}{suffix}.")


class StoreError(UserError):
    """The local database cannot be used (damaged, newer version, locked…)."""
