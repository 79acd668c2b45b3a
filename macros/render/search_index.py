"""The search index that the reader's browser queries: words -> stems -> pages, compactly.

Every page is found by any word of its body, in any affixed form: words are cut to their stem
with the Snowball Indonesian stemmer (package `snowballstemmer`; the browser runs the same
Snowball algorithm, docs/assets/vendor/snowball-indonesian), so `kebencanaan` finds `bencana`
and `belajar` finds `pembelajaran`. The index holds, per stem, the list of pages that contain it
(an inverted index), not the pages' text: at 1,000 case studies it stays well under 1.5 MB.

Words (the same rules as `words()` in docs/assets/kks-cari/worker.js; a browser test checks that
both sides give the same words and stems for a word list):

1. apostrophes are removed, so `Dottoro’ta` is `dottorota`;
2. Unicode NFKD, combining marks removed (`é` -> `e`), lower case;
3. a word is a run of letters and digits: every other character separates words, so
   `(Longwis)`, `RT/RW`, `RDF/maggot`, `anak-anak` give `longwis`, `rt rw`, `rdf maggot`, `anak anak`.

Only on the index side (the browser searches for what it is given):

- citation markers such as `[1]` or `[2, 3]` and web addresses are removed first;
- a word mixing letters and digits also gives its parts, cut before each run of digits
  (`TPS3R` -> `tps3r tps 3r`), and a word ending in a letter followed by a word starting with a
  digit also gives the two joined (`TPS 3R` -> `tps 3r tps3r`): each spelling finds the other;
- common function words (STOP_WORDS) are left out; they travel in the index, so the browser
  drops the same ones from a query.

Layout (read by worker.js): the core, `config.kks` of search/search_index.json, which Material
loads with every page (http) or when the search box opens (file://), holds the page count, the
stop words and the first stem of each shard; `docs` beside it holds what results show (location,
title, text). The stems are cut, in sorted order, into shards search/kks/t-<hash>.js, loaded by
the worker only for the words typed. In a shard, `terms` is its stems joined by newlines;
`post[i]` lists the pages holding stem i, either as gaps in base-64 VLQ (5 data bits a character,
as in source maps) or, when shorter, as a bitset ("~" then 6 pages a character); `head` maps the
number of a stem to the pages whose title holds it (same encoding), for ranking.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import snowballstemmer

from ..core.citations import CITATION, drop_citations

FORMAT = 2
"""Bumped when the encoding changes; worker.js refuses an index of another format."""
SEARCH_INDEX = "search/search_index.json"
"""Material's search index file (relative to the site root): our index's core goes in it."""
SHARD_DIR = "search/kks"
"""The shards of the index (relative to the site root)."""
SHARD_CHARS = 48_000
"""About this many characters per shard: a query word costs one or two small requests."""

STOP_WORDS = (
    "ada", "adalah", "agar", "akan", "antara", "atas", "atau", "bagi", "bahkan", "bahwa", "belum",
    "bila", "bisa", "dalam", "dan", "dapat", "dari", "dengan", "di", "dia", "hanya", "harus",
    "hingga", "ia", "ini", "itu", "jika", "juga", "kah", "kami", "karena", "ke", "kemudian",
    "ketika", "kita", "lah", "lalu", "lebih", "maka", "masih", "melalui", "mereka", "namun",
    "oleh", "pada", "para", "pula", "pun", "saat", "sampai", "sangat", "sebagai", "sebelum",
    "secara", "sehingga", "sejak", "seperti", "serta", "setelah", "setiap", "sudah", "tanpa",
    "telah", "tentang", "terhadap", "tersebut", "tetapi", "tiap", "tidak", "untuk", "yaitu",
    "yakni", "yang",
)
"""Function words that occur in nearly every page: indexing them would cost size and find nothing."""

_APOSTROPHES = re.compile("['’‘ʼ`´]")
_WORD = re.compile(r"[^\W_]+")
_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\]\([^)\s]*\)")
_TAG = re.compile(r"<[^>]*>")
_BEFORE_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)")
_STOP = frozenset(STOP_WORDS)


@cache
def _marks() -> re.Pattern[str]:
    """Every combining mark (Unicode category Mn), as JavaScript's /\\p{Mn}/u."""
    ranges, start = [], None
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) == "Mn":
            if start is None:
                start = code
            end = code
        elif start is not None:
            ranges.append((start, end))
            start = None
    body = "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)
    return re.compile(f"[{body}]")


def normalise(text: str) -> str:
    """Apostrophes out, NFKD, combining marks out, lower case (steps 1-2 of the module docstring)."""
    text = _APOSTROPHES.sub("", text)
    if not text.isascii():
        text = _marks().sub("", unicodedata.normalize("NFKD", text))
    return text.lower()


def words(text: str) -> list[str]:
    """The words of `text` as the browser splits a query: `"RT/RW (Longwis)"` -> `["rt", "rw", "longwis"]`."""
    return _WORD.findall(normalise(text))


_stemmer = snowballstemmer.stemmer("indonesian")


@cache
def stem(word: str) -> str:
    """Snowball Indonesian stem of a lower-case word: `kebencanaan` -> `bencana`."""
    return _stemmer.stemWord(word)


without_citations = drop_citations
"""Text to show: citation markers removed with the space before them (`naik [1].` -> `naik.`)."""


def clean(text: str) -> str:
    """Text to index: citation markers, web addresses and HTML tags removed."""
    return CITATION.sub(" ", _TAG.sub(" ", _ADDRESS.sub(" ", text)))


def index_words(text: str) -> set[str]:
    """The words a page is found by (before stemming), with the spellings of letter-digit codes."""
    found = words(clean(text))
    out = set(found)
    for i, word in enumerate(found):
        if word[0].isdigit() and i and not found[i - 1][-1].isdigit():
            out.add(found[i - 1] + word)  # "TPS 3R" is also found as "tps3r"
        if not word.isdigit() and not word.isalpha():
            out.update(p for p in _BEFORE_DIGITS.split(word) if p)  # "tps3r" is also "tps", "3r"
    return out - _STOP


def index_terms(text: str) -> set[str]:
    """Stems of `index_words(text)`."""
    return {stem(w) for w in index_words(text)}


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def vlq(pages: array) -> str:
    """Sorted page numbers as gaps (first number, then difference - 1) in base-64 VLQ."""
    out, prev = [], -1
    for page in pages:
        value = page - prev - 1
        prev = page
        while True:
            digit, value = value & 31, value >> 5
            out.append(_B64[digit | (32 if value else 0)])
            if not value:
                break
    return "".join(out)


def bitset(pages: array) -> str:
    """Sorted page numbers as a bitset: "~", then 6 pages per base-64 character (bit i = page 6k+i)."""
    chars = [0] * (pages[-1] // 6 + 1 if pages else 0)
    for page in pages:
        chars[page // 6] |= 1 << (page % 6)
    return "~" + "".join(_B64[c] for c in chars)


def decode(code: str) -> list[int]:
    """Page numbers of an encoded list (`vlq` or `bitset`); worker.js has the same function."""
    if code.startswith("~"):
        return [6 * k + b for k, c in enumerate(code[1:]) for b in range(6) if _B64.index(c) >> b & 1]
    pages, prev, value, shift = [], -1, 0, 0
    for c in code:
        digit = _B64.index(c)
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        prev += value + 1
        pages.append(prev)
        value = shift = 0
    return pages


def pages_with(index: dict[str, Any], word: str) -> list[int]:
    """Pages of a merged index (`read_index`) holding the stem of `word` exactly."""
    terms = index["terms"].split("\n")
    target = stem(words(word)[0])
    return decode(index["post"][terms.index(target)]) if target in terms else []


def encode(pages: array) -> str:
    """The shorter of `vlq` and `bitset` (a bitset wins for stems in more than about 1 page in 6)."""
    gaps = vlq(pages)
    if len(pages) * 6 < (pages[-1] if pages else 0):  # sparse: a bitset cannot be shorter
        return gaps
    bits = bitset(pages)
    return bits if len(bits) < len(gaps) else gaps


@dataclass(frozen=True)
class Entry:
    """One search result: where it links, its title and text as shown (plain text, not HTML),
    and `body`, further text it is found by but that is not shown."""

    location: str
    title: str
    text: str
    body: str = ""


class IndexBuilder:
    """Collects pages in order (page number = order of `add`) and writes the index.

    `replaceable` (kks serve, which renders pages again after an edit): remember each page's
    terms, so that `put` can replace a page's entry and `truncate` forget the last pages; the
    index then built is the one a fresh builder given the same entries in the same order builds."""

    def __init__(self, replaceable: bool = False) -> None:
        self.docs: list[dict[str, str]] = []
        self._ids: dict[str, int] = {}
        self._post: list[array] = []
        self._head: dict[int, array] = {}
        self._replaceable = replaceable
        self._terms: list[str] = []
        self._pages: dict[str, int] = {}
        self._page_terms: list[tuple[array, array]] = []

    def _id(self, term: str) -> int:
        i = self._ids.get(term)
        if i is None:
            i = self._ids[term] = len(self._post)
            self._post.append(array("I"))
            self._terms.append(term)
        return i

    @staticmethod
    def _doc(entry: Entry) -> dict[str, str]:
        # Material's search shows title and text as HTML (innerHTML): escape them, as its own
        # search plugin does; worker.js escapes again whatever it builds around a match.
        return {"location": entry.location, "title": html.escape(entry.title, quote=False),
                "text": html.escape(entry.text, quote=False)}

    def add(self, entry: Entry) -> None:
        page = len(self.docs)
        self.docs.append(self._doc(entry))
        title = index_terms(entry.title)
        terms = [self._id(term) for term in title | index_terms(entry.text) | index_terms(entry.body)]
        for i in terms:
            self._post[i].append(page)
        heads = [self._ids[term] for term in title]
        for i in heads:
            self._head.setdefault(i, array("I")).append(page)
        if self._replaceable:
            self._pages[entry.location] = page
            self._page_terms.append((array("I", terms), array("I", heads)))

    def put(self, entry: Entry) -> None:
        """Add `entry`, or replace the entry of the page at its location (`replaceable` only)."""
        assert self._replaceable
        page = self._pages.get(entry.location)
        if page is None:
            self.add(entry)
            return
        self._forget(page)
        self.docs[page] = self._doc(entry)
        title = index_terms(entry.title)
        terms, heads = array("I"), array("I")
        for term in title | index_terms(entry.text) | index_terms(entry.body):
            i = self._id(term)
            insort(self._post[i], page)  # page lists stay sorted: they are delta-encoded
            terms.append(i)
        for term in title:
            i = self._ids[term]
            insort(self._head.setdefault(i, array("I")), page)
            heads.append(i)
        self._page_terms[page] = (terms, heads)

    def truncate(self, pages: int) -> None:
        """Forget every page from number `pages` on (`replaceable` only)."""
        assert self._replaceable
        for page in range(len(self.docs) - 1, pages - 1, -1):
            self._forget(page)
            self._page_terms.pop()
            if self._pages.get(self.docs[page]["location"]) == page:
                del self._pages[self.docs[page]["location"]]
            self.docs.pop()

    def _forget(self, page: int) -> None:
        """Take `page` out of every list of pages; a stem left without pages leaves the index."""
        terms, heads = self._page_terms[page]
        for i in terms:
            post = self._post[i]
            del post[bisect_left(post, page)]
            if not post:
                del self._ids[self._terms[i]]
        for i in heads:
            head = self._head[i]
            del head[bisect_left(head, page)]
            if not head:
                del self._head[i]

    def __len__(self) -> int:
        return len(self.docs)

    def build(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The index: its core (`config.kks` of search_index.json) and its shards, {file name:
        JSON text}. Stems are sorted and cut into shards of about SHARD_CHARS; the core lists
        the first stem of each shard, so a query loads only the shards its words can be in.
        A shard's name is a hash of its content: a browser never mixes shards of two builds."""
        shards: dict[str, str] = {}
        first: list[list[str]] = []
        terms: list[str] = []
        post: list[str] = []
        head: dict[str, str] = {}
        size = 0

        def flush() -> None:
            text = json.dumps({"terms": "\n".join(terms), "post": post, "head": head}, ensure_ascii=False,
                              separators=(",", ":"))
            name = f"t-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.js"
            shards[name] = text
            first.append([terms[0], name])

        for term in sorted(self._ids, key=_js_order):
            i = self._ids[term]
            code = encode(self._post[i])
            if i in self._head:
                head[str(len(terms))] = encode(self._head[i])
                size += len(head[str(len(terms))]) + 8
            terms.append(term)
            post.append(code)
            size += len(term) + len(code) + 4
            if size >= SHARD_CHARS:
                flush()
                terms, post, head, size = [], [], {}, 0
        if terms:
            flush()
        core = {"format": FORMAT, "pages": len(self.docs), "stop": list(STOP_WORDS), "shards": first}
        return core, shards


def _js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which worker.js searches by."""
    return term.encode("utf-16-be")


def shard_script(name: str, text: str) -> str:
    """A shard as the script the worker loads (importScripts works over http and file://)."""
    return f"kksShard({json.dumps(name)},{text});\n"


def merge(core: dict[str, Any], shards: dict[str, str]) -> dict[str, Any]:
    """Core and shards ({name: JSON text}) as one object: `terms` joined by newlines, `post`
    aligned, `head` keyed by term number; for checks outside the browser (`pages_with`)."""
    terms: list[str] = []
    post: list[str] = []
    head: dict[str, str] = {}
    for _, name in core["shards"]:
        payload = json.loads(shards[name])
        offset = len(terms)
        terms.extend(payload["terms"].split("\n"))
        post.extend(payload["post"])
        head.update({str(offset + int(k)): v for k, v in payload["head"].items()})
    return {**core, "terms": "\n".join(terms), "post": post, "head": head}


def read_index(site: Path) -> dict[str, Any]:
    """The built index of `site`, merged (`merge`)."""
    core = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))["config"]["kks"]
    shards = {}
    for _, name in core["shards"]:
        script = (site / SHARD_DIR / name).read_text(encoding="utf-8")
        shards[name] = script[script.index(",") + 1: script.rindex(")")]
    return merge(core, shards)
