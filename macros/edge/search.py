"""Search entries for generated pages: what readers search for, not the whole page.

Material's search plugin would index every section of every page: at 25,000 case studies
that is a search index of some 150 MB (measured: 32 MB at 5,000) for a browser to download.
Generated pages are therefore excluded from it (page meta `search: exclude`, set in hooks.py)
and get one short entry each instead: the title, then a summary cut to SUMMARY_CHARS, the
region's name and the indicator codes (region and indicator pages carry the full names).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..core.catalog import Catalog
from ..render.pages import PageSpec
from ..render.text import plain
from ..render.visit_pages import SEARCH_ENTRIES

SUMMARY_CHARS = 120
"""With a title of about 11 words, some 330 bytes of index per case study: about 8.5 MB at 25,000."""


def _practice(catalog: Catalog, key: str) -> tuple[str, str]:
    p = catalog.practices[key]
    region = catalog.regions[p.region]
    title = ("[Contoh] " if p.example else "") + p.title
    codes = " ".join(p.indicators)
    return title, f"{plain(p.summary, SUMMARY_CHARS)} {region.name}. {codes}"


def _region(catalog: Catalog, key: str) -> tuple[str, str]:
    r = catalog.regions[key]
    return r.name, f"{r.kind.capitalize()}, Provinsi {r.province}. {plain(r.summary, SUMMARY_CHARS)}"


def _indicator(catalog: Catalog, key: str) -> tuple[str, str]:
    i = catalog.edition.indicators[key]
    return f"{i.code} {i.name}", plain(i.definition, SUMMARY_CHARS)


def _tatanan(catalog: Catalog, key: str) -> tuple[str, str]:
    t = catalog.edition.group(key)
    assert t is not None
    return f"{t.code} {t.name}", plain(t.description, SUMMARY_CHARS)


_ENTRIES = {"praktik": _practice, "daerah": _region, "indikator": _indicator, "tatanan": _tatanan}
_ENTRIES.update(SEARCH_ENTRIES)  # studi tiru pages: kunjungan, laporan, kesenjangan


def entry(catalog: Catalog, spec: PageSpec, location: str) -> dict[str, str]:
    """The one search entry for a generated page (Material's format: location, title, text)."""
    title, text = _ENTRIES[spec.kind](catalog, spec.key)
    # Material's search inserts title and text as HTML (innerHTML): escape data text, as its own
    # search plugin does for every page.
    return {"location": location, "title": html.escape(title, quote=False), "text": html.escape(text, quote=False)}


def append_entries(index_file: Path, entries: list[dict[str, str]]) -> None:
    """Add `entries` to Material's search_index.json (written just before by the search plugin)."""
    if not index_file.exists():  # search plugin disabled
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"].extend(entries)
    tmp = index_file.with_name(index_file.name + ".baru")
    tmp.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(index_file)
