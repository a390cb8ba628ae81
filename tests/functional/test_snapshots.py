"""Snapshot tests of every layout (pytest-textual-snapshot); update with --snapshot-update after
checking the new SVGs by eye (rsvg-convert makes PNGs of them)."""

from __future__ import annotations

import pytest


def _steps(settle, query: str | None = "misrata", open_article: bool = True, keys: tuple[str, ...] = ("t",)):
    """Wait for the first list, search `query`, open the first hit, then press `keys`."""
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot, lambda: app.hits_ids and app.coverage is not None)
        if query is not None:
            await pilot.press(*list(query), "enter")
            await settle(pilot, lambda: app.current_query == query and app.coverage is not None)
        if open_article:
            await pilot.press("enter")
            await settle(pilot, lambda: app.article is not None)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
    return run_before


def test_main_screen_wide(snap_compare, app_factory, settle):
    """120×40, an article with its timeline (the panel over the results)."""
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=_steps(settle))


def test_main_screen_80x24(snap_compare, app_factory, settle):
    """80×24, an article with its timeline."""
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_steps(settle))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_results_with_the_coverage_line(snap_compare, app_factory, settle, size):
    assert snap_compare(app_factory(), terminal_size=size,
                        run_before=_steps(settle, "haftar", open_article=False, keys=()))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_an_article_without_a_panel(snap_compare, app_factory, settle, size):
    assert snap_compare(app_factory(), terminal_size=size, run_before=_steps(settle, keys=()))


def test_the_entities_panel(snap_compare, app_factory, settle):
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=_steps(settle, keys=("E",)))


def test_the_search_timeline(snap_compare, app_factory, settle):
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=_steps(settle, "haftar", keys=("t", "T")))


def test_no_color(snap_compare, app_factory, settle, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=_steps(settle, keys=()))


def test_the_ansi_theme(snap_compare, app_factory, settle):
    assert snap_compare(app_factory(theme="ansi-dark"), terminal_size=(120, 40), run_before=_steps(settle, keys=()))


def test_a_terminal_too_small(snap_compare, app_factory, settle):
    assert snap_compare(app_factory(), terminal_size=(50, 16), run_before=_steps(settle, None, False, ()))


def test_help_screen(snap_compare, app_factory, settle):
    async def run_before(pilot) -> None:
        await settle(pilot, lambda: pilot.app.hits_ids)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=run_before)
