"""Study visits: the record's schema and cross-file checks, the dossier view, follow-up tracking,
and the rendered dossier, report, gap and region pages."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from macros.core import visits
from macros.core.load import load_catalog
from macros.core.yamlio import dump_yaml
from macros.render.jinja import _number as number
from macros.render.pages import plan_pages, render_source

from conftest import DATA, kks

EXAMPLE = "contoh-harapan-ke-makassar-2026"


def _visit(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "kunjungan-uji", "daerah_asal": "sintetis-00001", "tuan_rumah": "sintetis-00002",
        "mulai": "2026-03-10", "selesai": "2026-03-12", "status": "terlaksana",
        "tim": [{"peran": "Ketua rombongan", "unit": "BPBD Sintetis"}],
        "fokus": ["T9.7", "T9.10"],
        "agenda": [{"tanggal": "2026-03-10", "waktu": "09.00-10.00", "kegiatan": "Pembukaan"}],
        "temuan": [{"indikator": "T9.7", "uraian": "SK dulu, baru personel."}],
        "tindak_lanjut": [{"aksi": "Menyusun SK TRC", "opd": "BPBD Sintetis", "tenggat": "2026-05-31",
                           "indikator": "T9.7", "status": "berjalan"}],
        "contoh": True,
    }
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def _write(folder: Path, record: dict[str, Any]) -> Path:
    path = folder / "kunjungan" / f"{record['id']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(record), encoding="utf-8")
    return path


def _messages(folder: Path) -> list[str]:
    return [i.format() for i in load_catalog(folder)[1]]


def _follow_up(**changes: Any) -> dict[str, Any]:
    item = {"aksi": "Menyusun SK TRC", "opd": "BPBD Sintetis", "tenggat": "2026-05-31", "indikator": "T9.7",
            "status": "belum"}
    item.update(changes)
    return item


# ------------------------------------------------------------------ schema and checks


def test_valid_visit_loads(mini_data: Path) -> None:
    _write(mini_data, _visit())
    catalog, issues = load_catalog(mini_data)
    assert issues == []
    visit = catalog.visits["kunjungan-uji"]
    assert visit.focus == ("T9.7", "T9.10") and visit.has_report and visit.example
    assert visit.follow_ups[0].owner == "BPBD Sintetis" and visit.follow_ups[0].is_open


def test_bundled_example_visit_is_valid_and_labelled() -> None:
    catalog, issues = load_catalog(DATA)
    assert issues == [], [i.format() for i in issues]
    visit = catalog.visits[EXAMPLE]
    assert visit.example and catalog.regions[visit.home].example
    assert visit.host == "kota-makassar" and any(c.startswith("T9.") for c in visit.focus)
    assert catalog.practices_by_region["kota-makassar"]  # the host documents practice


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"daerah_asal": "sintetis-00009"}, "daerah_asal: daerah 'sintetis-00009' tidak ditemukan; maksud Anda"),
        ({"tuan_rumah": "kota-entah"}, "tuan_rumah: daerah 'kota-entah' tidak ditemukan"),
        ({"tuan_rumah": "sintetis-00001"}, "tuan rumah sama dengan daerah asal"),
        ({"fokus": ["T9.7", "T9.99"]}, "fokus[1]: indikator edisi 2025 'T9.99' tidak ditemukan"),
        ({"fokus": ["X9"]}, "fokus[0]: 'X9' tidak sesuai format"),
        ({"fokus": []}, "fokus: daftar tidak boleh kosong"),
        ({"selesai": "2026-03-09"}, "selesai: tanggal selesai 2026-03-09 lebih awal dari tanggal mulai 2026-03-10"),
        ({"selesai": "2026-06-10"}, "terlalu panjang"),
        ({"mulai": "10-03-2026"}, "mulai: '10-03-2026' bukan tanggal"),
        ({"tindak_lanjut": [_follow_up(tenggat="2026-02-30")]}, "tindak_lanjut[0].tenggat: tanggal '2026-02-30' "
                                                                "tidak ada di kalender"),
        ({"tindak_lanjut": [_follow_up(tenggat="akhir Mei")]}, "tindak_lanjut[0].tenggat: 'akhir Mei' bukan tanggal"),
        ({"tindak_lanjut": [_follow_up(tenggat="2026-01-31")]}, "tindak_lanjut[0].tenggat: tenggat 2026-01-31 "
                                                                "sebelum kunjungan dimulai"),
        ({"tindak_lanjut": [_follow_up(status="proses")]}, "tindak_lanjut[0].status: nilai 'proses' tidak dikenal"),
        ({"tindak_lanjut": [_follow_up(indikator="T9.70")]}, "tindak_lanjut[0].indikator: indikator edisi 2025 "
                                                             "'T9.70' tidak ditemukan"),
        ({"tindak_lanjut": [{"aksi": "x", "opd": "y", "tenggat": "2026-05-01", "status": "belum"}]},
         "kolom wajib 'indikator' belum ada"),
        ({"temuan": [{"indikator": "T1.99", "uraian": "x"}]}, "temuan[0].indikator: indikator edisi 2025 'T1.99'"),
        ({"agenda": [{"tanggal": "2026-03-20", "kegiatan": "x"}]}, "agenda[0].tanggal: tanggal 2026-03-20 di luar "
                                                                   "masa kunjungan"),
        ({"agenda": [{"tanggal": "2026-03-10", "waktu": "pagi", "kegiatan": "x"}]}, "agenda[0].waktu: 'pagi' tidak "
                                                                                    "sesuai format"),
        ({"edisi": 2019}, "edisi: edisi 2019 tidak ada"),
        ({"tim": None}, "tim: kolom wajib 'tim' belum ada"),
        ({"peserta": []}, "kolom 'peserta' tidak dikenal"),
    ],
)
def test_visit_rules(mini_data: Path, changes: dict[str, Any], fragment: str) -> None:
    path = _write(mini_data, _visit(**changes))
    messages = _messages(mini_data)
    assert any(fragment in m for m in messages), messages
    assert all(m.startswith(str(path)) for m in messages), messages


def test_visit_errors_point_at_the_line(mini_data: Path) -> None:
    path = _write(mini_data, _visit(selesai="2026-03-01"))
    (message,) = _messages(mini_data)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("selesai:"))
    assert message.startswith(f"{path}:{line}: selesai: ")


def test_every_visit_error_is_reported_at_once(mini_data: Path) -> None:
    _write(mini_data, _visit(daerah_asal="entah", fokus=["T9.99"], selesai="2026-03-01",
                             tindak_lanjut=[_follow_up(tenggat="2025-01-01")]))
    messages = _messages(mini_data)
    assert len(messages) == 4, messages
    assert {m.split(": ")[1] for m in messages} == {"daerah_asal", "fokus[0]", "selesai", "tindak_lanjut[0].tenggat"}


def test_visit_id_must_match_file_and_not_be_index(mini_data: Path) -> None:
    _write(mini_data, _visit(id="index"))
    assert any("id 'index' sudah dipakai" in m for m in _messages(mini_data))


# ------------------------------------------------------------------ the dossier view


@pytest.fixture(scope="module")
def bundled():
    catalog, issues = load_catalog(DATA)
    assert issues == []
    return catalog


def test_dossier_collects_host_practice_questions_documents_contacts(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    d = visits.dossier(bundled, visit)
    assert [f.indicator.code for f in d.focus] == list(visit.focus)
    # only the host's practices, each touching a focus indicator
    assert d.practices and all(p.region == visit.host and set(p.indicators) & set(visit.focus) for p in d.practices)
    for item in d.focus:
        top = item.indicator.ladder[0]
        assert any(top.condition.rstrip(".")[:40] in q and "Kota Makassar" in q for q in item.questions)
        assert any("biaya" in q.lower() for q in item.questions)
        assert any("memimpin" in q for q in item.questions)
    titles = [doc.title for doc in d.documents]
    for code in visit.focus:  # every evidence item of every focus indicator is requested
        for evidence in bundled.edition.indicators[code].evidence:
            assert evidence in titles
    host_contacts = {(c.role, c.unit) for c in bundled.regions[visit.host].contacts}
    assert host_contacts <= {(e.contact.role, e.contact.unit) for e in d.contacts}
    assert not d.agenda_suggested and d.agenda[0].date == visit.start


def test_questions_step_from_current_rung(bundled) -> None:
    indicator = bundled.edition.indicators["T9.7"]
    host = bundled.regions["kota-makassar"]
    lowest = min(indicator.scores)
    asked = visits.questions(indicator, host, lowest)
    step = visits.next_level(indicator, lowest)
    assert step is not None and step.score == sorted(indicator.scores)[1]
    assert any(f"Kami sekarang di nilai {lowest}" in q and f"naik ke nilai {step.score}" in q for q in asked)
    assert visits.next_level(indicator, max(indicator.scores)) is None
    assert visits.next_level(indicator, None) == indicator.ladder[0]


def test_suggested_agenda_when_the_record_has_none(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    bare = visits.Visit(**{**visit.__dict__, "agenda": ()})
    d = visits.dossier(bundled, bare)
    assert d.agenda_suggested
    assert [day.date for day in d.agenda] == ["2026-03-10", "2026-03-11", "2026-03-12"]
    activities = [a.activity for day in d.agenda for a in day.items]
    assert activities[0].startswith("Pembukaan") and activities[-1].startswith("Diskusi penutup")
    assert any(a.startswith("Kunjungan lapangan: ") for a in activities)


def test_dossier_lists_are_bounded(tmp_path: Path) -> None:
    from macros.synth import write_synthetic

    folder = tmp_path / "data"
    write_synthetic(folder, practices=300, regions=4, framework_from=DATA)
    catalog, issues = load_catalog(folder)
    assert issues == []
    host = max(catalog.practices_by_region, key=lambda r: len(catalog.practices_by_region[r]))
    home = next(r for r in catalog.regions if r != host)
    codes = list(dict.fromkeys(c for p in catalog.practices_by_region[host] for c in p.indicators))[:15]
    visit = visits.Visit("v", None, home, host, None, "2026-01-05", "2026-01-06", "rencana", None,
                         (visits.TeamMember("Ketua", "OPD", 1),), tuple(codes), (), (), (), None, True)
    d = visits.dossier(catalog, visit)
    relevant = [p for p in catalog.practices_by_region[host] if set(p.indicators) & set(codes)]
    assert len(relevant) > visits.PRACTICES_MAX
    assert len(d.practices) == visits.PRACTICES_MAX and d.more_practices == len(relevant) - visits.PRACTICES_MAX
    assert len(d.documents) <= visits.DOCUMENTS_MAX and len(d.contacts) <= visits.CONTACTS_MAX
    assert all(len(f.practices) <= visits.PRACTICES_PER_INDICATOR for f in d.focus)


def test_follow_ups_open_first_and_overdue_by_date(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    table = visits.follow_ups_for(bundled, visit.home, dt.date(2026, 10, 1))
    statuses = [r.follow_up.status for r in table.rows]
    assert statuses == sorted(statuses, key=lambda s: s not in visits.OPEN_STATUSES)
    assert table.open_count == sum(f.is_open for f in visit.follow_ups)
    overdue = {r.follow_up.action for r in table.rows if r.overdue}
    assert overdue == {f.action for f in visit.follow_ups if f.is_open and f.due < "2026-10-01"}
    early = visits.follow_ups_for(bundled, visit.home, dt.date(2026, 3, 1))
    assert early.overdue_count == 0
    assert visits.follow_ups_for(bundled, visit.host).rows == ()


# ------------------------------------------------------------------ rendered pages


def _page(catalog, uri: str) -> BeautifulSoup:
    spec = plan_pages(catalog)[uri]
    source = render_source(catalog, spec)
    assert source.startswith("---\n") and "{{" not in source and "{%" not in source
    return BeautifulSoup(source.split("---\n", 2)[2], "html.parser")


def test_dossier_page(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    soup = _page(bundled, f"kunjungan/{EXAMPLE}.md")
    text = soup.get_text(" ")
    assert soup.select_one(".kks-contoh") is not None  # labelled as an example
    for section in ("fokus", "tim", "agenda", "praktik", "pertanyaan", "dokumen", "kontak"):
        assert soup.find(id=section) is not None, section
    assert "Kota Makassar" in text and all(code in text for code in visit.focus)
    assert len(soup.select(".kks-pertanyaan")) == len(visit.focus)
    assert len(soup.select(".kks-checklist li")) >= len(visit.focus)
    links = {a["href"] for a in soup.find_all("a")}
    assert "../praktik/makassar-balasar.html" in links and f"laporan/{EXAMPLE}.html" in links
    # Intranet readers get the browser's print dialog, not command lines (issue 12).
    assert "Cetak" in soup.select_one(".kks-no-print").get_text()
    assert "kks " not in text and soup.find("code") is None


def test_dossier_target_is_the_plan_target(bundled) -> None:
    """The dossier's "sasaran" is the improvement plan's target (kks gap), not the next rung."""
    from macros.core.gaps import gap_report

    visit = bundled.visits[EXAMPLE]
    plan = {}
    for step in gap_report(bundled, visit.home).plan:
        plan[step.indicator.code] = step
    d = visits.dossier(bundled, visit)
    assert any(f.indicator.code in plan for f in d.focus) and any(f.indicator.code not in plan for f in d.focus)
    soup = _page(bundled, f"kunjungan/{EXAMPLE}.md")
    rows = {tr.find("a").get_text(): tr for tr in soup.select("table.kks-fokus tbody tr")}
    for item in d.focus:
        code = item.indicator.code
        cell = rows[code].select("td")[2].get_text(" ", strip=True)
        if code in plan:
            assert item.target is not None and item.target.level.score == plan[code].to_score
            assert item.target.goal == plan[code].goal
            assert cell.startswith(f"{plan[code].to_score} {plan[code].condition}"), cell
            if item.next_level and item.next_level.score != plan[code].to_score:
                assert not cell.startswith(str(item.next_level.score))
        else:
            assert item.target is None and "tidak termasuk rencana perbaikan" in cell


def test_dossier_without_assessment_aims_at_the_top_rung(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    other = next(r for r in bundled.regions if r not in (visit.home, visit.host))
    d = visits.dossier(bundled, visits.Visit(**{**visit.__dict__, "home": other}))
    assert d.home_assessment is None
    assert all(f.target is not None and f.target.level == f.indicator.ladder[0] and f.target.goal is None
               for f in d.focus)


def test_suggested_agenda_leaves_out_stopped_practices(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    d = visits.dossier(bundled, visits.Visit(**{**visit.__dict__, "agenda": ()}))
    stopped = [p for p in d.practices if p.status == "berhenti"]
    assert stopped, "the example host has a stopped practice for a focus indicator"
    activities = " ".join(a.activity for day in d.agenda for a in day.items)
    assert all(p.title not in activities for p in stopped)
    assert any(p.title in activities for p in d.practices if p.status != "berhenti")
    soup = _page(bundled, f"kunjungan/{EXAMPLE}.md")
    cards = {c.find("h3").get_text(" ", strip=True): c for c in soup.select("section.kks-praktik-ringkas")}
    for p in stopped:  # still described (the team may ask why it stopped), clearly marked
        card = next(c for title, c in cards.items() if p.title in title)
        assert card.select_one(".kks-berhenti") is not None


def test_quoted_text_is_cut_at_a_word_boundary() -> None:
    text = "Laporan pelaksanaan kegiatan disertai dokumentasi " * 6
    cut = visits._cut(text, 60)
    assert len(cut) <= 60 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the word before … is whole
    assert visits._cut("pendek.", 60) == "pendek"
    assert visits._cut("x" * 80, 60) == "x" * 59 + "…"  # one endless word: cut, still marked


def test_report_page(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    soup = _page(bundled, f"kunjungan/laporan/{EXAMPLE}.md")
    rows = soup.select("table.kks-tindak-lanjut tbody tr")
    assert len(rows) == len(visit.follow_ups)
    first = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    f = visit.follow_ups[0]
    assert first[0] == f.action and first[1] == f.owner and f.indicator in first[3] and f.label in first[4]
    assert len(soup.select("ol.kks-temuan > li")) == len(visit.findings)


def test_region_page_tracks_follow_ups(bundled) -> None:
    visit = bundled.visits[EXAMPLE]
    soup = _page(bundled, f"daerah/{visit.home}.md")
    assert soup.find(id="tindak-lanjut") is not None
    assert len(soup.select("table.kks-tindak-lanjut tbody tr")) == len(visit.follow_ups)
    links = {a["href"] for a in soup.find_all("a")}
    assert f"../kesenjangan/{visit.home}.html" in links and f"../kunjungan/{EXAMPLE}.html" in links
    host = _page(bundled, f"daerah/{visit.host}.md")
    assert host.find(id="tindak-lanjut") is None  # the host made no visit


def test_gap_page(bundled) -> None:
    from macros.core.gaps import gap_report

    home = bundled.visits[EXAMPLE].home
    data = gap_report(bundled, home).to_json()
    soup = _page(bundled, f"kesenjangan/{home}.md")
    chart = soup.select_one("figure.kks-grafik-kesenjangan")
    assert chart is not None and soup.find("script") is None
    rows = chart.select("ol.kks-grafik-baris > li")
    assert [r.select_one(".kks-grafik-label a").get_text() for r in rows] == [t["kode"] for t in data["tatanan"]]
    for row, t in zip(rows, data["tatanan"], strict=True):
        assert row.select_one(".kks-grafik-batang")["style"] == f"width: {t['nilai']}%"
        assert row.select_one(".kks-grafik-nilai").get_text().startswith(number(t["nilai"]))
        below = t["memenuhi_minimum"] is False
        assert ("kks-grafik-di-bawah" in row["class"]) == below
    assert f"--kks-minimum: {data['nilai_minimum']}%" in chart["style"]
    assert "nilai minimum 70" in chart.get_text(" ")
    assert len(soup.find(id="terlemah").find_next("table").select("tbody tr")) <= visits.WEAKEST_MAX
    plan_table = soup.find(id="rencana").find_next("table")
    assert len(plan_table.select("tbody tr")) == len(data["rencana"])
    # Wording (issue 12): verification as a count, no doubled words or full stops.
    table = soup.select_one("table.kks-nilai-tatanan")
    for tr, t in zip(table.select("tbody tr"), data["tatanan"], strict=True):
        cell = tr.select("td")[4].get_text(" ", strip=True)
        assert cell == f"{t['jumlah_terverifikasi']} dari {t['jumlah_indikator']} terverifikasi"
        assert tr.select("td")[3].get_text(strip=True) == number(t["nilai_setelah_potongan"])
    text = soup.get_text(" ")
    assert ".." not in text.replace("…", "") and "belum. belum" not in text
    for item in soup.select(".kks-syarat-predikat li"):
        words = item.get_text(" ", strip=True).split()
        assert all(a != b for a, b in itertools.pairwise(words)), words
    hosts = soup.find(id="tuan-rumah").find_next("ol")
    if data["tuan_rumah"]:
        assert hosts.find("a")["href"] == f"../daerah/{data['tuan_rumah'][0]['daerah']}.html"


def test_text_from_data_is_escaped(mini_data: Path) -> None:
    _write(mini_data, _visit(tindak_lanjut=[_follow_up(aksi="<script>alert(1)</script>")],
                             temuan=[{"uraian": "<img src=x onerror=alert(1)> **penting**"}]))
    catalog, issues = load_catalog(mini_data)
    assert issues == []
    report = render_source(catalog, plan_pages(catalog)["kunjungan/laporan/kunjungan-uji.md"])
    assert "<script>" not in report and "&lt;script&gt;" in report
    assert "onerror" not in report and "<strong>penting</strong>" in report


def test_visit_without_findings_has_no_report_page(mini_data: Path) -> None:
    _write(mini_data, _visit(temuan=None, tindak_lanjut=None, agenda=None, status="rencana"))
    catalog, issues = load_catalog(mini_data)
    assert issues == []
    planned = plan_pages(catalog)
    assert "kunjungan/kunjungan-uji.md" in planned and "kunjungan/laporan/kunjungan-uji.md" not in planned
    source = render_source(catalog, planned["kunjungan/kunjungan-uji.md"])
    assert "Usulan agenda" in source


# ------------------------------------------------------------------ command line


def test_dossier_command_usage_and_unknown_visit(tmp_path: Path) -> None:
    result = kks("dossier", EXAMPLE)
    assert result.returncode == 2 and "--pdf" in result.stderr
    out = tmp_path / "x.html"
    result = kks("dossier", "contoh-harapan-ke-makasar-2026", "--html", str(out))
    assert result.returncode == 1 and f"maksud Anda '{EXAMPLE}'" in result.stderr
    assert not out.exists() and "Traceback" not in result.stderr


def test_dossier_html_is_standalone(tmp_path: Path) -> None:
    out = tmp_path / "berkas.html"
    result = kks("dossier", EXAMPLE, "--html", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "@media print" in html and "Kota Makassar" in html
    assert "<link" not in html and "<script" not in html  # nothing to fetch when printing


def test_dossier_pdf_without_chromium_fails_in_indonesian(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KKS_CHROMIUM", str(tmp_path / "tidak-ada"))
    out = tmp_path / "berkas.pdf"
    result = kks("dossier", EXAMPLE, "--pdf", str(out))
    assert result.returncode == 1 and "Chromium tidak ditemukan" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
