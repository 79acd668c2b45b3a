"""Where verification cuts: self-assessment against verified scores, and the likely cuts ahead.

What the one real verified form we have shows (Kabupaten Sumenep, 2024 form, self-assessment
and provincial verification; read with `kks import-assessment`): tatanan 9 fell from 78.57 to
33.93; the verifier's note (CATATAN TIM PEMBINA PROVINSI) says why, e.g. "Bukti dukung tidak
sesuai" or "Tidak ada bukti pendukung". Both indicators claimed there without any evidence
link were verified 0.

For every indicator this module gives self vs verified, the drop, and the verifier's note. For
an indicator without a verified score it predicts the *score after likely cuts* with one plain
rule (`CUT_RULE`):

1. a verified score exists: it is the score (nothing to predict);
2. a self score above 0 with no evidence at all (no link, no text): counted 0 — a verifier
   scores only what the evidence shows (petunjuk teknis 2025, Lampiran 7: documents are checked
   against the evidence asked for; Sumenep 2024: both such claims verified 0);
3. otherwise the self score stands, but it is flagged *at risk* when the evidence listed has
   fewer items (links or lines) than the kinds of evidence the guidance says the verifier
   accepts for the indicator; the flag names that evidence.

Rule 3 is a flag, not a cut: a link can be a folder holding every document, so counting links
cannot prove a claim too high. Measured on Sumenep 2024 (84 indicators with both scores): the
rule gives the verified score exactly for 55, and 7,850 points against 5,600 verified (8,050
self-assessed): most cuts there were for evidence that did not fit, which no rule on the record
can see. So the score after likely cuts is an upper bound, and the page says so. The tatanan
score after likely cuts is the usual sum / (n x 100) with rule 1-2 scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Indicator
from .scoring import GroupScore, ScoreSheet, percentage

CUT_RULE = ("Nilai setelah potongan yang mungkin: nilai verifikasi bila indikator sudah diverifikasi; "
            "nilai mandiri di atas 0 yang tidak disertai bukti dukung sama sekali dihitung 0 (verifikator hanya "
            "menilai yang ada buktinya); nilai mandiri lain tetap, tetapi ditandai berisiko bila bukti yang "
            "dicantumkan lebih sedikit dari jenis bukti yang diterima menurut panduan indikator itu. Angka ini batas "
            "atas: pada formulir Sumenep 2024 sebagian besar potongan terjadi karena bukti tidak sesuai, yang tidak "
            "bisa diperiksa otomatis.")
"""The rule, as the gap page and `kks gap` state it."""

@dataclass(frozen=True)
class IndicatorCheck:
    """One indicator: self vs verified, the likely score, and why."""

    indicator: Indicator
    self_score: int | None
    verified: int | None
    likely: int
    """Score after likely cuts (unscored counts 0)."""
    status: str
    """'dipotong' (verified below self), 'naik' (verified above self), 'sama' (verified = self),
    'tanpa-bukti' (rule 2), 'berisiko' (rule 3), 'aman' (self score, nothing flagged),
    'kosong' (no score)."""
    note: str | None
    """The verifier's note (or the team's note) recorded with the score."""
    evidence_count: int
    evidence_asked: tuple[str, ...]
    """Evidence the verifier accepts (guidance); the ladder's evidence list when there is no guidance."""

    @property
    def drop(self) -> int | None:
        """Self minus verified (positive when verification cut), None without both scores."""
        if self.self_score is None or self.verified is None:
            return None
        return self.self_score - self.verified

    @property
    def shown(self) -> bool:
        """Worth a row on the page: a difference, a risk, or a verifier's note on a verified score."""
        return self.status in ("dipotong", "naik", "tanpa-bukti", "berisiko") or (
            self.verified is not None and bool(self.note))


@dataclass(frozen=True)
class GroupCheck:
    group: GroupScore
    items: tuple[IndicatorCheck, ...]
    likely: float
    """The tatanan score after likely cuts."""

    @property
    def code(self) -> str:
        return self.group.code


@dataclass(frozen=True)
class VerificationView:
    groups: tuple[GroupCheck, ...]
    verified_count: int
    """Indicators with a verified score."""

    @property
    def has_verified(self) -> bool:
        return self.verified_count > 0

    def to_json(self) -> dict:
        def item(c: IndicatorCheck) -> dict:
            return {"indikator": c.indicator.code, "nama": c.indicator.name, "mandiri": c.self_score,
                    "verifikasi": c.verified, "selisih": c.drop, "setelah_potongan": c.likely,
                    "status": c.status, "catatan": c.note, "jumlah_bukti": c.evidence_count,
                    "bukti_diminta": list(c.evidence_asked) if c.status in ("tanpa-bukti", "berisiko") else []}

        return {
            "aturan": CUT_RULE,
            "jumlah_terverifikasi": self.verified_count,
            "tatanan": [{"kode": g.code, "nilai_mandiri": round(g.group.self_score, 2),
                         "nilai_verifikasi": None if g.group.verified is None else round(g.group.verified, 2),
                         "nilai_setelah_potongan": round(g.likely, 2),
                         "dipotong": sum(c.status == "dipotong" for c in g.items),
                         "tanpa_bukti": sum(c.status == "tanpa-bukti" for c in g.items),
                         "berisiko": sum(c.status == "berisiko" for c in g.items)} for g in self.groups],
            "indikator": [item(c) for g in self.groups for c in g.items if c.shown],
        }


def evidence_items(text: str | None) -> int:
    """How many pieces of evidence a `bukti` text lists: each link, and each other line or `;` part."""
    if not text or not text.strip():
        return 0
    links = re.findall(r"https?://\S+", text)
    rest = re.sub(r"https?://\S+", "\n", text)
    return len(links) + sum(1 for part in re.split(r"[\n;]+", rest) if part.strip(" ,.-"))


def evidence_asked(indicator: Indicator) -> tuple[str, ...]:
    if indicator.guidance is not None:
        return indicator.guidance.evidence
    return indicator.evidence


def check_indicator(indicator: Indicator, self_score: int | None, verified: int | None, evidence: str | None,
                    note: str | None) -> IndicatorCheck:
    """One indicator under `CUT_RULE`."""
    count = evidence_items(evidence)
    asked = evidence_asked(indicator)
    if verified is not None:
        status = "sama" if self_score is None or verified == self_score else (
            "dipotong" if verified < self_score else "naik")
        return IndicatorCheck(indicator, self_score, verified, verified, status, note, count, asked)
    if self_score is None:
        return IndicatorCheck(indicator, None, None, 0, "kosong", note, count, asked)
    if self_score > 0 and count == 0:
        return IndicatorCheck(indicator, self_score, None, 0, "tanpa-bukti", note, count, asked)
    status = "berisiko" if self_score > 0 and count < len(asked) else "aman"
    return IndicatorCheck(indicator, self_score, None, self_score, status, note, count, asked)


def check_sheet(sheet: ScoreSheet) -> VerificationView:
    """Every group of a score sheet under `CUT_RULE` (the institutional group too, shown apart)."""
    groups = []
    for g in sheet.groups:
        items = tuple(check_indicator(x.indicator, x.self_score, x.verified, x.evidence, x.note) for x in g.items)
        groups.append(GroupCheck(g, items, percentage([c.likely for c in items], len(items))))
    return VerificationView(tuple(groups), sum(x.verified is not None for g in sheet.groups for x in g.items))
