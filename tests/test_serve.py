"""`kks serve` (macros/edge/live.py): edits show in the served pages, and the pages a partial
render leaves behind are the pages a full build makes."""

from __future__ import annotations

import datetime
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from data_edits import ASSESSMENT, PRACTICE, REGION, VISIT, copy_data, edit, set_score

from macros.core.live import LiveData
from macros.edge import live as live_module
from macros.edge.live import LiveSite

from conftest import ROOT

PRACTICE_ID = "makassar-balasar"


# --- in process: a partial render equals a full build ----------------------------------------

def _site_files(folder: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            if rel.endswith(".gz"):
                data = gzip.decompress(data)
            elif rel.endswith(".xlsx"):  # the workbook's parts, without its time of writing
                with zipfile.ZipFile(path) as book:
                    data = b"".join(book.read(n) for n in sorted(book.namelist()) if n != "docProps/core.xml")
            out[rel] = data
    return out


class _Server:
    """Stands in for the HTTP server where LiveSite only needs `shutdown` and `root`."""

    root = ""
    shut = False

    def shutdown(self) -> None:
        self.shut = True


@pytest.fixture
def live_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = copy_data(tmp_path)
    monkeypatch.setenv("KKS_DATA", str(data))
    monkeypatch.chdir(ROOT)
    live_data = LiveData(data)
    assert live_data.load() == []
    site = LiveSite(live_data)
    site.server = _Server()  # type: ignore[assignment]
    site.full_build()
    yield site, data
    if site.site_dir is not None:
        shutil.rmtree(site.site_dir, ignore_errors=True)


@pytest.mark.slow
def test_partial_renders_leave_the_site_a_full_build_makes(live_site) -> None:
    site, data = live_site
    edits = [
        edit(data, PRACTICE, lambda r: r.update(judul="Balasar yang disunting", indikator=["T9.7", "T9.13"])),
        edit(data, REGION, lambda r: r.update(ringkasan="Ringkasan Makassar yang baru.")),
        edit(data, ASSESSMENT, lambda r: set_score(r, "T9.5", 100)),
        edit(data, VISIT, lambda r: r.update(status="rencana")),
        edit(data, "praktik/bogor-perwali-germas.yaml", lambda r: r.update(keyakinan="rendah")),
    ]
    for path in edits:
        site._rebuild({path}, set())
        assert site.builds[-1]["jenis"] == "sebagian", site.builds[-1]
        assert site.problem is None
    assert max(b["halaman"] for b in site.builds[1:]) < 60  # of some 860 pages
    site.write_downloads()
    partial = _site_files(site.site_dir)
    site.full_build(reason="pembanding")
    site.write_downloads()
    full = _site_files(site.site_dir)
    assert partial.keys() == full.keys()
    differ = sorted(rel for rel in full if partial[rel] != full[rel])
    assert differ == []
    assert "Balasar yang disunting" in (site.site_dir / "praktik" / f"{PRACTICE_ID}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_what_falls_back_to_a_full_build(live_site) -> None:
    site, data = live_site
    # docs/ and mkdocs.yml: the whole site (nothing is changed here; the path is what counts).
    site._rebuild({ROOT / "docs" / "index.md"}, set())
    assert site.builds[-1]["jenis"] == "penuh"
    site._rebuild({ROOT / "mkdocs.yml"}, set())
    assert site.builds[-1]["jenis"] == "penuh"
    # A deleted case study: its page is gone after the full build, never served stale.
    gone = data / "praktik" / "bogor-perwali-germas.yaml"
    gone.unlink()
    site._rebuild({gone}, set())
    assert site.builds[-1]["jenis"] == "penuh" and site.builds[-1]["alasan"] == "halaman bertambah atau berkurang"
    assert not (site.site_dir / "praktik" / "bogor-perwali-germas.html").exists()
    # A new one appears the same way; the data is not read again for it (it was checked alone).
    new = data / "praktik" / "contoh-praktik-baru.yaml"
    text = (data / PRACTICE).read_text(encoding="utf-8")
    new.write_text(text.replace(f"id: {PRACTICE_ID}", "id: contoh-praktik-baru"), encoding="utf-8")
    site._rebuild({new}, set())
    assert site.builds[-1]["jenis"] == "penuh"
    assert (site.site_dir / "praktik" / "contoh-praktik-baru.html").exists()
    # A region profile that appears changes the regions records may name: the data is read again.
    region = data / "daerah" / "kota-bogor.yaml"
    region.write_text((data / REGION).read_text(encoding="utf-8").replace("id: kota-makassar", "id: kota-bogor"),
                      encoding="utf-8")
    site._rebuild({region}, set())
    assert site.builds[-1]["jenis"] == "penuh" and "profil daerah baru" in site.builds[-1]["alasan"]
    # A new page (a visit gets a report once it has findings) changes the set of pages.
    path = edit(data, VISIT, lambda r: (r.pop("temuan", None), r.pop("tindak_lanjut", None)))
    site._rebuild({path}, set())
    assert site.builds[-1]["jenis"] == "penuh" and site.builds[-1]["alasan"] == "halaman bertambah atau berkurang"
    # Code or templates: the process restarts (so the new code runs).
    site._rebuild({ROOT / "macros" / "render" / "templates" / "praktik.html"}, set())
    assert site.restart and site.server.shut


@pytest.mark.slow
def test_data_errors_keep_the_last_good_site(live_site) -> None:
    site, data = live_site
    page = site.site_dir / "praktik" / f"{PRACTICE_ID}.html"
    before = page.read_bytes()
    path = edit(data, PRACTICE, lambda r: r.update(judul="Judul baru", daerah="kota-makasar"))
    site._rebuild({path}, set())
    assert site.problem is not None and "kota-makasar" in site.problem_html().decode()
    assert page.read_bytes() == before
    edit(data, PRACTICE, lambda r: r.update(daerah="kota-makassar"))
    site._rebuild({path}, set())
    assert site.problem is None and site.problem_html() == b""
    assert "Judul baru" in page.read_text(encoding="utf-8")


# --- over HTTP: the contributor's loop ---------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""


def _wait_for(url: str, test, timeout: float = 60) -> str:
    """The page at `url` once `test(body)` holds; fails after `timeout` seconds."""
    end = time.monotonic() + timeout
    body = ""
    while time.monotonic() < end:
        status, body = _get(url)
        if status == 200 and test(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url}: not as expected after {timeout} s")


@pytest.fixture
def server(tmp_path: Path):
    data = copy_data(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "macros.cli.main", "serve", "--data", str(data),
                                 "-a", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        end = time.monotonic() + 300
        while time.monotonic() < end:
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            try:
                if _get(base)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        yield base, data, log
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_edits_show_in_the_served_pages_and_the_pages_they_affect(server) -> None:
    base, data, log = server
    practice_url = f"{base}praktik/{PRACTICE_ID}.html"
    # A practice: its page, then every page that names it, the search index, the data and downloads.
    edit(data, PRACTICE, lambda r: r.update(judul="Balasar Suntingan Uji", indikator=["T9.7", "T9.13"]))
    _wait_for(practice_url, lambda b: "Balasar Suntingan Uji" in b)
    for page in ("daerah/kota-makassar.html", "indikator/t9-7.html", "indikator/t9-13.html", "tatanan/t9.html",
                 "kunjungan/contoh-harapan-ke-makassar-2026.html", "praktik/index.html"):
        assert "Balasar Suntingan Uji" in _get(base + page)[1], page
    assert PRACTICE_ID not in _text(_get(f"{base}indikator/t9-10.html")[1])  # no longer listed there
    for asset in ("search/search_index.json", "assets/data/praktik-indeks.js", "assets/data/bandingkan.js",
                  "unduh/praktik.csv", "unduh/praktik.json"):
        assert "Balasar Suntingan Uji" in _get(base + asset)[1], asset
    # A region profile: its page, and the dossier of the visit to it (the host's contacts).
    edit(data, REGION, lambda r: r.update(kontak=[{"peran": "Kepala Pelaksana Uji", "unit": "BPBD Kota Makassar"}]))
    _wait_for(f"{base}daerah/kota-makassar.html", lambda b: "Kepala Pelaksana Uji" in b)
    assert "Kepala Pelaksana Uji" in _get(f"{base}kunjungan/contoh-harapan-ke-makassar-2026.html")[1]
    # An assessment: the gap page and the dossier (the home region's score on a focus indicator).
    gap_url = f"{base}kesenjangan/contoh-kabupaten-harapan.html"
    dossier_url = f"{base}kunjungan/contoh-harapan-ke-makassar-2026.html"
    gap, dossier = _text(_get(gap_url)[1]), _text(_get(dossier_url)[1])
    edit(data, ASSESSMENT, lambda r: (set_score(r, "T9.13", 100), set_score(r, "T9.5", 100)))
    _wait_for(gap_url, lambda b: _text(b) != gap)
    assert _text(_get(dossier_url)[1]) != dossier
    assert "halaman diperbarui" in log.read_text(encoding="utf-8")
    assert "situs dibangun penuh" in log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_data_error_is_shown_over_the_last_good_site(server) -> None:
    base, data, log = server
    url = f"{base}praktik/{PRACTICE_ID}.html"
    edit(data, PRACTICE, lambda r: r.update(judul="Judul yang belum valid", daerah="kota-makasar"))
    body = _wait_for(url, lambda b: "kks-serve-masalah" in b)
    assert "kota-makasar" in body and "maksud Anda" in body
    assert "Judul yang belum valid" not in body  # the last good page
    edit(data, PRACTICE, lambda r: r.update(daerah="kota-makassar"))
    body = _wait_for(url, lambda b: "kks-serve-masalah" not in b)
    assert "Judul yang belum valid" in body
    assert "kota-makasar" in log.read_text(encoding="utf-8")  # the terminal names the problem too


@pytest.mark.slow
def test_what_is_nobodys_source_changes_nothing(live_site) -> None:
    site, _ = live_site
    builds = len(site.builds)
    cache = ROOT / "macros" / "core" / "__pycache__" / "live.cpython-311.pyc"
    for path in (cache, ROOT / "docs" / ".index.md.swp", ROOT / "docs" / "index.md~", ROOT / "README.md",
                 ROOT / ".git" / "index"):
        site._rebuild({path}, set())
    assert len(site.builds) == builds and not site.restart


@pytest.mark.slow
def test_a_failing_partial_render_falls_back_to_a_full_build(live_site, monkeypatch: pytest.MonkeyPatch) -> None:
    site, data = live_site

    def broken(pages) -> None:
        raise RuntimeError("rusak")

    monkeypatch.setattr(site, "_render", broken)
    path = edit(data, PRACTICE, lambda r: r.update(judul="Judul setelah kegagalan"))
    site._rebuild({path}, set())
    assert site.builds[-1]["jenis"] == "penuh" and "rusak" in site.builds[-1]["alasan"]
    assert site.problem is None
    assert "Judul setelah kegagalan" in (site.site_dir / "praktik" / f"{PRACTICE_ID}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_docs_change_while_the_data_is_invalid_waits_for_valid_data(live_site) -> None:
    site, data = live_site
    builds = len(site.builds)
    path = edit(data, PRACTICE, lambda r: r.update(daerah="kota-makasar"))
    site._rebuild({path}, set())
    site._rebuild({ROOT / "docs" / "index.md"}, set())
    assert len(site.builds) == builds and site.problem is not None  # nothing built from bad data
    edit(data, PRACTICE, lambda r: r.update(daerah="kota-makassar"))
    site._rebuild({path}, set())
    assert site.builds[-1]["jenis"] == "penuh" and "index.md" in site.builds[-1]["alasan"]
    assert site.problem is None


@pytest.mark.slow
def test_the_documents_folder_and_the_date_are_followed_without_file_events(live_site, monkeypatch) -> None:
    """The linked documents' folder may not exist when the server starts, or be deleted and made
    again (no watch survives that), and pages depend on today's date: each is compared at every
    rebuild and every second (`_poll_surroundings`), and a change is a full load and build."""
    site, data = live_site
    folder = data.parent / "docs" / "dokumen"
    assert not folder.exists()
    folder.mkdir(parents=True)
    (folder / "sk-uji.txt").write_text("VERSI-SATU", encoding="utf-8")
    edit(data, PRACTICE, lambda r: r.update(dokumen=[{"judul": "SK uji", "jenis": "SK", "berkas": "sk-uji.txt"}]))
    site._rebuild(set(), set())  # no event named the folder or the file
    assert site.builds[-1]["jenis"] == "penuh" and "folder dokumen" in site.builds[-1]["alasan"]
    served = site.site_dir / "dokumen" / "sk-uji.txt"
    assert served.read_text(encoding="utf-8") == "VERSI-SATU"
    (folder / "sk-uji.txt").write_text("VERSI-DUA", encoding="utf-8")
    site._rebuild(set(), set())
    assert (site.site_dir / "dokumen" / "sk-uji.txt").read_text(encoding="utf-8") == "VERSI-DUA"
    shutil.rmtree(folder)
    site._rebuild(set(), set())
    assert site.problem is not None and any("sk-uji.txt" in line for line in site.problem.issues)
    folder.mkdir()
    (folder / "sk-uji.txt").write_text("VERSI-TIGA", encoding="utf-8")
    site._rebuild(set(), set())
    assert site.problem is None
    assert (site.site_dir / "dokumen" / "sk-uji.txt").read_text(encoding="utf-8") == "VERSI-TIGA"
    builds = len(site.builds)
    site._rebuild(set(), set())  # nothing changed: nothing built
    assert len(site.builds) == builds

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls) -> datetime.date:
            return datetime.date.today() + datetime.timedelta(days=1)

    woken = []

    class _Waker:
        def wake(self) -> None:
            woken.append(1)
            stop.set()

    stop = live_module.threading.Event()
    monkeypatch.setattr(live_module, "date", Tomorrow)
    monkeypatch.setattr(live_module, "SURROUNDINGS_POLL_S", 0.01)
    live_module._poll_surroundings(site, _Waker(), stop)  # type: ignore[arg-type]
    assert woken
    site._rebuild(set(), set())
    assert site.builds[-1]["jenis"] == "penuh" and site.builds[-1]["alasan"] == "tanggal berganti"
