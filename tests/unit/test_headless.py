"""The core and extraction never import Textual or Rich, extraction never the search engine, and
the app's first screen does without NumPy (checked in a fresh interpreter)."""

import pkgutil
import subprocess
import sys

import pytest

import newsreader.core
import newsreader.extract

CORE_MODULES = sorted(f"newsreader.core.{m.name}" for m in pkgutil.iter_modules(newsreader.core.__path__))
EXTRACT_MODULES = sorted(f"newsreader.extract.{m.name}" for m in pkgutil.iter_modules(newsreader.extract.__path__))


@pytest.mark.parametrize("module", ["newsreader.core", "newsreader.paths", *CORE_MODULES, *EXTRACT_MODULES])
def test_core_module_imports_neither_textual_nor_rich(module):
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"{module} pulls in {done.stdout.strip()} {done.stderr[-300:]}"


@pytest.mark.parametrize("module", EXTRACT_MODULES)
def test_extraction_imports_no_search_engine(module):
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'numpy')); "
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"{module} pulls in {done.stdout.strip()} {done.stderr[-300:]}"


def test_the_first_screen_does_without_numpy_and_a_search_loads_it(seed_index):
    """Every article newest first (the app's first screen) needs no NumPy, whose import takes
    50-90 ms; a search that scores postings imports it."""
    code = ("import sys; from pathlib import Path; import newsreader.ui.app; "
            "from newsreader.core.library import Library; "
            f"lib = Library(Path({str(seed_index)!r})); first = lib.search('*', sort='date'); "
            "before = 'numpy' in sys.modules; found = lib.search('tripoli'); "
            "print(len(first.hits), before, 'numpy' in sys.modules, found.total)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["5", "False", "True", "5"], done.stderr[-500:]
