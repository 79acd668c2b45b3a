"""The safe YAML reader: values are never silently converted, hostile input fails fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from macros.core.yamlio import MAX_FILE_BYTES, dump_yaml, read_yaml


def _read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_yaml(path, "x.yaml")


def test_values_stay_strings_unless_plainly_typed(tmp_path: Path) -> None:
    doc, issues = _read(tmp_path, "a: NO\nb: 012\nc: 2024-13-01\nd: true\ne: 12:30\nf: 1.5\ng: ~\nh: yes\ni: 7\n")
    assert issues == []
    assert doc.data == {"a": "NO", "b": "012", "c": "2024-13-01", "d": True, "e": "12:30", "f": 1.5,
                        "g": None, "h": "yes", "i": 7}


def test_lines_are_recorded_for_keys_and_items(tmp_path: Path) -> None:
    doc, _ = _read(tmp_path, "a: 1\nlist:\n  - x\n  - y: 2\n")
    assert doc.lines[("a",)] == 1
    assert doc.lines[("list", 1)] == 4
    assert doc.line_of(("list", 1, "y")) == 4
    assert doc.line_of(("missing",)) == 1


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "a", "kunci ganda"),
        ("a:\n\tb: 1\n", 2, "", "tab"),
        ("a: b: c\n", 1, "", "sintaks YAML"),
        ("a:\n  b: 1\n c: 2\n", 3, "", "indentasi"),
        ("a: &x [1, 2]\nb: *x\n", 2, "b", "anchor/alias"),
        ("x: {a: 1}\ny:\n  <<: {b: 2}\n", 3, "y", "'<<'"),
        ("a: !!python/object:os.system x\n", 1, "a", "tag YAML"),
        ("\n \n", 1, "", "kosong"),
        ("a: 'belum ditutup\n", 1, "", "sintaks YAML"),  # where the quote opens
    ],
)
def test_bad_yaml_gives_line_field_and_indonesian_message(tmp_path: Path, text: str, line: int, field: str,
                                                          fragment: str) -> None:
    doc, issues = _read(tmp_path, text)
    assert doc is None
    assert len(issues) == 1
    assert (issues[0].line, issues[0].field) == (line, field)
    assert fragment in issues[0].message


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        levels.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    start = time.perf_counter()
    doc, issues = _read(tmp_path, "\n".join(levels) + "\n")
    assert doc is None and "anchor/alias" in issues[0].message
    assert time.perf_counter() - start < 1


def test_deep_nesting_is_refused_without_crashing(tmp_path: Path) -> None:
    doc, issues = _read(tmp_path, "a: " + "[" * 300_000 + "]" * 300_000 + "\n")
    assert doc is None and "terlalu dalam" in issues[0].message


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    doc, issues = _read(tmp_path, "a: " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    assert doc is None and "terlalu besar" in issues[0].message


def test_bom_is_accepted_and_non_utf8_refused(tmp_path: Path) -> None:
    doc, issues = _read(tmp_path, b"\xef\xbb\xbfa: 1\n")
    assert issues == [] and doc.data == {"a": 1}
    doc, issues = _read(tmp_path, "a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert doc is None and issues[0].line == 2 and "UTF-8" in issues[0].message


def test_dump_writes_what_read_accepts(tmp_path: Path) -> None:
    shared = [{"nilai": 100, "syarat": "ada"}]
    data = {"a": shared, "b": shared, "c": "NO", "d": "2026-01-02", "e": "012"}
    path = tmp_path / "y.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    doc, issues = read_yaml(path)
    assert issues == [] and doc.data == data
