"""Rules that span fields or files: ids, cross-references, ladders, privacy, document paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote

from .catalog import Catalog
from .issues import Issue, format_field
from .records import Assessment, Contact, Practice
from .schema import suggest
from .visits import Visit, parse_date
from .yamlio import YamlDoc

DOCUMENT_FOLDER = "docs/dokumen"
"""Files a record links to must sit inside this folder of the repository."""


def _issue(doc: YamlDoc, where: tuple[str | int, ...], message: str) -> Issue:
    return Issue(doc.shown, doc.line_of(where), format_field(where), message)


def check_id(doc: YamlDoc, clash: YamlDoc | None) -> Iterator[Issue]:
    record_id = doc.data["id"]
    if record_id != doc.path.stem:
        yield _issue(doc, ("id",), f"id '{record_id}' berbeda dengan nama berkas '{doc.path.stem}'; "
                     f"samakan keduanya (ganti id menjadi '{doc.path.stem}' atau ganti nama berkasnya)")
    elif clash is not None:
        yield _issue(doc, ("id",), f"id '{record_id}' sudah dipakai oleh {clash.shown}; pilih id lain")


def check_edition_folder(doc: YamlDoc) -> Iterator[Issue]:
    folder = doc.path.parent.name
    if str(doc.data["edisi"]) != folder:
        yield _issue(doc, ("edisi",), f"edisi {doc.data['edisi']} berbeda dengan nama folder '{folder}'; "
                     "samakan keduanya")


def check_tatanan(doc: YamlDoc) -> Iterator[Issue]:
    code = doc.data["kode"]
    if code != doc.path.stem:
        yield _issue(doc, ("kode",), f"kode '{code}' berbeda dengan nama berkas '{doc.path.stem}'")
    seen: dict[str, int] = {}
    for i, ind in enumerate(doc.data["indikator"]):
        icode = ind["kode"]
        if icode.split(".")[0] != code:
            yield _issue(doc, ("indikator", i, "kode"),
                         f"indikator '{icode}' tidak diawali kode tatanan '{code}.'")
        if icode in seen:
            yield _issue(doc, ("indikator", i, "kode"),
                         f"kode indikator '{icode}' ganda (sudah dipakai butir ke-{seen[icode] + 1})")
        seen[icode] = i
        scores = [lv["nilai"] for lv in ind["tangga_nilai"]]
        if len(set(scores)) != len(scores):
            yield _issue(doc, ("indikator", i, "tangga_nilai"),
                         "skor pada tangga nilai tidak boleh sama dua kali")


def check_contacts(doc: YamlDoc, contacts: tuple[Contact, ...],
                   where: tuple[str | int, ...] = ("kontak",)) -> Iterator[Issue]:
    """Personal phone numbers and e-mails appear only when marked public."""
    for i, contact in enumerate(contacts):
        if (contact.phone or contact.email) and not contact.public:
            yield _issue(doc, (*where, i), "telepon/surel hanya boleh diisi bila sudah diumumkan "
                         "resmi; tambahkan 'publik: true' atau hapus telepon/surel")


def check_document_path(doc: YamlDoc, where: tuple[str | int, ...], path: str) -> Iterator[Issue]:
    # Decoded as a browser would: '%2e%2e/' in a link climbs out of the folder just like '../'.
    p = PurePosixPath(unquote(path).replace("\\", "/"))
    if p.is_absolute() or re.match(r"^[A-Za-z]:", path) or ".." in p.parts:
        yield _issue(doc, where, f"jalur '{path}' keluar dari folder {DOCUMENT_FOLDER}/; tulis jalur di "
                     f"dalam folder itu, misalnya 'sk-forum-2024.pdf'")


def check_practice(doc: YamlDoc, practice: Practice, catalog: Catalog) -> Iterator[Issue]:
    if practice.region not in catalog.regions:
        yield _issue(doc, ("daerah",), _unknown("daerah", practice.region, catalog.regions))
    edition = catalog.editions.get(practice.edition)
    if edition is None:
        yield _issue(doc, ("edisi",), f"edisi {practice.edition} tidak ada di data/kerangka/")
        return
    for i, code in enumerate(practice.tatanan):
        if edition.group(code) is None:
            yield _issue(doc, ("tatanan", i), f"tatanan '{code}' tidak ada pada edisi {edition.year}")
    for i, code in enumerate(practice.indicators):
        indicator = edition.indicators.get(code)
        if indicator is None:
            yield _issue(doc, ("indikator", i), _unknown(f"indikator edisi {edition.year}", code,
                                                         edition.indicators))
        elif indicator.tatanan not in practice.tatanan:
            yield _issue(doc, ("indikator", i), f"indikator {code} termasuk {indicator.tatanan}, tetapi "
                         f"{indicator.tatanan} tidak tercantum di 'tatanan'; tambahkan")
    yield from check_contacts(doc, practice.contacts)
    for i, document in enumerate(practice.documents):
        if document.file:
            yield from check_document_path(doc, ("dokumen", i, "berkas"), document.file)


def check_assessment(doc: YamlDoc, assessment: Assessment, catalog: Catalog) -> Iterator[Issue]:
    if assessment.region not in catalog.regions:
        yield _issue(doc, ("daerah",), _unknown("daerah", assessment.region, catalog.regions))
    edition = catalog.editions.get(assessment.edition)
    if edition is None:
        yield _issue(doc, ("edisi",), f"edisi {assessment.edition} tidak ada di data/kerangka/")
        return
    seen: dict[str, int] = {}
    for i, score in enumerate(assessment.scores):
        indicator = edition.indicators.get(score.indicator)
        if indicator is None:
            yield _issue(doc, ("nilai", i, "indikator"),
                         _unknown(f"indikator edisi {edition.year}", score.indicator, edition.indicators))
            continue
        if score.indicator in seen:
            yield _issue(doc, ("nilai", i, "indikator"),
                         f"indikator {score.indicator} dinilai dua kali (juga butir ke-{seen[score.indicator] + 1})")
        seen[score.indicator] = i
        for key, value in (("mandiri", score.self_score), ("verifikasi", score.verified)):
            if value is not None and value not in indicator.scores:
                ladder = "/".join(str(s) for s in indicator.scores)
                yield _issue(doc, ("nilai", i, key), f"nilai {value} tidak ada pada tangga nilai "
                             f"{score.indicator} ({ladder})")


VISIT_MAX_DAYS = 14
"""A longer visit is almost always a typo in a date."""


def check_visit(doc: YamlDoc, visit: Visit, catalog: Catalog) -> Iterator[Issue]:
    """Regions and indicators exist, dates are in order, follow-ups fall after the visit starts."""
    if visit.id == "index":  # kunjungan/index.md is the hand-written studi tiru page
        yield _issue(doc, ("id",), "id 'index' sudah dipakai halaman daftar kunjungan; pilih id lain")
    for key, region_id in (("daerah_asal", visit.home), ("tuan_rumah", visit.host)):
        if region_id not in catalog.regions:
            yield _issue(doc, (key,), _unknown("daerah", region_id, catalog.regions))
    if visit.home == visit.host:
        yield _issue(doc, ("tuan_rumah",), "tuan rumah sama dengan daerah asal; isi id daerah yang dikunjungi")
    start, end = parse_date(visit.start), parse_date(visit.end)
    if end < start:
        yield _issue(doc, ("selesai",), f"tanggal selesai {visit.end} lebih awal dari tanggal mulai "
                     f"{visit.start}; tukar atau perbaiki tanggalnya")
    elif (end - start).days + 1 > VISIT_MAX_DAYS:
        yield _issue(doc, ("selesai",), f"kunjungan {(end - start).days + 1} hari terlalu panjang (batas "
                     f"{VISIT_MAX_DAYS} hari); periksa tanggal mulai dan selesai")
    for i, item in enumerate(visit.agenda):
        if not start <= parse_date(item.date) <= max(start, end):
            yield _issue(doc, ("agenda", i, "tanggal"), f"tanggal {item.date} di luar masa kunjungan "
                         f"({visit.start} s.d. {visit.end})")
    for i, follow_up in enumerate(visit.follow_ups):
        if parse_date(follow_up.due) < start:
            yield _issue(doc, ("tindak_lanjut", i, "tenggat"), f"tenggat {follow_up.due} sebelum kunjungan "
                         f"dimulai ({visit.start}); tindak lanjut harus jatuh tempo sesudahnya")
    year = visit.edition or (max(catalog.editions) if catalog.editions else None)
    edition = catalog.editions.get(year) if year is not None else None
    if edition is None:
        yield _issue(doc, ("edisi",), f"edisi {year} tidak ada di data/kerangka/")
        return
    codes: list[tuple[tuple[str | int, ...], str | None]] = [(("fokus", i), c) for i, c in enumerate(visit.focus)]
    codes += [(("agenda", i, "indikator"), a.indicator) for i, a in enumerate(visit.agenda)]
    codes += [(("temuan", i, "indikator"), f.indicator) for i, f in enumerate(visit.findings)]
    codes += [(("tindak_lanjut", i, "indikator"), f.indicator) for i, f in enumerate(visit.follow_ups)]
    for where, code in codes:
        if code is not None and code not in edition.indicators:
            yield _issue(doc, where, _unknown(f"indikator edisi {edition.year}", code, edition.indicators))


def _unknown(what: str, value: str, known: dict[str, object]) -> str:
    return f"{what} '{value}' tidak ditemukan{suggest(value, list(known))}"
