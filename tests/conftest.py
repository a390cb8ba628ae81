"""Shared fixtures: the seed corpus, temporary corpora and indexes kept out of the home folder."""

from __future__ import annotations

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
