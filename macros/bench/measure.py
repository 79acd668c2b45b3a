"""Timing and peak memory of child processes, and sizes of a built site."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

_ARTICLE = '<article class="md-content__inner'


@dataclass(frozen=True)
class Step:
    seconds: float
    cpu_seconds: float          # user + system: less sensitive than wall time to a busy machine
    peak_rss_bytes: int
    returncode: int
    log: str


def run_step(cmd: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> Step:
    """Run `cmd` and measure it: wall time, and the peak RSS of the child and its own children
    (wait4's rusage folds in the descendants the child waited for, e.g. `kks build`'s mkdocs)."""
    with open(log_path, "w+", encoding="utf-8") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
        log.seek(0)
        text = log.read()
    # Linux reports ru_maxrss in KiB.
    return Step(round(seconds, 3), round(usage.ru_utime + usage.ru_stime, 3), usage.ru_maxrss * 1024,
                proc.returncode, text)


@dataclass(frozen=True)
class SiteSize:
    pages: int
    site_bytes: int
    largest_page_bytes: int
    largest_page: str
    search_index_bytes: int
    content_sizes: list[int]   # HTML bytes of each page's article, in page order

    @property
    def mean_content_bytes(self) -> int:
        return sum(self.content_sizes) // max(1, len(self.content_sizes))


def content_bytes(html: str) -> int:
    """Bytes of the page's own content (Material's <article>), without the theme around it."""
    start = html.find(_ARTICLE)
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return len(html.encode("utf-8"))
    return len(html[start:end].encode("utf-8"))


def site_size(site: Path) -> SiteSize:
    total = 0
    largest, largest_name = 0, ""
    sizes: list[int] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix != ".html" or path.name == "404.html":
            continue
        if size > largest:
            largest, largest_name = size, path.relative_to(site).as_posix()
        sizes.append(content_bytes(path.read_text(encoding="utf-8")))
    return SiteSize(len(sizes), total, largest, largest_name, search_index_bytes(site), sizes)


def search_index_bytes(site: Path) -> int:
    """The whole search index: Material's search_index.json (our index's core) and our shards."""
    index = site / "search" / "search_index.json"
    shards = site / "search" / "kks"
    size = index.stat().st_size if index.exists() else 0
    return size + (sum(p.stat().st_size for p in shards.iterdir()) if shards.is_dir() else 0)
