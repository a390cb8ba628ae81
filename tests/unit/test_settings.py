"""Every NEWSREADER_* setting is read through `newsreader.settings` and listed in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsreader.settings import SETTINGS, setting

REPO = Path(__file__).resolve().parents[2]


def test_no_module_reads_a_setting_but_settings_py():
    readers = [p for p in (REPO / "newsreader").rglob("*.py") if p.name != "settings.py"
               and re.search(r"environ[^\n]*NEWSREADER_", p.read_text(encoding="utf-8"))]
    assert readers == []


def test_every_setting_used_is_known_and_listed_in_the_readme():
    used = {m for p in (REPO / "newsreader").rglob("*.py")
            for m in re.findall(r'setting\("(NEWSREADER_[A-Z_]+)"\)', p.read_text(encoding="utf-8"))}
    assert used <= set(SETTINGS)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{name}` |" in readme for name in SETTINGS)


def test_an_unknown_setting_is_an_error_and_an_empty_one_is_unset(monkeypatch):
    with pytest.raises(KeyError):
        setting("NEWSREADER_NOPE")
    monkeypatch.setenv("NEWSREADER_THEME", "")
    assert setting("NEWSREADER_THEME") is None
