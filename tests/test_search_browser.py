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

from macros.render.search_index import Entry, IndexBuilder, stem, words

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


def answers(browser, entries: list[Entry], queries: list[str]) -> list[list[str]]:  # noqa: F811
    """The locations worker.js returns for each query, best first, over an index of `entries`:
    the worker runs in a page as the iframe-worker shim runs it (postMessage and importScripts
    replaced), fed the same SETUP and QUERY messages Material sends."""
    builder = IndexBuilder()
    for e in entries:
        builder.add(e)
    core, shards = builder.build()
    index = {"config": {"kks": core}, "docs": builder.docs}
    page = browser.new_page()
    try:
        page.goto(WORKER.parent.as_uri() + "/")  # a base address for the worker's relative URL
        page.add_script_tag(content="var exports = {};")
        page.add_script_tag(path=str(VENDOR))
        page.add_script_tag(content="window.__stem = exports.stemmer; window.__replies = [];"
                                    "window.postMessage = m => window.__replies.push(m);")
        page.evaluate("""shards => { window.importScripts = async (...urls) => {
            for (const url of urls) {
              const name = url.split("/").pop()
              if (name === "stemmer.js") exports.stemmer = window.__stem
              else kksShard(name, JSON.parse(shards[name]))
            } } }""", shards)
        page.add_script_tag(path=str(WORKER))
        return page.evaluate("""async ([index, queries]) => {
            const send = data => new Promise(done => {
              const n = __replies.length
              dispatchEvent(new MessageEvent("message", { data }))
              const t = setInterval(() => { if (__replies.length > n) { clearInterval(t); done(__replies[n]) } }, 1)
            })
            const ready = await send({ type: 0, data: index })
            if (ready.type !== 1) throw new Error("no READY")
            const out = []
            for (const q of queries) {
              const reply = await send({ type: 2, data: q })
              out.push(reply.data.items.flat().filter(i => i.score > 0).map(i => i.location))
            }
            return out
        }""", [index, queries])
    finally:
        page.close()


def _readme_rows() -> list[tuple[str, list[str], list[str]]]:
    """Rows of the README's table "Apa yang ditemukan pencarian": (query, found, not found)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Apa yang ditemukan pencarian", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        forms = [[f.strip().strip("`") for f in cell.split(",") if f.strip() not in ("", "–")] for cell in cells[1:3]]
        rows.append((cells[0].strip("`"), forms[0], forms[1]))
    return rows


def test_readme_table_of_what_search_finds_is_what_it_finds(browser) -> None:  # noqa: F811
    """Each row: one page per word form of the row, then the row's query; exactly the forms in
    "Menemukan" are found, none of "Tidak menemukan" (the table was written from this run)."""
    rows = _readme_rows()
    assert len(rows) >= 12
    wrong = []
    for query, found, missed in rows:
        forms = found + missed
        entries = [Entry(f"h{i}.html", f"Halaman {i}", "", f"Catatan: {form}.") for i, form in enumerate(forms)]
        (got,) = answers(browser, entries, [query])
        shown = sorted(forms[int(loc[1:].split(".")[0])] for loc in got)
        if shown != sorted(found):
            wrong.append(f"{query!r}: menemukan {shown}, README: {sorted(found)}")
    assert wrong == []


def test_ranking_puts_title_and_whole_word_matches_first(browser) -> None:  # noqa: F811
    entries = [Entry("a.html", "Kader posyandu", "", "Laporan bulanan."),
               Entry("b.html", "Laporan", "", "Posyandu keliling dan kader."),
               Entry("c.html", "Lain", "", "Posyandunya ramai.")]
    (got, prefix, both, none) = answers(browser, entries, ["posyandu", "posyan", "kader posyandu", "bukan"])
    assert got[0] == "a.html" and set(got) == {"a.html", "b.html", "c.html"}
    assert set(prefix) == {"a.html", "b.html", "c.html"}
    assert set(both) == {"a.html", "b.html"} and both[0] == "a.html"  # every word must match
    assert none == []
