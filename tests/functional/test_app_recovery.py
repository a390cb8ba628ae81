"""The app keeps working when its index is damaged or deleted under it: it rebuilds in the background."""

from __future__ import annotations

import shutil


async def test_the_app_rebuilds_a_damaged_index_in_the_background(app_factory, settle, tmp_path, damage_index):
    app = app_factory()
    damage_index(tmp_path / "ix", "truncated segment")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: len(app.hits_ids) == 5, timeout=30)
        assert list((tmp_path / "ix").glob("damaged-*"))


async def test_the_app_rebuilds_an_index_deleted_while_it_runs(app_factory, settle, tmp_path):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: len(app.hits_ids) == 5)
        shutil.rmtree(tmp_path / "ix")
        await pilot.press(*"misrata", "enter")  # the search box has focus
        await settle(pilot, lambda: app.current_query.startswith("misrata") and len(app.hits_ids) == 1, timeout=30)
        assert (tmp_path / "ix").is_dir()
