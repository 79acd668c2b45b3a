"""MkDocs hooks (mkdocs.yml `hooks:`): generated pages from the data, rendered on demand."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from macros.edge import site
from macros.render.pages import render_source


def on_config(config: Any) -> Any:
    site.prepare(config)
    return config


def on_files(files: Files, config: Any) -> Files:
    for uri in site.pages():
        if files.get_file_from_path(uri) is None:
            # Empty placeholder; the real source is rendered lazily in on_page_read_source.
            files.append(File.generated(config, uri, content=""))
    return files


def on_page_read_source(page: Any, config: Any) -> str | None:
    spec = site.pages().get(page.file.src_uri)
    if spec is None:
        return None
    return render_source(site.catalog(), spec)
