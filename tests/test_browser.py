"""The published editions in Chromium: no outside requests, search over http:// and file://, print.

Playwright drives Debian's chromium through `executable_path` (no browser download). Every
request is recorded and anything that is not loopback, file:, data:, blob: or about: is blocked
and reported. The site is the small synthetic data set of tests/test_publish.py, with words
planted for search.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from test_publish import (
    BODY_WORD,
    CASE_STUDY,
    DEEP_WORD,
    DOCUMENT_TEXT,
    DOCUMENT_TITLE,
    PAJAKNYA_PAGE,
    PERPAJAKAN_PAGE,
    TITLE_WORD,
    published,
)

from conftest import require_binary

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"beranda": "index.html", "tatanan": "tatanan/t1.html", "indikator": "indikator/t1-1.html",
         "praktik": CASE_STUDY, "bandingkan": "bandingkan.html"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
Sites = dict[str, tuple[str, Path]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, what: str) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            raise RuntimeError(f"{what} stopped with exit code {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port}")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    exe = require_binary("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, Path]]]:
    """(base URL, folder) per place: the normal and offline editions over a local http server,
    the offline edition also as file://."""
    servers, places = [], {}
    try:
        for edition in ("normal", "offline"):
            folder = published(tmp_path_factory, edition)
            port = free_port()
            proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                     "-d", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            servers.append(proc)
            wait_for_port(port, proc, "http.server")
            places[f"{edition}-http"] = (f"http://127.0.0.1:{port}/", folder)
        offline = published(tmp_path_factory, "offline")
        places["offline-file"] = (offline.as_uri() + "/", offline)
        yield places
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=10)


class Visit:
    """One browser context: records every request, blocks outside ones, collects page errors."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        self.context.set_default_timeout(20_000)
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parts = urlparse(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


META = "(document.querySelector('.md-search-result__meta') || {}).textContent || ''"


def type_query(visit: Visit, url: str, query: str) -> None:
    """Open `url` and search for `query` with Material's search box."""
    page = visit.page
    page.goto(url)
    box = page.locator("input.md-search__input")  # wide viewport: the header input, not the label
    box.click()
    page.wait_for_function(f"() => ({META}).includes('Ketik untuk mulai')")  # the worker has the index
    # One keyup with the whole word runs one query (typing letter by letter runs p*, pa*, ...).
    box.fill(query)
    box.press("End")


def search(visit: Visit, url: str, query: str, expect: str) -> list[str]:
    """Search, wait until a result links to `expect`, return every result's link (absolute)."""
    page = visit.page
    type_query(visit, url, query)
    page.wait_for_function(
        "exp => [...document.querySelectorAll('a.md-search-result__link')].some(a => a.href.includes(exp))",
        arg=expect)
    return page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.parametrize("where", ["normal-http", "offline-file"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_make_no_outside_request(sites: Sites, visit: Visit, where: str, name: str) -> None:
    rel = PAGES[name]
    base, folder = sites[where]
    if not (folder / rel).exists():
        pytest.skip(f"{rel} is not built yet (the compare page is being written separately)")
    visit.page.goto(base + rel, wait_until="load")
    visit.page.wait_for_load_state("networkidle")
    visit.page.locator("input.md-search__input").click()  # also load the search index and worker
    visit.page.wait_for_timeout(800)
    assert visit.outside == [], f"{rel} asked outside hosts: {visit.outside}"
    assert visit.errors == [], visit.errors
    assert len(visit.requests) >= 5  # the page, CSS, JS: the recorder really saw the traffic
    assert any("bundle" in r for r in visit.requests)


@pytest.mark.parametrize("where", ["normal-http", "offline-file", "offline-http"])
def test_search_finds_a_case_study_by_title_and_body_word(sites: Sites, visit: Visit, where: str) -> None:
    base = sites[where][0]
    # Start from a page one level deep, so relative paths to the index and worker are exercised.
    for query in (TITLE_WORD, BODY_WORD[:5]):  # "iuran" finds "iurannya" (prefix)
        links = search(visit, base + "tatanan/t1.html", query, CASE_STUDY)
        assert any(CASE_STUDY in link for link in links), (query, links)
    assert visit.outside == [] and visit.errors == [], (visit.outside, visit.errors)


def test_search_matches_stems_and_prefixes(sites: Sites, visit: Visit) -> None:
    """What the README promises: affixed forms share a stem (pajak finds pajaknya and
    perpajakan, and the other way round), a word still being typed matches by its start, case
    does not matter, and a word deep in a case study's body is found (issue 12)."""
    base = sites["normal-http"][0]
    links = search(visit, base + "index.html", "pajak", PAJAKNYA_PAGE)
    assert any(PERPAJAKAN_PAGE in link for link in links), links
    links = search(visit, base + "index.html", "perpajakan", PAJAKNYA_PAGE)
    assert any(PERPAJAKAN_PAGE in link for link in links), links
    search(visit, base + "index.html", "Mandal", CASE_STUDY)  # prefix, and case does not matter
    search(visit, base + "index.html", DEEP_WORD, "praktik/praktik-sintetis-00004.html")
    type_query(visit, base + "index.html", "zzqzzq")
    visit.page.wait_for_function(f"() => !({META}).includes('Ketik untuk mulai')")
    assert "Tidak ada dokumen" in visit.page.locator(".md-search-result__meta").inner_text()
    assert visit.outside == [] and visit.errors == []


@pytest.mark.parametrize("name", ["tatanan", "indikator", "praktik"])
def test_print_hides_navigation(sites: Sites, visit: Visit, name: str) -> None:
    page = visit.page
    page.goto(sites["normal-http"][0] + PAGES[name])
    chrome = [".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"]
    assert page.locator(".md-header").is_visible() and page.locator(".md-sidebar--primary").is_visible()
    nav_label = page.locator(".md-sidebar--primary .md-nav__link").last.inner_text().strip()
    page.emulate_media(media="print")
    for selector in chrome:
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed on {name}"
    title = page.locator(".md-content h1").first
    assert title.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # poppler-utils (installed by .ci/run): the PDF has the content, not the menu
        text = subprocess.run([pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
        assert title.inner_text().split()[0] in text
        assert nav_label and nav_label not in text, nav_label


@pytest.mark.parametrize("where", ["normal-http", "offline-http", "offline-file"])
def test_document_link_with_hash_question_mark_and_percent_opens_the_file(sites: Sites, visit: Visit,
                                                                           where: str) -> None:
    """`berkas: "rapat/Notulen #3 ?revisi 100%.txt"`: unencoded, the browser would cut the link
    at '#' or '?' (and read '%' as an escape); encoded, it opens the file over http and file://."""
    base, _ = sites[where]
    page = visit.page
    page.goto(base + CASE_STUDY)
    page.get_by_role("link", name=DOCUMENT_TITLE).click()
    page.wait_for_load_state()
    assert page.evaluate("document.body.innerText").strip() == DOCUMENT_TEXT, page.url
    assert visit.outside == [] and visit.errors == []


MAP_PROBE = r"""() => [...document.querySelectorAll("figure.kks-peta svg, figure.kks-rencana-waktu svg")].map(svg => {
  const box = svg.getBoundingClientRect();
  const drawn = (sel) => [...svg.querySelectorAll(sel)].filter(el => {
    const b = el.getBoundingClientRect();
    return b.width > 0 && b.height > 0;
  }).length;
  return {map: !!svg.closest(".kks-peta"), width: box.width, height: box.height,
          land: svg.querySelector(".kks-peta-darat") ? svg.querySelector(".kks-peta-darat").getBBox().width : 0,
          circles: drawn("circle"), dots: drawn(".kks-peta-titik"), bars: drawn("rect[class^=kks-batang]"),
          texts: drawn("text")};
})"""


@pytest.fixture(scope="module")
def bundled(built_site: Path) -> Iterator[dict[str, str]]:
    """The site built from the bundled data (register, awards, the example's gap page): base URL
    over a local http server and as file://."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d",
                             str(built_site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc, "http.server")
        yield {"http": f"http://127.0.0.1:{port}/", "file": built_site.as_uri() + "/"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("where", ["http", "file"])
def test_maps_and_plan_timeline_render_without_outside_requests(bundled: dict[str, str], visit: Visit,
                                                                where: str) -> None:
    """The region list map, the gap page's map and its plan timeline are drawn (non-empty
    outline, visible points and bars) from the page itself, over http and from disk."""
    base = bundled[where]
    visit.page.set_viewport_size({"width": 390, "height": 844})
    visit.page.goto(base + "daerah/index.html", wait_until="load")
    [national] = visit.page.evaluate(MAP_PROBE)
    assert national["map"] and national["width"] > 300 and national["land"] > 900
    assert national["circles"] >= 100 and national["dots"] == 1  # awarded regions, then one path of dots
    visit.page.goto(base + "kesenjangan/contoh-kabupaten-harapan.html", wait_until="load")
    found = visit.page.evaluate(MAP_PROBE)
    timeline = next(f for f in found if not f["map"])
    gap_map = next(f for f in found if f["map"])
    assert timeline["bars"] >= 1 and timeline["texts"] >= timeline["bars"]
    hosts = visit.page.locator("ol.kks-tuan-rumah > li").count()
    assert hosts >= 1 and gap_map["texts"] == hosts and gap_map["circles"] >= hosts  # each host numbered
    visit.page.wait_for_load_state("networkidle")
    assert visit.outside == [], visit.outside
    # the normal edition's search cannot start from disk (the offline edition's can); nothing else may fail
    assert [e for e in visit.errors if where == "http" or "search_index" not in e] == []

