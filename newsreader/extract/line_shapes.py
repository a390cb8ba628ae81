"""Names that the shape of a line gives away: a US state in a party label or a dateline, a
dateline's town, the author of an embedded post. They are read from the text with regular
expressions after the token rules, and replace what those rules made of the same words."""

from __future__ import annotations

import re

from .gazetteer import Gazetteer, text_key
from .models import Entity

_POST_AUTHOR = re.compile(r"(?m)^[—–]\s*((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*)[^\w(\n]{0,12}\(@\w+\)")
_DATELINE_TOWN = re.compile(r"(?m)^([A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,2}), ([A-Z][A-Za-z'’.]+(?: [A-Z][A-Za-z'’.]+)?)"
                            r"(?=\s*(?:\(|—|–| -|:|$))")
_DATELINE_STATE = re.compile(r"(?m)^[A-Z][A-Za-z .'-]+, ((?:[A-Z]\.){2}|[A-Z][a-z]{1,4}\.|[A-Z][a-z]{3,5}\b)(?= \(|,| —| –| -)")
_PARTY_LABEL = re.compile(r"\((?:D|R|I)[-–]((?:[A-Z]\.){2}|[A-Z]\.[A-Z][a-z]\.|[A-Z][a-z]{1,4}\.|[A-Z]{2}\b|[A-Z][a-z]{3,5}\b)")


def written_shapes(body: str, entities: list[Entity], gaz: Gazetteer) -> list[Entity]:
    """Names that the shape of a line gives away, which the run rules cannot read: a US
    state abbreviated in a party label after a member of Congress ("(D-Minn.)", "(R-NY)")
    or in a dateline ("HAYWARD, Calif. (AP)"), with its state's name; a dateline's town
    before a known country or state ("BAAR, SWITZERLAND", "Dekalb, Ill. —"); an embedded
    post's author ("— Cooper Lund (@cooperlund)")."""
    states, party_letters = [], set()
    for pattern in (_DATELINE_STATE, _PARTY_LABEL):
        for m in pattern.finditer(body):
            state = gaz.party_states.get(m.group(1))
            if state is not None:
                states.append(Entity(text=m.group(1), label="GPE", start=m.start(1), end=m.end(1),
                                     canonical=state))
                party_letters.add(m.start(1) - 2 if pattern is _PARTY_LABEL else -1)
    for m in _POST_AUTHOR.finditer(body):
        # "— Cooper Lund (@cooperlund) November 18, 2019": an embedded post's author is a
        # person unless named as one or as an organisation already ("Lund" is a town too)
        inside = [e for e in entities if m.start(1) <= e.start < m.end(1)]
        if not any(e.label in ("PERSON", "ORG") for e in inside):
            states.append(Entity(text=m.group(1), label="PERSON", start=m.start(1), end=m.end(1),
                                 canonical=m.group(1)))
    for m in _DATELINE_TOWN.finditer(body):
        # "BAAR, SWITZERLAND": a dateline's town before a known country or state is a place
        # whether or not the gazetteer knows the town.
        where = gaz.names.get(text_key(m.group(2)))
        if (m.group(2) in gaz.party_states or (where is not None and where.label == "GPE")) \
                and not any(e.start == m.start(1) and e.label in ("GPE", "LOC") for e in entities):
            states.append(Entity(text=m.group(1), label="GPE", start=m.start(1), end=m.end(1),
                                 canonical=m.group(1).title()))
    if not states:
        return entities
    kept = [e for e in entities if not any(e.start < s.end and s.start < e.end for s in states)
            and e.start not in party_letters]
    return sorted(kept + states, key=lambda e: e.start)
