"""`kks publish`: atomic swap, dated archive with checksum, offline and tanpa-kontak editions.

Also home of `published()`, which builds each edition of one small synthetic data set once per
test session; tests/test_browser.py and tests/test_nginx.py reuse it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from datetime import datetime
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
# A linked document whose name a browser would cut or misread unless the link is percent-encoded.
DOCUMENT_FILE = "rapat/Notulen #3 ?revisi 100%.txt"
DOCUMENT_TITLE = "Notulen rapat forum ke-3"
DOCUMENT_TEXT = "Notulen rapat forum ke-3 (berkas uji)"
EDITIONS = {"normal": (), "offline": ("--offline",), "tanpa-kontak": ("--tanpa-kontak",)}
_SITES: dict[str, Path] = {}


def _patch(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(dump_yaml(data), encoding="utf-8")


def write_example_data(dest: Path) -> Path:
    """Synthetic framework and 4 case studies (all `contoh: true`), with planted words, a
    public contact (phone + e-mail) on a case study and on a region, and a linked document
    (DOCUMENT_FILE) in the documents folder beside the data folder."""
    write_synthetic(dest, practices=4, regions=3)
    contact = [{"peran": "Koordinator Bank Sampah", "unit": "DLH Kabupaten Sintetis", "telepon": PHONE,
                "email": EMAIL, "publik": True}]
    practice = dest / "praktik"
    # Planted in the summary, which search results also show.
    document = dest.parent / "docs" / "dokumen" / DOCUMENT_FILE
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(DOCUMENT_TEXT, encoding="utf-8")
    _patch(practice / "praktik-sintetis-00001.yaml", judul=TITLE, kontak=contact,
           dokumen=[{"judul": DOCUMENT_TITLE, "berkas": DOCUMENT_FILE, "jenis": "notulen"}],
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
    assert re.fullmatch(r"pustaka-kks-\d{8}-\d{6}\.tar\.gz", archive.name)
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
    assert len(names) == 2 and re.fullmatch(r"pustaka-kks-\d{8}-\d{6}-offline-tanpa-kontak\.tar\.gz", names[0])
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


# --- --out as a link into a folder of releases (the README's server layout) -----------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _releases_layout(tmp_path: Path, data: Path, absolute: bool = False) -> Path:
    """/srv/pustaka-kks/{rilis/pustaka-kks-lama/, situs -> rilis/pustaka-kks-lama} as the README builds it."""
    srv = tmp_path / "srv"
    old = srv / "rilis" / "pustaka-kks-lama"
    old.parent.mkdir(parents=True)
    assert kks("publish", "--data", str(data), "--out", str(old), "--tanpa-arsip").returncode == 0
    (old / "penanda.txt").write_text("rilis lama", encoding="utf-8")
    (srv / "situs").symlink_to(old if absolute else Path("rilis") / old.name)
    return srv / "situs"


@pytest.mark.slow
def test_link_out_gets_a_new_release_beside_the_old_one(mini_data: Path, tmp_path: Path) -> None:
    link = _releases_layout(tmp_path, mini_data)
    old = link.resolve()
    before = _tree(old)
    result = kks("publish", "--data", str(mini_data), "--out", str(link))
    assert result.returncode == 0, result.stderr
    target = os.readlink(link)
    assert target.startswith("rilis/pustaka-kks-") and target != "rilis/pustaka-kks-lama"  # relative, as before
    new = link.resolve()
    assert new.parent == old.parent and (new / "index.html").is_file() and not (new / "penanda.txt").exists()
    assert _tree(old) == before  # the release a rollback needs is untouched
    assert str(new) in result.stdout and str(old) in result.stdout
    # The archive holds exactly the new release, in a folder of the same name (the README's unpack step).
    (archive,) = link.parent.glob("*.tar.gz")
    assert archive.name == f"{new.name}.tar.gz"
    with tarfile.open(archive) as tar:
        files = {m.name.split("/", 1)[1]: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
        assert {m.name.split("/")[0] for m in tar.getmembers()} == {new.name}
    assert files == _tree(new)
    assert sorted(p.name for p in link.parent.iterdir()) == sorted(
        ["rilis", "situs", archive.name, archive.name + ".sha256"])  # no lock or temporary file left
    assert sorted(p.name for p in old.parent.iterdir()) == sorted([old.name, new.name])
    # Rollback as in the README: point the link back; the old release serves as before.
    subprocess.run(["ln", "-sfn", f"rilis/{old.name}", "situs.baru"], cwd=link.parent, check=True)
    subprocess.run(["mv", "-T", "situs.baru", "situs"], cwd=link.parent, check=True)
    assert _tree(link.resolve()) == before


def test_link_out_that_is_absolute_stays_absolute(monkeypatch: pytest.MonkeyPatch, mini_data: Path,
                                                   tmp_path: Path) -> None:
    from macros import publish, sitebuild

    srv = tmp_path / "srv"
    old = srv / "rilis" / "lama"
    old.mkdir(parents=True)
    (old / "index.html").write_text("lama", encoding="utf-8")
    (srv / "situs").symlink_to(old)
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    done = publish.publish(mini_data, srv / "situs", publish.Edition(offline=True), None, datetime(2026, 11, 28, 21, 5))
    assert os.readlink(srv / "situs") == str(srv / "rilis" / "pustaka-kks-20261128-210500-offline")
    assert done.previous == old and (old / "index.html").read_text(encoding="utf-8") == "lama"
    assert isinstance(done.build, sitebuild.BuildResult) and done.archive is None


@pytest.mark.parametrize("case", ["bukan-situs", "folder-rilis-hilang", "arsip-di-rilis", "menunjuk-berkas"])
def test_link_out_is_refused_when_switching_it_could_hurt(mini_data: Path, tmp_path: Path, case: str) -> None:
    srv = tmp_path / "srv"
    srv.mkdir()
    link = srv / "situs"
    args = []
    if case == "bukan-situs":  # a link to someone's documents, not to a published site
        (srv / "dokumen").mkdir()
        (srv / "dokumen" / "penting.docx").write_bytes(b"jangan")
        link.symlink_to("dokumen")
        expected = "bukan situs terbitan sebelumnya"
    elif case == "folder-rilis-hilang":
        link.symlink_to("rilis/pustaka-kks-lama")
        expected = "tidak ada"
    elif case == "arsip-di-rilis":
        (srv / "rilis" / "lama").mkdir(parents=True)
        (srv / "rilis" / "lama" / "index.html").write_text("lama", encoding="utf-8")
        link.symlink_to("rilis/lama")
        args = ["--arsip", str(link / "arsip")]
        expected = "rilis tidak boleh diubah"
    else:
        (srv / "index.html").write_text("bukan folder", encoding="utf-8")
        link.symlink_to("index.html")
        expected = "bukan folder situs"
    before = sorted(str(p) for p in srv.rglob("*"))
    result = kks("publish", "--data", str(mini_data), "--out", str(link), *args)
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert "tidak diterbitkan" in result.stderr and "Traceback" not in result.stderr
    assert sorted(str(p) for p in srv.rglob("*")) == before


# --- Two publishes at once, or in the same second --------------------------------------------


def _fake_build(data_dir: Path, dest: Path, **env: str) -> object:
    from macros.sitebuild import BuildResult

    dest.mkdir(parents=True)
    (dest / "index.html").write_text(f"<p>{data_dir.name} {env.get('KKS_OFFLINE')}</p>", encoding="utf-8")
    return BuildResult(True, "")


@pytest.mark.parametrize("layout", ["folder", "tautan"])
def test_publishes_in_the_same_second_keep_every_archive(monkeypatch: pytest.MonkeyPatch, mini_data: Path,
                                                         tmp_path: Path, layout: str) -> None:
    from macros import publish

    srv = tmp_path / "srv"
    out = srv / "situs"
    if layout == "tautan":
        (srv / "rilis" / "awal").mkdir(parents=True)
        out.symlink_to("rilis/awal")
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    when = datetime(2026, 11, 28, 21, 5, 30)
    archives = []
    for _ in range(3):
        done = publish.publish(mini_data, out, publish.Edition(), srv, when)
        assert done.archive is not None and done.checksum is not None
        archives.append((done.archive, done.archive.read_bytes(), done.checksum.read_text(encoding="ascii")))
    names = [a.name for a, _, _ in archives]
    assert names == ["pustaka-kks-20261128-210530.tar.gz", "pustaka-kks-20261128-210530-2.tar.gz",
                     "pustaka-kks-20261128-210530-3.tar.gz"]
    for archive, content, checksum in archives:  # none was overwritten by a later one
        assert archive.read_bytes() == content and checksum.startswith(hashlib.sha256(content).hexdigest())
    if layout == "tautan":
        assert sorted(p.name for p in (srv / "rilis").iterdir()) == ["awal", *[n[:-7] for n in names]]


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["folder", "tautan"])
def test_two_publishes_at_once_wait_for_each_other(tmp_path: Path, layout: str) -> None:
    """Two data sets published to the same --out at the same moment: the second waits for the
    first; each archive holds exactly its own build, and what is served is one whole build."""
    datas = []
    for name in ("a", "b"):
        data = write_synthetic_titled(tmp_path / name / "data", f"Judul khusus {name.upper()}")
        datas.append(data)
    srv = tmp_path / "srv"
    if layout == "tautan":
        (srv / "rilis" / "awal").mkdir(parents=True)
        (srv / "rilis" / "awal" / "index.html").write_text("awal", encoding="utf-8")
        (srv / "situs").symlink_to("rilis/awal")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "macros.cli.main", "publish", "--data", str(data), "--out",
                               str(srv / "situs")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for data in datas]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sum("menunggu sampai selesai" in err for _, err in outputs) == 1, outputs
    assert not any("Traceback" in err or "tak terduga" in err for _, err in outputs)
    archives = sorted(srv.glob("*.tar.gz"))
    assert len(archives) == 2
    seen = set()
    for archive in archives:
        with tarfile.open(archive) as tar:
            index = next(tar.extractfile(m).read().decode("utf-8") for m in tar.getmembers()
                         if m.name.endswith("/praktik/index.html"))
        titles = {t for t in ("Judul khusus A", "Judul khusus B") if t in index}
        assert len(titles) == 1, archive  # one build per archive, never a mix
        seen |= titles
        check = subprocess.run(["sha256sum", "-c", archive.name + ".sha256"], cwd=srv, capture_output=True)
        assert check.returncode == 0
    assert seen == {"Judul khusus A", "Judul khusus B"}
    served = (srv / "situs" / "praktik" / "index.html").read_text(encoding="utf-8")
    assert ("Judul khusus A" in served) != ("Judul khusus B" in served)
    leftovers = [p.name for p in srv.rglob(".*")]
    assert leftovers == []


def write_synthetic_titled(dest: Path, title: str) -> Path:
    write_synthetic(dest, practices=3, regions=3)
    for path in sorted((dest / "praktik").glob("*.yaml")):
        _patch(path, judul=f"{title} {path.stem}")
    return dest


# --- A failed build ----------------------------------------------------------------------------

MKDOCS_CRASH = ("INFO    -  Building documentation...\n"
                "Traceback (most recent call last):\n  File \"/x/mkdocs/__main__.py\", line 1, in <module>\n"
                "OSError: [Errno 28] No space left on device: 'situs/a.html'\n")
MKDOCS_WARNING = ("INFO    -  Cleaning site directory\n"
                  "WARNING -  Doc file 'unduh.md' contains a link 'x.md', but the target is not found.\n"
                  "\nAborted with 1 warnings in strict mode!\n")


@pytest.mark.parametrize("log", [MKDOCS_CRASH, MKDOCS_WARNING], ids=["crash", "strict"])
def test_a_failed_build_is_one_indonesian_line_and_the_log_path(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str], mini_data: Path,
                                                                tmp_path: Path, log: str) -> None:
    from macros import publish
    from macros.cli.main import main
    from macros.sitebuild import BuildResult

    out = tmp_path / "situs"
    out.mkdir()
    (out / "index.html").write_text("lama", encoding="utf-8")
    monkeypatch.setattr(publish, "run_mkdocs_build", lambda *a, **k: BuildResult(False, log))
    assert main(["publish", "--data", str(mini_data), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("kks publish: pembangunan situs (MkDocs) gagal: ") and "Traceback" not in line
    assert "situs yang tayang tidak berubah" in line
    log_path = Path(line.rsplit("Log lengkap: ", 1)[1])
    try:
        assert log_path.read_text(encoding="utf-8") == log  # the whole output, traceback included
    finally:
        log_path.unlink()
    assert (out / "index.html").read_text(encoding="utf-8") == "lama" and not list(tmp_path.glob("*.tar.gz"))


@pytest.mark.slow
def test_a_real_mkdocs_failure_on_a_full_disk(mini_data: Path, tmp_path: Path) -> None:
    """The file-size limit (RLIMIT_FSIZE, no root needed) makes MkDocs fail while copying the
    theme's largest file, as a full disk would."""
    resource = pytest.importorskip("resource")
    out = tmp_path / "situs"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    result = subprocess.run([sys.executable, "-m", "macros.cli.main", "publish", "--data", str(mini_data),
                             "--out", str(out)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, preexec_fn=limit)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "pembangunan situs (MkDocs) gagal" in line and "Traceback" not in line
    log_path = Path(line.rsplit("Log lengkap: ", 1)[1])
    assert "File too large" in log_path.read_text(encoding="utf-8")
    log_path.unlink()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no site, no temporary folder, no lock left


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
