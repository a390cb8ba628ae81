"""The core never imports Textual or Rich (checked in a fresh interpreter per module)."""

import pkgutil
import subprocess
import sys

import pytest

import newsreader.core

CORE_MODULES = sorted(f"newsreader.core.{m.name}" for m in pkgutil.iter_modules(newsreader.core.__path__))


@pytest.mark.parametrize("module", ["newsreader.core", "newsreader.paths", *CORE_MODULES])
def test_core_module_imports_neither_textual_nor_rich(module):
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"{module} pulls in {done.stdout.strip()} {done.stderr[-300:]}"
