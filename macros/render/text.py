"""Markdown text from data -> HTML that cannot run anything.

Data fields are Markdown written by contributors. Raw HTML, event handlers and `javascript:`
links are removed by nh3 (a whitelist sanitiser), so a case study cannot inject script.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "a", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "hr", "sup", "sub",
}
_ALLOWED_ATTRS = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def markdown_to_html(text: str | None) -> Markup:
    """Render contributor Markdown to sanitised HTML (safe to insert unescaped)."""
    if not text:
        return Markup("")
    html = _md.reset().convert(text)
    clean = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return Markup(clean)


def plain(text: str | None, limit: int = 0) -> str:
    """Markdown -> plain text (for summaries, titles and the search index)."""
    if not text:
        return ""
    out = nh3.clean(_md.reset().convert(text), tags=set()).replace("&amp;", "&")
    out = " ".join(out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').split())
    if limit and len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out
