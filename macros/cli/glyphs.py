"""Which characters of a printed document the installed fonts cannot draw.

Chromium draws each character with the first installed font that has it (fontconfig fallback),
so a character no installed font covers prints as an empty box: typically emoji and scripts such
as Lontara (Buginese) on a server with only DejaVu. `kks dossier` reports them instead of
printing boxes silently. Coverage comes from `fc-list` (fontconfig, which Chromium needs anyway).
"""

from __future__ import annotations

import bisect
import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass

import nh3

_SKIP_CATEGORIES = ("Cc", "Cf", "Zs", "Zl", "Zp")
"""Controls, format characters (joiners, variation selectors) and spaces need no glyph."""
CONTEXT = 30
"""Characters of text shown on each side of a missing character."""

FONT_HINTS = (
    ((0x1A00, 0x1A1F), "fonts-noto-core (Noto Sans Buginese, aksara Lontara)"),
    ((0x1F000, 0x1FAFF), "fonts-noto-color-emoji (emoji)"),
    ((0x2600, 0x27BF), "fonts-noto-color-emoji atau fonts-symbola (simbol)"),
)
"""Debian packages that draw common missing ranges, named in the report."""


@dataclass(frozen=True)
class Missing:
    char: str
    count: int
    context: str
    """Text around the first occurrence."""

    @property
    def label(self) -> str:
        name = unicodedata.name(self.char, "tanpa nama")
        return f"U+{ord(self.char):04X} {self.char} ({name})"

    @property
    def hint(self) -> str | None:
        code = ord(self.char)
        return next((pkg for (lo, hi), pkg in FONT_HINTS if lo <= code <= hi), None)


def installed_coverage() -> list[tuple[int, int]] | None:
    """Sorted, merged code point ranges drawn by some installed font; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for token in out.split():
        lo, _, hi = token.partition("-")
        try:
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        except ValueError:
            continue
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _covered(code: int, ranges: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(ranges, (code, 0x10FFFF + 1)) - 1
    return i >= 0 and ranges[i][0] <= code <= ranges[i][1]


def document_text(page: str) -> str:
    """The visible text of an HTML document (no tags, styles or scripts), entities decoded."""
    return html.unescape(nh3.clean(page, tags=set()))


def missing_characters(text: str, ranges: list[tuple[int, int]]) -> list[Missing]:
    """Characters of `text` outside `ranges`, in order of first appearance, with their context."""
    found: dict[str, list[int]] = {}
    for i, ch in enumerate(text):
        if ch in found:
            found[ch].append(i)
        elif not ch.isascii() and unicodedata.category(ch) not in _SKIP_CATEGORIES and not _covered(ord(ch), ranges):
            found[ch] = [i]
    out = []
    for ch, places in found.items():
        at = places[0]
        context = re.sub(r"\s+", " ", text[max(0, at - CONTEXT): at + CONTEXT + 1]).strip()
        out.append(Missing(ch, len(places), context))
    return out
