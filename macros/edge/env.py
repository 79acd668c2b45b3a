"""Macros for hand-written pages (mkdocs-macros `define_env`): each looks up data and renders
a template; no analysis and no HTML here."""

from __future__ import annotations

from typing import Any

from ..render.jinja import render
from ..render.pages import Links
from . import site


def define_env(env: Any) -> None:
    def link() -> Links:
        return Links(env.page.file.src_uri)

    @env.macro
    def jumlah() -> dict[str, int]:
        """Live counts for the home page."""
        c = site.catalog()
        return {"daerah": len(c.regions), "praktik": len(c.practices),
                "tatanan": len(c.edition.tatanan), "indikator": sum(len(t.indicators) for t in c.edition.tatanan),
                "kelembagaan": len(c.edition.institutional.indicators) if c.edition.institutional else 0}

    @env.macro
    def daftar_tatanan() -> str:
        c = site.catalog()
        return render("_daftar_tatanan.html", edition=c.edition, catalog=c, link=link())

    @env.macro
    def daftar_daerah() -> str:
        c = site.catalog()
        return render("_daftar_daerah.html", catalog=c, link=link())

    @env.macro
    def daftar_praktik() -> str:
        c = site.catalog()
        return render("_daftar_praktik.html", catalog=c, link=link())

    @env.macro
    def aturan_predikat() -> str:
        c = site.catalog()
        return render("_aturan_predikat.html", edition=c.edition, link=link())
