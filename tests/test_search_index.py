"""The search index (macros/render/search_index.py, macros/edge/search.py): words, stems,
encoding, and what a page is found by. The browser side is tests/test_search_browser.py."""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.edge.search import WORKER, use_worker
from macros.render.search_index import (
    STOP_WORDS,
    Entry,
    IndexBuilder,
    bitset,
    decode,
    encode,
    index_words,
    merge,
    pages_with,
    read_index,
    stem,
    vlq,
    without_citations,
    words,
)

from conftest import ROOT


@pytest.mark.parametrize(("text", "expected"), [
    ("Lorong Wisata (Longwis)", ["lorong", "wisata", "longwis"]),
    ("tingkat RT/RW", ["tingkat", "rt", "rw"]),
    ("Home Care Dottoro’ta", ["home", "care", "dottorota"]),
    ("Dottoro'ta", ["dottorota"]),
    ("RDF/maggot", ["rdf", "maggot"]),
    ("anak-anak", ["anak", "anak"]),
    ("Café Élan", ["cafe", "elan"]),
    ("TPS3R", ["tps3r"]),
    ("  ", []),
])
def test_words_split_on_punctuation_and_fold_case_and_accents(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_letter_digit_codes_are_found_in_either_spelling() -> None:
    assert {"tps3r", "tps", "3r"} <= index_words("Pengelolaan TPS3R")
    assert {"tps", "3r", "tps3r"} <= index_words("Pengelolaan TPS 3R")
    assert {"covid", "19", "covid19"} <= index_words("pandemi Covid-19")


def test_citation_markers_are_not_shown() -> None:
    assert without_citations("Timbulan turun 40% [1]. Bank sampah [2, 3] dan [tautan](https://x.invalid)") == (
        "Timbulan turun 40%. Bank sampah dan [tautan](https://x.invalid)")


def test_citation_markers_addresses_and_stop_words_are_not_indexed() -> None:
    found = index_words("Sampah turun 40% [1]. Lihat [2, 3] dan https://contoh.invalid/laporan2024 "
                        "atau [tautan](https://contoh.invalid/x).")
    assert {"sampah", "turun", "40", "lihat", "tautan"} <= found
    assert not {"1", "2", "3", "https", "contoh", "invalid", "laporan2024", "x"} & found
    assert not set(STOP_WORDS) & found


@pytest.mark.parametrize(("word", "root"), [
    ("kebencanaan", "bencana"), ("bencana", "bencana"), ("belajar", "ajar"), ("pembelajaran", "ajar"),
    ("berlari", "lari"), ("lari", "lari"), ("persampahan", "sampah"), ("iurannya", "iur"), ("iuran", "iur"),
])
def test_snowball_stems_agree_with_the_issue_examples(word: str, root: str) -> None:
    assert stem(word) == root


@given(st.sets(st.integers(min_value=0, max_value=5000), max_size=300))
def test_page_lists_decode_to_what_was_encoded(pages: set[int]) -> None:
    ordered = array("I", sorted(pages))
    assert decode(vlq(ordered)) == list(ordered)
    assert decode(bitset(ordered)) == list(ordered)
    code = encode(ordered)
    assert decode(code) == list(ordered)
    assert len(code) <= len(vlq(ordered))


def test_a_bitset_is_chosen_for_a_common_stem() -> None:
    common = array("I", range(0, 3000, 2))
    assert encode(common).startswith("~") and len(encode(common)) < len(vlq(common))
    assert not encode(array("I", [5, 4000])).startswith("~")


def test_a_page_is_found_by_any_word_of_its_body_and_by_its_title() -> None:
    builder = IndexBuilder()
    builder.add(Entry("a.html", "Bank sampah", "Ringkas.", "Panjang sekali ... pembelajaran warga."))
    builder.add(Entry("b.html", "Pasar sehat", "Pedagang <b>pasar</b>.", "Kebersihan pasar."))
    core, shards = builder.build()
    index = merge(core, shards)
    assert pages_with(index, "belajar") == [0]
    assert pages_with(index, "sampah") == [0]
    assert pages_with(index, "pasar") == [1]
    assert pages_with(index, "yang") == []
    terms = index["terms"].split("\n")
    assert terms == sorted(terms)
    assert decode(index["head"][str(terms.index("pasar"))]) == [1]  # in the title of page 1
    # Shown text is escaped: Material's search box inserts it as HTML.
    assert builder.docs[1]["text"] == "Pedagang &lt;b&gt;pasar&lt;/b&gt;."
    assert core["pages"] == 2 and [name for _, name in core["shards"]] == list(shards)


def test_the_index_is_cut_into_shards_a_query_word_can_find() -> None:
    builder = IndexBuilder()
    for n in range(400):
        builder.add(Entry(f"p{n}.html", f"Halaman {n}", "", " ".join(f"kata{n}x{k}" for k in range(40))))
    core, shards = builder.build()
    assert len(shards) > 3
    firsts = [first for first, _ in core["shards"]]
    assert firsts == sorted(firsts)
    index = merge(core, shards)
    assert index["terms"].split("\n") == sorted(index["terms"].split("\n"))
    assert pages_with(index, "kata123x7") == [123]
    # Same content, same name: a shard's name changes only when its content does.
    again = IndexBuilder()
    for n in range(400):
        again.add(Entry(f"p{n}.html", f"Halaman {n}", "", " ".join(f"kata{n}x{k}" for k in range(40))))
    assert again.build()[1].keys() == shards.keys()


def test_our_worker_replaces_materials_at_the_same_depth() -> None:
    page = ('<p>"search": "../assets/javascripts/workers/search.a7633da7.min.js" in the text stays</p>'
            '<script id="__config" type="application/json">{"base": "..", '
            '"search": "../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>')
    out = use_worker(page)
    assert out.count("search.a7633da7.min.js") == 1  # only the configuration changes
    assert f'"search": "../{WORKER}?v=' in out
    root = page.replace("../assets", "assets")
    assert f'"search": "{WORKER}?v=' in use_worker(root)
    assert use_worker("<p>no config</p>") == "<p>no config</p>"


def test_vendored_stemmer_is_the_recorded_file() -> None:
    folder = ROOT / "docs" / "assets" / "vendor" / "snowball-indonesian"
    source = (folder / "SUMBER.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256((folder / "stemmer.js").read_bytes()).hexdigest()
    assert f"sha256 stemmer.js: {digest}" in source
    assert (folder / "LICENSE").is_file() and (folder / "LICENSE-SNOWBALL").is_file()
    # The Python side is the same Snowball release line, pinned.
    assert re.search(r"^snowballstemmer==3\.1\.1$", (ROOT / "requirements.lock").read_text(), re.M)


@pytest.mark.slow
def test_bundled_site_finds_case_studies_by_body_words(built_site: Path) -> None:
    """Issue 12: `sampah` used to miss the Jambi TPA Talang Gulo practice (its title and first
    160 characters do not say it); every page now names our worker."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    kks = read_index(built_site)
    location = {d["location"]: n for n, d in enumerate(index["docs"])}
    jambi = location["praktik/jambi-sampah-talang-gulo.html"]
    assert jambi in pages_with(kks, "sampah") and jambi in pages_with(kks, "maggot")
    assert location["praktik/makassar-lorong-wisata.html"] in pages_with(kks, "longwis")
    assert len(index["docs"]) == kks["pages"] == len(location)
    assert (built_site / WORKER).is_file()
    assert (built_site / "assets" / "vendor" / "snowball-indonesian" / "stemmer.js").is_file()
    for page in [built_site / "index.html", built_site / "404.html", *built_site.glob("praktik/*.html")]:
        config = re.search(r'id="__config"[^>]*>(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
        assert config and json.loads(config.group(1))["search"].split("?")[0].endswith(WORKER), page
