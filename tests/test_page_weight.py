"""Page weight of the built site (bundled data): what a reader on a slow regional link downloads.

Budget, per page view without anything cached: the page's HTML plus every style sheet and script
it loads, plus the search worker script (Material starts it on every page). Two numbers:

- compressed (gzip level 6, as scripts/nginx-kks.conf serves it) at most 120 KB. Many district
  and puskesmas offices share a link that gives one reader about 1 Mbit/s (125 KB/s), and
  mobile data outside cities often falls to 256 kbit/s. 120 KB is then about 1 s, or about 4 s
  at worst, for a first visit. Later visits fetch only the HTML: Material's file names carry a
  hash, so nginx lets browsers keep them for a year.
- uncompressed at most 450 KB: the offline edition is opened from a file share, often over a
  slow VPN, with no compression; 450 KB is about 3.6 s at 1 Mbit/s.

Material's own CSS and JS are a fixed ~305 KB raw / ~72 KB compressed (measured with 9.8.2),
so the budget leaves each page's HTML about 45 KB compressed / 145 KB raw before it
is exceeded; the 300 KB cap per HTML file (tests/test_site.py) is the hard upper limit.
The search index is not counted: it is fetched once and then revalidated (nginx sends 304).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_publish import fetched_urls

pytestmark = pytest.mark.slow

BUDGET_COMPRESSED = 120_000
BUDGET_RAW = 450_000


@dataclass(frozen=True)
class Weight:
    files: dict[str, int]
    compressed: int

    @property
    def raw(self) -> int:
        return sum(self.files.values())


def page_weight(site: Path, rel: str) -> Weight:
    """Bytes a first view of `rel` downloads: HTML, CSS, JS and the search worker."""
    page = site / rel
    html = page.read_text(encoding="utf-8")
    assets = [u for u in fetched_urls(html) if u.split("?")[0].endswith((".css", ".js"))]
    config = html.split('id="__config" type="application/json">', 1)[1].split("</script>", 1)[0]
    worker = json.loads(config)["search"]  # the worker, relative to `base` = the page's folder
    assets.append(worker)
    if "kks-cari/worker.js" in worker:  # ours loads the Snowball stemmer when it starts
        assets.append(worker.split("kks-cari/")[0] + "vendor/snowball-indonesian/stemmer.js")
    files = {rel: len(html.encode("utf-8"))}
    compressed = len(gzip.compress(html.encode("utf-8"), 6))
    for url in dict.fromkeys(assets):
        path = (page.parent / url.split("?")[0]).resolve()
        assert path.is_file(), f"{rel} loads missing {url}"
        data = path.read_bytes()
        files[str(path.relative_to(site.resolve()))] = len(data)
        compressed += len(gzip.compress(data, 6))
    return Weight(files, compressed)


def heaviest_case_study(site: Path) -> str:
    pages = [p for p in (site / "praktik").glob("*.html") if p.name != "index.html"]
    assert pages, "no case study page in the built site"
    return str(max(pages, key=lambda p: p.stat().st_size).relative_to(site))


def test_weight_counts_css_js_and_worker(built_site: Path) -> None:
    weight = page_weight(built_site, "index.html")
    names = list(weight.files)
    assert any(n.endswith(".css") and "main." in n for n in names)
    assert any("bundle." in n for n in names) and any("kks-cari/worker.js" in n for n in names)
    assert any("snowball-indonesian/stemmer.js" in n for n in names)
    assert weight.raw > 200_000 and weight.compressed < weight.raw  # Material's assets are in


def heaviest_gap_page(site: Path) -> str:
    pages = list((site / "kesenjangan").glob("*.html"))
    assert pages, "no gap page in the built site"
    return str(max(pages, key=lambda p: p.stat().st_size).relative_to(site))


@pytest.mark.parametrize("which", ["beranda", "praktik", "daerah-daftar", "kesenjangan"])
def test_first_view_stays_within_budget(built_site: Path, which: str) -> None:
    """The home page, the heaviest case study, the region list (its map draws every region) and
    the heaviest gap page (map, plan timeline, verification cuts)."""
    rel = {"beranda": "index.html", "daerah-daftar": "daerah/index.html"}.get(which) or (
        heaviest_case_study(built_site) if which == "praktik" else heaviest_gap_page(built_site))
    weight = page_weight(built_site, rel)
    detail = ", ".join(f"{k} {v / 1000:.1f} KB" for k, v in weight.files.items())
    assert weight.compressed <= BUDGET_COMPRESSED, f"{rel}: {weight.compressed / 1000:.1f} KB gzip ({detail})"
    assert weight.raw <= BUDGET_RAW, f"{rel}: {weight.raw / 1000:.1f} KB ({detail})"
