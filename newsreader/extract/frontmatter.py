"""Front matter: `---` lines around `key: value` pairs at the top of a text file."""

from __future__ import annotations

import json
import re

_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s?(.*)$")
_MAX_LINES = 200


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            decoded = json.loads(value)
        except ValueError:
            return value[1:-1]
        return decoded if isinstance(decoded, str) else value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def split_front_matter(text: str) -> tuple[dict[str, str], str, str | None]:
    """Split `text` into (fields, rest, warning).

    Keys are lower-cased; a repeated key keeps its first value. Front matter that is opened but
    never closed within the first lines is not front matter: the text comes back whole, with a
    warning. Null-like values (`null`, `~`, empty) are left out.
    """
    lines = text.split("\n")
    first = lines[0].lstrip("\ufeff").strip() if lines else ""
    if first != "---":
        return {}, text, None
    for end in range(1, min(len(lines), _MAX_LINES)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text, "front matter has no closing '---'; read as plain text"
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        match = _KEY_VALUE.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), _unquote(match.group(2))
        if value.lower() in ("", "null", "~", "none"):
            continue
        fields.setdefault(key, value)
    return fields, "\n".join(lines[end + 1 :]), None
