"""The one Jinja environment for our templates: autoescape on, undefined names are errors."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..core.citations import drop_citations
from ..core.records import CONFIDENCE_LABELS, PREDICATE_LABELS, code_order
from .text import markdown_to_html, plain, replace_citations

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def _number(value: float | int | None, digits: int = 2) -> str:
    """Indonesian number format: 72,41 and 1.234."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head and not text[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,.;:(-–") + "\u2060…"  # word joiner: the ellipsis never starts a line


_KIND_PREFIXES = (("Kabupaten ", "Kab. "), ("Kota Administrasi ", "Kota Adm. "))


def _region_short(name: str) -> str:
    """'Kabupaten Tana Toraja' -> 'Kab. Tana Toraja' for narrow column headers; 'Kota' stays, so
    Kota Bogor and Kabupaten Bogor are still told apart."""
    for long, short in _KIND_PREFIXES:
        if name.startswith(long):
            return short + name[len(long):]
    return name


def _score_band(score: int | None) -> str:
    """CSS class suffix of a ladder score (100, 75, 50, 25, 0; 'tidak-diketahui' when None).
    Scores between rungs (other ladders) fall into the band below."""
    if score is None:
        return "tidak-diketahui"
    return str(max(b for b in (0, 25, 50, 75, 100) if b <= score))


def _css_string(value: str) -> Markup:
    """A CSS string literal for a <style> element, where HTML escaping does not apply: quotes,
    backslashes, line breaks and angle brackets become CSS escapes, so data text can neither end
    the string nor the style element."""
    out = []
    for ch in str(value):
        out.append(f"\\{ord(ch):x} " if ch in '"\\<>&\n\r' else ch)
    return Markup('"' + "".join(out) + '"')


def _host(url: str) -> str:
    """'https://www.antaranews.com/x' -> 'antaranews.com' (a source's short name when no publisher is given)."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _without_contacts() -> bool:
    """`kks publish --tanpa-kontak` sets KKS_TANPA_KONTAK=1 for the build: no phone/e-mail at all.
    Read at render time, not cached, so one process can render both editions."""
    return os.environ.get("KKS_TANPA_KONTAK", "") not in ("", "0")


def cite_links(numbers: tuple[int, ...] | list[int]) -> Markup:
    """`[1, 3]` as links to the page's numbered source list (template _kutip.html)."""
    if not numbers:
        return Markup("")
    return Markup(environment().get_template("_kutip.html").module.kutip(list(numbers)).strip())


def markdown_excerpt(text: str | None) -> Markup:
    """A case study's Markdown shown away from its own page (indicator cards, the dossier):
    citation markers dropped, since the numbered sources they point to are not on that page."""
    return markdown_to_html(drop_citations(text) if text else text)


def markdown_with_citations(text: str | None) -> Markup:
    """Contributor Markdown as sanitised HTML, each `[n]` a link to source n of the page."""
    return Markup(replace_citations(str(markdown_to_html(text)), cite_links))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates are fixed during a build; no stat() per get_template/import
    )
    env.filters.update(md=markdown_to_html, mdcite=markdown_with_citations, mdexcerpt=markdown_excerpt,
                       cites=cite_links, plain=plain, host=_host,
                       number=_number,
                       codes=lambda codes: sorted(codes, key=code_order),
                       confidence=lambda c: CONFIDENCE_LABELS.get(c, c),
                       predicate=lambda p: PREDICATE_LABELS.get(p, p),
                       shorten=_shorten, region_short=_region_short, band=_score_band,
                       css_string=_css_string)
    env.globals["without_contacts"] = _without_contacts
    return env


def render(template: str, **context: Any) -> str:
    """Render one template to an HTML string. Blank lines are dropped, so that Python-Markdown
    keeps the whole fragment as one raw HTML block."""
    html = environment().get_template(template).render(**context)
    return "\n".join(line for line in html.splitlines() if line.strip())
