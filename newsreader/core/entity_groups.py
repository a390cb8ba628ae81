"""An article's entities as the entities panel lists them: one group a kind, each name (its
canonical form) once with its mention count, the most mentioned first."""

from __future__ import annotations

from dataclasses import dataclass

from ..extract.models import Entity
from .schema import ENTITY_FIELDS

HEADINGS = {"person": "people", "org": "organisations", "place": "places", "norp": "groups"}


@dataclass(frozen=True)
class EntityGroup:
    field: str
    """The search field that finds the group's names (`person:"…"`)."""
    heading: str
    names: list[tuple[str, int]]
    """(canonical name, mentions), most mentioned first, then by name."""

    def query(self, name: str) -> str:
        """The search for one of the group's names alone (the pivot the panel offers)."""
        return f'{self.field}:"{name}"'


def group_entities(entities: list[Entity]) -> list[EntityGroup]:
    """The groups that have names, in the order people, organisations, places, groups (a place
    and a location are one group: the reader does not tell them apart)."""
    counts: dict[str, dict[str, int]] = {}
    for entity in entities:
        names = counts.setdefault(ENTITY_FIELDS[entity.label], {})
        names[entity.canonical] = names.get(entity.canonical, 0) + 1
    return [EntityGroup(field, heading, sorted(counts[field].items(), key=lambda kv: (-kv[1], kv[0])))
            for field, heading in HEADINGS.items() if field in counts]
