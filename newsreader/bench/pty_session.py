"""The app as a reader over SSH feels it: the installed `newsreader` in a real pseudo-terminal,
the bytes it writes (what SSH carries) and the time from a typed key to the redrawn result list.

With `pyte` (a terminal emulator, a test dependency) the screen is read back: the first screen
counts from launch until the list is drawn, and a key counts until the result list (or, when the
hits stay the same, the status line with the count) last changed. Without it those times are the
last byte before the app went quiet.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

QUIET_S = 0.3
WORDS = ("haftar", "tripoli", "ceasefire", "national army")
RESULTS_WIDTH = 46  # the search pane at 110 columns and more
FIRST_RESULTS_ROW = 6  # header, the box (3 rows), the status line, the coverage line


class _Screen:
    """The terminal's screen, when pyte is there to emulate it."""

    def __init__(self, cols: int, rows: int) -> None:
        try:
            import pyte
        except ImportError:
            self.screen = None
            return
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        if self.screen is not None:
            self.stream.feed(data)

    def region(self) -> tuple[str, str] | None:
        """(the status line, the result list) as text, or None without pyte."""
        if self.screen is None:
            return None
        lines = self.screen.display
        return lines[FIRST_RESULTS_ROW - 2][:RESULTS_WIDTH], "\n".join(
            line[:RESULTS_WIDTH] for line in lines[FIRST_RESULTS_ROW:-1])


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _chunks(fd: int, quiet: float, limit: float):
    """(bytes, seconds since the call) of each read until nothing came for `quiet` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        yield chunk, time.monotonic() - start


def _settle(fd: int, screen: _Screen, quiet: float = QUIET_S, limit: float = 5.0) -> tuple[int, float, float | None]:
    """Read until quiet: the bytes, the time of the last byte, and the time the status line or
    the result list last changed (None without pyte, or when neither changed)."""
    size, last, changed = 0, 0.0, None
    before = screen.region()
    for chunk, at in _chunks(fd, quiet, limit):
        size, last = size + len(chunk), at
        screen.feed(chunk)
        now = screen.region()
        if now is not None and now != before:
            changed, before = at, now
    return size, last, changed


def measure(corpus: Path | None = None, index_dir: Path | None = None, cols: int = 120, rows: int = 40,
            words: tuple[str, ...] = WORDS, scroll_lines: int = 20) -> dict:
    """Run the app in a pty and return the figures (times in ms, sizes in bytes)."""
    exe = Path(sys.executable).with_name("newsreader")
    command = [str(exe), "--no-mouse"] + (["--corpus", str(corpus)] if corpus else []) + \
        (["--index-dir", str(index_dir)] if index_dir else [])
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    screen = _Screen(cols, rows)
    started = time.monotonic()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    figures: dict = {"screen_read": screen.screen is not None}
    try:
        first_bytes, listed = 0, None
        for chunk, _ in _chunks(master, 1.0, 30):
            first_bytes += len(chunk)
            screen.feed(chunk)
            region = screen.region()
            if listed is None and region is not None and ("article" in region[0] or "match" in region[0]):
                listed = time.monotonic() - started
        figures["first_screen_bytes"] = first_bytes
        figures["first_screen_pty_s"] = round(listed, 3) if listed is not None else None
        idle = sum(len(c) for c, _ in _chunks(master, 3.0, 3.0))
        figures["idle_bytes_3s"] = idle
        per_key, last_byte, to_list = [], [], []
        cpu0, wall0 = _cpu_of(proc.pid), time.monotonic()
        for word in words:
            for ch in word:
                os.write(master, ch.encode())
                size, last, changed = _settle(master, screen)
                per_key.append(size)
                last_byte.append(last * 1000)
                if changed is not None:
                    to_list.append(changed * 1000)
                figures.setdefault("each_key", []).append(
                    (ch, size, round(changed * 1000) if changed is not None else None))
            os.write(master, b"\x15")  # ctrl+u clears the box (Input's binding)
            _settle(master, screen)
        figures["app_cpu_typing_s"] = round(_cpu_of(proc.pid) - cpu0, 2)
        figures["typing_wall_s"] = round(time.monotonic() - wall0, 1)
        figures["keys"] = len(per_key)
        figures["bytes_per_key"] = _spread(per_key)
        figures["key_to_last_byte_ms"] = _spread(last_byte)
        figures["key_to_list_ms"] = _spread(to_list) if to_list else None
        os.write(master, b"\r")  # search, then Enter opens the first hit
        _settle(master, screen)
        os.write(master, b"\r")
        _settle(master, screen)
        per_line = []
        for _ in range(scroll_lines):
            os.write(master, b"j")
            size, _, _ = _settle(master, screen, quiet=0.15)
            per_line.append(size)
        figures["bytes_per_line_scrolled"] = _spread(per_line)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        os.close(master)
    return figures


def _spread(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = statistics.quantiles(ordered, n=20)[-1] if len(ordered) >= 2 else ordered[0]
    return {"median": round(statistics.median(ordered), 1), "p95": round(p95, 1), "max": round(ordered[-1], 1)}
