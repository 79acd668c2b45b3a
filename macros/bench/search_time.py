"""How long a reader waits for search: from opening the search box to the first result, in
Chromium (Debian's, through Playwright), with the site served over http with gzip as
scripts/nginx-kks.conf serves it, and with the browser's cache empty (a first visit).

Two links: this machine's loopback, and a regional office link emulated by Chromium
(REGIONAL: 10 Mbit/s down, 100 ms round trip). The page is opened and the search box clicked as
soon as the page is usable, so the wait includes loading the whole index, as for a reader who
searches at once; a reader who has read the page a few seconds finds the index already loaded
(over http Material loads it with the page).
"""

from __future__ import annotations

import gzip
import shutil
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

REGIONAL = {"offline": False, "latency": 100, "downloadThroughput": 10_000_000 / 8, "uploadThroughput": 2_000_000 / 8}
"""Chromium's network emulation (Network.emulateNetworkConditions): bytes per second, ms."""
GZIP_LEVEL = 5  # scripts/nginx-kks.conf: gzip_comp_level 5
_COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".csv"}


def gzip_size(path: Path) -> int:
    """Bytes of `path` as the nginx configuration sends it (gzip level 5)."""
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL))


class _Handler(SimpleHTTPRequestHandler):
    """Static files, gzipped like nginx (text types, when the browser accepts gzip)."""

    cache: ClassVar[dict[Path, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if (path.suffix not in _COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


def _first_result(browser, base: str, query: str, network: dict[str, Any] | None) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(120_000)
    try:
        page = context.new_page()
        if network is not None:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", network)
        page.goto(base + "index.html", wait_until="domcontentloaded")
        box = page.locator("input.md-search__input")
        start = time.perf_counter()
        box.click()
        box.fill(query)
        box.press("End")
        page.wait_for_selector("a.md-search-result__link")
        return round(1000 * (time.perf_counter() - start))
    finally:
        context.close()


def search_times(site: Path, query: str) -> dict[str, float | None]:
    """Milliseconds to the first result for `query`, locally and on the REGIONAL link; None for
    both when Chromium or Playwright is missing (the benchmark still reports the rest)."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        return {"local": None, "regional": None}
    handler = partial(_Handler, directory=str(site))
    _Handler.cache = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            try:
                return {"local": _first_result(browser, base, query, None),
                        "regional": _first_result(browser, base, query, REGIONAL)}
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
