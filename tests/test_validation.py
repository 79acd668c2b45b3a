"""Each validation rule, on a valid synthetic data set with one thing broken at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from macros.core import load
from macros.core.load import load_catalog
from macros.core.schema import load_schemas
from macros.core.yamlio import dump_yaml


def _edit(path: Path, **changes: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(dump_yaml(data), encoding="utf-8")


def _first(folder: Path, kind: str) -> Path:
    return sorted((folder / kind).glob("*.yaml"))[0]


def _messages(folder: Path) -> list[str]:
    return [i.format() for i in load_catalog(folder)[1]]


def test_synthetic_data_is_valid(mini_data: Path) -> None:
    catalog, issues = load_catalog(mini_data)
    assert issues == []
    assert len(catalog.practices) == 12 and len(catalog.regions) == 4


def test_missing_required_field_names_the_field(mini_data: Path) -> None:
    path = _first(mini_data, "praktik")
    _edit(path, sumber=None)
    (msg,) = _messages(mini_data)
    assert "sumber: kolom wajib 'sumber' belum ada" in msg and msg.startswith(str(path))


def test_unknown_field_suggests_the_right_name(mini_data: Path) -> None:
    path = _first(mini_data, "praktik")
    _edit(path, ringkasn="teks")
    (msg,) = _messages(mini_data)
    assert "ringkasn: kolom 'ringkasn' tidak dikenal; maksud Anda 'ringkasan'?" in msg


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("status", "aktif", "pilih salah satu: berjalan, berhenti"),
        ("keyakinan", "tingi", "maksud Anda 'tinggi'?"),
        ("terakhir_diverifikasi", "2024-13-01", "tidak ada di kalender"),
        ("terakhir_diverifikasi", "kemarin", "bukan tanggal"),
        ("mulai", "2016", "harus berupa bilangan bulat"),
        ("judul", 2016, "beri tanda kutip"),
        ("tatanan", [], "daftar tidak boleh kosong"),
        ("indikator", ["T9.1", "T9.1"], "tercantum dua kali"),
        ("sumber", [{"url": "javascript:alert(1)", "diakses": "2026-01-01"}], "bukan alamat web"),
        ("indikator", ["X1"], "tidak sesuai format"),
    ],
)
def test_field_rules(mini_data: Path, field: str, value: object, fragment: str) -> None:
    _edit(_first(mini_data, "praktik"), **{field: value})
    assert any(fragment in m for m in _messages(mini_data)), _messages(mini_data)


def test_every_error_is_reported_at_once(mini_data: Path) -> None:
    paths = sorted((mini_data / "praktik").glob("*.yaml"))[:3]
    for path in paths:
        _edit(path, status="aktif", keyakinan="pasti")
    messages = _messages(mini_data)
    assert len(messages) == 6
    # Sorted by file, then by line as a number (line 9 before line 64).
    keys = [(m.split(":")[0], int(m.split(":")[1])) for m in messages]
    assert keys == sorted(keys)


def test_id_must_match_file_name(mini_data: Path) -> None:
    path = _first(mini_data, "daerah")
    _edit(path, id="lain")
    assert any("id 'lain' berbeda dengan nama berkas" in m for m in _messages(mini_data))


def test_unknown_references(mini_data: Path) -> None:
    path = _first(mini_data, "praktik")
    _edit(path, daerah="tidak-ada", tatanan=["T9"], indikator=["T9.99", "T1.1"])
    messages = _messages(mini_data)
    assert any("daerah 'tidak-ada' tidak ditemukan" in m for m in messages)
    assert any("indikator edisi 2025 'T9.99' tidak ditemukan" in m for m in messages)
    assert any("indikator T1.1 termasuk T1, tetapi T1 tidak tercantum" in m for m in messages)


def test_private_contact_needs_public_flag(mini_data: Path) -> None:
    _edit(_first(mini_data, "praktik"), kontak=[{"peran": "Kepala", "unit": "BPBD", "telepon": "0812"}])
    assert any("publik: true" in m for m in _messages(mini_data))


@pytest.mark.parametrize("bad", ["../rahasia.pdf", "/etc/passwd", "C:\\data\\x.pdf", "a/../../b.pdf"])
def test_document_paths_stay_in_the_document_folder(mini_data: Path, bad: str) -> None:
    _edit(_first(mini_data, "praktik"), dokumen=[{"judul": "SK", "berkas": bad}])
    assert any("keluar dari folder docs/dokumen" in m for m in _messages(mini_data))


def _assessment(folder: Path, scores: list[dict[str, object]]) -> Path:
    region = _first(folder, "daerah").stem
    path = folder / "penilaian" / f"{region}-2025.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(dump_yaml({"id": path.stem, "daerah": region, "edisi": 2025, "putaran": 2025,
                               "sumber_penilaian": "uji", "contoh": True, "nilai": scores}), encoding="utf-8")
    return path


def test_score_must_be_on_the_ladder(mini_data: Path) -> None:
    _assessment(mini_data, [{"indikator": "T9.1", "mandiri": 60}, {"indikator": "T9.1", "mandiri": 50}])
    messages = _messages(mini_data)
    assert any("nilai 60 tidak ada pada tangga nilai T9.1" in m for m in messages)
    assert any("dinilai dua kali" in m for m in messages)


def test_stray_files_are_reported(mini_data: Path) -> None:
    (mini_data / "praktik" / "catatan.yml").write_text("a: 1\n", encoding="utf-8")
    (mini_data / "lain.txt").write_text("x", encoding="utf-8")
    messages = _messages(mini_data)
    assert any("akhiran berkas harus '.yaml'" in m for m in messages)
    assert any("lain.txt" in m and "tempat yang tidak dikenal" in m for m in messages)


def test_schema_files_are_valid_json_schema_and_document_every_field() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for schema_id, schema in load_schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        if schema_id == "_umum":
            continue
        for name, prop in schema["properties"].items():
            target = prop.get("$ref", "")
            assert prop.get("description") or target.startswith("_umum#"), f"{schema_id}.{name} undocumented"


_SCHEMA_KEYWORDS = {"$schema", "$id", "$ref", "$defs", "title", "description", "type", "properties", "required",
                    "additionalProperties", "enum", "pattern", "minLength", "maxLength", "minItems", "maxItems",
                    "uniqueItems", "items", "minimum", "maximum", "format"}


def test_schema_files_use_only_known_keywords() -> None:
    """A comma inside an unquoted flow-style description silently splits it into stray keys."""

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if where.endswith(("properties", "$defs")):
                    walk(value, f"{where}.{key}")
                    continue
                assert key in _SCHEMA_KEYWORDS, f"unknown schema keyword {key!r} at {where}"
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for schema_id, schema in load_schemas().items():
        walk(schema, schema_id)


def test_reading_in_several_processes_gives_what_one_process_gives(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A large folder is read in a process per core (load.PARALLEL_FROM): the same records and
    the same problems, paths shown relative to the caller's directory, in the same order."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    practice = next((data / "praktik").glob("*.yaml"))
    record = yaml.safe_load(practice.read_text(encoding="utf-8"))
    record["indikator"] = ["T9.99"]  # a reference problem
    (data / "praktik" / "rusak-rujukan.yaml").write_text(dump_yaml({**record, "id": "rusak-rujukan"}),
                                                        encoding="utf-8")
    (data / "praktik" / "rusak-sintaks.yaml").write_text("id: [tutup\n", encoding="utf-8")
    (data / "praktik" / "rusak-skema.yaml").write_text(dump_yaml({**record, "id": "rusak-skema", "mulai": "kapan"}),
                                                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 10**9)
    one = load.load_catalog(Path("data"))
    monkeypatch.setattr(load, "PARALLEL_FROM", 10)
    pools: list[object] = []
    real_pool = load.ProcessPoolExecutor
    monkeypatch.setattr(load, "ProcessPoolExecutor", lambda *a, **k: pools.append(1) or real_pool(*a, **k))
    several = load.load_catalog(Path("data"))
    assert pools, "read in one process: the test compared nothing"
    assert several == one
    assert {i.path for i in one[1]} >= {"data/praktik/rusak-rujukan.yaml", "data/praktik/rusak-sintaks.yaml",
                                         "data/praktik/rusak-skema.yaml"}
