"""Shared fixtures: the seed corpus, temporary corpora and indexes kept out of the home folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Keep every index a test builds out of the real user data folder."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setattr("newsreader.paths.user_data_dir", lambda: data)
    monkeypatch.delenv("NEWSREADER_INDEX", raising=False)
    monkeypatch.delenv("NEWSREADER_CORPUS", raising=False)
    monkeypatch.delenv("NEWSREADER_FURNITURE", raising=False)


@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    """A writable copy of the bundled seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the seed corpus, built once per test session (read-only use)."""
    from newsreader.core.index import update_index

    index_dir = tmp_path_factory.mktemp("seed-index")
    update_index(index_dir, SEED_CORPUS)
    return index_dir


@pytest.fixture
def damage_index():
    """Damage a built index the ways disks and killed tools do (by name, as the tests list them)."""
    def damage(index_dir: Path, how: str) -> None:
        segment = next(index_dir.glob("*.seg"))
        toc = next(index_dir.glob("_*.toc"))
        if how == "truncated segment":
            os.truncate(segment, 1000)
        elif how == "zeroed segment":
            segment.write_bytes(bytes(segment.stat().st_size))
        elif how == "deleted segment":
            segment.unlink()
        elif how == "flipped toc":
            data = bytearray(toc.read_bytes())
            data[len(data) // 2] ^= 0xFF
            toc.write_bytes(bytes(data))
        elif how == "emptied toc":
            toc.write_bytes(b"")

    return damage
