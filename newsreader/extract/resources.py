"""Loading the data files under `newsreader/data/` (patterns, lists), plus user extensions.

Each loader is cached: the files are read once per process. A user's own file (named by an
environment variable) is checked line by line: a line that cannot be used is a `UserFileError`
naming the file and the line, raised by `check_user_files` before any work starts.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from ..settings import setting

try:  # the parser behind `re`: it shows a pattern's structure, to refuse the ones that hang
    from re import _parser as _sre_parse
    from re import _constants as _sre
except ImportError:  # pragma: no cover - Python 3.10 and older name it differently
    import sre_constants as _sre
    import sre_parse as _sre_parse

# The user files newsreader reads, and what each line holds.
USER_FILES = {"NEWSREADER_FURNITURE": "patterns", "NEWSREADER_ALIASES": "names"}
_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")


class UserFileError(ValueError):
    """A user file that cannot be used; the message names the file and the line."""


def data_lines(name: str, env_var: str | None = None) -> list[str]:
    """Return the non-blank, non-comment lines of data file `name`.

    When `env_var` names an environment variable holding a path, that file's lines are appended
    (a missing user file is ignored rather than fatal; see `user_lines`).
    """
    text = resources.files("newsreader.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if env_var:
        lines += [line for _, line in user_lines(env_var)]
    return lines


def user_lines(env_var: str) -> list[tuple[int, str]]:
    """The (line number, line) pairs of the user file named by `env_var`, checked, without
    blank and comment lines; [] when the variable is unset or the file is missing.

    Raises UserFileError for a file that is not UTF-8 text or a line that cannot be used.
    """
    name = setting(env_var)
    return _checked_lines(env_var, name) if name else []


@cache  # per file name: read once a process
def _checked_lines(env_var: str, name: str) -> list[tuple[int, str]]:
    path = Path(name).expanduser()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise UserFileError(f"{env_var} file {path}: cannot read it ({err.strerror or err})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise UserFileError(f"{env_var} file {path}, line {line}: not UTF-8 text "
                            f"(byte 0x{data[err.start]:02x}); save it as UTF-8") from None
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    check = _check_pattern if USER_FILES.get(env_var) == "patterns" else _check_names
    for n, line in lines:
        problem = check(line)
        if problem:
            raise UserFileError(f"{env_var} file {path}, line {n}: {problem}")
    return lines


def check_user_files() -> None:
    """Read and check every user file that is set; raises UserFileError for the first problem."""
    for env_var in USER_FILES:
        user_lines(env_var)


def _check_pattern(line: str) -> str | None:
    """Why a furniture pattern cannot be used, or None."""
    try:
        parsed = _sre_parse.parse(line)
    except re.error as err:
        return f"invalid regular expression ({err})"
    if _nested_repeat(parsed.data if hasattr(parsed, "data") else list(parsed), inside=False):
        return ("a repeat inside a repeat, such as (a+)+, can take for ever on some lines; "
                "write it without the nesting")
    if any(op is _sre.GROUPREF for op, _ in _walk(list(parsed))):
        return "back-references (\\1) are not allowed: they can take for ever on some lines"
    return None


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))


def _nested_repeat(items, inside: bool) -> bool:
    """True when a repeat that may run more than once holds another such repeat."""
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            many = high > 1  # MAXREPEAT (unbounded) included
            if many and inside:
                return True
            if _nested_repeat(list(body), inside or many):
                return True
        else:
            for sub in _children(op, av):
                if _nested_repeat(list(sub), inside):
                    return True
    return False


def _walk(items):
    for op, av in items:
        yield op, av
        if op in _REPEATS:
            yield from _walk(list(av[2]))
        for sub in _children(op, av):
            yield from _walk(list(sub))


def _children(op, av):
    """The sub-patterns of one parsed node (groups, alternatives, look-arounds)."""
    if op is _sre.SUBPATTERN:
        return [av[-1]]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return [av]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _check_names(line: str) -> str | None:
    """Why a line of a names file cannot be used, or None."""
    parts = line.split("\t")
    if len(parts) < 2 or not parts[1].strip():
        return "expected LABEL<TAB>name<TAB>other names (tab-separated)"
    if parts[0] not in _LABELS:
        return f"unknown label '{parts[0][:20]}' (one of {', '.join(_LABELS)})"
    return None


@cache
def line_patterns(name: str, env_var: str | None = None) -> re.Pattern[str]:
    """Return one case-insensitive regex that fully matches any pattern line of data file `name`."""
    alternatives = "|".join(f"(?:{line})" for line in data_lines(name, env_var))
    return re.compile(rf"(?:{alternatives})", re.IGNORECASE)
