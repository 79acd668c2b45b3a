"""Claim-level sources in case-study text: `[n]` cites item n (1-based) of the record's `sumber`.

Rules (issue "The knowledge", claim-level sources): every cited number resolves, and every
sentence of narrative text that mentions a year (a dated event) carries a citation. A sentence
whose citation follows its full stop ("… pada 2024.[2]") counts as cited.
"""

from __future__ import annotations

import re

CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\](?!\()")
"""`[1]`, `[1, 3]`, `[1; 3]` or `[2–4]`; not a Markdown link (`[2](url)`)."""
_SPACED_CITATION = re.compile(r"\s*" + CITATION.pattern)
_YEAR = re.compile(r"(?<![\d.,/])(?:19[5-9]\d|20\d\d)(?![\d.,]\d)")
_YEAR_DIGITS = re.compile(r"(?:19[5-9]|20\d)\d")  # the same digits without the look-arounds: 4x faster
_ABBREVIATIONS = ("No", "Kab", "Kec", "Kel", "Prov", "dr", "Dr", "Ir", "Hj", "H", "Jl", "St", "Tbk", "drg",
                  "Prof", "Ds", "Ny", "Sdr", "Bpk", "tgl", "hlm", "Rp", "dkk", "vs", "a.n", "u.p", "S.K.M")
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")


def cited_numbers(text: str | None) -> list[int]:
    """Every number cited in `text`, in order of appearance (repeats kept)."""
    if not text:
        return []
    out: list[int] = []
    for m in CITATION.finditer(text):
        out += numbers_of(m.group(1))
    return out


def numbers_of(inside: str) -> list[int]:
    """'1, 3' -> [1, 3]; '2–4' -> [2, 3, 4] (the text between the brackets of a citation)."""
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", inside.strip()):
        first, _, last = re.sub(r"\s", "", part).replace("–", "-").partition("-")
        out += list(range(int(first), int(last) + 1)) if last else [int(first)]
    return out


def drop_citations(text: str) -> str:
    """Text shown away from its numbered sources: markers removed with the space before them
    (`naik [1].` -> `naik.`)."""
    return _SPACED_CITATION.sub("", text)


def sentences(text: str) -> list[str]:
    """Sentences, paragraphs and list items of Markdown text, roughly: enough to pair a dated
    claim with its citation. A piece that starts with a citation belongs to the one before."""
    pieces: list[str] = []
    for raw in _SPLIT.split(text):
        piece = raw.strip()
        if not piece:
            continue
        glue = pieces and (CITATION.match(piece) or pieces[-1].rsplit(" ", 1)[-1].rstrip(".") in _ABBREVIATIONS)
        if glue:
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def uncited_dated(text: str | None) -> list[str]:
    """Sentences of `text` that mention a year but cite no source (shortened for messages)."""
    if not text or not _YEAR_DIGITS.search(text):  # most text names no year: skip the sentence split
        return []
    out = []
    for piece in sentences(text):
        if _YEAR.search(piece) and not cited_numbers(piece):
            short = " ".join(piece.split())
            out.append(short if len(short) <= 70 else short[:69].rsplit(" ", 1)[0] + "…")
    return out
