"""Read a data folder into a Catalog, collecting every problem on the way.

Layout of the data folder (each file one record; the file name is the record's id):

    kerangka/<tahun>/edisi.yaml          edition and predicate rules   (schema: edisi)
    kerangka/<tahun>/tatanan/<kode>.yaml a tatanan with its indicators (schema: tatanan)
    daerah/<id>.yaml                     a region                      (schema: daerah)
    praktik/<id>.yaml                    a case study                  (schema: praktik)
    penilaian/<id>.yaml                  an assessment                 (schema: penilaian)
    kunjungan/<id>.yaml                  a study visit and its follow-up (schema: kunjungan)
    wilayah/kabupaten-kota.yaml          the national register of regions (schema: wilayah)
    penghargaan/<tahun>.yaml             one round of the national award (schema: penghargaan)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import checks
from .catalog import Catalog
from .issues import Issue, display_path, sort_issues
from .records import (
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
    """A parsed, schema-valid document waiting to become a record."""

    doc: YamlDoc
    kind: str


def _discover(data_dir: Path) -> tuple[list[tuple[Path, str]], list[Issue]]:
    """Every data file with the schema it must follow; stray files are reported."""
    found: list[tuple[Path, str]] = []
    issues: list[Issue] = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_symlink() and not path.name.startswith("."):
            # A link could pull any file of the build machine into the site and into messages.
            shown = str(Path(display_path(path.parent)) / path.name)  # the link itself, not its target
            issues.append(Issue(shown, 1, "", "tautan simbolik (symlink) tidak diizinkan di folder "
                                "data; salin isi berkasnya ke sini atau hapus tautannya"))
            continue
        if path.is_dir() or path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        rel = path.relative_to(data_dir).parts
        kind = None
        if path.suffix == ".yaml":
            if len(rel) == 2 and rel[0] in RECORD_FOLDERS:
                kind = RECORD_FOLDERS[rel[0]]
            elif rel == ("wilayah", "kabupaten-kota.yaml"):
                kind = "wilayah"
            elif len(rel) == 3 and rel[0] == "kerangka" and rel[2] == "edisi.yaml":
                kind = "edisi"
            elif len(rel) == 4 and rel[0] == "kerangka" and rel[2] in ("tatanan", "panduan"):
                kind = rel[2]
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


def read_documents(data_dir: Path) -> tuple[list[Loaded], list[Issue]]:
    """Parse and schema-check every file; documents with problems are left out."""
    files, issues = _discover(data_dir)
    loaded: list[Loaded] = []
    for path, kind in files:
        doc, problems = read_yaml(path, display_path(path))
        if doc is None:
            issues += problems
            continue
        problems = check_document(doc, kind)
        if problems:
            issues += problems
            continue
        loaded.append(Loaded(doc, kind))
    return loaded, issues


def _editions(loaded: list[Loaded], issues: list[Issue]) -> dict[int, Edition]:
    tatanan_docs: dict[str, list[YamlDoc]] = {}
    guidance_docs: dict[str, dict[str, YamlDoc]] = {}
    edition_docs: dict[str, YamlDoc] = {}
    for item in loaded:
        folder = item.doc.path.parent if item.kind == "edisi" else item.doc.path.parent.parent
        if item.kind == "edisi":
            edition_docs[str(folder)] = item.doc
        elif item.kind == "tatanan":
            tatanan_docs.setdefault(str(folder), []).append(item.doc)
        elif item.kind == "panduan":
            guidance_docs.setdefault(str(folder), {})[item.doc.path.stem] = item.doc
    editions: dict[int, Edition] = {}
    for folder, doc in sorted(edition_docs.items()):
        d: dict[str, Any] = doc.data
        issues += checks.check_edition_folder(doc)
        groups = []
        guides = guidance_docs.pop(folder, {})
        for tdoc in sorted(tatanan_docs.pop(folder, []), key=lambda t: t.path.name):
            problems = list(checks.check_tatanan(tdoc))
            issues += problems
            gdoc = guides.pop(tdoc.path.stem, None)
            guidance: dict[str, Guidance] = {}
            if gdoc is not None:
                more = list(checks.check_guidance(gdoc, tdoc))
                issues += more
                if not more:
                    guidance = {g["kode"]: Guidance.from_yaml(g) for g in gdoc.data["indikator"]}
            if not problems:
                groups.append(Tatanan.from_yaml(tdoc.data, guidance))
        for gdoc in guides.values():
            issues.append(Issue(gdoc.shown, 1, "", f"tidak ada tatanan/{gdoc.path.stem}.yaml untuk panduan ini"))
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
            NextRound.from_yaml(d["putaran_berikutnya"]) if d.get("putaran_berikutnya") else None)
    for folder, docs in [*tatanan_docs.items(), *((f, list(g.values())) for f, g in guidance_docs.items())]:
        for doc in docs:
            issues.append(Issue(doc.shown, 1, "", f"folder {display_path(folder)} tidak punya edisi.yaml; "
                                "buat berkas edisi.yaml untuk edisi ini"))
    return editions


def build_catalog(loaded: list[Loaded]) -> tuple[Catalog, list[Issue]]:
    """Turn schema-valid documents into records and check every cross-reference."""
    issues: list[Issue] = []
    catalog = Catalog(editions=_editions(loaded, issues))
    if not catalog.editions:
        issues.append(Issue("data", 1, "kerangka",
                            "tidak ada edisi kerangka; perlu data/kerangka/<tahun>/edisi.yaml"))
        return catalog, issues
    latest = max(catalog.editions)
    by_kind: dict[str, list[YamlDoc]] = {}
    for item in loaded:
        by_kind.setdefault(item.kind, []).append(item.doc)

    register = by_kind.get("wilayah", [])
    if register:
        catalog.places, problems = checks.read_register(register[0])
        catalog.register_sources = tuple(Source.from_yaml(s) for s in register[0].data["sumber"])
        issues += problems
    docs_by_id: dict[tuple[str, str], YamlDoc] = {}
    awards: dict[str, list[HistoryEntry]] = {}
    for doc in by_kind.get("penghargaan", []):
        problems = list(checks.check_award_round(doc, catalog.places))
        issues += problems
        if not problems:
            award_round = AwardRound.from_yaml(doc.data)
            catalog.award_rounds[award_round.year] = award_round
            docs_by_id[("penghargaan", str(award_round.year))] = doc
            for award in award_round.awards:
                awards.setdefault(award.region, []).append(award.as_history())
    catalog.regions.update({p.id: Region.from_place(p, tuple(awards.get(p.id, ()))) for p in catalog.places.values()})

    makers: dict[str, tuple[dict[str, Any], Callable[[dict[str, Any]], Any]]] = {
        "daerah": (catalog.regions, lambda d: Region.from_yaml(d, catalog.places.get(d["id"]),
                                                               tuple(awards.get(d["id"], ())))),
        "praktik": (catalog.practices, lambda d: Practice.from_yaml(d, latest)),
        "penilaian": (catalog.assessments, Assessment.from_yaml),
        "kunjungan": (catalog.visits, Visit.from_yaml),
    }
    for kind, (target, make) in makers.items():
        for doc in by_kind.get(kind, []):
            problems = list(checks.check_id(doc, docs_by_id.get((kind, doc.data["id"]))))
            if kind == "daerah":
                problems += checks.check_profile(doc, catalog)
            issues += problems
            if not problems:
                docs_by_id[(kind, doc.data["id"])] = doc
                target[doc.data["id"]] = make(doc.data)
    for practice in catalog.practices.values():
        issues += checks.check_practice(docs_by_id[("praktik", practice.id)], practice, catalog)
    for region in catalog.regions.values():
        if ("daerah", region.id) in docs_by_id:
            issues += checks.check_contacts(docs_by_id[("daerah", region.id)], region.contacts)
    for assessment in catalog.assessments.values():
        issues += checks.check_assessment(docs_by_id[("penilaian", assessment.id)], assessment, catalog)
    for visit in catalog.visits.values():
        issues += checks.check_visit(docs_by_id[("kunjungan", visit.id)], visit, catalog)
    return catalog, issues


def load_catalog(data_dir: Path) -> tuple[Catalog, list[Issue]]:
    """The single entry point: read, validate and cross-check a data folder."""
    if not data_dir.is_dir():
        return Catalog(), [Issue(display_path(data_dir), 1, "", "folder data tidak ditemukan")]
    loaded, issues = read_documents(data_dir)
    catalog, more = build_catalog(loaded)
    return catalog, sort_issues(issues + more)
