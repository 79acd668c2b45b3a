"""The `kks` command line as users run it: exit codes, messages on stderr, atomic builds."""

from __future__ import annotations

import re
from pathlib import Path

from macros.cli.main import build_parser

from conftest import kks


def test_help_is_indonesian() -> None:
    text = build_parser().format_help()
    assert "pemakaian: kks" in text and "perintah" in text and "validate" in text


def test_usage_error_exits_2() -> None:
    result = kks("tidak-ada")
    assert result.returncode == 2 and "kesalahan" in result.stderr
    result = kks("validate", "--tidak-ada")
    assert result.returncode == 2 and "argumen tidak dikenal" in result.stderr


def test_validate_ok(mini_data: Path) -> None:
    result = kks("validate", "--data", str(mini_data))
    assert result.returncode == 0, result.stderr
    assert "12 praktik" in result.stdout


def test_validate_reports_every_broken_file_relative_to_cwd(mini_data: Path) -> None:
    praktik = sorted((mini_data / "praktik").glob("*.yaml"))
    praktik[0].write_text("id: x\njudul: [tidak ditutup\n", encoding="utf-8")           # syntax error
    text = praktik[1].read_text(encoding="utf-8")
    praktik[1].write_text(text.replace("status:", "statuss:"), encoding="utf-8")          # missing + unknown
    text = praktik[2].read_text(encoding="utf-8")
    praktik[2].write_text(re.sub(r"- (?:T\d|KL)\.\d+", "- T1.99", text, count=1), encoding="utf-8")  # unknown code
    dup = mini_data / "praktik" / "salinan.yaml"
    dup.write_text(praktik[3].read_text(encoding="utf-8"), encoding="utf-8")             # duplicate id
    (mini_data / "daerah" / "bom.yaml").write_text("a: &a [1, 2]\nb: [*a, *a]\n", encoding="utf-8")  # alias bomb

    result = kks("validate", "--data", "data", cwd=mini_data.parent)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+: ", line)]
    named = {line.split(":")[0] for line in lines}
    for path in (praktik[0], praktik[1], praktik[2], dup, mini_data / "daerah" / "bom.yaml"):
        assert str(path.relative_to(mini_data.parent)) in named, result.stderr
    assert "Traceback" not in result.stderr
    assert any("statuss" in line and "maksud Anda 'status'" in line for line in lines)


def test_failed_build_leaves_the_old_site(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "situs"
    out.mkdir()
    (out / "lama.txt").write_text("situs lama", encoding="utf-8")
    sorted((mini_data / "praktik").glob("*.yaml"))[0].write_text("status: [\n", encoding="utf-8")
    result = kks("build", "--data", str(mini_data), "--out", str(out))
    assert result.returncode == 1
    assert [p.name for p in out.iterdir()] == ["lama.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".situs")]


def test_build_replaces_the_site(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "situs"
    out.mkdir()
    (out / "lama.txt").write_text("situs lama", encoding="utf-8")
    result = kks("build", "--data", str(mini_data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").exists() and not (out / "lama.txt").exists()


def test_a_closed_pipe_and_an_unwritable_path_are_not_unexpected_errors(tmp_path: Path) -> None:
    """`kks gap X | head` and a target on a missing or read-only place: a plain Indonesian line."""
    import subprocess
    import sys

    from conftest import ROOT

    proc = subprocess.run(f"{sys.executable} -m macros.cli.main gap contoh-kabupaten-harapan | head -1",
                          shell=True, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.stdout.startswith("Analisis kesenjangan") and "tak terduga" not in proc.stderr
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
    blocked = tmp_path / "bukan-folder"
    blocked.write_text("", encoding="utf-8")
    result = kks("assessment-template", "--edition", "2025", "--out", str(blocked / "templat.xlsx"))
    assert result.returncode == 1
    assert "tak terduga" not in result.stderr and "Traceback" not in result.stderr
    assert "sudah ada sebagai berkas" in result.stderr, result.stderr  # Indonesian, not "File exists"
