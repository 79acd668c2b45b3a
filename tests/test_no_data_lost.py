"""A failed import or build leaves data/ and the published site exactly as they were.

Failures are forced at several points: the file-move step of each importer, the swap of the
built site into place, an exception inside the build, and the build process being killed.
Each test compares a hash of the whole folder tree (names and bytes) before and after.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from macros import sitebuild
from macros.core.load import load_catalog
from macros.synth import write_synthetic

from conftest import ROOT


def tree_hash(folder: Path) -> str:
    """Hash of every path below `folder` (hidden ones included) and of every file's bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"<dir>")
    return digest.hexdigest()


def fail_on_call(real: Callable[..., Any], n: int) -> Callable[..., Any]:
    """`real`, except that its n-th call raises OSError (as a full disk or a lost share would)."""
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == n:
            raise OSError(28, "No space left on device (uji)")
        return real(*args, **kwargs)

    return wrapper


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    write_synthetic(folder, practices=6, regions=3)
    return folder


# --- The published site ---------------------------------------------------------------------------


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A stand-in for the site already published (its contents do not matter, only that they stay)."""
    site = tmp_path / "situs"
    (site / "praktik").mkdir(parents=True)
    (site / "index.html").write_text("<p>situs lama</p>", encoding="utf-8")
    (site / "praktik" / "a.html").write_text("<p>praktik lama</p>", encoding="utf-8")
    return site


def _fake_build(data_dir: Path, dest: Path, **_: str) -> sitebuild.BuildResult:
    (dest / "praktik").mkdir(parents=True)
    (dest / "index.html").write_text("<p>situs baru</p>", encoding="utf-8")
    return sitebuild.BuildResult(True, "")


def _leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.mark.parametrize("failing_rename", [1, 2], ids=["memindahkan-situs-lama", "memasang-situs-baru"])
def test_swap_failing_midway_keeps_the_published_site(monkeypatch: pytest.MonkeyPatch, data: Path, published: Path,
                                                      failing_rename: int) -> None:
    before = tree_hash(published)
    monkeypatch.setattr(sitebuild, "run_mkdocs_build", _fake_build)
    monkeypatch.setattr(Path, "rename", fail_on_call(Path.rename, failing_rename))
    with pytest.raises(OSError):
        sitebuild.build_into(data, published)
    assert tree_hash(published) == before
    assert _leftovers(published) == []


def test_build_crashing_keeps_the_published_site(monkeypatch: pytest.MonkeyPatch, data: Path,
                                                 published: Path) -> None:
    before = tree_hash(published)

    def crash(data_dir: Path, dest: Path, **_: str) -> sitebuild.BuildResult:
        _fake_build(data_dir, dest)  # half a site written, then the build dies
        raise RuntimeError("mkdocs mogok (uji)")

    monkeypatch.setattr(sitebuild, "run_mkdocs_build", crash)
    with pytest.raises(RuntimeError):
        sitebuild.build_into(data, published)
    assert tree_hash(published) == before
    assert _leftovers(published) == []


def test_successful_swap_replaces_the_site(monkeypatch: pytest.MonkeyPatch, data: Path, published: Path) -> None:
    """The same fake build without a failure does change the site (so the tests above can fail)."""
    before = tree_hash(published)
    monkeypatch.setattr(sitebuild, "run_mkdocs_build", _fake_build)
    assert sitebuild.build_into(data, published).ok
    assert tree_hash(published) != before
    assert (published / "index.html").read_text(encoding="utf-8") == "<p>situs baru</p>"
    assert _leftovers(published) == []


def _start_build(data: Path, site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "macros.cli.main", "build", "--data", str(data), "--out", str(site)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_mkdocs_output(site: Path, proc: subprocess.Popen[bytes], timeout: float = 120) -> bool:
    """True once the build is writing pages into its temporary folder."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        if any(site.parent.glob(f".{site.name}.baru-*/site/*/*.html")):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_build_keeps_the_published_site(data: Path, published: Path, sig: signal.Signals) -> None:
    before = tree_hash(published)
    proc = _start_build(data, published)
    try:
        writing = _wait_for_mkdocs_output(published, proc)
        assert writing, "the build ended before it could be interrupted"
        os.killpg(proc.pid, sig)  # the whole group: kks and its mkdocs child
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode != 0
    assert tree_hash(published) == before
    if sig == signal.SIGINT:  # an orderly stop also cleans its temporary folder
        assert _leftovers(published) == []


# --- Publishing faults (kks publish) ----------------------------------------------------------------------
# Each fault strikes after a successful build: while the archive is written (a full disk), while its
# checksum is put in place, and while the new site is switched in (a folder swapped, or a link moved).
# Whatever fails, what is served stays as it was, no archive is left behind, and the error says so.


@pytest.fixture(params=["folder", "tautan"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """`--out` as a plain folder holding the last site, or as a link into a folder of releases."""
    srv = tmp_path / "srv"
    site = srv / "situs" if request.param == "folder" else srv / "rilis" / "pustaka-kks-20260101-000000"
    (site / "praktik").mkdir(parents=True)
    (site / "index.html").write_text("<p>situs lama</p>", encoding="utf-8")
    (site / "praktik" / "a.html").write_text("<p>praktik lama</p>", encoding="utf-8")
    if request.param == "tautan":
        (srv / "situs").symlink_to("rilis/pustaka-kks-20260101-000000")
    return srv / "situs"


def _state(out: Path) -> tuple[str, str, list[str]]:
    """What readers see (the link's target and the served tree) and every name in the server folder."""
    srv = out.parent
    return (os.readlink(out) if out.is_symlink() else "", tree_hash(out.resolve()),
            sorted(str(p.relative_to(srv)) for p in srv.rglob("*")))


def _publish_faulty(data: Path, out: Path) -> str:
    from macros import publish

    with pytest.raises(publish.PublishError) as failed:
        publish.publish(data, out, publish.Edition(), out.parent, datetime(2026, 11, 28, 21, 5, 30))
    return str(failed.value)


@pytest.mark.parametrize("failing_member", [1, 3], ids=["awal-arsip", "tengah-arsip"])
def test_disk_full_while_archiving_publishes_nothing(monkeypatch: pytest.MonkeyPatch, data: Path, served: Path,
                                                     failing_member: int) -> None:
    from macros import publish

    before = _state(served)
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    monkeypatch.setattr(tarfile.TarFile, "addfile", fail_on_call(tarfile.TarFile.addfile, failing_member))
    message = _publish_faulty(data, served)
    assert "arsip tidak bisa ditulis" in message and "ruang disk penuh" in message
    assert "yang sedang tayang tidak berubah" in message and "tidak ada arsip baru" in message
    assert _state(served) == before  # same site, same link, no archive, no temporary file or folder


def test_checksum_failing_removes_the_archive_too(monkeypatch: pytest.MonkeyPatch, data: Path, served: Path) -> None:
    from macros import publish

    before = _state(served)
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    monkeypatch.setattr(publish, "_claim", fail_on_call(publish._claim, 2))  # the .sha256 beside the .tar.gz
    assert "arsip tidak bisa ditulis" in _publish_faulty(data, served)
    assert _state(served) == before


def test_switch_failing_keeps_what_is_served_and_removes_the_archive(monkeypatch: pytest.MonkeyPatch, data: Path,
                                                                    served: Path) -> None:
    from macros import publish

    before = _state(served)
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    if served.is_symlink():
        monkeypatch.setattr(publish.os, "replace", fail_on_call(os.replace, 1))  # moving the link
    else:
        monkeypatch.setattr(Path, "rename", fail_on_call(Path.rename, 2))  # putting the new folder in place
    message = _publish_faulty(data, served)
    assert "situs tidak bisa dipasang" in message and "arsipnya dihapus lagi" in message
    assert _state(served) == before


def test_publish_without_fault_changes_the_site_and_adds_an_archive(monkeypatch: pytest.MonkeyPatch, data: Path,
                                                                    served: Path) -> None:
    """The same fake build without a fault (so the tests above can fail)."""
    from macros import publish

    before = _state(served)
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    done = publish.publish(data, served, publish.Edition(), served.parent, datetime(2026, 11, 28, 21, 5, 30))
    after = _state(served)
    assert after != before and (served / "index.html").read_text(encoding="utf-8") == "<p>situs baru</p>"
    assert done.archive is not None and done.archive.name == "pustaka-kks-20261128-210530.tar.gz"
    assert [n for n in after[2] if n.startswith(".") or "/." in n] == []


def test_disk_full_message_on_the_command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               data: Path, served: Path) -> None:
    """One Indonesian line saying what is served and what was not written; exit 1, no traceback."""
    from macros import publish
    from macros.cli.main import main

    before = _state(served)
    monkeypatch.setattr(publish, "run_mkdocs_build", _fake_build)
    monkeypatch.setattr(tarfile.TarFile, "addfile", fail_on_call(tarfile.TarFile.addfile, 2))
    assert main(["publish", "--data", str(data), "--out", str(served)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("kks publish: arsip tidak bisa ditulis di ") and "ruang disk penuh" in line
    assert "Traceback" not in captured.err and "tak terduga" not in captured.err
    assert _state(served) == before


# --- Importers -----------------------------------------------------------------------------------------


def test_instrument_import_failing_midway_leaves_data_unchanged(monkeypatch: pytest.MonkeyPatch, data: Path,
                                                                tmp_path: Path) -> None:
    instrument = pytest.importorskip("macros.importers.instrument")
    from test_import_instrument import build_workbook

    workbook = tmp_path / "instrumen.xlsx"
    build_workbook().save(workbook)
    before = tree_hash(data)
    monkeypatch.setattr(instrument.os, "replace", fail_on_call(os.replace, 3))  # after two files moved
    written, issues = instrument.run_import(workbook, 2025, data)
    assert written == [] and issues, "the failure must be reported"
    assert tree_hash(data) == before


def test_instrument_import_failing_while_writing_leaves_data_unchanged(monkeypatch: pytest.MonkeyPatch, data: Path,
                                                                       tmp_path: Path) -> None:
    instrument = pytest.importorskip("macros.importers.instrument")
    from test_import_instrument import build_workbook

    workbook = tmp_path / "instrumen.xlsx"
    build_workbook().save(workbook)
    before = tree_hash(data)
    monkeypatch.setattr(instrument, "_write_text", fail_on_call(instrument._write_text, 4))
    written, issues = instrument.run_import(workbook, 2025, data)
    assert written == [] and issues
    assert tree_hash(data) == before


def _practice_workbook(practices: Any, data: Path, dest: Path, changed: int) -> None:
    """The export of `data` with the title of the first `changed` practices edited."""
    count, issues = practices.export_practices(data, dest)
    assert issues == [] and count >= changed
    book = openpyxl.load_workbook(dest)
    sheet = book[practices.SHEET]
    column = [c.value for c in sheet[1]].index("judul") + 1
    for row in range(2, 2 + changed):
        sheet.cell(row, column).value = f"Judul baru {row}"
    book.save(dest)


def test_practice_import_failing_midway_leaves_data_unchanged(monkeypatch: pytest.MonkeyPatch, data: Path,
                                                              tmp_path: Path) -> None:
    practices = pytest.importorskip("macros.importers.practices")
    workbook = tmp_path / "praktik.xlsx"
    _practice_workbook(practices, data, workbook, changed=4)
    before = tree_hash(data)
    monkeypatch.setattr(practices.os, "replace", fail_on_call(os.replace, 3))  # after two files moved
    with pytest.raises(OSError):
        practices.import_practices(workbook, data)
    assert tree_hash(data) == before


def test_practice_import_without_failure_changes_data(data: Path, tmp_path: Path) -> None:
    """The same import without a failure writes the four files (so the test above can fail)."""
    practices = pytest.importorskip("macros.importers.practices")
    workbook = tmp_path / "praktik.xlsx"
    _practice_workbook(practices, data, workbook, changed=4)
    result = practices.import_practices(workbook, data)
    assert result.issues == () and len(result.written) == 4
    assert load_catalog(data)[1] == []


def test_assessment_write_failing_leaves_data_unchanged(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    assessment = pytest.importorskip("macros.importers.assessment")
    folder = data / "penilaian"
    folder.mkdir()
    record = assessment.assessment_record("sintetis-00001", 2025, 2025, "uji", [{"indikator": "T1.1", "mandiri": 100}])
    assessment.write_record(record, folder)
    before = tree_hash(data)
    record["nilai"][0]["mandiri"] = 50
    monkeypatch.setattr(assessment.os, "replace", fail_on_call(os.replace, 1))
    with pytest.raises(OSError):
        assessment.write_record(record, folder)
    assert tree_hash(data) == before
