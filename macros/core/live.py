"""A data folder kept in memory while `kks serve` runs: an edited record file is read and checked
alone, and the catalog is updated in place instead of reloaded.

The outcome is what `load_catalog` would give on the folder as it is now (tests/test_live.py
compares the two), because of where each problem and each record comes from:

- the problems of a record file (daerah/, praktik/, penilaian/, kunjungan/) come from that file
  and from the references (`checks.References`), which are gathered only from the framework,
  the register, the award rounds and the region profiles (`load.REFERENCE_KINDS`);
- editing a case study, an assessment or a visit therefore changes no other file's problems,
  and editing a region profile changes them only when the profile's id changes (which the
  region ids in `References` would show);
- a record depends on its own file, the references and the award rounds.

A case study, an assessment or a visit can also be created, deleted or renamed in place:
nothing refers to them. Everything else is a reload (`Reload`): a framework, register or award
round file, a region profile created, deleted, renamed or given another id, a file outside the
record folders, a folder moved. A reload is what `kks validate` does; it never leaves the
catalog behind the files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import checks
from .catalog import Catalog
from .issues import Issue, display_path, sort_issues
from .load import (
    RECORD_TARGETS,
    Loaded,
    build_catalog,
    data_kind,
    make_record,
    read_document,
    read_documents,
    record_issues,
    references,
    region_awards,
)

Stat = tuple[int, int]
"""(modification time in ns, size in bytes) of a file."""

RecordKey = tuple[str, str]
"""(schema id, record id), e.g. ("praktik", "kota-makassar-lorong-garden")."""

CHANGED, CREATED, DELETED = "ubah", "baru", "hapus"


@dataclass(frozen=True)
class Reload:
    """The change cannot be applied in place: load the whole folder again (`LiveData.load`)."""

    reason: str


@dataclass(frozen=True)
class Invalid:
    """The folder has problems now; the catalog stays the last valid one."""

    issues: list[Issue]


@dataclass(frozen=True)
class Updated:
    """The catalog after the change, the one before it and the records that differ."""

    old: Catalog
    new: Catalog
    changed: frozenset[RecordKey]


Outcome = Reload | Invalid | Updated


def _hidden(rel: tuple[str, ...]) -> bool:
    return any(part.startswith(".") for part in rel)


def scan(data_dir: Path) -> dict[Path, Stat]:
    """Every file of the folder that is not hidden, with its Stat (symbolic links not followed)."""
    out: dict[Path, Stat] = {}
    for folder, dirs, files in os.walk(data_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            stat = _stat(path)
            if stat is not None:
                out[path] = stat
    return out


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def _stat(path: Path) -> Stat | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class LiveData:
    """The data folder as last read, its problems by file, and the last valid catalog.

    Not thread-safe: one caller (the serve loop) calls `load`, `changes` and `apply` in turn.
    """

    def __init__(self, data_dir: Path, documents: Path | None = None) -> None:
        self.data_dir = data_dir.resolve()
        self.documents = documents if documents is not None else checks.documents_dir(self.data_dir)
        self.catalog: Catalog | None = None
        """The catalog of the last moment the folder had no problem (what the site shows)."""
        self.refs = checks.References(documents=self.documents)
        self._stats: dict[Path, Stat] = {}
        self._items: dict[Path, Loaded | None] = {}
        self._region_ids: dict[Path, str] = {}
        self._issues: dict[str, list[Issue]] = {}
        self._pending: set[Path] = set()
        self._digests: dict[Path, bytes | None] = {}
        """Content hashes of the files read since the last `load`: a second save with the same
        size and time stamp (times kept to the second or two) is still seen."""
        self._base_ok = False

    @property
    def issues(self) -> list[Issue]:
        """Every problem of the folder as it is now, in `load_catalog`'s order."""
        return sort_issues([i for issues in self._issues.values() for i in issues])

    def load(self) -> list[Issue]:
        """Read and check the whole folder (what `load_catalog` does); the catalog becomes this
        folder's when it has no problem. Returns the problems."""
        stats = scan(self.data_dir)  # before reading: an edit made while reading shows as a change
        docs = read_documents(self.data_dir)
        catalog, more = build_catalog(docs, self.documents)
        issues = sort_issues(docs.issues + more)
        self.refs = references(docs, self.documents)
        self._stats = stats
        self._digests = {}
        self._items = {item.doc.path: item for item in docs.loaded if item.kind in RECORD_TARGETS}
        self._items.update({path: None for path, kind in docs.unreadable if kind in RECORD_TARGETS})
        self._region_ids = {path: self._region_id(path, item) for path, item in self._items.items()
                            if data_kind(self._rel(path)) == "daerah"}
        self._issues = {}
        for issue in issues:
            self._issues.setdefault(issue.path, []).append(issue)
        self._pending.clear()
        self._base_ok = not issues
        if not issues:
            self.catalog = catalog
        return issues

    def _rel(self, path: Path) -> tuple[str, ...]:
        return path.relative_to(self.data_dir).parts

    @staticmethod
    def _region_id(path: Path, item: Loaded | None) -> str:
        """What a region profile adds to `References.regions` (see `load.references`)."""
        return (item.fields.get(("id",), str) if item is not None else None) or path.stem

    def changes(self, touched: Iterable[Path]) -> dict[Path, str]:
        """Of the paths the watcher reported, those whose file differs from what was last read:
        CHANGED, CREATED or DELETED. An editor's temporary and backup files that came and went
        cancel out; hidden files and READMEs are not data, and folders are left out."""
        out: dict[Path, str] = {}
        for path in touched:
            path = Path(os.path.abspath(path))
            if not path.is_relative_to(self.data_dir) or path == self.data_dir:
                continue
            rel = self._rel(path)
            if _hidden(rel) or (rel[-1].lower() == "readme.md" and not path.is_symlink()):
                continue
            before, now = self._stats.get(path), _stat(path)
            if before == now and path in self._digests and _digest(path) != self._digests[path]:
                pass  # saved twice within the file system's time step (FAT, network shares), same size
            elif before == now or (before is None and path.is_dir()):
                continue  # folders are the watcher's business (a folder moved in or out is a reload)
            out[path] = CREATED if before is None else DELETED if now is None else CHANGED
        return out

    def apply(self, changes: dict[Path, str]) -> Outcome:
        """Apply the `changes` (from `changes`). After a Reload the caller must call `load`."""
        for path, what in sorted(changes.items()):
            kind = data_kind(self._rel(path))
            shown = display_path(path)
            if kind not in RECORD_TARGETS:
                return Reload(f"{shown}: berkas ini dipakai seluruh data" if kind else f"{shown}: bukan berkas data")
            if kind == "daerah" and what != CHANGED:  # the regions records may name change
                return Reload(f"{shown}: profil daerah {'baru' if what == CREATED else 'dihapus atau diganti nama'}")
            if (what == CREATED) == (path in self._items):
                return Reload(f"{shown}: berkas tidak seperti yang terakhir dibaca")
            if path.is_symlink():  # refused by a full load (load._discover), which says why
                return Reload(f"{shown}: tautan simbolik")
        for path, what in sorted(changes.items()):
            self._pending.add(path)
            if what == DELETED:  # nothing refers to a case study, an assessment or a visit
                self._items.pop(path, None)
                self._stats.pop(path, None)
                self._digests.pop(path, None)
                self._issues.pop(display_path(path), None)
                continue
            stat = _stat(path)  # before reading, as in `load`
            self._digests[path] = _digest(path)  # before reading too: a later write differs from it
            kind = data_kind(self._rel(path))
            assert kind is not None
            item, problems = read_document(path, kind)
            if kind == "daerah" and self._region_id(path, item) != self._region_ids[path]:
                return Reload(f"{display_path(path)}: id daerah berubah")
            if item is not None:
                problems = problems + record_issues(item, self.refs)
            self._items[path] = item
            self._issues[display_path(path)] = problems
            if stat is not None:
                self._stats[path] = stat
        issues = self.issues
        if issues:
            return Invalid(issues)
        if not self._base_ok or self.catalog is None:
            return Reload("data kembali valid setelah pemuatan ulang yang bermasalah")
        return self._update(self.catalog)

    def _update(self, old: Catalog) -> Outcome:
        new = replace(old, regions=dict(old.regions), practices=dict(old.practices),
                      assessments=dict(old.assessments), visits=dict(old.visits), score_cache={})
        awards = region_awards(old)
        changed: set[RecordKey] = set()
        added: set[str] = set()
        for path in sorted(self._pending):
            kind = data_kind(self._rel(path))
            assert kind is not None
            records = getattr(new, RECORD_TARGETS[kind])
            item = self._items.get(path)
            if item is None:  # deleted; its record had the file's name as id (it was valid)
                if records.pop(path.stem, None) is not None:
                    changed.add((kind, path.stem))
                continue
            assert item.valid
            record_id = item.doc.data["id"]
            record = make_record(item, self.refs, awards)
            if record_id not in records:
                added.add(kind)
            if records.get(record_id) != record:
                changed.add((kind, record_id))
            records[record_id] = record  # a key kept keeps its place: the order of a full load
        for kind in added:  # a new record goes where a full load puts it: in the order of the files
            records = getattr(new, RECORD_TARGETS[kind])
            ordered = {path.stem: records[path.stem] for path in sorted(self._items)
                       if data_kind(self._rel(path)) == kind}
            assert ordered.keys() == records.keys()
            records.clear()
            records.update(ordered)
        self._pending.clear()
        self.catalog = new
        return Updated(old, new, frozenset(changed))
