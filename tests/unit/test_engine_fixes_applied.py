"""The fixes to the pinned Whoosh go in by `whoosh_patches.apply()`, once, after the version check;
importing the package replaces nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest
import whoosh

from newsreader.core import bm25, whoosh_blocks, whoosh_deletions, whoosh_patches, whoosh_phrase, whoosh_quality, \
    whoosh_writing
from newsreader.core.engine_version import EngineVersionError, check_version

MODULES = (bm25, whoosh_blocks, whoosh_deletions, whoosh_patches, whoosh_phrase, whoosh_quality, whoosh_writing)


def test_importing_the_reading_and_writing_code_replaces_nothing():
    script = ("import newsreader.core.library, newsreader.core.index, newsreader.core.whoosh_patches as p\n"
              "from whoosh.query import positional\n"
              "assert positional.Phrase.matcher.__qualname__ == 'Phrase.matcher', positional.Phrase.matcher\n"
              "p.apply()\n"
              "assert positional.Phrase.matcher.__name__ == '_phrase_matcher'\n")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_opening_an_index_puts_every_fix_in_place(tmp_path):
    from newsreader.core.index_meta import storage

    storage(tmp_path)
    patches = [patch for module in MODULES for patch in module.PATCHES]
    assert len(patches) == len({(id(owner), name) for owner, name, _ in patches}) >= 30  # each replaced once
    for owner, name, replacement in patches:
        assert getattr(owner, name) is replacement, f"{owner.__name__}.{name}"


def test_apply_twice_is_apply_once():
    whoosh_patches.apply()
    before = [getattr(owner, name) for module in MODULES for owner, name, _ in module.PATCHES]
    whoosh_patches.apply()
    assert [getattr(owner, name) for module in MODULES for owner, name, _ in module.PATCHES] == before


def test_another_whoosh_release_is_one_clear_error_before_anything_is_replaced(monkeypatch, capsys):
    from newsreader import entry

    monkeypatch.setattr(whoosh, "__version__", (2, 7, 4))
    with pytest.raises(EngineVersionError, match=r"needs whoosh-reloaded 2\.7\.5, but Whoosh 2\.7\.4"):
        check_version()
    assert entry.main() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'whoosh-reloaded==2.7.5'" in err
