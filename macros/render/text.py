"""Markdown text from data -> HTML that cannot run anything.

Data fields are Markdown written by contributors. Raw HTML, event handlers and `javascript:`
links are removed by nh3 (a whitelist sanitiser), so a case study cannot inject script.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup

from ..core.citations import CITATION, drop_citations, numbers_of

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


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")


def replace_citations(html: str, link: Callable[[list[int]], str]) -> str:
    """Each `[n]` / `[n, m]` in the text of `html` (not inside tags) replaced by `link(numbers)`."""
    def in_text(m: re.Match[str]) -> str:
        if m.group(1):  # a tag: leave attributes alone
            return m.group(1)
        return CITATION.sub(lambda c: link(numbers_of(c.group(1))), m.group(2))
    return _TAG_OR_TEXT.sub(in_text, html)


def plain(text: str | None, limit: int = 0) -> str:
    """Markdown -> plain text (for summaries, titles and the search index); citations dropped."""
    if not text:
        return ""
    text = drop_citations(text)
    out = nh3.clean(_md.reset().convert(text), tags=set()).replace("&amp;", "&")
    out = " ".join(out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').split())
    if limit and len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out
