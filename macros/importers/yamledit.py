"""Change a few fields of a YAML data file and keep everything else as written (ruamel.yaml).

A reviewer of an import must see a one-field diff for a one-cell edit: the file is loaded with
ruamel.yaml's round-trip loader, only the changed top-level fields are replaced (a changed text
keeps its block style, a changed list keeps its flow or block style), and the file is written
back with the indentation it already had. Comments, key order, quoting and block scalars of the
other fields stay as they were.

The project reads YAML with PyYAML (YAML 1.1), ruamel.yaml writes YAML 1.2: a string that PyYAML
would read as something else ("no", "2026-11-28", "1.0e5") is written in double quotes. Every
text made here is read back with the project's reader (`core.yamlio.read_yaml`) and must give
exactly the intended record, or `YamlEditError` is raised and nothing may be written.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from ..core.yamlio import read_yaml

_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 6, 2), (4, 4, 0))
"""(mapping indent, sequence indent, dash offset) tried in turn: the first that reproduces an
unchanged file byte for byte is the file's own layout. (2, 4, 2) is the style of data/."""


class YamlEditError(ValueError):
    """The edited text would not read back as the intended record."""


def _yaml(layout: tuple[int, int, int]) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap: long lines stay as they were, new ones stay whole
    rt.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return rt


def _dump(rt: YAML, data: Any) -> str:
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _misread(text: str) -> bool:
    """Whether PyYAML would read `text`, written plain, as anything but this string."""
    try:
        return yaml.safe_load(text) != text
    except yaml.YAMLError:
        return False  # ruamel quotes what is not a valid plain scalar anyway


def _node(value: Any, like: Any = None) -> Any:
    """`value` as ruamel nodes, in the style of `like` (the value it replaces) where it has one."""
    if isinstance(value, dict):
        node = CommentedMap()
        old = like if isinstance(like, dict) else {}
        for key, item in value.items():
            node[key] = old[key] if key in old and _same(old[key], item) else _node(item, old.get(key))
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        olds = like if isinstance(like, list) else []
        for n, item in enumerate(value):
            old = olds[n] if n < len(olds) else None
            seq.append(old if old is not None and _same(old, item) else _node(item, old))
        if isinstance(like, CommentedSeq) and like.fa.flow_style() and all(not isinstance(i, dict | list)
                                                                           for i in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)  # exact: every line break stays a line break
        if isinstance(like, FoldedScalarString | LiteralScalarString) and value == value.strip() and value:
            return FoldedScalarString(value)  # a paragraph that was a block stays a block
        if _misread(value):
            return DoubleQuotedScalarString(value)
        return value
    return value


def _plain(value: Any) -> Any:
    """ruamel nodes as plain Python values (scalar string classes become str)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _same(node: Any, value: Any) -> bool:
    """Whether a loaded node already holds `value` (same types too: 1 is not True, '1' is not 1)."""
    plain = _plain(node)
    return type(plain) is type(value) and plain == value if not isinstance(value, dict | list) \
        else plain == value and _types(plain) == _types(value)


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value)


def _check(text: str, expected: dict[str, Any]) -> str:
    """`text` when the project's reader gives back exactly `expected`, else YamlEditError."""
    with tempfile.TemporaryDirectory(prefix="kks-yaml-") as tmp:
        path = Path(tmp) / "periksa.yaml"
        path.write_text(text, encoding="utf-8")
        doc, problems = read_yaml(path)
    if doc is None or problems or doc.data != expected or _types(doc.data) != _types(expected):
        raise YamlEditError("teks YAML hasil penyuntingan tidak terbaca kembali sama persis")
    return text


def new_text(data: dict[str, Any]) -> str:
    """A new data file for `data`: block style, multi-line text as literal blocks."""
    return _check(_dump(_yaml(_LAYOUTS[0]), _node(data)), data)


def _layout(text: str) -> tuple[YAML, Any]:
    """The loader/dumper that reproduces `text` unchanged (else data/'s layout) and the loaded map."""
    fallback = None
    for layout in _LAYOUTS:
        rt = _yaml(layout)
        loaded = rt.load(text)
        if _dump(rt, loaded) == text:
            return rt, loaded
        fallback = fallback or (rt, loaded)
    assert fallback is not None
    return fallback


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Top-level keys whose value differs between two records as the project reads them."""
    keys = [*new, *(k for k in old if k not in new)]
    return [k for k in keys if k not in old or k not in new or old[k] != new[k] or _types(old[k]) != _types(new[k])]


def edit_text(text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """`text` (a data file that reads as `old`) changed to read as `new`, touching only the
    top-level fields that differ: changed ones are replaced in place (in their old style),
    missing ones removed, new ones inserted where `new`'s key order puts them."""
    rt, loaded = _layout(text)
    if not isinstance(loaded, CommentedMap):
        raise YamlEditError("berkas lama tidak berisi pemetaan")
    keys = list(new)
    for key in changed_fields(old, new):
        if key not in new:
            loaded.pop(key, None)
        elif key in loaded:
            loaded[key] = _node(new[key], loaded[key])
        else:
            n = keys.index(key)
            before = [k for k in keys[:n] if k in loaded]
            position = list(loaded).index(before[-1]) + 1 if before else 0
            loaded.insert(position, key, _node(new[key]))
    return _check(_dump(rt, loaded), new)
