"""Problems found in input, kept as values and reported all at once."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_OS_ERRORS = {
    errno.ENOENT: "berkas atau folder tidak ada",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EROFS: "sistem berkas hanya bisa dibaca",
    errno.EISDIR: "itu sebuah folder, bukan berkas",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.EEXIST: "bagian jalurnya sudah ada sebagai berkas",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
}


def os_reason(err: OSError) -> str:
    """Why a file operation failed, in Indonesian (the operating system's own text is English)."""
    return _OS_ERRORS.get(err.errno or 0, err.strerror or type(err).__name__)


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one file: where it is, which field, what is wrong and how to fix it."""

    path: str
    line: int
    field: str
    message: str

    def format(self) -> str:
        """`PATH:LINE: field: message`, the form editors and CI logs understand."""
        field = self.field or "(berkas)"
        return f"{self.path}:{self.line}: {field}: {self.message}"


def display_path(path: Path | str) -> str:
    """The path relative to the current directory when it is below it, else as given."""
    p = Path(path)
    try:
        # A data folder has thousands of files in a few folders: resolve each folder once.
        return str((_resolved(str(p.parent), os.getcwd()) / p.name).relative_to(_resolved(".", os.getcwd())))
    except ValueError:
        return str(p)


@lru_cache(maxsize=256)
def _resolved(folder: str, cwd: str) -> Path:
    """`folder` resolved against `cwd` (a key, so a change of directory is not served stale)."""
    return (Path(cwd) / folder).resolve()


def format_field(path: tuple[str | int, ...]) -> str:
    """('sumber', 0, 'url') -> 'sumber[0].url'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def sort_issues(issues: list[Issue]) -> list[Issue]:
    return sorted(set(issues), key=lambda i: (i.path, i.line, i.field, i.message))
