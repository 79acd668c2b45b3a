"""Validation messages, by kind (issue 11): every error in one run, hidden folders ignored, hints
that quote the text as written and fix the file when copied, codes respelt, past-only dates,
empty choices, unknown ids with the folder actually read, one `BERKAS:BARIS: kolom: pesan` format.

The exact output of each example is in tests/corpus/ (semua-kesalahan-sekaligus,
folder-tersembunyi-diabaikan, petunjuk-kutip-seperti-tertulis, kode-huruf-kecil,
tanggal-masa-depan, pilihan-kosong, dokumen-berkas-tidak-ada, gap-daerah-tanpa-awalan); the
tests here check each rule as a rule, on many inputs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from macros.core.load import load_catalog
from macros.core.yamlio import dump_yaml

from conftest import kks

CORPUS = Path(__file__).parent / "corpus"


def _first(folder: Path, kind: str) -> Path:
    return sorted((folder / kind).glob("*.yaml"))[0]


def _messages(folder: Path) -> set[str]:
    return {i.format() for i in load_catalog(folder)[1]}


def _set(path: Path, key: str, raw: str | None) -> None:
    """Write the top-level `key: raw` exactly as given (raw YAML text), or remove the key."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop(key, None)
    text = dump_yaml(data)
    if raw is not None:
        text += f"{key}: {raw}\n"
    path.write_text(text, encoding="utf-8")


# --- All errors in one run ------------------------------------------------------------------------

FORMAT_ERRORS = {  # a problem the schema finds
    "kolom-salah-eja": ("judull", "Judul salah eja"),
    "status-kosong": ("status", ""),
    "kode-huruf-kecil": ("indikator", "[t3.1]"),
    "tanggal-rusak": ("terakhir_diverifikasi", '"2026-13-01"'),
}
REFERENCE_ERRORS = {  # a problem only other files can show
    "daerah-tak-dikenal": ("daerah", "kota-atlantis"),
    "indikator-tak-dikenal": ("indikator", "[T9.15]"),
    "edisi-tak-ada": ("edisi", "2019"),
}


def _with(folder: Path, tmp: Path, name: str, *changes: tuple[str, str]) -> set[str]:
    copy = tmp / name / "data"
    shutil.copytree(folder, copy)
    path = _first(copy, "praktik")
    for key, raw in changes:
        _set(path, key, raw)
    # Lines are left out: appending a key moves the lines of keys appended before it.
    return {re.sub(r":\d+: ", ": ", m.replace(str(copy), "DATA"), count=1) for m in _messages(copy)}


@pytest.mark.parametrize(("fault", "reference"), [
    (f, r) for f in FORMAT_ERRORS for r in REFERENCE_ERRORS if FORMAT_ERRORS[f][0] != REFERENCE_ERRORS[r][0]])
def test_reference_errors_come_with_format_errors(mini_data: Path, tmp_path: Path, fault: str,
                                                  reference: str) -> None:
    """One run reports exactly what fixing one problem at a time would have shown."""
    alone_format = _with(mini_data, tmp_path, "a", FORMAT_ERRORS[fault])
    alone_reference = _with(mini_data, tmp_path, "b", REFERENCE_ERRORS[reference])
    together = _with(mini_data, tmp_path, "c", FORMAT_ERRORS[fault], REFERENCE_ERRORS[reference])
    assert alone_format and alone_reference  # each problem is seen on its own: the test can fail
    assert together == alone_format | alone_reference


def test_a_broken_file_does_not_make_the_files_naming_it_fail(mini_data: Path) -> None:
    region = _first(mini_data, "daerah")
    _set(region, "warna", "merah")  # a region file with a schema problem
    tatanan = mini_data / "kerangka" / "2025" / "tatanan" / "T3.yaml"
    tatanan.write_text(tatanan.read_text(encoding="utf-8") + "kolom_asing: 1\n", encoding="utf-8")
    messages = _messages(mini_data)
    assert {m.split(":")[0] for m in messages} == {str(region), str(tatanan)}, messages
    assert not any("tidak ditemukan" in m for m in messages)


def test_an_unreadable_file_does_not_make_the_files_naming_it_fail(mini_data: Path) -> None:
    region = _first(mini_data, "daerah")
    region.write_text("id: [tidak ditutup\n", encoding="utf-8")
    (msg,) = _messages(mini_data)
    assert msg.startswith(f"{region}:1: (berkas): kesalahan sintaks YAML")


# --- Hidden folders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", [".git", ".vscode", ".idea", ".cadangan", "praktik/.git", "kerangka/.lama"])
def test_hidden_folders_are_not_data(mini_data: Path, hidden: str) -> None:
    folder = mini_data / hidden
    (folder / "objects" / "ab").mkdir(parents=True)
    (folder / "objects" / "ab" / "cdef").write_bytes(b"\x00\x01")
    (folder / "config").write_text("[core]\n", encoding="utf-8")
    (folder / "rusak.yaml").write_text("id: [\n", encoding="utf-8")
    (folder / "tautan").symlink_to("/etc/hostname")
    assert _messages(mini_data) == set()


def test_visible_stray_folders_are_still_reported(mini_data: Path) -> None:
    (mini_data / "git").mkdir()
    (mini_data / "git" / "config").write_text("[core]\n", encoding="utf-8")
    assert any("git/config" in m and "tempat yang tidak dikenal" in m for m in _messages(mini_data))


# --- Hints quote the text as written ---------------------------------------------------------------

AS_WRITTEN = ["09.30", "13.00", "55.000", "1.50", "-0.50", "010.0", "7", "0", "true", "False"]


@pytest.mark.parametrize("written", AS_WRITTEN)
def test_quote_hint_repeats_the_text_and_fixes_it(mini_data: Path, written: str) -> None:
    path = _first(mini_data, "praktik")
    _set(path, "pelaku", written)  # a text field
    (msg,) = _messages(mini_data)
    hint = re.search(r'beri tanda kutip, misalnya "([^"]*)"$', msg)
    assert hint, msg
    assert hint[1] == written  # never 9.3, 55.0, True
    _set(path, "pelaku", f'"{hint[1]}"')  # doing what the hint says fixes the file, keeping the text
    assert _messages(mini_data) == set()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["pelaku"] == written


def test_quote_hint_inside_lists_and_other_kinds(mini_data: Path) -> None:
    path = _first(mini_data, "praktik")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("angka_hasil", None)
    path.write_text(dump_yaml(data) + "angka_hasil:\n  - ukuran: Penerima\n    nilai: 55.000\n", encoding="utf-8")
    region = _first(mini_data, "daerah")
    _set(region, "kode_kemendagri", "63.10")
    messages = _messages(mini_data)
    assert any(m.endswith('angka_hasil[0].nilai: harus berupa teks, bukan angka; beri tanda kutip, misalnya "55.000"')
               for m in messages), messages
    assert any(m.endswith('misalnya "63.10"') for m in messages), messages


# --- Codes in the wrong spelling --------------------------------------------------------------------


@pytest.mark.parametrize(("key", "written", "meant"), [
    ("indikator", "t9.1", "T9.1"), ("indikator", "kl.3", "KL.3"), ("indikator", " T9.1", "T9.1"),
    ("indikator", "T9,1", "T9.1"), ("tatanan", "t9", "T9"), ("daerah", "Sintetis-00001", "sintetis-00001"),
    ("daerah", "sintetis 00001", "sintetis-00001"),
])
def test_a_respelt_code_is_suggested_and_fixes_it(mini_data: Path, key: str, written: str, meant: str) -> None:
    path = _first(mini_data, "praktik")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(tatanan=["T9", "KL"], indikator=["T9.1"], daerah="sintetis-00001")
    data[key] = [written] if isinstance(data[key], list) else written
    path.write_text(dump_yaml(data), encoding="utf-8")
    (msg,) = _messages(mini_data)
    assert msg.endswith(f"Maksud Anda '{meant}'?"), msg
    data[key] = [meant] if isinstance(data[key], list) else meant
    path.write_text(dump_yaml(data), encoding="utf-8")
    assert _messages(mini_data) == set()


# --- Dates of things already done are not in the future ---------------------------------------------


@pytest.mark.parametrize("where", ["terakhir_diverifikasi", "sumber.diakses", "sumber.tanggal"])
@pytest.mark.parametrize(("days", "ok"), [(-400, True), (0, True), (1, True), (2, False), (365 * 100, False)])
def test_past_dates_cannot_be_in_the_future(mini_data: Path, where: str, days: int, ok: bool) -> None:
    """One day of slack: a date written in Indonesia can be tomorrow for a machine on UTC."""
    day = (dt.date.today() + dt.timedelta(days=days)).isoformat()
    path = _first(mini_data, "praktik")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if where == "terakhir_diverifikasi":
        data[where] = day
    else:
        data["sumber"][0][where.split(".")[1]] = day
    path.write_text(dump_yaml(data), encoding="utf-8")
    messages = _messages(mini_data)
    assert (messages == set()) is ok, messages
    if not ok:
        (msg,) = messages
        assert f"tanggal '{day}' belum terjadi" in msg


def test_planned_dates_may_be_in_the_future(mini_data: Path) -> None:
    """A visit and its follow-up deadlines are planned ahead: no past-only rule there."""
    year = dt.date.today().year + 2
    regions = sorted(p.stem for p in (mini_data / "daerah").glob("*.yaml"))
    (mini_data / "kunjungan").mkdir(exist_ok=True)
    (mini_data / "kunjungan" / "rencana.yaml").write_text(dump_yaml({
        "id": "rencana", "daerah_asal": regions[0], "tuan_rumah": regions[1], "mulai": f"{year}-03-10",
        "selesai": f"{year}-03-11", "tim": [{"peran": "Ketua", "unit": "Bappeda"}], "fokus": ["T9.1"],
        "tindak_lanjut": [{"aksi": "Rapat", "opd": "Bappeda", "tenggat": f"{year}-06-30", "indikator": "T9.1",
                           "status": "belum"}],
        "contoh": True}), encoding="utf-8")
    assert _messages(mini_data) == set()


# --- Empty choices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "key", "raw"), [
    ("praktik", "status", ""), ("praktik", "status", "~"), ("praktik", "keyakinan", "null"),
    ("daerah", "jenis", ""), ("daerah", "peran", "Null"),
])
def test_an_empty_choice_says_kosong(mini_data: Path, kind: str, key: str, raw: str) -> None:
    _set(_first(mini_data, kind), key, raw)
    (msg,) = _messages(mini_data)
    assert f"{key}: tidak boleh kosong; pilih salah satu: " in msg
    assert "None" not in msg


@pytest.mark.parametrize(("raw", "shown"), [("true", "true"), ("1.0", "1.0"), ("07", "07")])
def test_a_wrong_choice_is_quoted_as_written(mini_data: Path, raw: str, shown: str) -> None:
    _set(_first(mini_data, "praktik"), "status", raw)
    (msg,) = _messages(mini_data)
    assert f"status: nilai '{shown}' tidak dikenal; pilih salah satu: berjalan, berhenti" in msg


# --- Unknown ids on the command line ----------------------------------------------------------------


def test_gap_suggests_the_full_id_and_names_the_data_folder(mini_data: Path, tmp_path: Path) -> None:
    other = tmp_path / "data-dinas"
    shutil.copytree(mini_data, other)
    region = _first(other, "daerah")
    data = yaml.safe_load(region.read_text(encoding="utf-8"))
    data["id"] = "kab-balangan"
    region.unlink()
    (other / "daerah" / "kab-balangan.yaml").write_text(dump_yaml(data), encoding="utf-8")
    for practice in (other / "praktik").glob("*.yaml"):
        practice.write_text(practice.read_text(encoding="utf-8").replace(f"daerah: {region.stem}\n",
                                                                         "daerah: kab-balangan\n"), encoding="utf-8")
    result = kks("gap", "balangan", "--data", "data-dinas", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == "", result.stderr
    assert result.stderr == ("kks gap: daerah 'balangan' tidak ditemukan di data-dinas/daerah/; "
                             "maksud Anda 'kab-balangan'?\n")
    result = kks("gap", "kota-atlantis", "--data", str(other))
    assert f"tidak ditemukan di {other}/daerah/" in result.stderr  # the folder read, not data/


def test_unknown_ids_in_other_commands_name_the_folder(mini_data: Path, tmp_path: Path) -> None:
    region = _first(mini_data, "daerah").stem
    result = kks("new-practice", region.upper(), "baru", "--data", str(mini_data))
    assert result.returncode == 1
    assert f"tidak ditemukan di {mini_data}/daerah/; maksud Anda '{region}'?" in result.stderr
    result = kks("import-assessment", str(tmp_path / "x.csv"), "--region", "atlantis", "--edition", "2025",
                 "--data", str(mini_data))
    assert result.returncode == 1 and f"'atlantis' tidak ditemukan di {mini_data}/daerah/" in result.stderr


# --- One format ------------------------------------------------------------------------------------

LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>[1-9][0-9]*): (?P<field>[^\s:]+): (?P<message>\S.*)$")
SUMMARY = re.compile(r"^[1-9][0-9]* kesalahan ditemukan; data belum bisa dipakai\.$")


def test_every_validation_message_has_one_format() -> None:
    """Every `kks validate` output in the corpus: `BERKAS:BARIS: kolom: pesan`, then the count."""
    cases = [p for p in sorted(CORPUS.iterdir()) if (p / "expected.txt").exists() and not (p / "args.txt").exists()]
    assert len(cases) > 50
    for case in cases:
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert SUMMARY.match(lines[-1]) and int(lines[-1].split()[0]) == len(lines) - 1, case.name
        for line in lines[:-1]:
            match = LINE.match(line)
            assert match, f"{case.name}: {line}"
            assert "None" not in match["message"] and "Traceback" not in line, f"{case.name}: {line}"


# --- Document links -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sk.pdf", "SK #2.pdf", "a?b=c.pdf", "100%.pdf", "%41.pdf", "2024/Notulen rapat.pdf",
                                  "Perbup Nomor 5 (2024) & lampiran.pdf", "ringkasan é ü.pdf", "catatan.md"])
def test_document_links_are_percent_encoded_and_decode_back(name: str) -> None:
    from urllib.parse import unquote, urlsplit

    from macros.render.urls import document_url

    url = document_url(name, "praktik/x.md")
    parts = urlsplit(url)
    assert parts.query == "" and parts.fragment == "" and url.startswith("../dokumen/")
    assert unquote(parts.path) == f"../dokumen/{name}"  # what the browser asks the server or disk for
