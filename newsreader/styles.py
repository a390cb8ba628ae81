"""Entity styles shared by the CLI and the app: by colour, and by attribute alone when there is
no colour (NO_COLOR, monochrome terminals), so that labels stay distinguishable either way."""

from __future__ import annotations

ENTITY_STYLES = {"PERSON": "bold cyan", "ORG": "bold magenta", "GPE": "green", "LOC": "green", "NORP": "yellow"}
ENTITY_STYLES_NO_COLOR = {"PERSON": "underline", "ORG": "bold", "GPE": "italic", "LOC": "italic", "NORP": "dim"}
LEGEND = (("PERSON", "person"), ("ORG", "organisation"), ("GPE", "place"), ("NORP", "group"))
MATCH_STYLE = "bold reverse"
FLASH_STYLE = "on dark_goldenrod"
FLASH_STYLE_NO_COLOR = "reverse"


def entity_style(label: str, no_color: bool) -> str:
    """Return the Rich style of an entity label, legible with or without colour."""
    return (ENTITY_STYLES_NO_COLOR if no_color else ENTITY_STYLES)[label]
