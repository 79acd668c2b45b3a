"""Macros for hand-written pages (mkdocs-macros `define_env`): each looks up data and renders
a template; no analysis and no HTML here."""

from __future__ import annotations

from typing import Any

from ..render.jinja import render
from ..render.pages import Links
from . import site

PRACTICE_LIST_MAX = 200
"""Rows of the practice list rendered into the page; the filter script shows the others."""


def define_env(env: Any) -> None:
    def link() -> Links:
        return Links(env.page.file.src_uri)

    @env.macro
    def jumlah() -> dict[str, int]:
        """Live counts for the home page."""
        c = site.catalog()
        return {"daerah": len(c.places) or len(c.regions), "berpraktik": len(c.practices_by_region),
                "praktik": len(c.practices),
                "tatanan": len(c.edition.tatanan), "indikator": sum(len(t.indicators) for t in c.edition.tatanan),
                "kelembagaan": len(c.edition.institutional.indicators) if c.edition.institutional else 0,
                "contoh": sum(r.example for r in c.regions.values()) + sum(p.example for p in c.practices.values())}

    @env.macro
    def daftar_tatanan() -> str:
        c = site.catalog()
        return render("_daftar_tatanan.html", edition=c.edition, catalog=c, link=link())

    @env.macro
    def daftar_daerah() -> str:
        from ..render.maps import region_map

        c = site.catalog()
        here = link()
        return render("_daftar_daerah.html", catalog=c, link=here, region_map=region_map(c, here))

    @env.macro
    def daftar_penghargaan() -> str:
        c = site.catalog()
        return render("_penghargaan.html", catalog=c, link=link())

    @env.macro
    def daftar_praktik() -> str:
        """At most PRACTICE_LIST_MAX rows in the page; kks-filter.js loads the rest as data."""
        c = site.catalog()
        return render("_daftar_praktik.html", catalog=c, link=link(),
                      practices=c.sorted_practices[:PRACTICE_LIST_MAX], total=len(c.practices), limit=PRACTICE_LIST_MAX,
                      provinces=sorted({r.province for r in c.regions.values()}), edition=c.edition)

    @env.macro
    def bandingkan() -> str:
        c = site.catalog()
        return render("_bandingkan.html", catalog=c, link=link(), edition=c.edition)

    @env.macro
    def tautan_unduh(kind: str = "") -> str:
        """Links to the download files; `kind` 'praktik' or 'daerah' for one kind only."""
        c = site.catalog()
        kinds = [k for k in ("praktik", "daerah") if kind in ("", k)]
        counts = {"praktik": len(c.practices), "daerah": len(c.regions)}
        return render("_unduh.html", link=link(), kinds=kinds, counts=counts, full=not kind)

    @env.macro
    def aturan_predikat() -> str:
        c = site.catalog()
        return render("_aturan_predikat.html", edition=c.edition, link=link())

    @env.macro
    def jenis_indikator() -> str:
        """Lead times per indicator kind and the next round (the planner's rules)."""
        c = site.catalog()
        return render("_jenis_indikator.html", edition=c.edition, link=link())

    @env.macro
    def daftar_kunjungan() -> str:
        """Studi tiru index: gap pages of home regions and the newest visits (bounded)."""
        from ..render import visit_pages

        c = site.catalog()
        return render("_daftar_kunjungan.html", catalog=c, link=link(), gap_regions=visit_pages.gap_regions(c),
                      visits=visit_pages.newest_visits(c), total=len(c.visits), limit=visit_pages.INDEX_MAX)
