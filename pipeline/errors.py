"""Errors shared by the pipeline stages."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """A bad input: carries the input's name and a one-line reason.

    ``str(error)`` is ``"<source>: <reason>"``, ready to print for the user.
    """

    source: str
    reason: str

    def __init__(self, source: str, reason: str) -> None:
        self.source = str(source)
        self.reason = str(reason)
        super().__init__(self.source, self.reason)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    def __repr__(self) -> str:
        return f"InputError(source={self.source!r}, reason={self.reason!r})"
