"""IndexBuilder(replaceable=True) (kks serve): pages replaced and the last pages dropped give the
index a fresh builder gives for the same entries in the same order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from macros.render.search_index import Entry, IndexBuilder

WORDS = ("bencana", "sampah", "posyandu", "kader", "lorong", "relawan", "sanitasi", "jamban", "pasar", "sekolah",
         "anggaran", "kebencanaan", "pembelajaran", "TPS3R", "RT/RW")


def _entry(rng: random.Random, location: str) -> Entry:
    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))
    return Entry(location, text(3), text(6), text(rng.randint(0, 30)))


def _fresh(entries: list[Entry]) -> IndexBuilder:
    builder = IndexBuilder()
    for entry in entries:
        builder.add(entry)
    return builder


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(0, 6), st.lists(st.integers(0, 11), max_size=15))
def test_put_and_truncate_build_what_a_fresh_builder_builds(seed: int, pages: int, tail: int,
                                                            replaced: list[int]) -> None:
    rng = random.Random(seed)
    entries = [_entry(rng, f"p{n}.html") for n in range(pages)]
    builder = IndexBuilder(replaceable=True)
    for entry in entries:
        builder.put(entry)
    hand_written = [_entry(rng, f"index.html#s{n}") for n in range(tail)]
    for entry in hand_written:
        builder.add(entry)
    for n in replaced:  # edits: some pages indexed again, then the hand-written ones anew
        if n < pages:
            entries[n] = _entry(rng, f"p{n}.html")
            builder.put(entries[n])
    builder.truncate(pages)
    hand_written = [_entry(rng, f"index.html#s{n}") for n in range(rng.randint(0, 6))]
    for entry in hand_written:
        builder.add(entry)
    assert builder.build() == _fresh(entries + hand_written).build()
    assert builder.docs == _fresh(entries + hand_written).docs


def test_a_word_gone_from_every_page_leaves_the_index() -> None:
    builder = IndexBuilder(replaceable=True)
    builder.put(Entry("a.html", "Bencana", "", "kader"))
    builder.put(Entry("a.html", "Sampah", "", "kader"))
    core, shards = builder.build()
    assert "bencana" not in "".join(shards.values()) and "sampah" in "".join(shards.values())
    assert (core, shards) == _fresh([Entry("a.html", "Sampah", "", "kader")]).build()
