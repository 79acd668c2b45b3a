"""Publishing the site to an intranet: an atomic swap into the served folder plus a dated archive.

Three editions come from one build path (macros/sitebuild.build_into), chosen by environment
variables that mkdocs.yml and the render layer read:

- normal: for a web server (see scripts/nginx-kks.conf);
- offline (KKS_OFFLINE=true): Material's offline plugin writes search/search_index.js and the
  vendored iframe-worker shim runs search over file://, so the folder works from a file share;
- tanpa kontak (KKS_TANPA_KONTAK=1): no phone number or e-mail address at all, even public ones.

The archive (`.tar.gz` + `.sha256` in `sha256sum -c` format) is for servers without Python:
copy both, check, unpack, point the web server at the folder.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .sitebuild import PROJECT_ROOT, BuildResult, build_into

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


@dataclass(frozen=True)
class Published:
    build: BuildResult
    archive: Path | None = None
    checksum: Path | None = None


def archive_stem(edition: Edition, when: datetime) -> str:
    """`pustaka-kks-20261128-2105[-offline][-tanpa-kontak]`: sorts by date, names the edition."""
    return f"{ARCHIVE_PREFIX}-{when:%Y%m%d-%H%M}{edition.suffix}"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def target_problems(out: Path, data_dir: Path, archive_dir: Path | None) -> list[str]:
    """Why `out` must not be replaced (in Indonesian), or nothing. The swap deletes the old
    folder, so refuse anything that is not clearly a previously published site."""
    out, data = out.resolve(), data_dir.resolve()
    problems = []
    if _inside(data, out) or _inside(PROJECT_ROOT, out):
        problems.append(f"folder tujuan {out} memuat data atau proyek; pilih folder khusus situs, "
                        "misalnya /srv/pustaka-kks/situs")
    elif out.exists() and not out.is_dir():
        problems.append(f"{out} adalah berkas, bukan folder; pilih folder lain")
    elif out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        problems.append(f"folder tujuan {out} sudah berisi berkas lain (tanpa index.html), jadi bukan "
                        "situs terbitan sebelumnya; kosongkan atau pilih folder lain")
    if archive_dir is not None and _inside(archive_dir.resolve(), out):
        problems.append(f"folder arsip {archive_dir} ada di dalam folder tujuan dan akan terhapus "
                        "saat situs diganti; pilih folder lain (bawaan: induk folder tujuan)")
    return problems


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


def write_archive(site: Path, archive_dir: Path, stem: str) -> tuple[Path, Path]:
    """`<stem>.tar.gz` (one top folder `<stem>/`) and `<stem>.tar.gz.sha256` in `archive_dir`.
    Both are written to temporary names and renamed, so a half-written archive never has
    the final name."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    archive = archive_dir / f"{stem}.tar.gz"
    checksum = archive_dir / f"{archive.name}.sha256"
    tmp = _temp_file(archive_dir, stem)
    try:
        with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            tar.add(site, arcname=stem, filter=_normalise)  # tarfile sorts each folder's entries
        line = f"{sha256_file(tmp)}  {archive.name}\n"
        os.replace(tmp, archive)
        tmp = _temp_file(archive_dir, stem)
        tmp.write_text(line, encoding="ascii")
        os.replace(tmp, checksum)
    finally:
        tmp.unlink(missing_ok=True)
    return archive, checksum


def publish(data_dir: Path, out: Path, edition: Edition, archive_dir: Path | None,
            when: datetime | None = None) -> Published:
    """Build the edition into `out` (atomic swap); then archive the published folder unless
    `archive_dir` is None. A failed build leaves `out` and the archives untouched."""
    result = build_into(data_dir, out, **edition.env())
    if not result.ok or archive_dir is None:
        return Published(result)
    archive, checksum = write_archive(out.resolve(), archive_dir, archive_stem(edition, when or datetime.now()))
    return Published(result, archive, checksum)
