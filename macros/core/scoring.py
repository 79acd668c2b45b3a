"""Scores of one assessment, computed only from data: per tatanan, and predicate eligibility.

A tatanan's score is the sum of its indicator scores divided by (number of indicators x 100),
as a percentage. An indicator without a score counts 0 and is listed as not filled. Three
scores are kept per tatanan: the effective one (per indicator the verified score where there
is one, else the self-assessment score; see `Score.effective`), the self-assessment one, and
the verified one (None when no indicator of the tatanan has a verified score yet).

Predicate eligibility uses the rules of the edition (`Edition.floor`, `Edition.predicates`):
the minimum score on every tatanan is checked from the scores, the Wistara streak from the
region's history; ODF and other conditions cannot be derived from an assessment and are
listed as not checked. The institutional group (KL) is scored but does not count toward the
floor or a predicate: the rules speak of "setiap tatanan", and KL is not one of the nine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .records import PREDICATE_LABELS, Assessment, Edition, HistoryEntry, Indicator, Predicate, Score, Tatanan

STREAK_PREDICATES = ("wistara", "wistara-paripurna")
"""History entries that count toward a Wistara streak."""


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    self_score: int | None
    verified: int | None
    evidence: str | None = None
    note: str | None = None

    @property
    def effective(self) -> int | None:
        return self.verified if self.verified is not None else self.self_score


@dataclass(frozen=True)
class GroupScore:
    """One tatanan (or KL): its three scores and the indicators not filled."""

    tatanan: Tatanan
    items: tuple[IndicatorScore, ...]
    score: float
    self_score: float
    verified: float | None
    unfilled: tuple[str, ...]
    meets_floor: bool | None
    """None for the institutional group, which the floor does not apply to."""

    @property
    def code(self) -> str:
        return self.tatanan.code


@dataclass(frozen=True)
class PredicateCheck:
    predicate: Predicate
    eligible: bool
    """All conditions that can be computed are met (see `unchecked` for the rest)."""
    reasons: tuple[str, ...]
    unchecked: tuple[str, ...]


@dataclass(frozen=True)
class ScoreSheet:
    assessment: Assessment
    edition: Edition
    groups: tuple[GroupScore, ...]
    predicates: tuple[PredicateCheck, ...]

    @property
    def tatanan(self) -> tuple[GroupScore, ...]:
        """The nine tatanan only (what the floor and predicates apply to)."""
        return tuple(g for g in self.groups if not g.tatanan.is_institutional)

    @property
    def meets_floor(self) -> bool:
        return all(g.meets_floor for g in self.tatanan)

    @property
    def best_predicate(self) -> Predicate | None:
        """The highest predicate whose computable conditions are all met."""
        met = [c.predicate for c in self.predicates if c.eligible]
        return met[-1] if met else None


def percentage(values: list[int | None], count: int) -> float:
    """Sum / (count x 100) x 100, None counting 0."""
    if count == 0:
        return 0.0
    return sum(v or 0 for v in values) / count


def group_score(group: Tatanan, scores: Mapping[str, Score], floor: float | None) -> GroupScore:
    items = tuple(IndicatorScore(i, scores[i.code].self_score, scores[i.code].verified,
                                 scores[i.code].evidence, scores[i.code].note)
                  if i.code in scores else IndicatorScore(i, None, None)
                  for i in group.indicators)
    n = len(items)
    effective = percentage([x.effective for x in items], n)
    verified = [x.verified for x in items]
    return GroupScore(
        group, items, effective, percentage([x.self_score for x in items], n),
        percentage(verified, n) if any(v is not None for v in verified) else None,
        tuple(x.indicator.code for x in items if x.effective is None),
        None if group.is_institutional or floor is None else meets(effective, floor))


def meets(score: float, minimum: float) -> bool:
    """score >= minimum, robust to float noise in sums such as 72.41 (scores are sums / n)."""
    return score >= minimum - 1e-9


def wistara_streak(history: tuple[HistoryEntry, ...], before: int) -> int:
    """Consecutive Wistara (or higher) results in the entries before the year `before`."""
    streak = 0
    for entry in sorted((h for h in history if h.year < before), key=lambda h: -h.year):
        if entry.predicate not in STREAK_PREDICATES:
            break
        streak += 1
    return streak


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def check_predicate(predicate: Predicate, groups: tuple[GroupScore, ...], history: tuple[HistoryEntry, ...],
                    round_year: int, floor: float = 0) -> PredicateCheck:
    """Whether the scores (and history) meet one predicate; the edition's floor applies to every predicate."""
    reasons: list[str] = []
    unchecked: list[str] = []
    minimum = max(predicate.min_score, floor)
    below = [g for g in groups if not g.tatanan.is_institutional and not meets(g.score, minimum)]
    if below:
        shown = ", ".join(f"{g.code} ({_fmt(g.score)})" for g in below)
        reasons.append(f"belum memenuhi: nilai minimum {_fmt(minimum)} pada setiap tatanan; "
                       f"di bawahnya: {shown}")
    else:
        reasons.append(f"memenuhi: semua tatanan bernilai paling sedikit {_fmt(minimum)}")
    ok = not below
    if predicate.wistara_streak:
        streak = wistara_streak(history, round_year)
        need = predicate.wistara_streak
        if streak >= need:
            reasons.append(f"memenuhi: {streak} kali Wistara berturut-turut sebelum {round_year} "
                           f"(perlu {need})")
        else:
            ok = False
            reasons.append(f"belum memenuhi: baru {streak} kali Wistara berturut-turut sebelum "
                           f"{round_year} menurut riwayat daerah (perlu {need})")
    if predicate.odf_min is not None:
        unchecked.append(f"desa/kelurahan ODF paling sedikit {_fmt(predicate.odf_min)}% "
                         "(tidak tercatat dalam penilaian)")
    if predicate.other:
        unchecked.append(" ".join(predicate.other.split()))
    return PredicateCheck(predicate, ok, tuple(reasons), tuple(unchecked))


def score_assessment(assessment: Assessment, edition: Edition,
                     history: tuple[HistoryEntry, ...] = ()) -> ScoreSheet:
    """Every group's scores and every predicate's check; pure, from data only.

    `history` is the region's KKS history (for the Wistara streak); without it a streak
    requirement is reported as not met.
    """
    scores = {s.indicator: s for s in assessment.scores}
    groups = tuple(group_score(g, scores, edition.floor) for g in edition.groups)
    checks = tuple(check_predicate(p, groups, history, assessment.round, edition.floor)
                   for p in sorted(edition.predicates, key=lambda p: (p.min_score, p.wistara_streak)))
    return ScoreSheet(assessment, edition, groups, checks)


def predicate_label(code: str) -> str:
    return PREDICATE_LABELS.get(code, code)
