"""MkDocs hooks (mkdocs.yml `hooks:`): generated pages from the data, rendered on demand."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from macros.core import export
from macros.core.checks import documents_dir
from macros.edge import search, site
from macros.importers.practices import write_downloads
from macros.render.pages import render_source
from macros.render.search_index import SHARD_DIR, IndexBuilder


def on_config(config: Any) -> Any:
    site.prepare(config)
    return config


def on_pre_build(config: Any) -> None:
    global _search_index, _generated_entries
    # Each build (also each `serve` rebuild) starts empty; `kks serve` replaces entries later.
    _search_index = IndexBuilder(replaceable=site.serving())
    _generated_entries = None


def on_files(files: Files, config: Any) -> Files:
    for uri in site.pages():
        if files.get_file_from_path(uri) is None:
            # Empty placeholder; the real source is rendered lazily in on_page_read_source.
            files.append(File.generated(config, uri, content=""))
    _add_documents(files, config)
    return files


def _add_documents(files: Files, config: Any) -> None:
    """Documents linked by practices (`dokumen[].berkas`) when the data folder is not the
    project's own: they sit in `<data>/../docs/dokumen/` (checks.documents_dir), which MkDocs
    does not see. Only linked files are published; validation made sure each is there."""
    folder = documents_dir(site.data_dir(config))
    if folder.is_relative_to(Path(config["docs_dir"]).resolve()):
        return  # docs/dokumen/ of this project: MkDocs copies it like any other file
    linked = {d.file for p in site.catalog().practices.values() for d in p.documents if d.file}
    for name in sorted(linked):
        uri = f"dokumen/{name}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File(uri, src_dir=str(folder.parent), dest_dir=config["site_dir"],
                          use_directory_urls=config["use_directory_urls"]))


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    site.remember_build(config=config, files=files, nav=nav)  # kks serve renders pages again later
    return nav


def on_env(env: Any, config: Any, files: Files) -> Any:
    site.remember_build(env=env)
    return env


def on_page_read_source(page: Any, config: Any) -> str | None:
    spec = site.pages().get(page.file.src_uri)
    if spec is None:
        return None
    return render_source(site.catalog(), spec)


_search_index = IndexBuilder()
"""One search entry per generated page, indexed as it is rendered (see macros/edge/search.py)."""
_generated_entries: int | None = None
"""Entries of generated pages when the index was first written; `kks serve` writes it again after
an edit, with Material's entries for hand-written pages added anew after these."""


_generated_html: dict[str, str] = {}
"""Body of a generated page between on_page_markdown and on_page_content."""
_PLACEHOLDER = "<!--kks-halaman-terbangkit-->"  # a comment: Markdown passes it through as is


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri not in site.pages():
        return markdown
    # Generated pages stay out of Material's full-text index (too big at 25,000 case studies).
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    # The body is one raw HTML block from our templates: Python-Markdown would only copy it
    # after parsing it tag by tag (a fifth of the build time) and its headings never reach the
    # TOC, so it bypasses Markdown and is put back in on_page_content.
    _generated_html[page.file.src_uri] = markdown
    return _PLACEHOLDER + "\n"


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    body = _generated_html.pop(page.file.src_uri, None)
    if body is None:
        return html
    return html.replace(_PLACEHOLDER, body.strip(), 1)


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    spec = site.pages().get(page.file.src_uri)
    if spec is not None:
        entry = search.entry(site.catalog(), spec, page.url)
        if site.serving():  # a page rendered again after an edit keeps its place in the index
            _search_index.put(entry)
        else:
            _search_index.add(entry)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    return search.use_worker(output)  # our worker answers Material's search box


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return search.use_worker(output_content)  # 404.html has the search box too


def _write_script(path: Path, name: str, data: Any) -> None:
    """Data as a script defining a global: loaded by a script tag, so it also works over file://."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"window.{name}={text};\n", encoding="utf-8")


def on_post_build(config: Any) -> None:
    """Downloads (unduh/) and the data of the compare page and the practice filter."""
    global _generated_entries
    out = Path(config["site_dir"])
    catalog = site.catalog()
    # Runs after the search plugin wrote its index (hooks come after plugins) and before the
    # offline plugin copies it into search_index.js (priority -100).
    if _generated_entries is None:
        _generated_entries = len(_search_index)
    else:  # kks serve, after an edit: the hand-written pages' entries are added again below,
        _search_index.truncate(_generated_entries)
        shutil.rmtree(out / SHARD_DIR, ignore_errors=True)  # and the shards' names follow their content
    search.write_index(out / "search" / "search_index.json", _search_index)
    # The edition published without contacts (kks publish --tanpa-kontak) has none in downloads either.
    personal = os.environ.get("KKS_TANPA_KONTAK", "") in ("", "0")
    if site.serving():  # kks serve: written when one is asked for (20 s at 25,000 practices)
        site.set_deferred_downloads(lambda: write_downloads(catalog, out / "unduh", personal))
    else:
        write_downloads(catalog, out / "unduh", personal)
    _write_script(out / "assets" / "data" / "bandingkan.js", "KKS_BANDINGKAN", export.compare_data(catalog))
    _write_script(out / "assets" / "data" / "praktik-indeks.js", "KKS_PRAKTIK", export.practice_index(catalog))
