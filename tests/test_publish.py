"""`kks publish`: atomic swap, dated archive with checksum, offline and tanpa-kontak editions.

Also home of `published()`, which builds each edition of one small synthetic data set once per
test session; tests/test_browser.py and tests/test_nginx.py reuse it.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tarfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from macros.core.yamlio import dump_yaml
from macros.render.search_index import pages_with, read_index
from macros.synth import write_synthetic

from conftest import ROOT, kks

# Words planted in the synthetic data set, so searches and checks have exact targets.
CASE_STUDY = "praktik/praktik-sintetis-00001.html"
TITLE = "Bank Sampah Lorong Mandalika"
TITLE_WORD = "mandalika"                 # only in that title
BODY_WORD = "iurannya"                   # only in that case study's body ("iuran" finds it by prefix)
PAJAKNYA_PAGE = "praktik/praktik-sintetis-00003.html"    # body says "pajaknya"
PERPAJAKAN_PAGE = "praktik/praktik-sintetis-00002.html"  # body says "perpajakan" only
DEEP_WORD = "tabulampot"                 # only deep in a case study's body (section "langkah")
# Planted deep in bodies (section "keberlanjutan") for the search examples of issue 12
# (tests/test_search_browser.py): each is found by another spelling or another form of a word.
SEARCH_PLANTED = {
    "praktik-sintetis-00001": "Posko bencana dijaga warga sepanjang musim hujan.",
    "praktik-sintetis-00002": "Pengelolaan TPS3R dan pengolahan RDF/maggot di tingkat RT/RW.",
    "praktik-sintetis-00003": "Kader TPS 3R mengajak warga lari pagi bersama Home Care Dottoro’ta.",
    "praktik-sintetis-00004": "Pembelajaran dari Lorong Wisata (Longwis) untuk kampung tematik.",
}
PHONE = "0411-555-0199"
EMAIL = "humas.mandalika@contoh.invalid"
EDITIONS = {"normal": (), "offline": ("--offline",), "tanpa-kontak": ("--tanpa-kontak",)}
_SITES: dict[str, Path] = {}


def _patch(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(dump_yaml(data), encoding="utf-8")


def write_example_data(dest: Path) -> Path:
    """Synthetic framework and 4 case studies (all `contoh: true`), with planted words and a
    public contact (phone + e-mail) on a case study and on a region."""
    write_synthetic(dest, practices=4, regions=3)
    contact = [{"peran": "Koordinator Bank Sampah", "unit": "DLH Kabupaten Sintetis", "telepon": PHONE,
                "email": EMAIL, "publik": True}]
    practice = dest / "praktik"
    # Planted in the summary, which search results also show.
    _patch(practice / "praktik-sintetis-00001.yaml", judul=TITLE, kontak=contact,
           ringkasan="Warga membayar iurannya dari hasil penjualan sampah terpilah; kader mencatat "
                     "setoran di buku tabungan.")
    _patch(practice / "praktik-sintetis-00002.yaml", ringkasan="Penerimaan perpajakan daerah naik.")
    _patch(practice / "praktik-sintetis-00003.yaml", ringkasan="Pedagang pasar membayar pajaknya tepat waktu.")
    steps = yaml.safe_load((practice / "praktik-sintetis-00004.yaml").read_text(encoding="utf-8"))["langkah"]
    _patch(practice / "praktik-sintetis-00004.yaml", langkah=f"{steps} Warga menanam {DEEP_WORD} di pekarangan.")
    _patch(dest / "daerah" / "sintetis-00001.yaml", kontak=contact)
    for key, text in SEARCH_PLANTED.items():
        _patch(practice / f"{key}.yaml", keberlanjutan=text)
    return dest


def example_data(factory: pytest.TempPathFactory) -> Path:
    """The data set of `write_example_data`, written once per session (do not modify it)."""
    if "data" not in _SITES:
        _SITES["data"] = write_example_data(factory.mktemp("data-publik") / "data")
    return _SITES["data"]


def published(factory: pytest.TempPathFactory, edition: str) -> Path:
    """The site of one edition (normal, offline, tanpa-kontak), published once per session."""
    if edition not in _SITES:
        out = factory.mktemp(f"terbit-{edition}") / "situs"
        result = kks("publish", "--data", str(example_data(factory)), "--out", str(out), "--tanpa-arsip",
                     *EDITIONS[edition])
        assert result.returncode == 0, result.stdout + result.stderr
        _SITES[edition] = out
    return _SITES[edition]


_FETCHED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "embed": "src",
            "object": "data", "link": "href", "video": "src", "audio": "src"}


class _Resources(HTMLParser):
    """What a page makes the browser fetch: scripts, style sheets, icons, images, frames.
    Plain links (`a href`, e.g. to a source's web page) are not requests and are ignored."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _FETCHED.get(tag)
        values = dict(attrs)
        if tag == "link" and values.get("rel") in {"next", "prev", "canonical", "alternate"}:
            return  # navigation hints, not fetched
        if wanted and values.get(wanted):
            self.urls.append(values[wanted] or "")
        if values.get("srcset"):
            self.urls += [part.split()[0] for part in (values["srcset"] or "").split(",") if part.strip()]


def fetched_urls(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return parser.urls


def is_outside(url: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:)?//", url, re.I))


# --- the command ---------------------------------------------------------------------------


@pytest.mark.slow
def test_publish_swaps_in_the_site_and_writes_a_checked_archive(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "srv" / "situs"
    result = kks("publish", "--data", str(mini_data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "search" / "search_index.json").is_file()
    archives = list((tmp_path / "srv").glob("*.tar.gz"))
    assert len(archives) == 1, archives
    archive = archives[0]
    assert re.fullmatch(r"pustaka-kks-\d{8}-\d{4}\.tar\.gz", archive.name)
    checksum = archive.with_name(archive.name + ".sha256")
    assert checksum.read_text(encoding="ascii") == f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  " \
                                                   f"{archive.name}\n"
    # The format `sha256sum -c` reads on the server.
    check = subprocess.run(["sha256sum", "-c", checksum.name], cwd=archive.parent, capture_output=True, text=True)
    assert check.returncode == 0 and ": OK" in check.stdout
    stem = archive.name.removesuffix(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        members = tar.getmembers()
    assert {n.split("/")[0] for n in names} == {stem}  # one top folder, named like the archive
    assert f"{stem}/index.html" in names and f"{stem}/search/search_index.json" in names
    assert len([m for m in members if m.isfile()]) == sum(1 for p in out.rglob("*") if p.is_file())
    assert all(m.uid == 0 and m.uname == "" for m in members)
    assert archive.stat().st_mode & 0o044  # readable by whoever copies it to the server
    assert str(archive) in result.stdout and "sha256sum -c" in result.stdout
    assert not list((tmp_path / "srv").glob(".*"))  # no temporary leftovers


@pytest.mark.slow
def test_archive_dir_option_and_edition_suffix(mini_data: Path, tmp_path: Path) -> None:
    result = kks("publish", "--data", str(mini_data), "--out", str(tmp_path / "situs"), "--offline",
                 "--tanpa-kontak", "--arsip", str(tmp_path / "arsip"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "arsip").iterdir())
    assert len(names) == 2 and re.fullmatch(r"pustaka-kks-\d{8}-\d{4}-offline-tanpa-kontak\.tar\.gz", names[0])
    assert names[1] == names[0] + ".sha256"
    assert not list(tmp_path.glob("*.tar.gz"))


@pytest.mark.slow
def test_invalid_data_leaves_the_old_site_serving(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "situs"
    assert kks("publish", "--data", str(mini_data), "--out", str(out), "--tanpa-arsip").returncode == 0
    (out / "penanda-lama.txt").write_text("situs lama", encoding="utf-8")
    broken = sorted((mini_data / "praktik").glob("*.yaml"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("judul:", "judull:"), encoding="utf-8")
    result = kks("publish", "--data", str(mini_data), "--out", str(out))
    assert result.returncode == 1
    assert broken.name in result.stderr and "tidak diterbitkan" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "penanda-lama.txt").read_text(encoding="utf-8") == "situs lama"
    assert not list(tmp_path.glob("*.tar.gz"))


def test_refuses_to_replace_a_folder_that_is_not_a_site(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "dokumen"
    out.mkdir()
    (out / "penting.docx").write_bytes(b"jangan dihapus")
    result = kks("publish", "--data", str(mini_data), "--out", str(out))
    assert result.returncode == 1 and "bukan situs terbitan" in result.stderr
    assert (out / "penting.docx").read_bytes() == b"jangan dihapus"
    result = kks("publish", "--data", str(mini_data), "--out", str(mini_data.parent))
    assert result.returncode == 1 and "memuat data" in result.stderr
    result = kks("publish", "--data", str(mini_data), "--out", str(tmp_path / "baru"),
                 "--arsip", str(tmp_path / "baru" / "arsip"))
    assert result.returncode == 1 and "folder arsip" in result.stderr
    assert not (tmp_path / "baru").exists()


def test_publish_usage() -> None:
    result = kks("publish")
    assert result.returncode == 2 and "--out" in result.stderr
    result = kks("publish", "--help")
    assert result.returncode == 0 and "--offline" in result.stdout and "--tanpa-kontak" in result.stdout
    assert "pemakaian: kks publish" in result.stdout and "pemakaian: pemakaian" not in result.stdout


# --- the editions ----------------------------------------------------------------------------


def _all_text(site: Path) -> str:
    """Every text file of the site, and the XML inside every .xlsx (downloads)."""
    parts = []
    for path in site.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml")]
        elif path.is_file() and path.suffix in {".html", ".json", ".js", ".xml", ".csv", ".txt"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.mark.slow
def test_tanpa_kontak_edition_has_no_phone_or_email(tmp_path_factory: pytest.TempPathFactory) -> None:
    normal = published(tmp_path_factory, "normal")
    # The contact is public, so the normal edition shows it: this test can fail.
    for page in (CASE_STUDY, "daerah/sintetis-00001.html"):
        html = (normal / page).read_text(encoding="utf-8")
        assert PHONE in html and EMAIL in html, page
    if (normal / "unduh").is_dir():  # the downloads carry public contacts too
        assert PHONE in _all_text(normal / "unduh")
    bare = published(tmp_path_factory, "tanpa-kontak")
    text = _all_text(bare)
    assert PHONE not in text and EMAIL not in text
    case = (bare / CASE_STUDY).read_text(encoding="utf-8")
    assert "Koordinator Bank Sampah" in case  # role and unit stay: readers still know whom to ask


@pytest.mark.slow
def test_offline_edition_is_self_contained(tmp_path_factory: pytest.TempPathFactory) -> None:
    offline = published(tmp_path_factory, "offline")
    assert (offline / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index")
    shim = offline / "assets" / "vendor" / "iframe-worker" / "shim.js"
    assert "IFrameWorker" in shim.read_text(encoding="utf-8")
    assert (shim.parent / "LICENSE").is_file()
    assert not (published(tmp_path_factory, "normal") / "search" / "search_index.js").exists()
    # The offline plugin copies the index last (priority -100): whatever a hook adds is in the copy.
    index = (offline / "search" / "search_index.json").read_text(encoding="utf-8")
    assert (offline / "search" / "search_index.js").read_text(encoding="utf-8") == f"var __index = {index}"
    assert TITLE in index
    # A word of the case study's body is in the index's shards (search/kks/), which are scripts too.
    location = [d["location"] for d in json.loads(index)["docs"]].index(CASE_STUDY)
    assert location in pages_with(read_index(offline), BODY_WORD)
    # 404.html links from the site root on purpose (a server shows it at any depth); it is never
    # opened over file://.
    pages = [p for p in offline.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 150
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "fonts.googleapis" not in html, page
        urls = fetched_urls(html)
        assert not [u for u in urls if is_outside(u) or u.startswith("/")], page  # relative only
        for url in urls:  # and every one of them is in the folder
            if not url.startswith("data:"):
                target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
                assert target.is_file(), f"{page.relative_to(offline)} -> {url}"


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["normal", "tanpa-kontak"])
def test_no_page_fetches_from_an_outside_host(tmp_path_factory: pytest.TempPathFactory, edition: str) -> None:
    site = published(tmp_path_factory, edition)
    for page in site.rglob("*.html"):
        outside = [u for u in fetched_urls(page.read_text(encoding="utf-8")) if is_outside(u)]
        assert outside == [], f"{page.relative_to(site)}: {outside}"
    for asset in (site / "assets").rglob("*.css"):
        assert not re.search(r"@import|url\((['\"]?)(https?:)?//", asset.read_text(encoding="utf-8")), asset


def test_resource_parser_sees_outside_assets() -> None:
    html = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.x/a.js">'
            '</script><img src="a.png" srcset="b.png 2x, https://x.org/c.png 3x"><a href="https://x.org">x</a>')
    urls = fetched_urls(html)
    assert urls == ["https://fonts.googleapis.com/css", "//cdn.x/a.js", "a.png", "b.png", "https://x.org/c.png"]
    assert [u for u in urls if is_outside(u)] == ["https://fonts.googleapis.com/css", "//cdn.x/a.js",
                                                   "https://x.org/c.png"]


def test_vendored_shim_is_the_recorded_upstream_file() -> None:
    folder = ROOT / "docs" / "assets" / "vendor" / "iframe-worker"
    recorded = re.search(r"sha256 shim\.js: ([0-9a-f]{64})", (folder / "SUMBER.txt").read_text(encoding="utf-8"))
    assert recorded and hashlib.sha256((folder / "shim.js").read_bytes()).hexdigest() == recorded[1]
    assert "Permission is hereby granted" in (folder / "LICENSE").read_text(encoding="utf-8")  # MIT
