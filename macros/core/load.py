"""Read a data folder into a Catalog, collecting every problem on the way.

Layout of the data folder (each file one record; the file name is the record's id):

    kerangka/<tahun>/edisi.yaml          edition and predicate rules   (schema: edisi)
    kerangka/<tahun>/tatanan/<kode>.yaml a tatanan with its indicators (schema: tatanan)
    daerah/<id>.yaml                     a region                      (schema: daerah)
    praktik/<id>.yaml                    a case study                  (schema: praktik)
    penilaian/<id>.yaml                  an assessment                 (schema: penilaian)
    kunjungan/<id>.yaml                  a study visit and its follow-up (schema: kunjungan)
    kerangka/<tahun>/panduan/<kode>.yaml verification guidance per indicator (schema: panduan)
    wilayah/kabupaten-kota.yaml          the national register of regions (schema: wilayah)
    penghargaan/<tahun>.yaml             one round of the national award (schema: penghargaan)
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import checks
from .catalog import Catalog
from .issues import Issue, display_path, sort_issues
from .records import (
    Application,
    Assessment,
    AwardRound,
    Edition,
    Guidance,
    GuideDocument,
    HistoryEntry,
    IndicatorKind,
    NextRound,
    Practice,
    Predicate,
    Region,
    Source,
    Tatanan,
)
from .schema import check_document
from .visits import Visit
from .yamlio import YamlDoc, read_yaml

RECORD_FOLDERS = {"daerah": "daerah", "praktik": "praktik", "penilaian": "penilaian", "kunjungan": "kunjungan",
                  "penghargaan": "penghargaan"}
"""Folder under data/ -> schema id, for the one-record-per-file kinds."""


@dataclass
class Loaded:
    """A parsed document and the fields the schema check found wrong (empty: ready to become a record)."""

    doc: YamlDoc
    kind: str
    bad: frozenset[str] = frozenset()

    @property
    def valid(self) -> bool:
        return not self.bad

    @property
    def fields(self) -> checks.Fields:
        return checks.Fields(self.doc, self.bad)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def data_kind(rel: tuple[str, ...]) -> str | None:
    """The schema a data file follows, from its path relative to the data folder (None: not a
    data file)."""
    if not rel or not rel[-1].endswith(".yaml"):
        return None
    if len(rel) == 2 and rel[0] in RECORD_FOLDERS:
        return RECORD_FOLDERS[rel[0]]
    if rel == ("wilayah", "kabupaten-kota.yaml"):
        return "wilayah"
    if len(rel) == 3 and rel[0] == "kerangka" and rel[2] == "edisi.yaml":
        return "edisi"
    if len(rel) == 4 and rel[0] == "kerangka" and rel[2] in ("tatanan", "panduan"):
        return rel[2]
    return None


def _discover(data_dir: Path) -> tuple[list[tuple[Path, str]], list[Issue]]:
    """Every data file with the schema it must follow; stray files are reported.

    Hidden files and folders (`.git/`, `.vscode/`, `.idea/`, editor backups) are not data and
    are never entered, however many files they hold."""
    found: list[tuple[Path, str]] = []
    issues: list[Issue] = []
    paths: list[Path] = []
    for folder, dirs, files in os.walk(data_dir):
        base = Path(folder)
        links = [d for d in dirs if (base / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and d not in links)
        paths += [base / name for name in (*files, *links) if not _hidden(name)]
    for path in sorted(paths):
        if path.is_symlink():
            # A link could pull any file of the build machine into the site and into messages.
            shown = str(Path(display_path(path.parent)) / path.name)  # the link itself, not its target
            issues.append(Issue(shown, 1, "", "tautan simbolik (symlink) tidak diizinkan di folder "
                                "data; salin isi berkasnya ke sini atau hapus tautannya"))
            continue
        if path.name.lower() == "readme.md":
            continue
        kind = data_kind(path.relative_to(data_dir).parts)
        if kind:
            found.append((path, kind))
        elif path.suffix in (".yml", ".YAML", ".Yaml"):
            issues.append(Issue(display_path(path), 1, "", "akhiran berkas harus '.yaml'; ganti nama berkasnya"))
        else:
            issues.append(Issue(display_path(path), 1, "",
                                "berkas di tempat yang tidak dikenal; data harus berada di kerangka/, "
                                "wilayah/, penghargaan/, daerah/, praktik/, penilaian/ atau kunjungan/ "
                                "dengan akhiran .yaml"))
    return found, issues


@dataclass
class Documents:
    """Every data file that could be parsed (with or without schema problems), the ones that
    could not, and every problem found so far."""

    loaded: list[Loaded]
    unreadable: list[tuple[Path, str]]
    issues: list[Issue]


def read_document(path: Path, kind: str, shown: str | None = None) -> tuple[Loaded | None, list[Issue]]:
    """Parse and schema-check one file: the document (None when it cannot be parsed) and its
    problems. `shown`: the path as messages give it (default: `display_path(path)`)."""
    doc, problems = read_yaml(path, shown or display_path(path))
    if doc is None:
        return None, problems
    problems = check_document(doc, kind)
    return Loaded(doc, kind, frozenset(p.field for p in problems)), problems


def read_documents(data_dir: Path, kinds: frozenset[str] | None = None) -> Documents:
    """Parse and schema-check every file. Documents with schema problems are kept (marked), so
    that their references can still be checked; only unparseable files are left out.

    `kinds`: read only files of these schemas (and report no stray files): enough to gather the
    references (REFERENCE_KINDS) without reading every case study."""
    files, issues = _discover(data_dir)
    if kinds is not None:
        files, issues = [(path, kind) for path, kind in files if kind in kinds], []
    loaded: list[Loaded] = []
    unreadable: list[tuple[Path, str]] = []
    for (path, kind), (item, problems) in zip(files, _read_all(files), strict=True):
        issues += problems
        if item is None:
            unreadable.append((path, kind))
        else:
            loaded.append(item)
    return Documents(loaded, unreadable, issues)


PARALLEL_FROM = 4000
"""Files from which `read_documents` reads in several processes: parsing and the schema check
are most of `kks validate` (12 of 15 s at 25,000 case studies on 2 cores) and each file is read
alone; below this, starting the processes costs more than it saves."""


def _read_one(task: tuple[Path, str, str]) -> tuple[Loaded | None, list[Issue]]:
    return read_document(*task)


def _read_all(files: list[tuple[Path, str]]) -> Iterable[tuple[Loaded | None, list[Issue]]]:
    """`read_document` of each file, in order; in a process per core for a large folder."""
    # Paths as messages show them are worked out here: a worker's current directory may differ.
    tasks = [(path, kind, display_path(path)) for path, kind in files]
    workers = min(os.cpu_count() or 1, 4)
    if len(tasks) < PARALLEL_FROM or workers < 2:
        return map(_read_one, tasks)
    try:
        # forkserver: kks serve has threads (file watching), which a plain fork must not copy.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
    except (OSError, NotImplementedError, ValueError):  # no process support here: read in this one
        return map(_read_one, tasks)
    try:
        with pool:
            return list(pool.map(_read_one, tasks, chunksize=200))
    except (BrokenProcessPool, OSError):  # a worker killed (out of memory) or not started: read here
        return map(_read_one, tasks)


REFERENCE_KINDS = frozenset({"edisi", "tatanan", "daerah", "wilayah", "penghargaan"})
"""The schemas `references` reads: what a record may refer to comes only from these files."""
RECORD_KINDS = ("daerah", "praktik", "penilaian", "kunjungan")
"""One record per file, checked against the references (checks.RECORD_CHECKS)."""
RECORD_TARGETS = {"daerah": "regions", "praktik": "practices", "penilaian": "assessments", "kunjungan": "visits"}
"""Schema id -> the Catalog field holding its records."""


def _edition_year(folder: Path, fields: checks.Fields | None) -> int | None:
    year = fields.get(("edisi",), int) if fields is not None else None
    if year is None and folder.name.isdigit():
        year = int(folder.name)
    return year


def references(docs: Documents, documents: Path | None) -> checks.References:
    """What records may refer to, from every file that exists (see checks.References)."""
    refs = checks.References(documents=documents)
    edition_files = [(item.doc.path, item.doc, item.fields) for item in docs.loaded if item.kind == "edisi"]
    edition_files += [(path, None, None) for path, kind in docs.unreadable if kind == "edisi"]
    years: dict[Path, int] = {}
    for path, _, fields in edition_files:
        year = _edition_year(path.parent, fields)
        if year is not None:
            years[path.parent] = year
            refs.editions.setdefault(year, checks.EditionRefs(year))
    tatanan_files = [(item.doc.path, item.doc, item.fields) for item in docs.loaded if item.kind == "tatanan"]
    tatanan_files += [(path, None, None) for path, kind in docs.unreadable if kind == "tatanan"]
    for path, doc, fields in tatanan_files:
        year = years.get(path.parent.parent)
        if year is not None:
            checks.add_tatanan(refs.editions[year], doc, path.stem, fields)
    for item in docs.loaded:
        if item.kind == "daerah":
            refs.regions.add(item.fields.get(("id",), str) or item.doc.path.stem)
        elif item.kind == "wilayah" and item.valid:
            refs.places, _ = checks.read_register(item.doc)  # its problems are reported by build_catalog
        elif item.kind == "penghargaan":
            f = item.fields
            year = f.get(("putaran",), int)
            if year is not None:
                listed = refs.awards.setdefault(year, {})
                for i, _ in f.items(("penerima",), dict):
                    region, predicate = f.get(("penerima", i, "daerah"), str), f.get(("penerima", i, "predikat"), str)
                    if region is not None and predicate is not None:
                        listed.setdefault(region, predicate)
    refs.regions.update(path.stem for path, kind in docs.unreadable if kind == "daerah")
    refs.regions.update(refs.places)
    return refs


def _editions(loaded: list[Loaded], issues: list[Issue]) -> dict[int, Edition]:
    tatanan_docs: dict[str, list[Loaded]] = {}
    guidance_docs: dict[str, dict[str, Loaded]] = {}
    edition_docs: dict[str, Loaded] = {}
    for item in loaded:
        folder = item.doc.path.parent if item.kind == "edisi" else item.doc.path.parent.parent
        if item.kind == "edisi":
            edition_docs[str(folder)] = item
        elif item.kind == "tatanan":
            tatanan_docs.setdefault(str(folder), []).append(item)
        elif item.kind == "panduan":
            guidance_docs.setdefault(str(folder), {})[item.doc.path.stem] = item
    editions: dict[int, Edition] = {}
    for folder, item in sorted(edition_docs.items()):
        issues += checks.check_edition_folder(item.doc, item.fields)
        groups = []
        guides = guidance_docs.pop(folder, {})
        for titem in sorted(tatanan_docs.pop(folder, []), key=lambda t: t.doc.path.name):
            problems = list(checks.check_tatanan(titem.doc, titem.fields))
            issues += problems
            gitem = guides.pop(titem.doc.path.stem, None)
            guidance: dict[str, Guidance] = {}
            if gitem is not None and gitem.valid and titem.valid:
                more = list(checks.check_guidance(gitem.doc, titem.doc))
                issues += more
                if not more:
                    guidance = {g["kode"]: Guidance.from_yaml(g) for g in gitem.doc.data["indikator"]}
            if not problems and titem.valid:
                groups.append(Tatanan.from_yaml(titem.doc.data, guidance))
        for gitem in guides.values():
            issues.append(Issue(gitem.doc.shown, 1, "", f"tidak ada tatanan/{gitem.doc.path.stem}.yaml "
                                "untuk panduan ini"))
        if not item.valid:
            continue
        d: dict[str, Any] = item.doc.data
        main = tuple(sorted((g for g in groups if not g.is_institutional), key=lambda g: g.number))
        inst = next((g for g in groups if g.is_institutional), None)
        guide = d.get("panduan_teknis")
        editions[d["edisi"]] = Edition(
            d["edisi"], d["nama"], d.get("catatan"), d["nilai_minimum_tatanan"],
            tuple(Predicate.from_yaml(p) for p in d["predikat"]), main, inst,
            tuple(Source.from_yaml(s) for s in d["sumber"]), d["keyakinan"],
            GuideDocument(guide["judul"], guide["penerbit"], guide["tahun"], guide.get("url"), guide["keterangan"])
            if guide else None,
            {k["kode"]: IndicatorKind(k["kode"], k["nama"], k["waktu_bulan"], k["alasan"])
             for k in d.get("jenis_indikator") or ()},
            NextRound.from_yaml(d["putaran_berikutnya"]) if d.get("putaran_berikutnya") else None,
            tuple(Application(a["nama"], a["kegunaan"], tuple(a["halaman_panduan"])) for a in d.get("aplikasi") or ()))
    leftovers = [*tatanan_docs.items(), *((f, list(g.values())) for f, g in guidance_docs.items())]
    for folder, items in leftovers:
        for titem in items:
            issues.append(Issue(titem.doc.shown, 1, "", f"folder {display_path(folder)} tidak punya edisi.yaml; "
                                "buat berkas edisi.yaml untuk edisi ini"))
    return editions


def build_catalog(docs: Documents, documents: Path | None = None) -> tuple[Catalog, list[Issue]]:
    """Turn schema-valid documents into records, and cross-check every parsed document (valid
    or not) against what the folder defines. `documents` is the folder `dokumen[].berkas` must
    be in (None: not checked)."""
    issues: list[Issue] = []
    catalog = Catalog(editions=_editions(docs.loaded, issues))
    refs = references(docs, documents)
    if refs.latest is None:
        issues.append(Issue("data", 1, "kerangka",
                            "tidak ada edisi kerangka; perlu data/kerangka/<tahun>/edisi.yaml"))
        return catalog, issues
    catalog.places = refs.places
    for item in docs.loaded:
        if item.kind == "wilayah" and item.valid:
            issues += checks.read_register(item.doc)[1]
            catalog.register_sources = tuple(Source.from_yaml(s) for s in item.doc.data["sumber"])
    for item in docs.loaded:
        if item.kind != "penghargaan":
            continue
        problems = list(checks.check_award_round(item.fields, refs))
        issues += problems
        if item.valid and not problems:
            award_round = AwardRound.from_yaml(item.doc.data)
            catalog.award_rounds[award_round.year] = award_round
    awards = region_awards(catalog)
    catalog.regions.update({p.id: Region.from_place(p, tuple(awards.get(p.id, ()))) for p in refs.places.values()})
    docs_by_id: dict[tuple[str, str], YamlDoc] = {}
    for item in docs.loaded:
        if item.kind not in RECORD_TARGETS:
            continue
        record_id = item.fields.get(("id",), str)
        problems = record_issues(item, refs, docs_by_id.get((item.kind, record_id or "")))
        issues += problems
        if record_id is not None and not any(p.field == "id" for p in problems):
            docs_by_id[(item.kind, record_id)] = item.doc
            if item.valid and not problems:  # a record is made only from a file with no problem at all
                getattr(catalog, RECORD_TARGETS[item.kind])[record_id] = make_record(item, refs, awards)
    return catalog, issues


def record_issues(item: Loaded, refs: checks.References, clash: YamlDoc | None = None) -> list[Issue]:
    """The cross-file problems of one record file (id, references); `clash` is an earlier file of
    the same kind with the same id. Its schema problems come from `read_document`."""
    fields = item.fields
    return [*checks.check_id(item.doc, clash, fields), *checks.RECORD_CHECKS[item.kind](fields, refs)]


def region_awards(catalog: Catalog) -> dict[str, list[HistoryEntry]]:
    """Each region's national awards from the catalog's award rounds, in round-file order."""
    awards: dict[str, list[HistoryEntry]] = {}
    for award_round in catalog.award_rounds.values():
        for award in award_round.awards:
            awards.setdefault(award.region, []).append(award.as_history())
    return awards


def make_record(item: Loaded, refs: checks.References, awards: dict[str, list[HistoryEntry]]) -> Any:
    """The record of a schema-valid record file whose `record_issues` are empty."""
    d: dict[str, Any] = item.doc.data
    if item.kind == "daerah":
        return Region.from_yaml(d, refs.places.get(d["id"]), tuple(awards.get(d["id"], ())))
    if item.kind == "praktik":
        assert refs.latest is not None
        return Practice.from_yaml(d, refs.latest)
    if item.kind == "penilaian":
        return Assessment.from_yaml(d)
    return Visit.from_yaml(d)


def check_record_files(data_dir: Path, paths: list[Path], documents: Path | None = None) -> list[Issue]:
    """The problems of some record files (daerah/, praktik/, penilaian/, kunjungan/ of
    `data_dir`; callers check that), each checked against the references of the whole folder,
    exactly as `load_catalog` checks it, while reading only the files references come from
    (REFERENCE_KINDS): not the thousands of case studies. Problems of other files are not
    looked for."""
    data_dir = data_dir.resolve()
    docs = read_documents(data_dir, REFERENCE_KINDS)
    refs = references(docs, documents if documents is not None else checks.documents_dir(data_dir))
    issues: list[Issue] = []
    for path in paths:
        kind = data_kind(path.resolve().relative_to(data_dir).parts)
        assert kind in RECORD_TARGETS, path
        item, problems = read_document(path.resolve(), kind)
        issues += problems
        if item is not None and refs.latest is not None:
            issues += record_issues(item, refs)
    if refs.latest is None:
        issues.append(Issue("data", 1, "kerangka", "tidak ada edisi kerangka; perlu data/kerangka/<tahun>/edisi.yaml"))
    return sort_issues(issues)


def load_catalog(data_dir: Path, documents: Path | None = None) -> tuple[Catalog, list[Issue]]:
    """The single entry point: read, validate and cross-check a data folder.

    `documents`: the folder linked documents must be in; by default the one beside the data
    folder (checks.documents_dir). Records are made only from a folder without any problem
    worth reporting; otherwise the catalog may be partial and the issues say why."""
    if not data_dir.is_dir():
        return Catalog(), [Issue(display_path(data_dir), 1, "", "folder data tidak ditemukan")]
    docs = read_documents(data_dir)
    catalog, more = build_catalog(docs, documents if documents is not None else checks.documents_dir(data_dir))
    return catalog, sort_issues(docs.issues + more)
