"""`newsreader serve`: the app through textual-serve, on localhost unless told otherwise, and a
real browser showing its first screen (when Chromium is installed)."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("textual_serve")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(seed_corpus, tmp_path):
    """Start `newsreader serve` on a free port; yield (port, process); stop it."""
    procs = []

    def start(*extra: str, port: int | None = None):
        port = port or _free_port()
        env = dict(os.environ, HOME=str(tmp_path), NEWSREADER_STATE=str(tmp_path / "state.db"))
        proc = subprocess.Popen([sys.executable, "-m", "newsreader", "serve", "--port", str(port),
                                 "--corpus", str(seed_corpus), "--index-dir", str(tmp_path / "ix"), *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        procs.append(proc)
        return port, proc

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _get(port: int, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                assert answer.status == 200
                return answer.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_http_on_localhost(served):
    port, proc = served()
    page = _get(port)
    assert "<div>newsreader</div>" in page  # the app named on the page the browser opens
    assert f"ws://127.0.0.1:{port}/ws" in page  # the browser's terminal connects back here
    line = proc.stderr.readline()
    assert line.startswith("newsreader: serving ") and f"http://127.0.0.1:{port}" in line


def test_serve_warns_before_listening_beyond_localhost(served):
    _, proc = served("--host", "0.0.0.0")
    line = proc.stderr.readline()
    assert line.startswith("newsreader: warning: listening on 0.0.0.0") and "no password" in line


def test_a_taken_port_is_one_line(seed_corpus, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "newsreader", "serve", "--port", str(port),
                               "--corpus", str(seed_corpus), "--index-dir", str(tmp_path / "ix")],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    errors = done.stderr.strip().splitlines()
    assert errors[-1].startswith(f"newsreader: cannot listen on 127.0.0.1:{port}") and "Traceback" not in done.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian: apt install chromium)")
def test_a_headless_browser_shows_the_apps_first_screen(served, tmp_path):
    import aiohttp

    port, _ = served()
    _get(port)
    debug_port = _free_port()
    browser = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,800",
                                f"--remote-debugging-port={debug_port}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    async def first_screen() -> tuple[str, bytes]:
        async with aiohttp.ClientSession() as http:
            for _ in range(150):
                try:
                    pages = await (await http.get(f"http://127.0.0.1:{debug_port}/json")).json()
                    if any(p["type"] == "page" for p in pages):
                        break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
            async with http.ws_connect(url, max_msg_size=0) as ws:
                count = 0

                async def call(method: str, **params):
                    nonlocal count
                    count += 1
                    await ws.send_json({"id": count, "method": method, "params": params})
                    while True:
                        message = await ws.receive_json()
                        if message.get("id") == count:
                            return message.get("result", {})

                await call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                state = ""
                for _ in range(150):  # the app sends its first bytes: the page drops its splash
                    await asyncio.sleep(0.2)
                    found = await call("Runtime.evaluate", expression="document.body.className", returnByValue=True)
                    state = found.get("result", {}).get("value") or ""
                    if "-first-byte" in state:
                        break
                await asyncio.sleep(2)  # the first screen paints
                shot = await call("Page.captureScreenshot", format="png")
                return state, base64.b64decode(shot["data"])

    try:
        state, png = asyncio.run(asyncio.wait_for(first_screen(), 60))
    finally:
        browser.kill()
    assert "-first-byte" in state
    assert png.startswith(b"\x89PNG") and len(png) > 30_000  # the splash alone is about 10 KB: one colour
