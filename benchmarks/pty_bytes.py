"""What the app costs a reader over SSH: bytes written per key, per line scrolled, while idle,
and the time from a typed key to the redrawn result list — in a real pseudo-terminal.

    python benchmarks/pty_bytes.py [--corpus DIR] [--index-dir DIR] [--size 120x40] [--words W ...]

Starts the installed `newsreader` (beside this Python) in a pty of the given size, waits for the
first screen, then: counts the bytes written while idle for 3 s; types each word a key at a time,
counting the bytes each key causes until the app is quiet for 0.3 s (the 150 ms typing delay
included) and timing each key until the screen's first result changes or settles; opens the
first hit and scrolls 20 lines with `j`, counting the bytes per line. Prints medians and the
spread, CPU time of the app beside wall time.
"""

from __future__ import annotations

import argparse
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


def _read_for(fd: int, seconds: float) -> bytes:
    out, end = b"", time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out


def _read_until_quiet(fd: int, quiet: float = QUIET_S, limit: float = 5.0) -> tuple[bytes, float]:
    """Bytes until nothing came for `quiet` seconds; and the time of the last byte (from now)."""
    out, start, last = b"", time.monotonic(), time.monotonic()
    while time.monotonic() - start < limit:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        out += chunk
        last = time.monotonic()
    return out, last - start


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--index-dir")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--words", nargs="*", default=["haftar", "tripoli", "ceasefire", "national army"])
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.split("x"))
    exe = Path(sys.executable).with_name("newsreader")
    command = [str(exe), "--no-mouse"] + (["--corpus", args.corpus] if args.corpus else []) + \
        (["--index-dir", args.index_dir] if args.index_dir else [])
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    started = time.monotonic()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    try:
        first, _ = _read_until_quiet(master, quiet=1.0, limit=20)
        print(f"first screen: {len(first):,} bytes, settled {time.monotonic() - started:.2f} s after launch")
        idle = _read_for(master, 3.0)
        print(f"idle in the search box: {len(idle)} bytes in 3 s")
        per_key, latency = [], []
        cpu0 = _cpu_of(proc.pid)
        wall0 = time.monotonic()
        for word in args.words:
            for ch in word:
                os.write(master, ch.encode())
                out, last = _read_until_quiet(master)
                per_key.append(len(out))
                latency.append(last * 1000)
            os.write(master, b"\x15")  # ctrl+u clears the box (Input's binding)
            _read_until_quiet(master)
        cpu, wall = _cpu_of(proc.pid) - cpu0, time.monotonic() - wall0
        q = statistics.quantiles(per_key, n=20)
        print(f"per typed key: median {statistics.median(per_key):,.0f} bytes, p95 {q[-1]:,.0f}, max {max(per_key):,}"
              f" ({len(per_key)} keys; app CPU {cpu:.2f} s over {wall:.1f} s wall)")
        ql = statistics.quantiles(latency, n=20)
        print(f"key to last redraw: median {statistics.median(latency):.0f} ms, p95 {ql[-1]:.0f} ms"
              f" (includes the 150 ms typing delay)")
        os.write(master, b"\r")  # search, then Enter opens the first hit
        _read_until_quiet(master)
        os.write(master, b"\r")
        _read_until_quiet(master)
        per_line = []
        for _ in range(20):
            os.write(master, b"j")
            out, _ = _read_until_quiet(master, quiet=0.15)
            per_line.append(len(out))
        print(f"per line scrolled (j): median {statistics.median(per_line):,.0f} bytes, max {max(per_line):,}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
