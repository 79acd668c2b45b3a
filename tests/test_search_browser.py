"""Search in Indonesian, in Chromium (issue 12): the examples, in both editions, over http and
from disk, and the browser's words and stems against the build's for a word list.

The site is tests/test_publish.py's synthetic data set, whose case studies carry the planted
sentences SEARCH_PLANTED deep in their bodies. Fixtures and helpers come from test_browser.py.
"""

from __future__ import annotations

import itertools

import pytest
from test_browser import META, Sites, Visit, browser, search, sites, type_query, visit  # noqa: F401
from test_publish import DEEP_WORD, published

from macros.render.search_index import stem, words

from conftest import DATA, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VENDOR = ROOT / "docs" / "assets" / "vendor" / "snowball-indonesian" / "stemmer.js"
WORKER = ROOT / "docs" / "assets" / "kks-cari" / "worker.js"


def page_of(key: str) -> str:
    return f"praktik/{key}.html"


# query -> the case study it must find, which says it another way (SEARCH_PLANTED, test_publish.py)
EXAMPLES = {
    "longwis": "praktik-sintetis-00004",      # "(Longwis)"
    "rw": "praktik-sintetis-00002",           # "RT/RW"
    "dottorota": "praktik-sintetis-00003",    # "Dottoro’ta"
    "dottoro": "praktik-sintetis-00003",      # prefix of the same
    "maggot": "praktik-sintetis-00002",       # "RDF/maggot"
    "TPS 3R": "praktik-sintetis-00002",       # "TPS3R"
    "TPS3R": "praktik-sintetis-00003",        # "TPS 3R"
    "kebencanaan": "praktik-sintetis-00001",  # "bencana"
    "belajar": "praktik-sintetis-00004",      # "Pembelajaran"
    "berlari": "praktik-sintetis-00003",      # "lari"
    DEEP_WORD[:6]: "praktik-sintetis-00004",  # "tabula" -> "tabulampot", deep in the steps
}


@pytest.mark.parametrize("where", ["normal-http", "offline-http", "offline-file"])
def test_search_examples_of_the_issue(sites: Sites, visit: Visit, where: str) -> None:  # noqa: F811
    base = sites[where][0]
    missing = []
    for query, key in EXAMPLES.items():
        try:
            search(visit, base + "tatanan/t1.html", query, page_of(key))
        except Exception as err:  # collect every miss, not just the first
            missing.append(f"{query!r} -> {key}: {type(err).__name__}")
    assert missing == []
    assert visit.outside == [] and visit.errors == [], (visit.outside, visit.errors)


def test_results_are_highlighted_and_rank_title_matches_first(sites: Sites, visit: Visit) -> None:  # noqa: F811
    base = sites["normal-http"][0]
    links = search(visit, base + "index.html", "mandalika", "praktik/praktik-sintetis-00001.html")
    assert "praktik-sintetis-00001" in links[0]  # the word is in its title
    marks = visit.page.eval_on_selector_all(".md-search-result mark", "ms => ms.map(m => m.textContent)")
    assert any(m.lower() == "mandalika" for m in marks), marks
    # A word the index left out as too common still finds nothing on its own once typed.
    type_query(visit, base + "index.html", "yang ")
    visit.page.wait_for_function(f"() => !({META}).includes('Ketik untuk mulai')")
    assert "Tidak ada dokumen" in visit.page.locator(".md-search-result__meta").inner_text()


def test_normal_edition_from_disk_says_search_needs_the_offline_edition(browser, tmp_path_factory) -> None:  # noqa: F811
    folder = published(tmp_path_factory, "normal")
    v = Visit(browser)
    try:
        v.page.goto((folder / "tatanan" / "t1.html").as_uri())
        v.page.locator("input.md-search__input").click()
        v.page.wait_for_function(f"() => ({META}).includes('edisi luring')")
        assert "Mempersiapkan" not in v.page.locator(".md-search-result__meta").inner_text()
        assert v.outside == []
        # Material reports the missing search/search_index.js; nothing else may fail.
        assert [e for e in v.errors if "search_index.js" not in e] == []
    finally:
        v.close()


def _word_list() -> list[str]:
    """Texts for the agreement check: every word of the bundled data, affixed forms built from
    their stems, and awkward characters (accents, apostrophes, ligatures, digits of other
    scripts, Lontara, fractions)."""
    texts: list[str] = []
    for path in sorted(DATA.rglob("*.yaml")):
        texts.append(path.read_text(encoding="utf-8"))
    found = sorted({w for t in texts for w in words(t) if w.isalpha()})
    roots = sorted({stem(w) for w in found if 3 <= len(w) <= 12})[:1500]
    prefixes = ["", "me", "mem", "men", "meng", "meny", "ber", "di", "ke", "pe", "pem", "pen", "peng", "per",
                "ter", "se", "memper", "diper"]
    suffixes = ["", "an", "kan", "i", "nya", "lah", "kah", "annya"]
    affixed = [p + r + s for r, p, s in itertools.product(roots, prefixes, suffixes)]
    odd = ["Dottoro’ta Dottoro'ta dottoroʼta", "Café ÉLAN naïve Ångström", "İstanbul ǅemal", "ﬁnal ﬂores",
           "½ x² Ⅻ ١٢٣ ۴۵", "ᨒᨚᨈᨑ ᨅᨘᨁᨗ", "e‑KTP anak‑anak RT/RW (Longwis) TPS3R TPS 3R", "ＡＢＣ１２３",
           "ŞĞÜÖÇ straße ΣΊΣΥΦΟΣ"]
    return [*found, *affixed[::3], *odd]


def test_browser_and_build_agree_on_words_and_stems(browser) -> None:  # noqa: F811
    """The same word rules and the same Snowball algorithm on both sides (issue 12)."""
    texts = _word_list()
    expected = [[[w, stem(w)] for w in words(t)] for t in texts]
    page = browser.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content="var exports = {};")
        page.add_script_tag(path=str(VENDOR))
        page.add_script_tag(path=str(WORKER))
        got = page.evaluate("ts => ts.map(t => kksCari.words(t).map(w => [w, exports.stemmer(w)]))", texts)
    finally:
        page.close()
    differ = [(t[:40], e, g) for t, e, g in zip(texts, expected, got, strict=True) if e != g]
    assert len(texts) > 10_000
    assert differ == [], differ[:10]
