"""Which pages the data generates, and their Markdown source (front matter + HTML).

`plan_pages` is pure and cheap (ids only); `render_source` renders one page on demand, so the
build never holds every page in memory at once.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from ..core import compare
from ..core.catalog import Catalog
from ..core.records import code_order
from . import urls, visit_pages
from .jinja import render
from .text import plain


@dataclass(frozen=True)
class PageSpec:
    uri: str
    kind: str
    key: str


class Links:
    """URL helpers bound to the page being rendered (templates call `link.practice(id)`)."""

    def __init__(self, here: str) -> None:
        self.here = here

    def to(self, uri: str) -> str:
        return urls.page_url(uri, self.here)

    def document(self, file: str) -> str:
        return urls.document_url(file, self.here)

    def practice(self, practice_id: str) -> str:
        return self.to(urls.practice_uri(practice_id))

    def region(self, region_id: str) -> str:
        return self.to(urls.region_uri(region_id))

    def indicator(self, code: str) -> str:
        return self.to(urls.indicator_uri(code))

    def tatanan(self, code: str) -> str:
        return self.to(urls.tatanan_uri(code))

    def visit(self, visit_id: str) -> str:
        return self.to(urls.visit_uri(visit_id))

    def report(self, visit_id: str) -> str:
        return self.to(urls.report_uri(visit_id))

    def gap(self, region_id: str) -> str:
        return self.to(urls.gap_uri(region_id))


def plan_pages(catalog: Catalog) -> dict[str, PageSpec]:
    """Every generated page by its source path."""
    specs: list[PageSpec] = []
    edition = catalog.edition
    for group in edition.groups:
        specs.append(PageSpec(urls.tatanan_uri(group.code), "tatanan", group.code))
        specs += [PageSpec(urls.indicator_uri(i.code), "indikator", i.code) for i in group.indicators]
    specs += [PageSpec(urls.region_uri(r), "daerah", r) for r in catalog.regions]
    specs += [PageSpec(urls.practice_uri(p), "praktik", p) for p in catalog.practices]
    specs += [PageSpec(uri, kind, key) for uri, kind, key in visit_pages.planned(catalog)]
    return {s.uri: s for s in specs}


def _safe_meta(value: Any) -> Any:
    """MkDocs/Material print title, description and tags unescaped, and `striptags` in <title>
    undoes escaping: escape data text, and break '</' so no closing tag can form (U+2060 is
    invisible)."""
    if isinstance(value, str):
        return html.escape(value).replace("&lt;/", "&lt;\u2060/")
    if isinstance(value, list):
        return [_safe_meta(v) for v in value]
    return value


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 5% of a build in pure Python


def _front_matter(meta: dict[str, Any]) -> str:
    safe = {key: _safe_meta(value) for key, value in meta.items()}
    text = yaml.dump(safe, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + text + "---\n\n"


def _tatanan(catalog: Catalog, spec: PageSpec, link: Links) -> tuple[dict[str, Any], str]:
    group = catalog.edition.group(spec.key)
    assert group is not None
    view = compare.tatanan_view(catalog, group)
    html = render("tatanan.html", t=group, view=view, edition=catalog.edition, link=link, catalog=catalog)
    return {"title": f"{group.code if not group.is_institutional else 'KL'} {group.name}"}, html


def _indicator(catalog: Catalog, spec: PageSpec, link: Links) -> tuple[dict[str, Any], str]:
    indicator = catalog.edition.indicators[spec.key]
    group = catalog.edition.group(indicator.tatanan)
    view = compare.indicator_view(catalog, indicator)
    html = render("indikator.html", i=indicator, t=group, view=view, link=link, catalog=catalog,
                  guide=catalog.edition.guide, kinds=catalog.edition.kinds)
    return {"title": f"{indicator.code} {indicator.name}"}, html


def _region(catalog: Catalog, spec: PageSpec, link: Links) -> tuple[dict[str, Any], str]:
    region = catalog.regions[spec.key]
    view = compare.region_view(catalog, region)
    html = render("daerah.html", r=region, view=view, link=link, catalog=catalog,
                  follow_ups=visit_pages.follow_ups(catalog, region.id),
                  has_gap_page=visit_pages.has_gap_page(catalog, region.id))
    return {"title": region.name}, html


def _practice(catalog: Catalog, spec: PageSpec, link: Links) -> tuple[dict[str, Any], str]:
    practice = catalog.practices[spec.key]
    region = catalog.regions[practice.region]
    edition = catalog.editions[practice.edition]
    # Natural order (T9.7 before T9.10), whatever order the contributor wrote them in.
    indicators = [edition.indicators[c] for c in sorted(practice.indicators, key=code_order)]
    html = render("praktik.html", p=practice, region=region, indicators=indicators,
                  edition=edition, link=link)
    title = ("[Contoh] " if practice.example else "") + practice.title
    # Material tags plugin: shown on the page and indexed by search; there is no listing page
    # (it would list every practice), the filter on praktik/index.html does that job instead.
    tags = [*practice.tatanan, region.name, *(["Contoh"] if practice.example else [])]
    return {"title": title, "description": plain(practice.summary, 200), "tags": tags}, html


_RENDERERS: dict[str, Callable[[Catalog, PageSpec, Links], tuple[dict[str, Any], str]]] = {
    "tatanan": _tatanan,
    "indikator": _indicator,
    "daerah": _region,
    "praktik": _practice,
    "kunjungan": visit_pages.render_visit,
    "laporan": visit_pages.render_report,
    "kesenjangan": visit_pages.render_gap,
}


def render_source(catalog: Catalog, spec: PageSpec) -> str:
    """The Markdown source MkDocs should see for a generated page."""
    meta, html = _RENDERERS[spec.kind](catalog, spec, Links(spec.uri))
    # Their headings bypass Markdown (macros/edge/hooks.py), so the table of contents would be an
    # empty column beside the tables: hide it and give the content the full width.
    meta.setdefault("hide", ["toc"])
    return _front_matter(meta) + html + "\n"
