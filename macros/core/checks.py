"""Rules that span fields or files: ids, cross-references, ladders, privacy, document paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote

from .catalog import Catalog
from .citations import cited_numbers, uncited_dated
from .issues import Issue, format_field
from .records import Assessment, Contact, Place, Practice
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
    for i, p in enumerate(doc.data["predikat"]):
        if "halaman_panduan" in p and "panduan_teknis" not in doc.data:
            yield _issue(doc, ("predikat", i, "halaman_panduan"), "halaman_panduan perlu 'panduan_teknis' "
                         "di edisi ini (dokumen yang dirujuk halamannya)")
        if not p.get("sumber") and "halaman_panduan" not in p:
            yield _issue(doc, ("predikat", i), "syarat predikat perlu sumber: isi 'sumber' atau 'halaman_panduan'")


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


def read_register(doc: YamlDoc) -> tuple[dict[str, Place], list[Issue]]:
    """The register's places by id; duplicate ids or codes and unknown provinces are issues."""
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


def check_citations(doc: YamlDoc, where: tuple[str | int, ...], numbers: list[int], count: int) -> Iterator[Issue]:
    """Each cited number names an item of the `sumber` list (1-based)."""
    for n in numbers:
        if not 0 < n <= count:
            listed = "hanya berisi 1 butir ([1])" if count == 1 else f"berisi {count} butir ([1] sampai [{count}])"
            yield _issue(doc, where, f"sumber [{n}] tidak ada; daftar 'sumber' berkas ini {listed}")


def check_award_round(doc: YamlDoc, places: dict[str, Place]) -> Iterator[Issue]:
    """The round matches its file name, recipients are register regions listed once, citations resolve."""
    d = doc.data
    if str(d["putaran"]) != doc.path.stem:
        yield _issue(doc, ("putaran",), f"putaran {d['putaran']} berbeda dengan nama berkas '{doc.path.stem}'")
    count = len(d["sumber"])
    yield from check_citations(doc, ("jumlah_kementerian", "sumber"), d["jumlah_kementerian"]["sumber"], count)
    seen: dict[str, int] = {}
    recorded: dict[str, int] = {}
    for i, a in enumerate(d["penerima"]):
        if places and a["daerah"] not in places:
            yield _issue(doc, ("penerima", i, "daerah"), _unknown("daerah di register", a["daerah"], places))
        if a["daerah"] in seen:
            yield _issue(doc, ("penerima", i, "daerah"), f"daerah '{a['daerah']}' tercatat dua kali "
                         f"(juga butir ke-{seen[a['daerah']] + 1})")
        seen[a["daerah"]] = i
        recorded[a["predikat"]] = recorded.get(a["predikat"], 0) + 1
        yield from check_citations(doc, ("penerima", i, "sumber"), a["sumber"], count)
    for predicate, n in sorted(recorded.items()):
        total = d["jumlah_kementerian"].get(predicate)
        if total is not None and n > total:
            yield _issue(doc, ("jumlah_kementerian", predicate), f"{n} penerima {predicate} tercatat, lebih "
                         f"dari jumlah kementerian ({total}); periksa predikat atau jumlahnya")


_REGISTER_FIELDS = ("nama", "jenis", "provinsi", "kode_kemendagri")


def check_profile(doc: YamlDoc, catalog: Catalog) -> Iterator[Issue]:
    """A profile names a register region (or is an example with its own name); no double history."""
    d = doc.data
    place = catalog.places.get(d["id"])
    if place is not None:
        for key in _REGISTER_FIELDS:
            if key in d:
                yield _issue(doc, (key,), f"'{key}' diambil dari register wilayah ({place.name}); hapus baris ini")
    elif catalog.places and not d.get("contoh"):
        hint = suggest(d["id"], list(catalog.places))
        yield _issue(doc, ("id",), f"id '{d['id']}' tidak ada di register wilayah (data/wilayah/kabupaten-kota.yaml)"
                     f"{hint or '; pakai id daerah dari register'} (daerah rekaan diberi 'contoh: true' "
                     "beserta nama, jenis dan provinsi)")
    else:
        for key in ("nama", "jenis", "provinsi"):
            if key not in d:
                yield _issue(doc, (key,), f"'{key}' wajib diisi untuk daerah yang tidak ada di register")
    for i, h in enumerate(d.get("riwayat_kks") or ()):
        award_round = catalog.award_rounds.get(h["tahun"])
        if award_round is None:
            continue
        listed = next((a for a in award_round.awards if a.region == d["id"]), None)
        if listed is not None:
            yield _issue(doc, ("riwayat_kks", i), f"putaran {h['tahun']} sudah tercatat di "
                         f"penghargaan/{h['tahun']}.yaml ({listed.predicate}); hapus butir ini")
        elif h["predikat"] != "tidak-lolos":
            yield _issue(doc, ("riwayat_kks", i), f"predikat nasional putaran {h['tahun']} dicatat di "
                         f"data/penghargaan/{h['tahun']}.yaml; pindahkan butir ini ke sana beserta sumbernya")


def check_guidance(doc: YamlDoc, tatanan: YamlDoc) -> Iterator[Issue]:
    """A guidance file covers indicators of its own tatanan, each once; the guide document exists."""
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
    yield from check_practice_citations(doc)
    yield from check_contacts(doc, practice.contacts)
    for i, document in enumerate(practice.documents):
        if document.file:
            yield from check_document_path(doc, ("dokumen", i, "berkas"), document.file)


NARRATIVE_FIELDS = ("ringkasan", "masalah", "langkah", "hasil", "biaya", "pelaku", "keberlanjutan",
                    "syarat_replikasi", "pelajaran")
"""Narrative fields of a case study, where claims cite their sources as [n]."""


def check_practice_citations(doc: YamlDoc) -> Iterator[Issue]:
    """Every [n] and every figure's `sumber` resolves; every dated sentence cites a source."""
    d = doc.data
    count = len(d["sumber"])
    for key in NARRATIVE_FIELDS:
        text = d.get(key)
        yield from check_citations(doc, (key,), sorted(set(cited_numbers(text))), count)
        for sentence in uncited_dated(text):
            yield _issue(doc, (key,), f"kalimat bertahun tanpa sumber: \"{sentence}\"; tambahkan [n] "
                         "(nomor sumber yang menyatakannya) atau hapus klaimnya")
    for i, figure in enumerate(d.get("angka_hasil") or ()):
        yield from check_citations(doc, ("angka_hasil", i, "sumber"), figure.get("sumber") or [], count)


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
    codes += [(("pertanyaan", i, "indikator"), code) for i, (code, _) in enumerate(visit.questions)]
    codes += [(("dokumen_diminta", i, "indikator", k), code) for i, (_, codes_) in enumerate(visit.requested)
              for k, code in enumerate(codes_)]
    for where, code in codes:
        if code is not None and code not in edition.indicators:
            yield _issue(doc, where, _unknown(f"indikator edisi {edition.year}", code, edition.indicators))


def _unknown(what: str, value: str, known: dict[str, object]) -> str:
    return f"{what} '{value}' tidak ditemukan{suggest(value, list(known))}"
