"""Pages of the studi tiru workflow: the gap page of a home region, a visit's dossier and its
report. `pages.py` plans and dispatches them; the views come from core (visits, gaps)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import visits
from ..core.catalog import Catalog
from ..core.gaps import GapError, gap_report
from . import maps, plan_chart, urls
from .jinja import render
from .text import plain

if TYPE_CHECKING:  # pages.py imports this module
    from .pages import Links, PageSpec

Page = tuple[dict[str, Any], str]


def gap_regions(catalog: Catalog) -> list[str]:
    """Home regions with an assessment on a known edition: each gets a gap page."""
    found = {a.region for a in catalog.assessments.values() if a.edition in catalog.editions}
    return sorted(r for r in found if r in catalog.regions and catalog.regions[r].is_home)


def has_gap_page(catalog: Catalog, region_id: str) -> bool:
    return region_id in gap_regions(catalog)


def planned(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(source path, kind, key) of every studi tiru page."""
    out = [(urls.gap_uri(r), "kesenjangan", r) for r in gap_regions(catalog)]
    out += [(urls.visit_uri(v), "kunjungan", v) for v in catalog.visits]
    out += [(urls.report_uri(v.id), "laporan", v.id) for v in catalog.visits.values() if v.has_report]
    return out


def follow_ups(catalog: Catalog, region_id: str) -> visits.FollowUpTable:
    return visits.follow_ups_for(catalog, region_id, dt.date.today())


def _title(visit: visits.Visit, catalog: Catalog, prefix: str = "") -> str:
    return ("[Contoh] " if visit.example else "") + prefix + visits.visit_title(visit, catalog)


def render_visit(catalog: Catalog, spec: PageSpec, link: Links) -> Page:
    visit = catalog.visits[spec.key]
    view = visits.dossier(catalog, visit)
    html = render("kunjungan.html", d=view, v=visit, link=link, catalog=catalog, fmt_date=visits.format_date)
    meta = {"title": _title(visit, catalog, "Berkas kunjungan: "),
            "description": plain(f"Berkas {view.title}: agenda, praktik tuan rumah, pertanyaan, dokumen, kontak.",
                                 200)}
    return meta, html


def render_report(catalog: Catalog, spec: PageSpec, link: Links) -> Page:
    visit = catalog.visits[spec.key]
    edition = visits.visit_edition(visit, catalog)
    today = dt.date.today()
    overdue = [f.is_open and visits.parse_date(f.due) < today for f in visit.follow_ups]
    html = render("laporan.html", v=visit, title=visits.visit_title(visit, catalog),
                  home=catalog.regions[visit.home], host=catalog.regions[visit.host], edition=edition,
                  overdue=overdue, link=link, fmt_date=visits.format_date)
    return {"title": _title(visit, catalog, "Laporan: ")}, html


def render_gap(catalog: Catalog, spec: PageSpec, link: Links) -> Page:
    region = catalog.regions[spec.key]
    try:
        report = gap_report(catalog, region.id)
    except GapError as err:  # planned only for regions with an assessment, so this is a data change
        html = render("kesenjangan.html", region=region, data=None, error=str(err), link=link, catalog=catalog)
        return {"title": f"Kesenjangan {region.name}"}, html
    data = report.to_json()
    below = [t["kode"] for t in data["tatanan"] if t["memenuhi_minimum"] is False]
    weakest = visits.weakest_indicators(report.assessment, report.edition, below)
    html = render("kesenjangan.html", region=region, data=data, error=None, edition=report.edition,
                  weakest=weakest, visits=visits.visits_of(catalog, region.id)[:20], link=link, catalog=catalog,
                  timeline=plan_chart.timeline(data), gap_map=maps.gap_map(catalog, report, link))
    title = ("[Contoh] " if data.get("contoh") else "") + f"Kesenjangan {region.name}"
    return {"title": title}, html


CSS_FILE = Path(__file__).resolve().parents[2] / "docs" / "assets" / "kks.css"


def print_html(catalog: Catalog, visit_id: str) -> str:
    """The dossier as one self-contained HTML document for printing to PDF: the same content as
    the site page, with the site's stylesheet inlined, so no site build is needed."""
    from .pages import Links, PageSpec  # pages.py imports this module at load time

    spec = PageSpec(urls.visit_uri(visit_id), "kunjungan", visit_id)
    meta, body = render_visit(catalog, spec, Links(spec.uri))
    css = CSS_FILE.read_text(encoding="utf-8") if CSS_FILE.exists() else ""
    return render("cetak.html", title=meta["title"], body=body, css=css, footer=print_footer(catalog, visit_id))


def print_footer(catalog: Catalog, visit_id: str) -> str:
    """The line at the foot of every printed page: visit title, host and dates."""
    visit = catalog.visits[visit_id]
    dates = visits.format_date(visit.start).replace(" ", "\u00a0")  # a date never wraps
    if visit.end != visit.start:
        dates += " s.d. " + visits.format_date(visit.end).replace(" ", "\u00a0")
    prefix = "[Contoh] " if visit.example else ""
    return f"{prefix}{visits.visit_title(visit, catalog)} · Tuan rumah: {catalog.regions[visit.host].name} · {dates}"


INDEX_MAX = 200
"""Visits listed on the studi tiru index page (newest first); the rest are counted."""


def newest_visits(catalog: Catalog) -> list[visits.Visit]:
    return sorted(catalog.visits.values(), key=lambda v: (v.start, v.id), reverse=True)[:INDEX_MAX]


def _search_visit(catalog: Catalog, key: str) -> tuple[str, str]:
    v = catalog.visits[key]
    home, host = catalog.regions[v.home], catalog.regions[v.host]
    return _title(v, catalog, "Berkas kunjungan: "), (f"{home.name} ke {host.name}, {v.start}. "
                                                     f"Indikator fokus {' '.join(v.focus)}.")


def _search_report(catalog: Catalog, key: str) -> tuple[str, str]:
    v = catalog.visits[key]
    return _title(v, catalog, "Laporan: "), (f"Temuan dan rencana tindak lanjut {catalog.regions[v.home].name}. "
                                           f"{' '.join(dict.fromkeys(f.indicator for f in v.follow_ups))}")


def _search_gap(catalog: Catalog, key: str) -> tuple[str, str]:
    r = catalog.regions[key]
    return f"Kesenjangan {r.name}", (f"Analisis kesenjangan {r.name}: nilai tatanan, indikator terlemah, "
                                     "rencana perbaikan, daerah tujuan studi tiru.")


SEARCH_ENTRIES = {"kunjungan": _search_visit, "laporan": _search_report, "kesenjangan": _search_gap}
"""(title, text) of the one search entry per studi tiru page, for macros/edge/search.py."""
