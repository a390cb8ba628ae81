"""The installed `newsreader` in a real pseudo-terminal: type a query, read the screen back."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "corpus"
COLS, ROWS = 100, 30


def _read_until(fd: int, screen: pyte.Screen, stream: pyte.ByteStream, predicate, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            stream.feed(data)
        text = "\n".join(screen.display)
        if predicate(text):
            return text
    return "\n".join(screen.display)


def test_type_a_query_in_a_real_terminal(tmp_path):
    exe = Path(sys.executable).with_name("newsreader")
    if not exe.exists():
        pytest.skip("newsreader is not installed in this environment")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    env = {**os.environ, "TERM": "xterm-256color", "NEWSREADER_INDEX": str(tmp_path / "ix"),
           "NEWSREADER_KEYMAP": str(tmp_path / "none.toml"), "COLUMNS": str(COLS), "LINES": str(ROWS)}
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    proc = subprocess.Popen([str(exe), "--corpus", str(corpus), "--no-mouse"], stdin=slave, stdout=slave,
                            stderr=slave, env=env, close_fds=True, start_new_session=True)
    os.close(slave)
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    try:
        text = _read_until(master, screen, stream, lambda t: "5 articles" in t)
        assert "newsreader" in text and "5 articles" in text
        os.write(master, b"misrata")
        # The status line can reach the terminal a write before the list it describes.
        text = _read_until(master, screen, stream, lambda t: "1 match" in t and "Haftar's forces continue push" in t)
        assert "1 match" in text and "Haftar's forces continue push" in text
        os.write(master, b"\r")
        _read_until(master, screen, stream, lambda t: False, timeout=1.0)
        os.write(master, b"\r")
        text = _read_until(master, screen, stream, lambda t: "France 24 · 2019-04-08" in t and "Libyan strongman" in t)
        assert "Libyan strongman Khalifa Haftar" in text
        os.write(master, b"\x11")  # ctrl+q
        # Read on while it quits, as a terminal does: the rest of the article's frames and the
        # screen's restore would otherwise fill the pty and block the app's writer thread.
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            _read_until(master, screen, stream, lambda t: proc.poll() is not None, timeout=0.5)
        assert proc.wait(timeout=1) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
