"""Roles (positions) written next to personal names and their English, from `corpora/glossary/roles.tsv`.

>>> glossary = default_roles()
>>> match = glossary.match("ผู้อำนวยการ สสว.", 0)
>>> (match.role.english, match.end)
('Director', 11)
>>> glossary.english(glossary.match("รัฐมนตรีว่าการกระทรวงการคลัง", 0).role, "Ministry of Finance")
'Minister of Finance'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pipeline.resources import corpus_file, read_tsv


@dataclass(frozen=True)
class Role:
    thai: str
    english: str
    joins: str = ""  # the start of an organisation name the Thai role already contains
    with_ministry: str = ""  # English pattern when the organisation is "Ministry of {field}"


@dataclass(frozen=True)
class RoleMatch:
    start: int
    end: int
    role: Role

    @property
    def organization_start(self) -> int:
        """Where the organisation's name starts: inside the role when the role contains its first word."""
        return self.end - len(self.role.joins)


class RoleGlossary:
    """Thai role words → English.

    roles: the glossary rows; at a position the longest Thai role wins.
    """

    def __init__(self, roles: list[Role]) -> None:
        self.roles = sorted(roles, key=lambda r: len(r.thai), reverse=True)

    @classmethod
    def from_tsv(cls, path: Path) -> RoleGlossary:
        return cls(
            [Role(r["thai"], r["english"], r.get("joins") or "", r.get("with_ministry") or "") for r in read_tsv(path)]
        )

    def match(self, text: str, position: int) -> RoleMatch | None:
        """The longest role starting at `position` (after blank space)."""
        while position < len(text) and text[position] == " ":
            position += 1
        for role in self.roles:
            if text.startswith(role.thai, position):
                return RoleMatch(position, position + len(role.thai), role)
        return None

    def match_before(self, text: str, position: int) -> RoleMatch | None:
        """The longest role ending at `position` (before blank space)."""
        while position > 0 and text[position - 1] == " ":
            position -= 1
        for role in self.roles:
            if text.endswith(role.thai, 0, position):
                return RoleMatch(position - len(role.thai), position, role)
        return None

    @staticmethod
    def english(role: Role, organization_english: str | None = None) -> str:
        """The role's English, naming the ministry's field when the role has a ministry form
        ("Minister of Finance"); otherwise the glossary English alone."""
        if role.with_ministry and organization_english and organization_english.startswith("Ministry of "):
            return role.with_ministry.format(field=organization_english[len("Ministry of ") :])
        return role.english


@functools.cache
def default_roles() -> RoleGlossary:
    return RoleGlossary.from_tsv(corpus_file("glossary", "roles.tsv"))
