"""Where each generated page lives, and links relative to the page that shows them.

Links in generated HTML are not rewritten by MkDocs, so they are computed here, relative to
the current page, which keeps the site working from any folder and over file://.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def tatanan_uri(code: str) -> str:
    return f"tatanan/{code.lower()}.md"


def indicator_uri(code: str) -> str:
    return f"indikator/{code.lower().replace('.', '-')}.md"


def region_uri(region_id: str) -> str:
    return f"daerah/{region_id}.md"


def practice_uri(practice_id: str) -> str:
    return f"praktik/{practice_id}.md"


def visit_uri(visit_id: str) -> str:
    return f"kunjungan/{visit_id}.md"


def report_uri(visit_id: str) -> str:
    return f"kunjungan/laporan/{visit_id}.md"


def gap_uri(region_id: str) -> str:
    return f"kesenjangan/{region_id}.md"


def page_url(target_uri: str, from_uri: str) -> str:
    """Relative URL from the page built from `from_uri` to the one built from `target_uri`."""
    target = target_uri[:-3] + ".html" if target_uri.endswith(".md") else target_uri
    return posixpath.relpath(target, posixpath.dirname(from_uri) or ".")


DOCUMENT_FOLDER = "dokumen"
"""Where documents from docs/dokumen/ land in the built site."""


def document_url(file: str, from_uri: str) -> str:
    """Relative link to a document file, percent-encoded: a name with '#', '?' or '%' would
    otherwise be cut at the fragment or query, or decoded into another name, by the browser
    (over http and file:// alike)."""
    target = posixpath.join(DOCUMENT_FOLDER, quote(file, safe="/"))
    return posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
