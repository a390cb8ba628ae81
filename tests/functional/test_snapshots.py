"""Snapshot tests of the main layouts (pytest-textual-snapshot); update with --snapshot-update
after checking the new SVGs by eye."""

from __future__ import annotations


def _open(query: str, settle):
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*list(query), "enter")
        await settle(pilot, lambda: app.current_query == query)
        await pilot.press("enter")
        await settle(pilot, lambda: app.article is not None)
        await pilot.press("t")
        await settle(pilot)
    return run_before


def test_main_screen_wide(snap_compare, app_factory, settle):
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=_open("misrata", settle))


def test_main_screen_80x24(snap_compare, app_factory, settle):
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_open("misrata", settle))


def test_help_screen(snap_compare, app_factory, settle):
    async def run_before(pilot) -> None:
        await settle(pilot, lambda: pilot.app.hits_ids)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=run_before)
