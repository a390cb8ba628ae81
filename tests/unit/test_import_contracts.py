"""The layout's promises, checked by import-linter (contracts in pyproject.toml): the core and
extraction never import Textual or Rich, extraction never imports Whoosh or NumPy, the UI and the
CLI never import Whoosh or NumPy themselves, and no layer reaches up (extraction below the core,
the core below the UI and the CLI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(lint).exists():
        pytest.fail("import-linter is a test dependency: pip install '.[test]'")
    done = subprocess.run([lint, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 kept, 0 broken" in done.stdout
