"""Put several staged files into place, all or none.

Importers write every file to a temporary name first; this module then moves them onto their
targets. If any move fails, the files already moved are put back as they were, so `data/` never
holds a mix of old and new records.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def staged_file(folder: Path, prefix: str, suffix: str = ".tmp") -> tuple[int, Path]:
    """A new temporary file in `folder` (the target's file system, so it can be renamed into
    place) with the permissions a normally created file gets: mkstemp makes 0600, but data files,
    templates and downloads must be readable by colleagues and by the web server.

    Returns the open descriptor and the path; the caller writes, closes and renames it."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, Path(name)


def replace_all(moves: list[tuple[Path, Path]]) -> None:
    """Move each staged file onto its target (same file system); on failure restore and re-raise.

    An existing target is first renamed to a hidden backup beside it (hidden files are ignored
    by the loader, should the process be killed at that very moment).
    """
    done: list[tuple[Path, Path | None]] = []
    try:
        for staged, target in moves:
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.lama-{os.getpid()}")
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(staged, target)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)
