"""Headless Chromium (Debian's ``chromium`` package) driven by playwright, offline.

Pages are served from a throw-away HTTP server on 127.0.0.1; every request to any other host
is aborted and recorded, so a test also proves the page needs no network.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CGI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Visit:
    page: Any  # playwright.sync_api.Page
    errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def count(self, selector: str) -> int:
        return int(self.page.locator(selector).count())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def open_html(
    browser: Any, html: str, *, viewport: tuple[int, int] = (1100, 800)
) -> Iterator[Visit]:
    """Open ``html`` from a local server in a fresh page, collecting JS errors."""
    root = Path(tempfile.mkdtemp(prefix="cgi-viz-"))
    (root / "map.html").write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    visit = Visit(page=page)
    page.on("pageerror", lambda exc: visit.errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            visit.errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )

    def gate(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            visit.outside_requests.append(url)
            route.abort()

    page.route("**/*", gate)
    try:
        with serve(root) as base:
            page.goto(f"{base}/map.html", wait_until="load")
            page.wait_for_load_state("networkidle")
            yield visit
    finally:
        context.close()
        shutil.rmtree(root, ignore_errors=True)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
