"""Check parsed YAML against our schema files, with messages in Indonesian.

The schemas under `macros/schemas/` are ordinary JSON Schema (so editors can use them too);
this module interprets the subset they use: type, properties, required,
additionalProperties: false, enum, pattern, min/maxLength, min/maxItems, uniqueItems, items,
minimum/maximum, format (date, url) and $ref. Writing the interpreter ourselves keeps every
error (not only the first), lets each message say how to fix it, and is fast enough for tens of
thousands of files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .issues import Issue, format_field
from .yamlio import YamlDoc

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"

_TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "boolean": "true/false",
    "array": "daftar (butir diawali '- ')",
    "object": "pemetaan (baris 'kunci: nilai')",
    "null": "kosong",
}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """All schema files by `$id` (read once per process)."""
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.schema.yaml")):
        schema = yaml.safe_load(path.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    return schemas


def resolve_ref(schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref` ("_umum#/$defs/teks" or "#/$defs/x" within `base`) to the schema it names.

    Returns the target and the id of the file it is in. Keywords next to `$ref` (a field's own
    description) do not change validation, so they are not merged.
    """
    while "$ref" in schema:
        target, _, pointer = schema["$ref"].partition("#")
        base = target or base
        node: Any = load_schemas()[base]
        for part in pointer.strip("/").split("/") if pointer else []:
            node = node[part]
        schema = node
    return schema, base


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _matches_type(value: Any, expected: str) -> bool:
    actual = _type_of(value)
    return actual == expected or (expected == "number" and actual == "integer")


def suggest(word: str, choices: list[str]) -> str:
    """"; maksud Anda 'x'?" for the closest choice, or "" when none is close.

    Before spelling distance: the same word in other letter case, and ids that end in the word
    after a prefix such as `kab-`/`kota-` (`balangan` -> `kab-balangan`; both when a regency
    and a city share the name)."""
    folded = word.strip().casefold()
    named = [c for c in choices if c.casefold() == folded]
    if not named and folded:
        named = sorted(c for c in choices if c.casefold().endswith("-" + folded))[:3]
    if not named:
        named = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not named:
        return ""
    quoted = [f"'{c}'" for c in named]
    return "; maksud Anda " + (" atau ".join(quoted) if len(quoted) < 3 else
                               ", ".join(quoted[:-1]) + " atau " + quoted[-1]) + "?"


def _date_problem(value: str) -> str | None:
    match = _DATE.match(value)
    if not match:
        return f"'{value}' bukan tanggal; tulis TTTT-BB-HH, misalnya \"2026-11-28\""
    try:
        dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return f"tanggal '{value}' tidak ada di kalender; periksa bulan (01-12) dan hari"
    return None


def _url_problem(value: str) -> str | None:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed '[' (IPv6 host): urlsplit raises instead of parsing
        return f"'{value}' bukan alamat web yang sah; periksa tanda kurung siku dan penulisannya"
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        return f"'{value}' bukan alamat web; tulis lengkap dengan http:// atau https://"
    return None


def _past_date_problem(value: str) -> str | None:
    problem = _date_problem(value)
    if problem:
        return problem
    # One day of slack: a date written in Indonesia (UTC+7..+9) may be "tomorrow" for a machine on UTC.
    if dt.date.fromisoformat(value) > dt.date.today() + dt.timedelta(days=1):
        return (f"tanggal '{value}' belum terjadi; isi tanggal yang sudah lewat (tanggal pemeriksaan "
                "atau terbit yang sebenarnya), periksa tahunnya")
    return None


_FORMATS = {"date": _date_problem, "past-date": _past_date_problem, "url": _url_problem}

_RESPELLINGS = (
    str.strip,
    str.upper,                                      # t9.1 -> T9.1, kl.3 -> KL.3
    str.lower,                                      # Kab-Balangan -> kab-balangan
    lambda t: re.sub(r"[\s_]+", "-", t.strip().lower()),  # kab balangan -> kab-balangan
    lambda t: t.strip().upper().replace(",", ".").replace(" ", ""),  # T9, 1 -> T9.1
)


def _fixed_spelling(value: str, pattern: str) -> str | None:
    """The first of a few common respellings (case, spaces, comma for dot) that fits `pattern`."""
    for respell in _RESPELLINGS:
        fixed = respell(value)
        if fixed != value and re.search(pattern, fixed):
            return fixed
    return None


class _Checker:
    def __init__(self, doc: YamlDoc, root_id: str) -> None:
        self.doc = doc
        self.schemas = load_schemas()
        self.root_id = root_id

    def resolve(self, schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        return resolve_ref(schema, base)

    def issue(self, where: tuple[str | int, ...], message: str) -> Issue:
        return Issue(self.doc.shown, self.doc.line_of(where), format_field(where), message)

    def check(self, value: Any, schema: dict[str, Any], base: str,
              where: tuple[str | int, ...]) -> Iterator[Issue]:
        schema, base = self.resolve(schema, base)
        if "enum" in schema:
            if value not in schema["enum"]:
                options = ", ".join(str(o) for o in schema["enum"])
                if value is None:
                    yield self.issue(where, f"tidak boleh kosong; pilih salah satu: {options}")
                    return
                written = self.doc.text_of(where, value) if not isinstance(value, (dict, list)) else None
                if written is None:
                    yield self.issue(where, f"harus berupa salah satu dari: {options}, bukan "
                                     f"{_TYPE_NAMES[_type_of(value)]}")
                    return
                hint = suggest(written, [str(o) for o in schema["enum"]])
                yield self.issue(where, f"nilai '{written}' tidak dikenal; pilih salah satu: {options}{hint}")
            return
        types = schema.get("type")
        if types is not None:
            allowed = types if isinstance(types, list) else [types]
            if not any(_matches_type(value, t) for t in allowed):
                wanted = " atau ".join(_TYPE_NAMES[t] for t in allowed)
                got = _TYPE_NAMES[_type_of(value)]
                hint = ""
                if "string" in allowed and _type_of(value) in ("integer", "number", "boolean"):
                    # Quote the text as written: 55.000 must stay 55.000, not the float 55.0.
                    hint = "; beri tanda kutip, misalnya \"" + self.doc.text_of(where, value) + "\""
                if value is None and "null" not in allowed:
                    yield self.issue(where, f"tidak boleh kosong; isi dengan {wanted}")
                else:
                    yield self.issue(where, f"harus berupa {wanted}, bukan {got}{hint}")
                return
        if isinstance(value, str):
            yield from self.check_string(value, schema, where)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                yield self.issue(where, f"nilai {value} terlalu kecil; paling kecil {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                yield self.issue(where, f"nilai {value} terlalu besar; paling besar {schema['maximum']}")
        elif isinstance(value, list):
            yield from self.check_array(value, schema, base, where)
        elif isinstance(value, dict):
            yield from self.check_object(value, schema, base, where)

    def check_string(self, value: str, schema: dict[str, Any],
                     where: tuple[str | int, ...]) -> Iterator[Issue]:
        if schema.get("minLength", 0) > 0 and not value.strip():
            yield self.issue(where, "tidak boleh kosong")
            return
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield self.issue(where, f"terlalu panjang ({len(value)} karakter; batas {schema['maxLength']})")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            about = schema.get("description", "").rstrip(".")
            fixed = _fixed_spelling(value, schema["pattern"])
            hint = f" Maksud Anda '{fixed}'?" if fixed else ""
            yield self.issue(where, f"'{value}' tidak sesuai format. {about}".rstrip(". ") + "." + hint)
        check_format = _FORMATS.get(schema.get("format", ""))
        if check_format and (problem := check_format(value)):
            yield self.issue(where, problem)

    def check_array(self, value: list[Any], schema: dict[str, Any], base: str,
                    where: tuple[str | int, ...]) -> Iterator[Issue]:
        if len(value) < schema.get("minItems", 0):
            n = schema["minItems"]
            yield self.issue(where, "daftar tidak boleh kosong" if n == 1
                             else f"daftar harus berisi paling sedikit {n} butir")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            yield self.issue(where, f"daftar paling banyak {schema['maxItems']} butir")
        if schema.get("uniqueItems"):
            seen: set[str] = set()
            for i, item in enumerate(value):
                key = repr(item)
                if key in seen:
                    yield self.issue((*where, i), f"butir '{item}' tercantum dua kali; hapus salah satunya")
                seen.add(key)
        if "items" in schema:
            for i, item in enumerate(value):
                yield from self.check(item, schema["items"], base, (*where, i))

    def check_object(self, value: dict[str, Any], schema: dict[str, Any], base: str,
                     where: tuple[str | int, ...]) -> Iterator[Issue]:
        props: dict[str, Any] = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                yield self.issue((*where, key), f"kolom wajib '{key}' belum ada; tambahkan '{key}:'")
        for key, item in value.items():
            if key in props:
                yield from self.check(item, props[key], base, (*where, key))
            elif schema.get("additionalProperties") is False:
                hint = suggest(key, list(props)) or "; kolom yang boleh: " + ", ".join(props)
                yield self.issue((*where, key), f"kolom '{key}' tidak dikenal{hint}")


def check_document(doc: YamlDoc, schema_id: str) -> list[Issue]:
    """Every way `doc` breaks the schema `schema_id`, each with file, line and field."""
    checker = _Checker(doc, schema_id)
    root = checker.schemas[schema_id]
    return list(checker.check(doc.data, root, schema_id, ()))
