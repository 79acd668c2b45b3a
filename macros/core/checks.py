"""Rules that span fields or files: ids, cross-references, ladders, privacy, document paths.

Every rule reads the parsed YAML of one file, not a finished record, so that a file with
format (schema) problems is still cross-checked: one run of `kks validate` reports an unknown
region or indicator together with a misspelt key in the same file. A value is judged only when
the schema found nothing wrong with it (or with anything above it): a code that is already
reported as badly written is not reported again as unknown.

What the rules compare against (`References`) is gathered from every file that could be read,
also the ones with problems, so a region whose own file is broken is still a known region and
one broken file does not make every file that names it fail too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from .citations import cited_numbers, uncited_dated
from .issues import Issue, display_path, format_field
from .records import Place
from .schema import suggest
from .yamlio import YamlDoc

DOCUMENT_FOLDER = "docs/dokumen"
"""Files a record links to (`dokumen[].berkas`) sit in this folder, next to the data folder:
for the project's own `data/` that is the `docs/dokumen/` MkDocs publishes as `dokumen/`."""

Where = tuple[str | int, ...]


def documents_dir(data_dir: Path) -> Path:
    """The documents folder of a data folder: `<parent of data>/docs/dokumen` (see DOCUMENT_FOLDER)."""
    return data_dir.resolve().parent / DOCUMENT_FOLDER


@dataclass
class EditionRefs:
    """What one framework edition defines, as far as its files could be read."""

    year: int
    tatanan: set[str] = field(default_factory=set)
    indicators: dict[str, tuple[int, ...] | None] = field(default_factory=dict)
    """Indicator code -> its ladder scores (None when the ladder itself has a problem)."""
    unsure: set[str] = field(default_factory=set)
    """Tatanan whose file has problems: their codes and indicators are not judged."""

    def knows_tatanan(self, code: str) -> bool:
        return code in self.tatanan or code in self.unsure

    def knows_indicator(self, code: str) -> bool:
        return code in self.indicators or code.split(".")[0] in self.unsure


@dataclass
class References:
    """Everything a record may refer to, gathered from every readable file of the data folder."""

    regions: set[str] = field(default_factory=set)
    places: dict[str, Place] = field(default_factory=dict)
    """The national register (empty when the data folder has none)."""
    awards: dict[int, dict[str, str]] = field(default_factory=dict)
    """Round year -> region id -> national predicate, from the readable award round files."""
    editions: dict[int, EditionRefs] = field(default_factory=dict)
    documents: Path | None = None
    """The documents folder; None skips the check that each `berkas` exists (only for records
    checked outside a data folder)."""
    _document_names: list[str] | None = field(default=None, repr=False)

    @property
    def latest(self) -> int | None:
        return max(self.editions) if self.editions else None

    def document_names(self) -> list[str]:
        """Files in the documents folder (relative POSIX paths, hidden ones left out), read once."""
        if self._document_names is None:
            folder = self.documents
            self._document_names = sorted(
                p.relative_to(folder).as_posix() for p in folder.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
            ) if folder is not None and folder.is_dir() else []
        return self._document_names


class Fields:
    """The values of one parsed file that the schema check did not object to."""

    def __init__(self, doc: YamlDoc, bad: Iterable[str] = ()) -> None:
        self.doc = doc
        self.bad = set(bad)

    def ok(self, where: Where) -> bool:
        if not self.bad:  # the usual case: a valid file
            return True
        return not any(format_field(where[:n]) in self.bad for n in range(1, len(where) + 1))

    def get(self, where: Where, kind: type | tuple[type, ...]) -> Any:
        """The value at `where` when it is there, of type `kind` and without a schema problem."""
        value: Any = self.doc.data
        for part in where:
            if isinstance(part, int):
                value = value[part] if isinstance(value, list) and part < len(value) else None
            else:
                value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                return None
        if isinstance(value, bool) and kind is not bool:
            return None  # true/false is an int to Python, never a score or a year here
        return value if isinstance(value, kind) and self.ok(where) else None

    def items(self, where: Where, kind: type | tuple[type, ...]) -> Iterator[tuple[int, Any]]:
        """(index, item) of the list at `where` whose items are of type `kind` and fine."""
        values = self.get(where, list) or []
        for i in range(len(values)):
            item = self.get((*where, i), kind)
            if item is not None:
                yield i, item

    def issue(self, where: Where, message: str) -> Issue:
        return _issue(self.doc, where, message)


def _issue(doc: YamlDoc, where: Where, message: str) -> Issue:
    return Issue(doc.shown, doc.line_of(where), format_field(where), message)


def _unknown(what: str, value: str, known: Iterable[str]) -> str:
    return f"{what} '{value}' tidak ditemukan{suggest(value, list(known))}"


def check_id(doc: YamlDoc, clash: YamlDoc | None, fields: Fields | None = None) -> Iterator[Issue]:
    """The id equals the file name and no other file of the same kind has it."""
    record_id = (fields or Fields(doc)).get(("id",), str)
    if record_id is None:
        return
    if record_id != doc.path.stem:
        yield _issue(doc, ("id",), f"id '{record_id}' berbeda dengan nama berkas '{doc.path.stem}'; "
                     f"samakan keduanya (ganti id menjadi '{doc.path.stem}' atau ganti nama berkasnya)")
    elif clash is not None:
        yield _issue(doc, ("id",), f"id '{record_id}' sudah dipakai oleh {clash.shown}; pilih id lain")


def check_edition_folder(doc: YamlDoc, fields: Fields | None = None) -> Iterator[Issue]:
    folder = doc.path.parent.name
    year = (fields or Fields(doc)).get(("edisi",), int)
    if year is not None and str(year) != folder:
        yield _issue(doc, ("edisi",), f"edisi {year} berbeda dengan nama folder '{folder}'; samakan keduanya")
    f = fields or Fields(doc)
    for i, p in f.items(("predikat",), dict):
        if "halaman_panduan" in p and "panduan_teknis" not in doc.data:
            yield _issue(doc, ("predikat", i, "halaman_panduan"), "halaman_panduan perlu 'panduan_teknis' "
                         "di edisi ini (dokumen yang dirujuk halamannya)")
        if not p.get("sumber") and "halaman_panduan" not in p:
            yield _issue(doc, ("predikat", i), "syarat predikat perlu sumber: isi 'sumber' atau 'halaman_panduan'")


def check_tatanan(doc: YamlDoc, fields: Fields | None = None) -> Iterator[Issue]:
    f = fields or Fields(doc)
    code = f.get(("kode",), str)
    if code is not None and code != doc.path.stem:
        yield _issue(doc, ("kode",), f"kode '{code}' berbeda dengan nama berkas '{doc.path.stem}'")
    seen: dict[str, int] = {}
    for i, _ in f.items(("indikator",), dict):
        icode = f.get(("indikator", i, "kode"), str)
        if icode is not None:
            if code is not None and icode.split(".")[0] != code:
                yield _issue(doc, ("indikator", i, "kode"),
                             f"indikator '{icode}' tidak diawali kode tatanan '{code}.'")
            if icode in seen:
                yield _issue(doc, ("indikator", i, "kode"),
                             f"kode indikator '{icode}' ganda (sudah dipakai butir ke-{seen[icode] + 1})")
            seen[icode] = i
        scores = [s for _, s in _ladder_items(f, i)]
        if len(set(scores)) != len(scores):
            yield _issue(doc, ("indikator", i, "tangga_nilai"),
                         "skor pada tangga nilai tidak boleh sama dua kali")


def _ladder_items(f: Fields, i: int) -> Iterator[tuple[int, int]]:
    for j, _ in f.items(("indikator", i, "tangga_nilai"), dict):
        score = f.get(("indikator", i, "tangga_nilai", j, "nilai"), int)
        if score is not None:
            yield j, score


def add_tatanan(refs: EditionRefs, doc: YamlDoc | None, stem: str, fields: Fields | None) -> None:
    """Record what a tatanan file defines; a file with problems makes its tatanan `unsure`."""
    if doc is None or fields is None or fields.bad:
        refs.unsure.add(stem)
        code = fields.get(("kode",), str) if fields is not None else None
        if code:
            refs.unsure.add(code)
        return
    refs.tatanan.add(doc.data["kode"])
    for i, ind in enumerate(doc.data["indikator"]):
        refs.indicators[ind["kode"]] = tuple(s for _, s in _ladder_items(fields, i))


def check_guidance(doc: YamlDoc, tatanan: YamlDoc) -> Iterator[Issue]:
    """A guidance file covers indicators of its own tatanan, each once (both files schema-valid)."""
    code = doc.data["tatanan"]
    if code != doc.path.stem:
        yield _issue(doc, ("tatanan",), f"tatanan '{code}' berbeda dengan nama berkas '{doc.path.stem}'")
    known = {i["kode"] for i in tatanan.data["indikator"]}
    seen: set[str] = set()
    for i, item in enumerate(doc.data["indikator"]):
        if item["kode"] not in known:
            yield _issue(doc, ("indikator", i, "kode"), f"indikator '{item['kode']}' tidak ada di "
                         f"{tatanan.shown}{suggest(item['kode'], sorted(known))}")
        elif item["kode"] in seen:
            yield _issue(doc, ("indikator", i, "kode"), f"indikator '{item['kode']}' ditulis dua kali")
        seen.add(item["kode"])


def read_register(doc: YamlDoc) -> tuple[dict[str, Place], list[Issue]]:
    """The register's places by id (from a schema-valid register file); duplicate ids or codes
    and unknown provinces are issues."""
    provinces = {p["kode"]: p for p in doc.data["provinsi"]}
    places: dict[str, Place] = {}
    issues: list[Issue] = []
    codes: dict[str, str] = {}
    for i, r in enumerate(doc.data["kabupaten_kota"]):
        province = provinces.get(r["kode"][:2])
        if province is None:
            issues.append(_issue(doc, ("kabupaten_kota", i, "kode"), f"provinsi '{r['kode'][:2]}' tidak ada "
                                 "di daftar provinsi"))
            continue
        if r["id"] in places or r["kode"] in codes:
            issues.append(_issue(doc, ("kabupaten_kota", i), f"id '{r['id']}' atau kode '{r['kode']}' ganda"))
            continue
        codes[r["kode"]] = r["id"]
        places[r["id"]] = Place(r["id"], r["kode"], r["nama"], r["jenis"], province["nama"], province["pulau"],
                                r["penduduk"], float(r["luas_km2"]), float(r["lintang"]), float(r["bujur"]))
    return places, issues


def check_citations(f: Fields, where: Where, numbers: Iterable[int], count: int) -> Iterator[Issue]:
    """Each cited number names an item of the file's `sumber` list (1-based)."""
    for n in numbers:
        if not 0 < n <= count:
            listed = "hanya berisi 1 butir ([1])" if count == 1 else f"berisi {count} butir ([1] sampai [{count}])"
            yield f.issue(where, f"sumber [{n}] tidak ada; daftar 'sumber' berkas ini {listed}")


def check_award_round(f: Fields, refs: References) -> Iterator[Issue]:
    """The round matches its file name, recipients are register regions listed once, citations
    resolve, and no predicate has more recipients than the ministry announced."""
    year = f.get(("putaran",), int)
    if year is not None and str(year) != f.doc.path.stem:
        yield f.issue(("putaran",), f"putaran {year} berbeda dengan nama berkas '{f.doc.path.stem}'")
    sources = f.get(("sumber",), list)
    count = len(sources) if sources is not None else None
    if count is not None:
        yield from check_citations(f, ("jumlah_kementerian", "sumber"),
                                   [n for _, n in f.items(("jumlah_kementerian", "sumber"), int)], count)
    seen: dict[str, int] = {}
    recorded: dict[str, int] = {}
    for i, _ in f.items(("penerima",), dict):
        region = f.get(("penerima", i, "daerah"), str)
        if region is not None:
            if refs.places and region not in refs.places:
                yield f.issue(("penerima", i, "daerah"), _unknown("daerah di register", region, refs.places))
            if region in seen:
                yield f.issue(("penerima", i, "daerah"), f"daerah '{region}' tercatat dua kali "
                              f"(juga butir ke-{seen[region] + 1})")
            seen[region] = i
        predicate = f.get(("penerima", i, "predikat"), str)
        if predicate is not None:
            recorded[predicate] = recorded.get(predicate, 0) + 1
        if count is not None:
            yield from check_citations(f, ("penerima", i, "sumber"),
                                       [n for _, n in f.items(("penerima", i, "sumber"), int)], count)
    for predicate, n in sorted(recorded.items()):
        total = f.get(("jumlah_kementerian", predicate), int)
        if total is not None and n > total:
            yield f.issue(("jumlah_kementerian", predicate), f"{n} penerima {predicate} tercatat, lebih "
                          f"dari jumlah kementerian ({total}); periksa predikat atau jumlahnya")


_REGISTER_FIELDS = ("nama", "jenis", "provinsi", "kode_kemendagri")


def check_profile(f: Fields, refs: References) -> Iterator[Issue]:
    """A profile names a register region (or is an example with its own name); a national
    predicate of a round that has a round file is recorded there, not twice."""
    d = f.doc.data if isinstance(f.doc.data, dict) else {}
    region_id = f.get(("id",), str)
    if region_id is None:
        return
    place = refs.places.get(region_id)
    if place is not None:
        for key in _REGISTER_FIELDS:
            if key in d:
                yield f.issue((key,), f"'{key}' diambil dari register wilayah ({place.name}); hapus baris ini")
    elif refs.places and d.get("contoh") is not True:
        hint = suggest(region_id, list(refs.places))
        yield f.issue(("id",), f"id '{region_id}' tidak ada di register wilayah (data/wilayah/kabupaten-kota.yaml)"
                      f"{hint or '; pakai id daerah dari register'} (daerah rekaan diberi 'contoh: true' "
                      "beserta nama, jenis dan provinsi)")
    else:
        for key in ("nama", "jenis", "provinsi"):
            if key not in d:
                yield f.issue((key,), f"'{key}' wajib diisi untuk daerah yang tidak ada di register")
    for i, _ in f.items(("riwayat_kks",), dict):
        year = f.get(("riwayat_kks", i, "tahun"), int)
        predicate = f.get(("riwayat_kks", i, "predikat"), str)
        listed_round = refs.awards.get(year) if year is not None else None
        if listed_round is None or predicate is None:
            continue
        listed = listed_round.get(region_id)
        if listed is not None:
            yield f.issue(("riwayat_kks", i), f"putaran {year} sudah tercatat di penghargaan/{year}.yaml "
                          f"({listed}); hapus butir ini")
        elif predicate != "tidak-lolos":
            yield f.issue(("riwayat_kks", i), f"predikat nasional putaran {year} dicatat di "
                          f"data/penghargaan/{year}.yaml; pindahkan butir ini ke sana beserta sumbernya")


NARRATIVE_FIELDS = ("ringkasan", "masalah", "langkah", "hasil", "biaya", "pelaku", "keberlanjutan",
                    "syarat_replikasi", "pelajaran")
"""Narrative fields of a case study, where claims cite their sources as [n]."""


def check_practice_citations(f: Fields) -> Iterator[Issue]:
    """Every [n] and every figure's `sumber` resolves; every dated sentence cites a source."""
    sources = f.get(("sumber",), list)
    if sources is None:
        return  # its own problem is reported
    count = len(sources)
    for key in NARRATIVE_FIELDS:
        text = f.get((key,), str)
        yield from check_citations(f, (key,), sorted(set(cited_numbers(text))), count)
        for sentence in uncited_dated(text):
            yield f.issue((key,), f"kalimat bertahun tanpa sumber: \"{sentence}\"; tambahkan [n] (nomor sumber "
                          "yang menyatakannya) atau hapus klaimnya")
    for i, _ in f.items(("angka_hasil",), dict):
        yield from check_citations(f, ("angka_hasil", i, "sumber"),
                                   [n for _, n in f.items(("angka_hasil", i, "sumber"), int)], count)


def check_contacts(f: Fields, where: Where = ("kontak",)) -> Iterator[Issue]:
    """Personal phone numbers and e-mails appear only when marked public."""
    for i, _ in f.items(where, dict):
        phone = f.get((*where, i, "telepon"), str)
        email = f.get((*where, i, "email"), str)
        if not f.ok((*where, i, "publik")):
            continue  # its own problem is reported; whether it is public is unknown
        if (phone or email) and f.get((*where, i, "publik"), bool) is not True:
            yield f.issue((*where, i), "telepon/surel hanya boleh diisi bila sudah diumumkan "
                          "resmi; tambahkan 'publik: true' atau hapus telepon/surel")


def check_document_path(f: Fields, where: Where, path: str, refs: References) -> Iterator[Issue]:
    """A `berkas` stays inside the documents folder and is there."""
    # Decoded as a browser would: '%2e%2e/' in a link climbs out of the folder just like '../'.
    p = PurePosixPath(unquote(path).replace("\\", "/"))
    if p.is_absolute() or re.match(r"^[A-Za-z]:", path) or ".." in p.parts:
        yield f.issue(where, f"jalur '{path}' keluar dari folder {DOCUMENT_FOLDER}/; tulis jalur di "
                      f"dalam folder itu, misalnya 'sk-forum-2024.pdf'")
        return
    folder = refs.documents
    if folder is None:
        return
    target = folder / path
    inside = target.resolve().is_relative_to(folder.resolve())
    if not (target.is_file() and inside):
        names = refs.document_names()
        hint = suggest(path, names) or "; simpan berkasnya di folder itu, atau tulis 'url:' bila dokumen ada di web"
        yield f.issue(where, f"berkas '{path}' tidak ada di folder {display_path(folder)}/{hint}")


def _edition_of(f: Fields, refs: References, default: int | None) -> tuple[EditionRefs | None, Issue | None]:
    """The edition a record names (or the default), or the issue saying it does not exist."""
    year = f.get(("edisi",), int)
    if year is None:
        if "edisi" in (f.doc.data or {}) or default is None:
            return None, None  # already reported by the schema check
        year = default
    edition = refs.editions.get(year)
    if edition is None:
        return None, f.issue(("edisi",), f"edisi {year} tidak ada di data/kerangka/")
    return edition, None


def _region(f: Fields, key: str, refs: References) -> Iterator[Issue]:
    region = f.get((key,), str)
    if region is not None and region not in refs.regions:
        yield f.issue((key,), _unknown("daerah", region, refs.regions))


def _indicator(f: Fields, where: Where, code: str, edition: EditionRefs) -> Iterator[Issue]:
    if not edition.knows_indicator(code):
        yield f.issue(where, _unknown(f"indikator edisi {edition.year}", code, edition.indicators))


def check_region(f: Fields, refs: References) -> Iterator[Issue]:
    yield from check_profile(f, refs)
    yield from check_contacts(f)


def check_practice(f: Fields, refs: References) -> Iterator[Issue]:
    yield from _region(f, "daerah", refs)
    yield from check_practice_citations(f)
    yield from check_contacts(f)
    for i, _ in f.items(("dokumen",), dict):
        file = f.get(("dokumen", i, "berkas"), str)
        if file is not None:
            yield from check_document_path(f, ("dokumen", i, "berkas"), file, refs)
    edition, problem = _edition_of(f, refs, refs.latest)
    if problem:
        yield problem
    if edition is None:
        return
    for i, code in f.items(("tatanan",), str):
        if not edition.knows_tatanan(code):
            yield f.issue(("tatanan", i), f"tatanan '{code}' tidak ada pada edisi {edition.year}")
    listed = f.get(("tatanan",), list)
    if listed is not None and len(list(f.items(("tatanan",), str))) != len(listed):
        listed = None  # a tatanan already reported as badly written may be the one meant
    for i, code in f.items(("indikator",), str):
        if not edition.knows_indicator(code):
            yield from _indicator(f, ("indikator", i), code, edition)
        elif listed is not None and code in edition.indicators and code.split(".")[0] not in listed:
            group = code.split(".")[0]
            yield f.issue(("indikator", i), f"indikator {code} termasuk {group}, tetapi "
                          f"{group} tidak tercantum di 'tatanan'; tambahkan")


def check_assessment(f: Fields, refs: References) -> Iterator[Issue]:
    yield from _region(f, "daerah", refs)
    edition, problem = _edition_of(f, refs, None)
    if problem:
        yield problem
    if edition is None:
        return
    seen: dict[str, int] = {}
    for i, _ in f.items(("nilai",), dict):
        code = f.get(("nilai", i, "indikator"), str)
        if code is None:
            continue
        if not edition.knows_indicator(code):
            yield from _indicator(f, ("nilai", i, "indikator"), code, edition)
            continue
        if code in seen:
            yield f.issue(("nilai", i, "indikator"),
                          f"indikator {code} dinilai dua kali (juga butir ke-{seen[code] + 1})")
        seen[code] = i
        ladder = edition.indicators.get(code)
        for key in ("mandiri", "verifikasi"):
            value = f.get(("nilai", i, key), int)
            if ladder and value is not None and value not in ladder:
                shown = "/".join(str(s) for s in ladder)
                yield f.issue(("nilai", i, key), f"nilai {value} tidak ada pada tangga nilai {code} ({shown})")


VISIT_MAX_DAYS = 14
"""A longer visit is almost always a typo in a date."""


def _date(f: Fields, where: Where) -> dt.date | None:
    text = f.get(where, str)
    try:
        return dt.date.fromisoformat(text) if text is not None else None
    except ValueError:
        return None


def check_visit(f: Fields, refs: References) -> Iterator[Issue]:
    """Regions and indicators exist, dates are in order, follow-ups fall after the visit starts."""
    if f.get(("id",), str) == "index":  # kunjungan/index.md is the hand-written studi tiru page
        yield f.issue(("id",), "id 'index' sudah dipakai halaman daftar kunjungan; pilih id lain")
    yield from _region(f, "daerah_asal", refs)
    yield from _region(f, "tuan_rumah", refs)
    home, host = f.get(("daerah_asal",), str), f.get(("tuan_rumah",), str)
    if home is not None and home == host:
        yield f.issue(("tuan_rumah",), "tuan rumah sama dengan daerah asal; isi id daerah yang dikunjungi")
    start, end = _date(f, ("mulai",)), _date(f, ("selesai",))
    if start and end and end < start:
        yield f.issue(("selesai",), f"tanggal selesai {end} lebih awal dari tanggal mulai "
                      f"{start}; tukar atau perbaiki tanggalnya")
    elif start and end and (end - start).days + 1 > VISIT_MAX_DAYS:
        yield f.issue(("selesai",), f"kunjungan {(end - start).days + 1} hari terlalu panjang (batas "
                      f"{VISIT_MAX_DAYS} hari); periksa tanggal mulai dan selesai")
    if start:
        for i, _ in f.items(("agenda",), dict):
            day = _date(f, ("agenda", i, "tanggal"))
            if day and end and not start <= day <= max(start, end):
                yield f.issue(("agenda", i, "tanggal"), f"tanggal {day} di luar masa kunjungan "
                              f"({start} s.d. {end})")
        for i, _ in f.items(("tindak_lanjut",), dict):
            due = _date(f, ("tindak_lanjut", i, "tenggat"))
            if due and due < start:
                yield f.issue(("tindak_lanjut", i, "tenggat"), f"tenggat {due} sebelum kunjungan "
                              f"dimulai ({start}); tindak lanjut harus jatuh tempo sesudahnya")
    edition, problem = _edition_of(f, refs, refs.latest)
    if problem:
        yield problem
    if edition is None:
        return
    codes: list[Where] = [("fokus", i) for i, _ in f.items(("fokus",), str)]
    for key in ("agenda", "temuan", "tindak_lanjut", "pertanyaan"):
        codes += [(key, i, "indikator") for i, _ in f.items((key,), dict)]
    for i, _ in f.items(("dokumen_diminta",), dict):
        codes += [("dokumen_diminta", i, "indikator", k) for k, _ in f.items(("dokumen_diminta", i, "indikator"), str)]
    for where in codes:
        code = f.get(where, str)
        if code is not None:
            yield from _indicator(f, where, code, edition)


RECORD_CHECKS = {"daerah": check_region, "praktik": check_practice, "penilaian": check_assessment,
                 "kunjungan": check_visit}
"""Schema id -> the cross-file rules for one record of that kind."""
