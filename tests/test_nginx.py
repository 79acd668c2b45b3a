"""scripts/nginx-kks.conf in a real nginx, serving a site unpacked from a `kks publish` archive.

This follows the README's procedure for a server without Python: publish, check the
checksum, unpack the .tar.gz, point nginx at the folder. nginx runs as the current user in
the foreground on a free loopback port, with pid, logs and temp folders in tmp, and is stopped
at the end. Only `listen` and `root` of the sample configuration are replaced.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import tarfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from test_browser import free_port, wait_for_port
from test_publish import CASE_STUDY, DOCUMENT_FILE, DOCUMENT_TEXT, TITLE, example_data

from conftest import ROOT, kks, require_binary

pytestmark = [pytest.mark.nginx, pytest.mark.slow]

SAMPLE = ROOT / "scripts" / "nginx-kks.conf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def site_block(root: Path, port: int) -> str:
    """The sample with `listen` on 127.0.0.1:port (IPv6 line dropped) and `root` = `root`."""
    text = SAMPLE.read_text(encoding="utf-8")
    text, listens = re.subn(r"^\s*listen\s+[^;]+;[ \t]*$", "", text, flags=re.M)
    text, roots = re.subn(r"^(\s*)root\s+[^;]+;", rf"\1root {root};\n\1listen 127.0.0.1:{port};", text,
                          flags=re.M)
    assert listens >= 1 and roots == 1, "scripts/nginx-kks.conf lost its listen/root lines"
    return text


def nginx_conf(prefix: Path, root: Path, port: int) -> str:
    # master_process off: one process as the current user (a root master would switch workers
    # to `nobody`, which cannot read pytest's private temp folders).
    temps = "\n".join(f"  {name}_temp_path {prefix / name};" for name in
                      ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"master_process off;\npid {prefix / 'nginx.pid'};\n"
            f"error_log {prefix / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
            f"http {{\n  access_log {prefix / 'access.log'};\n{temps}\n{site_block(root, port)}\n}}\n")


@dataclass
class Served:
    base: str
    root: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    nginx = require_binary("nginx")
    work = tmp_path_factory.mktemp("nginx")
    result = kks("publish", "--data", str(example_data(tmp_path_factory)), "--out", str(work / "situs"),
                 "--arsip", str(work / "arsip"))
    assert result.returncode == 0, result.stderr
    checksum = next((work / "arsip").glob("*.sha256"))
    assert subprocess.run(["sha256sum", "-c", checksum.name], cwd=checksum.parent).returncode == 0
    with tarfile.open(next((work / "arsip").glob("*.tar.gz"))) as tar:
        tar.extractall(work / "www", filter="data")
    (root,) = (work / "www").iterdir()
    # Files of the kinds the issue names that the site may not contain yet.
    (root / "uji-mime.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (root / "uji-mime.csv").write_text("kode;nama\nT1;Tatanan\n", encoding="utf-8")
    (root / "uji-mime.xlsx").write_bytes(b"PK\x03\x04")
    (root / ".rahasia").write_text("jangan disajikan", encoding="utf-8")
    prefix = work / "prefix"
    prefix.mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, root, port), encoding="utf-8")
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log"),
                             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc, "nginx")
        yield Served(f"http://127.0.0.1:{port}", root)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not (prefix / "nginx.pid").exists()  # stopped cleanly


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def get(url: str, **headers: str) -> Response:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as err:  # 304, 404: urllib raises, the body is still there
        return Response(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


@pytest.mark.parametrize("rel", ["", "index.html", "tatanan/t1.html", "indikator/t1-1.html", CASE_STUDY])
def test_pages_are_served_as_html(served: Served, rel: str) -> None:
    resp = get(f"{served.base}/{rel}")
    assert resp.status == 200
    assert resp.headers["content-type"] == "text/html; charset=utf-8"
    assert resp.headers["cache-control"] == "no-cache"  # revalidated after every publish
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.body == (served.root / (rel or "index.html")).read_bytes()
    if rel == CASE_STUDY:
        assert TITLE in resp.body.decode("utf-8")


def test_search_index_is_json_compressed_and_revalidated(served: Served) -> None:
    url = f"{served.base}/search/search_index.json"
    resp = get(url, **{"Accept-Encoding": "gzip"})
    assert resp.status == 200
    assert resp.headers["content-type"].split(";")[0] == "application/json"
    assert resp.headers.get("content-encoding") == "gzip" and "Accept-Encoding" in resp.headers["vary"]
    index = json.loads(gzip.decompress(resp.body))
    assert any(TITLE in doc.get("title", "") for doc in index["docs"])
    assert len(resp.body) < (served.root / "search" / "search_index.json").stat().st_size / 2
    again = get(url, **{"If-None-Match": get(url).headers["etag"]})
    assert again.status == 304 and again.body == b""


def test_hashed_assets_are_cached_for_a_year_and_others_briefly(served: Served) -> None:
    css = next((served.root / "assets" / "stylesheets").glob("main.*.min.css")).name
    js = next((served.root / "assets" / "javascripts").glob("bundle.*.min.js")).name
    resp = get(f"{served.base}/assets/stylesheets/{css}")
    assert resp.status == 200 and resp.headers["content-type"].startswith("text/css")
    assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"
    resp = get(f"{served.base}/assets/javascripts/{js}", **{"Accept-Encoding": "gzip"})
    assert resp.headers["content-type"].startswith("text/javascript")
    assert resp.headers.get("content-encoding") == "gzip"
    # No hash in the name: may change on any publish, so the browser asks again each time (a
    # cached old copy beside new HTML would show stale compare/filter data or mismatched styles).
    for unhashed in ("assets/kks.css", "assets/data/bandingkan.js", "assets/data/praktik-indeks.js"):
        resp = get(f"{served.base}/{unhashed}")
        assert resp.status == 200 and resp.headers["cache-control"] == "no-cache", unhashed
    shard = next((served.root / "search" / "kks").glob("t-*.js")).name  # named by a hash of its content
    resp = get(f"{served.base}/search/kks/{shard}", **{"Accept-Encoding": "gzip"})
    assert resp.status == 200 and resp.headers["content-type"].startswith("text/javascript")
    assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(("rel", "mime"), [
    ("assets/vendor/iframe-worker/shim.js", "text/javascript"), ("assets/images/favicon.png", "image/png"),
    ("uji-mime.svg", "image/svg+xml"), ("uji-mime.csv", "text/csv"), ("uji-mime.xlsx", XLSX),
    ("sitemap.xml", "application/xml"),
])
def test_mime_types(served: Served, rel: str, mime: str) -> None:
    resp = get(f"{served.base}/{rel}")
    assert resp.status == 200, rel
    assert resp.headers["content-type"].split(";")[0] == mime


@pytest.mark.parametrize("rel", ["tidak-ada.html", "praktik/tidak-ada.html", "folder/tidak/ada", ".rahasia"])
def test_missing_pages_get_the_site_404_page(served: Served, rel: str) -> None:
    resp = get(f"{served.base}/{rel}")
    assert resp.status == 404
    assert resp.headers["content-type"] == "text/html; charset=utf-8"
    assert resp.body == (served.root / "404.html").read_bytes()
    assert b"jangan disajikan" not in resp.body


def test_document_with_hash_question_mark_and_percent_is_served(served: Served) -> None:
    page = f"{served.base}/{CASE_STUDY}"
    body = get(page).body.decode("utf-8")
    (href,) = re.findall(r'href="([^"]*dokumen/[^"]*)"', body)
    assert "#" not in href and "?" not in href  # else the browser cuts the name there
    resp = get(urljoin(page, html.unescape(href)))
    assert resp.status == 200 and resp.body.decode("utf-8") == DOCUMENT_TEXT
    assert resp.headers["content-type"] == "text/plain; charset=utf-8"
    assert (served.root / "dokumen" / DOCUMENT_FILE).is_file()
