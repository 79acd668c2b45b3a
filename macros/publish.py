"""Publishing the site to an intranet: a dated archive, then an atomic switch of what is served.

Three editions come from one build path (macros/sitebuild.run_mkdocs_build), chosen by
environment variables that mkdocs.yml and the render layer read:

- normal: for a web server (see scripts/nginx-kks.conf);
- offline (KKS_OFFLINE=true): Material's offline plugin writes search/search_index.js and the
  vendored iframe-worker shim runs search over file://, so the folder works from a file share;
- tanpa kontak (KKS_TANPA_KONTAK=1): no phone number or e-mail address at all, even public ones.

Two layouts of `--out` (see `Target`):

- a folder: the new build replaces it with two renames (sitebuild.swap_into_place);
- a symbolic link into a folder of releases (`situs -> rilis/pustaka-kks-...`, the README's
  server procedure): the build becomes a new release folder beside the others and the link is
  replaced in one rename. No existing release is ever written to, so rolling back is pointing
  the link at the previous release.

Order of a publish, so that a failure at any step leaves what is served unchanged: take a
lock on `--out` (a second publish waits), build into a temporary folder, write the archive
from that folder (not from `--out`, which another process could change), and only then switch.
The archive (`.tar.gz` + `.sha256` in `sha256sum -c` format) is for servers without Python:
copy both, check, unpack into the releases folder, point the link at it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .core.issues import os_reason
from .sitebuild import PROJECT_ROOT, BuildResult, run_mkdocs_build, swap_into_place

ARCHIVE_PREFIX = "pustaka-kks"


@dataclass(frozen=True)
class Edition:
    offline: bool = False
    without_contacts: bool = False

    def env(self) -> dict[str, str]:
        # Always set both, so a variable left in the caller's shell cannot change the edition.
        return {"KKS_OFFLINE": "true" if self.offline else "false",
                "KKS_TANPA_KONTAK": "1" if self.without_contacts else "0"}

    @property
    def suffix(self) -> str:
        return ("-offline" if self.offline else "") + ("-tanpa-kontak" if self.without_contacts else "")

    @property
    def label(self) -> str:
        parts = ["luring, untuk dibuka dari disk" if self.offline else "server web"]
        if self.without_contacts:
            parts.append("tanpa kontak pribadi")
        return ", ".join(parts)


class PublishError(Exception):
    """A step failed after the build; the message (Indonesian) says what is served and what not."""


@dataclass(frozen=True)
class Published:
    """What a publish did. `build.ok` false: nothing changed and `log` holds MkDocs' output."""

    build: BuildResult
    served: Path | None = None
    """The folder now served: `--out` itself, or the new release the link points to."""
    previous: Path | None = None
    """The release the link pointed to before (kept for rollback), when `--out` is a link."""
    archive: Path | None = None
    checksum: Path | None = None
    log: Path | None = None


@dataclass(frozen=True)
class Target:
    """Where a publish goes. `link` is set when `--out` is a symbolic link: then `releases` is
    the folder of its target, where the new release is made; else the build replaces `out`."""

    out: Path
    link: str | None = None
    """The link's target as written (relative or absolute), when `out` is a link."""

    @classmethod
    def of(cls, out: Path) -> Target:
        out = Path(os.path.abspath(out))
        return cls(out, os.readlink(out)) if out.is_symlink() else cls(out)

    @property
    def current(self) -> Path:
        """The folder served now (the link's target, or `out`)."""
        return Path(os.path.normpath(self.out.parent / self.link)) if self.link is not None else self.out

    @property
    def releases(self) -> Path | None:
        return self.current.parent if self.link is not None else None

    @property
    def work_parent(self) -> Path:
        """Where the build is made: on the file system it is renamed onto."""
        return self.releases if self.releases is not None else self.out.parent

    def link_text(self, release: Path) -> str:
        """What the new link says: the same style (relative or absolute) as the old one."""
        assert self.link is not None
        return str(Path(self.link).parent / release.name) if not os.path.isabs(self.link) else str(release)


def archive_stem(edition: Edition, when: datetime, n: int = 1) -> str:
    """`pustaka-kks-20261128-210530[-2][-offline][-tanpa-kontak]`: sorts by date and time to the
    second, names the edition; `-2`, `-3`... only when that second is already taken."""
    return f"{ARCHIVE_PREFIX}-{when:%Y%m%d-%H%M%S}{f'-{n}' if n > 1 else ''}{edition.suffix}"


def free_stem(edition: Edition, when: datetime, archive_dir: Path | None, releases: Path | None) -> str:
    """The first stem whose archive, checksum and release folder are all unused (called under
    the lock, so another publish cannot take it in between)."""
    for n in range(1, 1000):
        stem = archive_stem(edition, when, n)
        taken = [archive_dir / f"{stem}.tar.gz", archive_dir / f"{stem}.tar.gz.sha256"] if archive_dir else []
        taken += [releases / stem] if releases is not None else []
        if not any(os.path.lexists(p) for p in taken):
            return stem
    raise PublishError(f"terlalu banyak terbitan pada detik {when:%H:%M:%S}; coba lagi")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _not_a_site(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir()) and not (folder / "index.html").is_file()


def target_problems(out: Path, data_dir: Path, archive_dir: Path | None) -> list[str]:
    """Why publishing to `out` is refused (in Indonesian), or nothing. A folder is replaced
    whole, and a link is switched away from what it points to, so refuse anything that is not
    clearly a site published before."""
    target = Target.of(out)
    data = data_dir.resolve()
    problems = []
    if target.link is not None:
        # Nothing is deleted in this layout: only a new folder beside the current release and
        # a new link. What must hold: the link points at a site, and no file lands inside it.
        current = target.current.resolve()
        releases = current.parent
        if not releases.is_dir():
            problems.append(f"tautan {out} menunjuk ke {target.current}, tetapi folder rilisnya {releases} "
                            "tidak ada; buat foldernya atau perbaiki tautannya")
        elif current.exists() and not current.is_dir():
            problems.append(f"tautan {out} menunjuk ke berkas {current}, bukan folder situs; perbaiki tautannya")
        elif _not_a_site(current) or _inside(data, current) or _inside(PROJECT_ROOT, current):
            problems.append(f"tautan {out} menunjuk ke {current}, yang berisi berkas lain (tanpa index.html) "
                            "dan bukan situs terbitan sebelumnya; perbaiki tautannya")
        if archive_dir is not None and _inside(archive_dir.resolve(), current):
            problems.append(f"folder arsip {archive_dir} ada di dalam rilis yang sedang tayang ({current}); "
                            "rilis tidak boleh diubah, pilih folder lain (bawaan: folder tempat tautan)")
        return problems
    resolved = target.out.resolve()
    if _inside(data, resolved) or _inside(PROJECT_ROOT, resolved):
        problems.append(f"folder tujuan {resolved} memuat data atau proyek; pilih folder khusus situs, "
                        "misalnya /srv/pustaka-kks/situs")
    elif resolved.exists() and not resolved.is_dir():
        problems.append(f"{resolved} adalah berkas, bukan folder; pilih folder lain")
    elif _not_a_site(resolved):
        problems.append(f"folder tujuan {resolved} sudah berisi berkas lain (tanpa index.html), jadi bukan "
                        "situs terbitan sebelumnya; kosongkan atau pilih folder lain")
    if archive_dir is not None and _inside(archive_dir.resolve(), resolved):
        problems.append(f"folder arsip {archive_dir} ada di dalam folder tujuan dan akan terhapus "
                        "saat situs diganti; pilih folder lain (bawaan: induk folder tujuan)")
    return problems


# --- Lock ------------------------------------------------------------------------------------------


def lock_path(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    return out.parent / f".{out.name}.kunci"


@contextmanager
def publish_lock(out: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `--out` (a lock file beside it, flock). A second publish to the
    same `--out` waits until the first is done, after telling `on_wait` who holds the lock.

    The lock file is removed on release; a waiter that then holds a removed file's lock
    notices (the path no longer names its file) and locks the path again."""
    import fcntl  # POSIX only: publishing targets a Linux server or share

    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None and not told:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "proses lain"
                    on_wait(holder)
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            mine = os.fstat(fd)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                now = None
            if now is not None and (now.st_ino, now.st_dev) == (mine.st_ino, mine.st_dev):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, mulai {time.strftime('%H:%M:%S')}\n".encode(), 0)
        yield
    finally:
        try:
            os.unlink(path)
        finally:
            os.close(fd)


# --- Archive ---------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # The archive is unpacked on another server: no owner names or ids from the build machine.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o755 if info.isdir() else 0o644
    return info


def _temp_file(folder: Path, stem: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=folder)
    os.close(fd)
    os.chmod(name, 0o644)  # mkstemp makes 0600; the archive is meant to be copied by others
    return Path(name)


def _claim(tmp: Path, final: Path) -> None:
    """Give `tmp` the name `final` only if no file has it: an archive is never overwritten."""
    os.link(tmp, final)  # fails with FileExistsError when the name is taken
    tmp.unlink()


def write_archive(site: Path, archive_dir: Path, stem: str) -> tuple[Path, Path]:
    """`<stem>.tar.gz` (one top folder `<stem>/`) and `<stem>.tar.gz.sha256` in `archive_dir`.
    Both are written to temporary names first, so a half-written archive (a full disk) never
    has the final name; on any failure neither final file is left."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    archive = archive_dir / f"{stem}.tar.gz"
    checksum = archive_dir / f"{archive.name}.sha256"
    done: list[Path] = []
    tmp = _temp_file(archive_dir, stem)
    try:
        with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            tar.add(site, arcname=stem, filter=_normalise)  # tarfile sorts each folder's entries
        line = f"{sha256_file(tmp)}  {archive.name}\n"
        _claim(tmp, archive)
        done.append(archive)
        tmp = _temp_file(archive_dir, stem)
        tmp.write_text(line, encoding="ascii")
        _claim(tmp, checksum)
        done.append(checksum)
    except BaseException:
        for path in done:
            path.unlink(missing_ok=True)
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return archive, checksum


# --- Switching what is served ---------------------------------------------------------------------


def switch_link(target: Target, release: Path) -> None:
    """Point the link `target.out` at `release` in one rename (a reader sees the old or the new
    release, never neither)."""
    tmp = target.out.parent / f".{target.out.name}.tautan-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(target.link_text(release), tmp)
    try:
        os.replace(tmp, target.out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_log(text: str) -> Path:
    """MkDocs' full output in a file of the temporary folder (the terminal gets one line)."""
    fd, name = tempfile.mkstemp(prefix=f"kks-publish-{datetime.now():%Y%m%d-%H%M%S}-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return Path(name)


_LOG_PROBLEM = re.compile(r"^(ERROR|WARNING|CRITICAL)\s+-\s+(.*)$|^Error: (.*)$|^Aborted with .*$", re.M)


def first_problem(log: str) -> str:
    """The first line of MkDocs' output that says what failed (for a one-line message)."""
    match = _LOG_PROBLEM.search(log)
    if match:
        line = match.group(0)
    else:
        lines = [t.strip() for t in log.splitlines() if t.strip() and not t.startswith((" ", "Traceback"))]
        line = lines[-1] if lines else "tanpa keterangan"
    return line if len(line) <= 200 else line[:197] + "..."


def _why(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "ruang disk penuh atau kuota/ukuran berkas terlampaui"
    return os_reason(err)


def publish(data_dir: Path, out: Path, edition: Edition, archive_dir: Path | None,
            when: datetime | None = None, on_wait: Callable[[str], None] | None = None) -> Published:
    """Build the edition, write its archive (unless `archive_dir` is None), then switch `out`.

    Raises PublishError when a step after a successful build fails (the message says what is
    served and what was not written); then, too, nothing visible has changed. A failed build
    returns `Published` with `build.ok` false and the log saved to a file."""
    with publish_lock(out, on_wait):
        target = Target.of(out)
        parent = target.work_parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=f".{target.out.name}.baru-", dir=parent))
        except OSError as err:
            raise PublishError(f"tidak bisa menulis di {parent} ({_why(err)}); situs tidak diterbitkan "
                               "dan yang sedang tayang tidak berubah") from err
        try:
            result = run_mkdocs_build(data_dir, work / "site", **edition.env())
            if not result.ok:
                return Published(result, log=save_log(result.log))
            stem = free_stem(edition, when or datetime.now(), archive_dir, target.releases)
            archive = checksum = None
            if archive_dir is not None:
                try:
                    archive, checksum = write_archive(work / "site", archive_dir, stem)
                except OSError as err:
                    raise PublishError(f"arsip tidak bisa ditulis di {archive_dir} ({_why(err)}); situs "
                                       "tidak diterbitkan, yang sedang tayang tidak berubah dan tidak ada "
                                       "arsip baru") from err
            try:
                if target.link is None:
                    swap_into_place(work / "site", target.out)
                    return Published(result, target.out, None, archive, checksum)
                release = target.releases / stem
                (work / "site").rename(release)
                try:
                    switch_link(target, release)
                except BaseException:
                    shutil.rmtree(release, ignore_errors=True)
                    raise
                return Published(result, release, target.current, archive, checksum)
            except BaseException as err:
                for path in (archive, checksum):
                    if path is not None:
                        path.unlink(missing_ok=True)
                if isinstance(err, OSError):
                    raise PublishError(f"situs tidak bisa dipasang di {target.out} ({_why(err)}); yang sedang "
                                       "tayang tidak berubah dan arsipnya dihapus lagi") from err
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
