"""The floor of the benchmark: a plain MkDocs + Material site with as many static Markdown pages
as the real site, of the same content size, the same theme settings, and no macros or hooks.

Each floor page mirrors one real page: it is filled with ordinary Markdown (headings, prose,
lists of links, a table) until its expected HTML is as long as the real page's content, so the
two sites differ only in how their pages are made.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from .. import synth
from ..core.yamlio import dump_yaml
from ..sitebuild import CONFIG

_WORDS = synth._WORDS  # the same vocabulary as the synthetic records
# Settings copied from our mkdocs.yml; everything else (macros, hooks, custom_dir, extra) is left out.
_COPIED_KEYS = ("use_directory_urls", "validation", "markdown_extensions")
NAV_PAGES = 14  # about as many entries as our real navigation


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` becomes the default."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))


def floor_config(pages: int) -> dict[str, Any]:
    real = yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_EnvLoader)
    theme = {k: v for k, v in real["theme"].items() if k != "custom_dir"}
    config: dict[str, Any] = {"site_name": "Lantai pembanding (halaman statis)", "docs_dir": "docs",
                              "strict": True, "theme": theme, "plugins": ["search"],
                              "extra": {"generator": False}}
    config.update({k: real[k] for k in _COPIED_KEYS if k in real})
    config["nav"] = ["index.md"] + [f"halaman/{_name(i)}.md" for i in range(1, min(pages, NAV_PAGES))]
    return config


def _name(i: int) -> str:
    return f"h-{i:06d}"


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "."


def _blocks(rng: random.Random, i: int, pages: int):
    """Endless Markdown blocks with the HTML length each will have (estimated)."""
    folder = "halaman/" if i == 0 else ""  # links are relative to the page's own folder
    k = 0
    while True:
        k += 1
        heading = f"## Bagian {k}"
        yield heading, len(heading) + 24           # <h2 id="bagian-k">…</h2>
        para = " ".join(_sentence(rng) for _ in range(5))
        yield para, len(para) + 8                  # <p>…</p>
        links = []
        for _ in range(6):
            j = rng.randint(1, max(1, pages - 1))
            links.append(f"- [Halaman statis {j}]({folder}{_name(j)}.md) *(T{j % 9 + 1}.{j % 20})*")
        text = "\n".join(links)
        yield text, len(text) + 30 * len(links)   # <li><a href="…html">…</a> <em>…</em></li>
        if k % 3 == 0:
            rows = "\n".join(f"| T{r} | {rng.randint(0, 100)} | {rng.choice(_WORDS)} |" for r in range(1, 6))
            table = f"| Tatanan | Nilai | Catatan |\n|---|---|---|\n{rows}"
            yield table, len(table) * 3


def floor_page(i: int, pages: int, target_bytes: int, rng: random.Random) -> str:
    out = [f"# Halaman statis {i}", _sentence(rng)]
    size = sum(len(x) for x in out) + 20
    for block, html_len in _blocks(rng, i, pages):
        if size >= target_bytes:
            break
        out.append(block)
        size += html_len
    return "\n\n".join(out) + "\n"


def write_floor(dest: Path, content_sizes: list[int], seed: int = 2025) -> int:
    """Write the floor project (mkdocs.yml + docs/) with one page per entry of `content_sizes`
    (the HTML content bytes of each real page). Returns the number of pages."""
    rng = random.Random(seed)
    pages = len(content_sizes)
    docs = dest / "docs"
    (docs / "halaman").mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(dump_yaml(floor_config(pages)), encoding="utf-8")
    for i, size in enumerate(content_sizes):
        path = docs / "index.md" if i == 0 else docs / "halaman" / f"{_name(i)}.md"
        path.write_text(floor_page(i, pages, size, rng), encoding="utf-8")
    return pages
