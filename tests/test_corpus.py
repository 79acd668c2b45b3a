"""The corpus of bad inputs: each case must give exactly the errors in its expected.txt.

A case is one folder under tests/corpus/ (see tests/corpus/README.md):

    data/...        files laid over a valid synthetic data set (same relative paths)
    remove.txt      optional: paths under data/ to delete first, one per line
    apply.py        optional: `apply(data_dir)` for inputs too big or odd to store as files
    args.txt        optional: the kks command line (default: validate --data data)
    files/...       optional: files put beside data/ (e.g. a CSV for an importer)
    X.workbook.yaml optional: a spreadsheet described as YAML, written as X.xlsx beside data/
    skip.txt        optional: the case is skipped with this reason
    expected.txt    the exact stderr of the command (paths relative to the case's temp folder)

Run with KKS_CORPUS_UPDATE=1 to (re)write expected.txt from the actual output; review the diff.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.synth import write_synthetic

from conftest import kks

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").exists() or (p / "skip.txt").exists())


@pytest.fixture(scope="session")
def corpus_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid data set with the synthetic framework (independent of data/)."""
    base = tmp_path_factory.mktemp("corpus-base") / "data"
    write_synthetic(base, practices=3, regions=3)
    return base



def write_workbook(spec: dict[str, Any], dest: Path) -> None:
    """A workbook from YAML: {sheets: {name: {rows: [[...]], header: [...], records: [{...}],
    merged: ["A1:B1"], text: ["B3"]}}}.

    `rows` are written first, then `header` and one row per record (values by header name).
    Strings beginning with '=' become formulas (saved without a cached value, as a script or a
    web export would), `text` cells get the text number format '@' (numbers stored as text).
    """
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, sheet_spec in spec["sheets"].items():
        sheet = book.create_sheet(name)
        for row in sheet_spec.get("rows", []):
            sheet.append(row)
        if "header" in sheet_spec:
            sheet.append(sheet_spec["header"])
            for record in sheet_spec.get("records", []):
                sheet.append([record.get(key) for key in sheet_spec["header"]])
        for ref in sheet_spec.get("text", []):
            sheet[ref].number_format = "@"
        for rng in sheet_spec.get("merged", []):
            sheet.merge_cells(rng)
    book.save(dest)


def prepare(case: Path, base: Path, root: Path) -> list[str]:
    """Lay the case over a copy of the base data set in `root`; returns the kks arguments."""
    data = root / "data"
    shutil.copytree(base, data)
    if (case / "remove.txt").exists():
        for rel in (case / "remove.txt").read_text(encoding="utf-8").split():
            (data / rel).unlink()
    if (case / "data").is_dir():
        shutil.copytree(case / "data", data, dirs_exist_ok=True)
    if (case / "files").is_dir():  # inputs beside data/, e.g. a CSV to import
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    for spec_path in case.glob("*.workbook.yaml"):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        write_workbook(spec, root / spec_path.name.replace(".workbook.yaml", ".xlsx"))
    if (case / "apply.py").exists():
        spec = importlib.util.spec_from_file_location(f"corpus_{case.name}", case / "apply.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.apply(data)
    args_file = case / "args.txt"
    return shlex.split(args_file.read_text(encoding="utf-8")) if args_file.exists() else ["validate", "--data", "data"]


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40, CASES


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(name: str, corpus_base: Path, tmp_path: Path) -> None:
    case = CORPUS / name
    if (case / "skip.txt").exists():
        pytest.skip((case / "skip.txt").read_text(encoding="utf-8").strip())
    args = prepare(case, corpus_base, tmp_path)
    result = kks(*args, cwd=tmp_path)
    expected_file = case / "expected.txt"
    if os.environ.get("KKS_CORPUS_UPDATE"):
        expected_file.write_text(result.stderr, encoding="utf-8")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected_file.read_text(encoding="utf-8").splitlines()


# --- Every error of a large data set, in one run ---------------------------------------------------

SCALE_REGIONS, SCALE_PRACTICES = 2_500, 22_500


def _clone_synthetic(dest: Path, base: Path) -> None:
    """25,000 files made from a small synthetic set by changing ids (writing them with
    macros.synth directly takes minutes); practices refer to the first 2,000 regions only."""
    shutil.copytree(base / "kerangka", dest / "kerangka")
    regions = sorted((base / "daerah").glob("*.yaml"))
    practices = sorted((base / "praktik").glob("*.yaml"))
    region_texts = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in regions]
    practice_texts = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in practices]
    (dest / "daerah").mkdir()
    (dest / "praktik").mkdir()
    for n in range(1, SCALE_REGIONS + 1):
        rid = f"sintetis-{n:05d}"
        (dest / "daerah" / f"{rid}.yaml").write_text(f"id: {rid}\n" + region_texts[n % len(regions)],
                                                     encoding="utf-8")
    for n in range(1, SCALE_PRACTICES + 1):
        pid = f"praktik-sintetis-{n:05d}"
        text = re.sub(r"^daerah: .*$", f"daerah: sintetis-{n % 2000 + 1:05d}", practice_texts[n % len(practices)],
                      count=1, flags=re.M)
        (dest / "praktik" / f"{pid}.yaml").write_text(f"id: {pid}\n" + text, encoding="utf-8")


@pytest.mark.slow
def test_validate_25000_files_reports_every_error_sorted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    base = tmp_path / "base"
    write_synthetic(base, practices=200, regions=20)
    data = tmp_path / "data"
    _clone_synthetic(data, base)
    assert sum(1 for p in data.rglob("*.yaml") if "kerangka" not in p.parts) == 25_000
    praktik, daerah = data / "praktik", data / "daerah"
    # A handful of broken files, spread over the set.
    (praktik / "praktik-sintetis-00007.yaml").write_text("id: praktik-sintetis-00007\njudul: [\n", encoding="utf-8")
    p = praktik / "praktik-sintetis-12345.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("\nstatus:", "\nstatuss:"), encoding="utf-8")
    p = praktik / "praktik-sintetis-22499.yaml"
    p.write_text(re.sub(r"^daerah: .*$", "daerah: kota-atlantis", p.read_text(encoding="utf-8"), flags=re.M),
                 encoding="utf-8")
    p = praktik / "praktik-sintetis-18000.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("\n  unit:", "\n\tunit:"), encoding="utf-8")
    (daerah / "sintetis-02400.yaml").write_text("", encoding="utf-8")  # no practice refers to it
    p = daerah / "sintetis-02450.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "kode_kemendagri: '7371'\n", encoding="utf-8")
    generated = time.perf_counter() - start

    start = time.perf_counter()
    result = kks("validate", "--data", "data", cwd=tmp_path)
    took = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n[skala] 25.000 berkas: dibuat {generated:.1f} s, kks validate {took:.1f} s")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    issues = [line for line in lines if re.match(r"^data/\S+:\d+: ", line)]
    assert lines[-1] == f"{len(issues)} kesalahan ditemukan; data belum bisa dipakai."
    where = [(line.split(":")[0], int(line.split(":")[1])) for line in issues]
    assert where == sorted(where), "errors must come sorted by file and line"
    expected = [
        ("data/daerah/sintetis-02400.yaml", 1, "berkas kosong"),
        ("data/daerah/sintetis-02450.yaml", None, "kode_kemendagri: '7371' tidak sesuai format"),
        ("data/praktik/praktik-sintetis-00007.yaml", 3, "kesalahan sintaks YAML"),
        ("data/praktik/praktik-sintetis-12345.yaml", 1, "status: kolom wajib 'status' belum ada"),
        ("data/praktik/praktik-sintetis-12345.yaml", None, "statuss: kolom 'statuss' tidak dikenal; maksud Anda"),
        ("data/praktik/praktik-sintetis-18000.yaml", None, "karakter tab"),
        ("data/praktik/praktik-sintetis-22499.yaml", None, "daerah: daerah 'kota-atlantis' tidak ditemukan"),
    ]
    assert len(issues) == len(expected), "\n".join(issues)
    for (path, line, fragment), got in zip(expected, issues, strict=True):
        assert got.startswith(f"{path}:{line if line else ''}") and fragment in got, got
