"""Fixtures for driving the app: a built index, and a helper that waits for the app to settle."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from newsreader.core.index import update_index
from newsreader.ui.app import make_app

SEEDS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def corpus(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def app_factory(corpus, tmp_path, monkeypatch):
    """Return a function building the app over an indexed copy of the seed corpus."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # the default theme, whatever terminal runs the tests
    monkeypatch.setenv("HOME", str(tmp_path))  # the header shows "~/corpus": the same in every run
    monkeypatch.setenv("NEWSREADER_KEYMAP", str(tmp_path / "no-keymap.toml"))
    index_dir = tmp_path / "ix"

    def build(index: bool = True, **kwargs):
        if index:
            update_index(index_dir, corpus)
        return make_app(corpus, index_dir, show_timings=False, **kwargs)

    return build


async def _settle(pilot, until=None, timeout: float = 10.0) -> None:
    """Let workers finish and the screen catch up; with `until`, wait for that condition."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if until is None or until():
            return
        if loop.time() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await asyncio.sleep(0.05)


@pytest.fixture
def settle():
    """The `_settle` helper, as a fixture for the tests."""
    return _settle
