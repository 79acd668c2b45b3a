"""Read one YAML data file safely, keeping the line of every key and list item.

PyYAML's own constructors are bypassed: we compose the node tree (the C parser when present)
and build plain values ourselves, so that
- anchors/aliases are refused at the first reuse (an alias bomb fails fast, not at a later walk);
- duplicate keys are an error instead of last-wins;
- only `true`/`false`, decimal integers, decimals and `null` are typed; everything else stays a
  string, so `NO`, `012`, `12:30` and `2024-13-01` are never silently turned into another value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .issues import Issue, format_field, os_reason

try:  # libyaml is several times faster; fall back when the wheel lacks it.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1_000_000
"""Files above this size are refused before parsing (a data record is a few KB)."""

MAX_DEPTH = 12
"""Deeper nesting than any schema allows is refused (guards the walk, not the parser)."""

Path_ = tuple[str | int, ...]

_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"^ {200,}", re.MULTILINE)
# "- - - x" (or "? ? x") nests one level per indicator on a single line, without brackets or
# indentation; a long run of them crashes libyaml's composer (segfault), so count them too.
_COMPACT_NESTING = re.compile(rf"^[ ]*(?:[-?:][ \t]+){{{MAX_DEPTH + 1},}}", re.MULTILINE)
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp", "value")}


@dataclass
class YamlDoc:
    """A parsed file: its values, the line (1-based) of each key or item path, and the text as
    written of every unquoted value that was read as a number, true/false or null."""

    path: Path
    shown: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    texts: dict[Path_, str] = field(default_factory=dict)

    def text_of(self, path: Path_, value: Any) -> str:
        """`value` as the file spells it: `09.30` stays `09.30` (not 9.3), `55.000` stays `55.000`.
        Values not from a file (e.g. a spreadsheet row) fall back to their YAML spelling."""
        if path in self.texts:
            return self.texts[path]
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known part of `path` (a missing key reports its parent)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Refused(Exception):
    def __init__(self, line: int, where: Path_, message: str) -> None:
        self.line, self.where, self.message = line, where, message


def _scalar(node: yaml.ScalarNode, where: Path_) -> Any:
    value = node.value
    # Quoted and block scalars, and anything the resolver already calls a string, stay text.
    if node.style in ("'", '"', "|", ">") or node.tag == _STR_TAG:
        return value
    if node.tag not in _PLAIN_TAGS:
        raise _Refused(node.start_mark.line + 1, where, f"tag YAML {node.tag} tidak diizinkan")
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _build(node: yaml.Node, where: Path_, lines: dict[Path_, int], seen: set[int],
           texts: dict[Path_, str]) -> Any:
    if id(node) in seen:
        # The node is the anchored original; report where it is reused instead.
        line = lines.get(where if where and isinstance(where[-1], str) else where[:-1], 1)
        raise _Refused(line, where,
                       "anchor/alias YAML (&nama, *nama) tidak diizinkan; tulis isinya langsung")
    seen.add(id(node))
    if len(where) > MAX_DEPTH:
        raise _Refused(node.start_mark.line + 1, where,
                       f"struktur terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node, where)
        if not isinstance(value, str):
            texts[where] = node.value  # the source text; str(value) would turn 09.30 into 9.3
        return value
    if node.tag not in _COLLECTION_TAGS:  # e.g. !!python/object/apply on a list: never silently a list
        raise _Refused(node.start_mark.line + 1, where, f"tag YAML {node.tag} tidak diizinkan")
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            lines[(*where, i)] = child.start_mark.line + 1
            items.append(_build(child, (*where, i), lines, seen, texts))
        return items
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, where, "kunci harus berupa teks biasa")
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise _Refused(key_node.start_mark.line + 1, where,
                               "kunci gabungan '<<' tidak diizinkan; tulis isinya langsung")
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in out:
                first = lines.get((*where, key), line)
                raise _Refused(line, (*where, key),
                               f"kunci ganda: '{key}' sudah ada di baris {first}; hapus salah satunya")
            lines[(*where, key)] = line
            out[key] = _build(value_node, (*where, key), lines, seen, texts)
        return out
    raise _Refused(node.start_mark.line + 1, where, "bentuk YAML tidak dikenal")  # pragma: no cover


def _too_deep(text: str) -> int:
    """Line where nesting goes past what libyaml survives (it recurses in C and can crash).

    A rough count of flow brackets and of very deep indentation: enough to refuse hostile
    input before parsing; real records never come near either limit.
    """
    depth = 0
    # Fewer opening brackets than the limit can't nest past it (most files: a few [n] citations).
    brackets = _BRACKETS.finditer(text) if text.count("[") + text.count("{") > MAX_DEPTH else ()
    for match in brackets:
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return text.count("\n", 0, match.start()) + 1
    deep = (" " * 200 in text and _DEEP_INDENT.search(text)) or _COMPACT_NESTING.search(text)
    return text.count("\n", 0, deep.start()) + 1 if deep else 0


def _yaml_error(err: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(err, "problem", None) or str(err)
    opened = getattr(err, "context_mark", None)
    if opened is not None and ("end of stream" in problem or "expected ',' or" in problem):
        line = opened.line + 1  # an unclosed quote or bracket: point at where it was opened
    if "\t" in problem or "'\\t'" in problem:
        return line, "karakter tab tidak boleh dipakai untuk indentasi; ganti dengan spasi"
    hints = {
        "mapping values are not allowed": "titik dua ':' di tempat yang salah; "
        "beri tanda kutip pada teks yang memuat ': ' atau periksa indentasi",
        "could not find expected ':'": "baris ini bukan 'kunci: nilai'; periksa titik dua dan indentasi",
        "did not find expected key": "indentasi tidak konsisten; samakan jumlah spasi dengan baris di atasnya",
        "did not find expected '-' indicator": "butir daftar harus diawali '- ' dengan indentasi yang sama",
        "found undefined alias": "anchor/alias YAML (*nama) tidak diizinkan; tulis isinya langsung",
        "found unexpected end of stream": "tanda kutip atau kurung belum ditutup",
        "found character that cannot start any token": "karakter ini tidak boleh mengawali nilai; "
        "beri tanda kutip pada nilainya",
        "expected a single document": "berkas hanya boleh berisi satu dokumen (hapus '---' tambahan)",
        "but found another document": "berkas hanya boleh berisi satu dokumen (hapus '---' tambahan)",
        "did not find expected ',' or": "kurung '[' atau '{' belum ditutup, atau butirnya tidak dipisah koma",
        "did not find expected node content": "kurung atau nilai tidak lengkap; tutup kurung '[' atau '{'",
    }
    for needle, hint in hints.items():
        if needle in problem:
            return line, f"kesalahan sintaks YAML: {hint}"
    return line, f"kesalahan sintaks YAML ({problem}); periksa baris ini dan baris di atasnya"


def read_yaml(path: Path, shown: str | None = None) -> tuple[YamlDoc | None, list[Issue]]:
    """Parse one file. Returns the document, or None and the issues that stopped it."""
    shown = shown or str(path)

    def fail(line: int, where: Path_, message: str) -> tuple[None, list[Issue]]:
        return None, [Issue(shown, line, format_field(where), message)]

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(1, (), f"berkas terlalu besar ({size:,} bita; batas {MAX_FILE_BYTES:,}); "
                        "pecah menjadi beberapa berkas")
        raw = path.read_bytes()
    except OSError as err:
        return fail(1, (), f"berkas tidak bisa dibaca ({os_reason(err)})")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM from Windows editors is harmless; drop it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return fail(line, (), "berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8")
    if not text.strip():
        return fail(1, (), "berkas kosong; isi sesuai templat atau hapus berkasnya")
    if "\t" in text:
        for n, line_text in enumerate(text.splitlines(), 1):
            stripped = line_text.lstrip(" ")
            if stripped.startswith("\t"):
                return fail(n, (), "karakter tab tidak boleh dipakai untuk indentasi; ganti dengan spasi")
    deep_line = _too_deep(text)
    if deep_line:
        return fail(deep_line, (), f"struktur terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        line, message = _yaml_error(err)
        return fail(line, (), message)
    except RecursionError:
        return fail(1, (), f"struktur terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
    if node is None:
        return fail(1, (), "berkas tidak berisi data; isi sesuai templat atau hapus berkasnya")
    lines: dict[Path_, int] = {(): node.start_mark.line + 1}
    texts: dict[Path_, str] = {}
    try:
        data = _build(node, (), lines, set(), texts)
    except _Refused as err:
        return fail(err.line, err.where, err.message)
    return YamlDoc(path, shown, data, lines, texts), []


class _PlainDumper(yaml.SafeDumper):
    """Writes what `read_yaml` accepts: no anchors/aliases even for repeated values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes NEL (\x85) raw inside quotes, where it reads back as a space, and leaves
    # "1.0e5" plain although read_yaml takes it as a number: double quotes keep both as text.
    style = '"' if _ODD_BREAKS.search(value) or _FLOAT.match(value) else None
    return dumper.represent_scalar(_STR_TAG, value, style=style)


_PlainDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML text for a record, in block style with keys in their given order."""
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100)
