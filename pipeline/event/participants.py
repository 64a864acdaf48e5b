"""People named in the release with the role and organisation written next to them:
"นายสมชาย ใจดี ผู้อำนวยการ สสว." → person, role (Director), organisation (OSMEP).

The role is read right after the name (or right before it, "รัฐมนตรีว่าการกระทรวงการคลัง นาย..."); the
organisation right after the role: a recognised entity, or a gazetteer name the entity stage missed
("ผู้อำนวยการสสว" without its dot).
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.entities.gazetteer import default_gazetteer
from pipeline.event.context import ReleaseView, named_ref
from pipeline.event.roles import RoleGlossary, RoleMatch, default_roles
from pipeline.record import NamedRef, Participant, RoleRef

_MIN_GAZETTEER_SURFACE = 3  # shorter aliases match too much running text
_MAX_SURFACE = 80


def _organization_after(view: ReleaseView, start: int) -> NamedRef | None:
    text = view.text
    while start < len(text) and text[start] == " ":
        start += 1
    entity = view.entity_at(start, "ORGANIZATION", "LOCATION")
    if entity is not None:
        return named_ref(entity)
    return _gazetteer_name_at(text, start)


def _gazetteer_name_at(text: str, start: int) -> NamedRef | None:
    """The longest unambiguous gazetteer name starting at `start`."""
    table = default_gazetteer().entries_by_surface
    for length in range(min(_MAX_SURFACE, len(text) - start), _MIN_GAZETTEER_SURFACE - 1, -1):
        entries = table.get(text[start : start + length])
        if entries and len(entries) == 1 and entries[0].label in ("ORGANIZATION", "LOCATION"):
            entry = entries[0]
            return NamedRef(
                start=start,
                end=start + length,
                text=text[start : start + length],
                canonical=entry.id,
                english=entry.english,
                abbreviation=entry.abbr_en or None,
                english_source="glossary",
            )
    return None


def _role_ref(match: RoleMatch, organization: NamedRef | None, glossary: RoleGlossary) -> RoleRef:
    return RoleRef(
        start=match.start,
        end=match.end,
        text=match.role.thai,
        english=glossary.english(match.role, organization.english if organization else None),
    )


def _shortens_earlier(name: str, earlier: Iterable[Participant]) -> bool:
    """A name cut short with ฯ ("เหลยฯ") is a later mention of an earlier participant whose name holds it
    ("นายเหลยซื่อเชียน"), not another person."""
    stem = name[:-1]
    return name.endswith("ฯ") and len(stem) >= 2 and any(stem in p.name.text for p in earlier)


def find_participants(view: ReleaseView, glossary: RoleGlossary | None = None) -> list[Participant]:
    """Every distinct person with a role, in text order; the first mention with a role wins."""
    glossary = glossary or default_roles()
    people: dict[str, Participant] = {}
    for person in view.entities_in(0, len(view.text), "PERSON"):
        if person.text in people or _shortens_earlier(person.text, people.values()):
            continue
        match = glossary.match(view.text, person.end)
        if match is not None and match.start - person.end > 2:
            match = None
        if match is None:
            match = glossary.match_before(view.text, person.start)
            if match is not None and person.start - match.end > 2:
                match = None
            organization = _organization_after(view, match.organization_start) if match else None
            if organization is not None and organization.start >= person.start:
                organization = None
        else:
            organization = _organization_after(view, match.organization_start)
        if match is None:
            continue
        ends = [person.end, match.end] + ([organization.end] if organization else [])
        people[person.text] = Participant(
            start=min(person.start, match.start),
            end=max(ends),
            name=named_ref(person),
            role=_role_ref(match, organization, glossary),
            organization=organization,
        )
    return sorted(people.values(), key=lambda p: p.start)
