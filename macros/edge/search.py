"""Search for the whole site: one entry per page, found by any word of its body.

Material's search (lunr) would index every section of every page as text: at 25,000 case
studies some 150 MB (measured: 32 MB at 5,000), and lunr has no Indonesian stemmer. So:

- generated pages are excluded from Material's index (page meta `search: exclude`, hooks.py)
  and each gets one entry here: a title and a short text to show, and a body (every narrative
  field of a case study, the full description of a region, tatanan or indicator) to be found by;
- hand-written pages (docs/) keep Material's entries (one per section), re-indexed the same way;
- macros/render/search_index.py turns all entries into an inverted index of Indonesian stems
  (its core in `config.kks` of search/search_index.json, its shards in search/kks/), and
  docs/assets/kks-cari/worker.js answers Material's search box with it, in place of Material's
  lunr worker (`use_worker`).

search_index.json keeps Material's shape (`config`, `docs` with location, title, text): Material
fetches it (http) or loads the offline plugin's copy search_index.js (file://) and hands it to the
worker, so both editions get the index the way they got Material's.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..core.catalog import Catalog
from ..render.pages import PageSpec
from ..render.search_index import FORMAT, SHARD_DIR, Entry, IndexBuilder, shard_script, without_citations
from ..render.text import plain
from ..render.visit_pages import SEARCH_ENTRIES

SUMMARY_CHARS = 120
"""Text shown under the title of a region, tatanan, indicator or hand-written page in the results
(the body is searched in full but not shown)."""

WORKER = "assets/kks-cari/worker.js"
"""Our search worker, relative to the site root."""

_MATERIAL_WORKER = re.compile(r'("search":\s*")[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')


def _short(text: str | None) -> str:
    return plain(without_citations(text or ""), SUMMARY_CHARS)


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _sources(sources) -> str:
    return _join(*(f"{s.title or ''} {s.publisher or ''}" for s in sources))


def _practice(catalog: Catalog, key: str) -> Entry:
    p = catalog.practices[key]
    region = catalog.regions[p.region]
    title = ("[Contoh] " if p.example else "") + p.title
    codes = " ".join(p.indicators)
    body = _join(p.summary, p.problem, p.steps, p.results, p.cost, p.actors, p.sustainability, p.replication,
                 p.lessons, *p.legal_basis, *(f"{f.measure} {f.value}" for f in p.figures),
                 *(d.title for d in p.documents), *(f"{c.role} {c.unit}" for c in p.contacts),
                 _sources(p.sources), " ".join(p.tatanan), region.province)
    # Shown: where and which indicators, not the summary: the index's core, loaded with every
    # page, stays at 1.0 MB gzipped at 25,000 case studies instead of 1.7 MB (measured).
    return Entry("", title, f"{region.name}, {region.province} · {codes}", body)


def _region(catalog: Catalog, key: str) -> Entry:
    r = catalog.regions[key]
    body = _join(r.summary, r.note, *(f"{h.predicate} {h.year} {h.note or ''}" for h in r.history),
                 *(n.name for n in r.networks), *(f"{c.role} {c.unit}" for c in r.contacts))
    return Entry("", r.name, f"{r.kind.capitalize()}, Provinsi {r.province}. {_short(r.summary)}", body)


def _indicator(catalog: Catalog, key: str) -> Entry:
    i = catalog.edition.indicators[key]
    body = _join(i.definition, i.data_source, *i.evidence, *(level.condition for level in i.ladder))
    return Entry("", f"{i.code} {i.name}", _short(i.definition), body)


def _tatanan(catalog: Catalog, key: str) -> Entry:
    t = catalog.edition.group(key)
    assert t is not None
    return Entry("", f"{t.code} {t.name}", _short(t.description), _join(t.description, *t.aliases))


def _visit_page(kind: str):
    def entry(catalog: Catalog, key: str) -> Entry:
        title, text = SEARCH_ENTRIES[kind](catalog, key)
        return Entry("", title, text)
    return entry


_ENTRIES = {"praktik": _practice, "daerah": _region, "indikator": _indicator, "tatanan": _tatanan}
_ENTRIES.update({kind: _visit_page(kind) for kind in SEARCH_ENTRIES})  # kunjungan, laporan, kesenjangan


def entry(catalog: Catalog, spec: PageSpec, location: str) -> Entry:
    """The one search entry for a generated page at `location` (relative to the site root)."""
    e = _ENTRIES[spec.kind](catalog, spec.key)
    return Entry(location, e.title, e.text, e.body)


def _material_entry(doc: dict) -> Entry:
    """A section of a hand-written page as Material's search plugin wrote it (HTML text)."""
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", doc.get("text") or "")).split())
    title = html.unescape(re.sub(r"<[^>]*>", "", doc.get("title") or ""))
    return Entry(doc["location"], title, plain(text, SUMMARY_CHARS) if text else "", text)


def write_index(index_file: Path, builder: IndexBuilder) -> int:
    """Rewrite Material's search_index.json (written just before by its search plugin) as our
    index: the generated pages already in `builder`, then Material's own entries for hand-written
    pages. Returns the number of entries; 0 when the search plugin is disabled (no file)."""
    if not index_file.exists():
        return 0
    material = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in material.get("docs", []):
        builder.add(_material_entry(doc))
    core, shards = builder.build()
    folder = index_file.parents[1] / SHARD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in shards.items():
        (folder / name).write_text(shard_script(name, text), encoding="utf-8")
    config = {**material.get("config", {}), "kks": core}
    tmp = index_file.with_name(index_file.name + ".baru")
    tmp.write_text(json.dumps({"config": config, "docs": builder.docs}, ensure_ascii=False,
                              separators=(",", ":")), encoding="utf-8")
    tmp.replace(index_file)
    return len(builder)


def use_worker(output: str) -> str:
    """A built page whose Material configuration (`__config`, near the end) names our search
    worker instead of Material's, at the same depth (`../assets/...` stays `../assets/...`)."""
    start = output.rfind('id="__config"')
    if start < 0:
        return output
    head, tail = output[:start], output[start:]
    url = f"{WORKER}?v={FORMAT}"  # a new index format never meets a worker cached for the old one
    return head + _MATERIAL_WORKER.sub(lambda m: m.group(1) + _prefix(m.group(0)) + url + m.group(2), tail, 1)


def _prefix(found: str) -> str:
    """The relative path to the site root in Material's worker URL (`../../` or nothing)."""
    url = found.split('"')[-2]
    return url[: url.index("assets/javascripts/workers/")]
