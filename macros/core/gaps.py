"""Gap analysis for a studi tiru: what a home region must improve, and whom to learn it from.

The plan (`rencana`)
--------------------
First, every tatanan below the floor (`Edition.floor`, 70) is lifted to the floor; then, on the
scores that result, every tatanan below the next predicate's minimum (the lowest predicate whose
minimum score some tatanan still misses) is lifted to that minimum. The institutional group (KL)
is not part of the plan (see `scoring`).

For one tatanan with n indicators, current scores s_i (an unscored indicator counts 0) and
target T, the tatanan reaches T when sum(s_i) + sum(gains) >= T x n. An improvement moves one
indicator to a higher rung of its own ladder. The plan is the *smallest* set of improvements,
compared lexicographically by

1. the number of indicators changed (fewest first);
2. the number of ladder steps climbed, summed over the changed indicators (fewest first);
3. the preference for documented practice, summed over the changes (highest first): 2 when a
   case study of another region documents a practice for the indicator, plus 1 when a
   reference region's known score on the indicator (`compare.known_scores`) is at least the
   target rung;
4. among plans still equal, the first one found going through the indicators in instrument
   order, so the result is deterministic.

Why the count is easy: an indicator's largest possible gain is g_i = max(ladder_i) - s_i, and
any k changes gain at most the sum of the k largest g_i. So the fewest changes is the smallest
k for which the k largest g_i reach the deficit, which is exactly what a greedy on the largest
available gain finds (`fewest_changes`); with every ladder topping at 100 that is "jump the
lowest indicators straight to 100". The greedy alone does not settle criteria 2-3 (another
k-set, or lower rungs, may climb fewer steps), so `smallest_lift` solves the whole order
exactly by dynamic programming over the indicators (each used at most once), keeping for each
total gain, capped at the deficit, the best (count, steps, -preference) reached so far. Two
partial plans with the same capped gain have the same possible completions, and a
lexicographic order on sums is compatible with addition, so keeping only the best one is exact.
Gains are divided by their greatest common divisor (25 in practice): a tatanan of 29 indicators
(33 in the 2024 form) needs at most 33 x 133 states x 4 rungs, which is instant. The tests check
the count against the greedy and the whole result against brute force.

Host regions (`tuan_rumah`) are ranked by how many of the plan's indicators they document a
practice for; every list in the report is bounded.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

from .catalog import Catalog
from .compare import known_scores, practice_rank
from .records import Assessment, Edition, Indicator, Practice, Region
from .scoring import ScoreSheet, meets, percentage, score_assessment

STEP_MAX_PRACTICES = 5
"""Case studies named per plan step."""
STEP_MAX_REGIONS = 5
"""Regions to learn from named per plan step."""
HOST_MAX = 10
"""Host regions ranked in a report."""
HOST_MAX_PRACTICES = 10
"""Case studies named per host region."""


Preference = Callable[[Indicator, int], int]


class GapError(ValueError):
    """No gap report can be made (unknown region, no assessment); the message is Indonesian."""


# ---------------------------------------------------------------------------------------------
# The lift of one tatanan


def deficit(scores: Sequence[int], target: float) -> int:
    """Points still missing for the average of `scores` to reach `target` (0 when reached)."""
    need = target * len(scores) - sum(scores)
    return max(0, math.ceil(round(need, 9)))


def fewest_changes(current: Sequence[tuple[Indicator, int]], target: float) -> int | None:
    """The greedy count: jump the indicators with the largest possible gain until the target is met."""
    need = deficit([s for _, s in current], target)
    gains = sorted((max(i.scores) - s for i, s in current if max(i.scores) > s), reverse=True)
    total, count = 0, 0
    for gain in gains:
        if total >= need:
            break
        total, count = total + gain, count + 1
    return count if total >= need else None


def steps_between(indicator: Indicator, low: int, high: int) -> int:
    """Ladder rungs climbed from `low` to `high` (rungs r with low < r <= high)."""
    return sum(1 for r in indicator.scores if low < r <= high)


def smallest_lift(current: Sequence[tuple[Indicator, int]], target: float,
                  preference: Preference | None = None) -> tuple[tuple[Indicator, int], ...] | None:
    """The smallest set of (indicator, new score) lifting the average to `target`; None if unreachable.

    See the module docstring for the order that defines "smallest".
    """
    need = deficit([s for _, s in current], target)
    if need == 0:
        return ()
    prefer = preference or (lambda _i, _t: 0)
    options = [[(t - s, steps_between(ind, s, t), prefer(ind, t), t) for t in ind.scores if t > s]
               for ind, s in current]
    gains = [gain for opts in options for gain, *_ in opts]
    if sum(max((o[0] for o in opts), default=0) for opts in options) < need:
        return None
    unit = reduce(math.gcd, gains)
    goal = -(-need // unit)
    # best[g] = (count, steps, -preference, choices) for capped gain g in units
    best: dict[int, tuple[int, int, int, tuple[tuple[int, int], ...]]] = {0: (0, 0, 0, ())}
    for k, opts in enumerate(options):
        merged = dict(best)
        for g, (count, steps, negpref, chosen) in best.items():
            for gain, climb, pref, to in opts:
                key = min(goal, g + gain // unit)
                cand = (count + 1, steps + climb, negpref - pref, (*chosen, (k, to)))
                if key not in merged or cand[:3] < merged[key][:3]:
                    merged[key] = cand
        best = merged
    return tuple((current[k][0], to) for k, to in best[goal][3])


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Step:
    """Raise one indicator from one score to another, to reach a goal in its tatanan."""

    tatanan: str
    indicator: Indicator
    from_score: int
    to_score: int
    goal: str
    """'minimum' (the floor) or a predicate code."""
    goal_score: float
    practices: tuple[Practice, ...]
    regions: tuple[str, ...]

    @property
    def ladder_steps(self) -> int:
        return steps_between(self.indicator, self.from_score, self.to_score)

    @property
    def condition(self) -> str:
        """What the indicator's ladder requires for the new score."""
        return next(lv.condition for lv in self.indicator.ladder if lv.score == self.to_score)


@dataclass(frozen=True)
class Host:
    region: Region
    gaps: int
    practices: tuple[Practice, ...]


@dataclass(frozen=True)
class GapReport:
    region: Region
    assessment: Assessment
    edition: Edition
    sheet: ScoreSheet
    plan: tuple[Step, ...]
    unreachable: tuple[tuple[str, str], ...]
    """(tatanan, goal) that no set of improvements can reach (a ladder topping below the target)."""
    hosts: tuple[Host, ...]
    after: dict[str, float]
    """Each tatanan's score once the whole plan is applied."""

    def to_json(self) -> dict:
        """Plain data in Indonesian keys, scores rounded to 2 decimals."""
        return {
            "daerah": self.region.id,
            "nama_daerah": self.region.name,
            "contoh": self.region.example or self.assessment.example,
            "edisi": self.edition.year,
            "putaran": self.assessment.round,
            "penilaian": self.assessment.id,
            "nilai_minimum": self.edition.floor,
            "tatanan": [{
                "kode": g.code,
                "nama": g.tatanan.name,
                "kelembagaan": g.tatanan.is_institutional,
                "nilai": round(g.score, 2),
                "memenuhi_minimum": g.meets_floor,
                "nilai_mandiri": round(g.self_score, 2),
                "nilai_verifikasi": None if g.verified is None else round(g.verified, 2),
                "jumlah_indikator": len(g.items),
                "jumlah_terverifikasi": sum(x.verified is not None for x in g.items),
                "belum_diisi": list(g.unfilled),
                "nilai_setelah_rencana": round(self.after.get(g.code, g.score), 2),
            } for g in self.sheet.groups],
            "predikat": [{
                "kode": c.predicate.code,
                "nama": c.predicate.name,
                "memenuhi": c.eligible,
                "alasan": list(c.reasons),
                "belum_diperiksa": list(c.unchecked),
            } for c in self.sheet.predicates],
            "predikat_tercapai": p.code if (p := self.sheet.best_predicate) else None,
            "rencana": [{
                "tatanan": s.tatanan,
                "indikator": s.indicator.code,
                "nama": s.indicator.name,
                "dari": s.from_score,
                "ke": s.to_score,
                "langkah_tangga": s.ladder_steps,
                "syarat": s.condition,
                "tujuan": s.goal,
                "nilai_tujuan": s.goal_score,
                "praktik": [p.id for p in s.practices],
                "daerah": list(s.regions),
            } for s in self.plan],
            "tidak_tercapai": [{"tatanan": t, "tujuan": goal} for t, goal in self.unreachable],
            "tuan_rumah": [{
                "daerah": h.region.id,
                "nama": h.region.name,
                "jumlah_kesenjangan": h.gaps,
                "praktik": [p.id for p in h.practices],
            } for h in self.hosts],
        }


def practices_for(catalog: Catalog, edition: int, home: str) -> dict[str, list[Practice]]:
    """Practices of other regions per indicator code of `edition`, best documented first."""
    out: dict[str, list[Practice]] = {}
    for p in catalog.sorted_practices:
        if p.edition == edition and p.region != home:
            for code in p.indicators:
                out.setdefault(code, []).append(p)
    return {code: sorted(ps, key=practice_rank) for code, ps in out.items()}


def reference_scores(catalog: Catalog, edition: int, home: str) -> dict[str, dict[str, int]]:
    """Known scores of reference regions (never the home region itself)."""
    return {r: s for r, s in known_scores(catalog, edition).items()
            if r != home and (r not in catalog.regions or not catalog.regions[r].is_home)}


def _preference(practices: dict[str, list[Practice]], scores: dict[str, dict[str, int]]) -> Preference:
    def prefer(indicator: Indicator, to: int) -> int:
        documented = 2 if practices.get(indicator.code) else 0
        high = any(s.get(indicator.code, -1) >= to for s in scores.values())
        return documented + int(high)
    return prefer


def _learn_from(code: str, to: int, practices: dict[str, list[Practice]],
                scores: dict[str, dict[str, int]]) -> tuple[str, ...]:
    """Regions with a documented practice first, then regions scoring at least `to`."""
    with_practice = list(dict.fromkeys(p.region for p in practices.get(code, [])))
    high = sorted((r for r, s in scores.items() if s.get(code, -1) >= to), key=lambda r: (-scores[r][code], r))
    both = [r for r in with_practice if r in high]
    ordered = dict.fromkeys([*both, *with_practice, *high])
    return tuple(ordered)[:STEP_MAX_REGIONS]


def _lift_all(sheet: ScoreSheet, current: dict[str, int], target: float, goal: str,
              practices: dict[str, list[Practice]], scores: dict[str, dict[str, int]],
              ) -> tuple[list[Step], list[tuple[str, str]]]:
    """Steps lifting every tatanan below `target`; `current` is updated with the new scores."""
    steps: list[Step] = []
    unreachable: list[tuple[str, str]] = []
    prefer = _preference(practices, scores)
    for group in sheet.tatanan:
        items = [(x.indicator, current[x.indicator.code]) for x in group.items]
        if meets(percentage([s for _, s in items], len(items)), target):
            continue
        lift = smallest_lift(items, target, prefer)
        if lift is None:
            unreachable.append((group.code, goal))
            continue
        for indicator, to in lift:
            steps.append(Step(group.code, indicator, current[indicator.code], to, goal, target,
                              tuple(practices.get(indicator.code, [])[:STEP_MAX_PRACTICES]),
                              _learn_from(indicator.code, to, practices, scores)))
            current[indicator.code] = to
    return steps, unreachable


def make_plan(sheet: ScoreSheet, practices: dict[str, list[Practice]] | None = None,
              scores: dict[str, dict[str, int]] | None = None,
              ) -> tuple[tuple[Step, ...], tuple[tuple[str, str], ...], dict[str, int]]:
    """(steps, unreachable goals, indicator scores after the plan): floor first, then the next predicate."""
    practices = practices or {}
    scores = scores or {}
    current = {x.indicator.code: x.effective or 0 for g in sheet.tatanan for x in g.items}
    steps, unreachable = _lift_all(sheet, current, sheet.edition.floor, "minimum", practices, scores)
    for predicate in sorted(sheet.edition.predicates, key=lambda p: (p.min_score, p.wistara_streak)):
        target = max(predicate.min_score, sheet.edition.floor)
        below = any(not meets(percentage([current[x.indicator.code] for x in g.items], len(g.items)), target)
                    for g in sheet.tatanan)
        if below:
            more, missed = _lift_all(sheet, current, target, predicate.code, practices, scores)
            steps += more
            unreachable += missed
            break
    return tuple(steps), tuple(unreachable), current


def scores_after(sheet: ScoreSheet, current: dict[str, int]) -> dict[str, float]:
    """Each tatanan's score with the indicator scores in `current`."""
    return {g.code: percentage([current.get(x.indicator.code, x.effective or 0) for x in g.items], len(g.items))
            for g in sheet.tatanan}


def rank_hosts(catalog: Catalog, plan: Sequence[Step], practices: dict[str, list[Practice]]) -> tuple[Host, ...]:
    """Regions by how many of the plan's indicators they document a practice for (most first)."""
    covered: dict[str, dict[str, list[Practice]]] = {}
    for code in dict.fromkeys(s.indicator.code for s in plan):
        for p in practices.get(code, []):
            covered.setdefault(p.region, {}).setdefault(code, []).append(p)
    hosts = []
    for region_id, by_code in covered.items():
        region = catalog.regions.get(region_id)
        if region is None:
            continue
        named = list(dict.fromkeys(p for ps in by_code.values() for p in ps))
        hosts.append(Host(region, len(by_code), tuple(named[:HOST_MAX_PRACTICES])))
    hosts.sort(key=lambda h: (-h.gaps, h.region.name.casefold(), h.region.id))
    return tuple(hosts[:HOST_MAX])


def latest_assessment(catalog: Catalog, region_id: str, edition: int | None = None) -> Assessment:
    """The region's assessment of `edition` (newest edition it has when None) with the latest round."""
    if region_id not in catalog.regions:
        raise GapError(f"daerah '{region_id}' tidak ada di katalog data")
    mine = [a for a in catalog.assessments.values() if a.region == region_id]
    if edition is not None:
        mine = [a for a in mine if a.edition == edition]
    if not mine:
        which = f" edisi {edition}" if edition is not None else ""
        raise GapError(f"belum ada penilaian{which} untuk daerah '{region_id}'; impor dulu dengan "
                       "'kks import-assessment'")
    return max(mine, key=lambda a: (a.edition, a.round, a.id))


def gap_report(catalog: Catalog, region_id: str, edition: int | None = None) -> GapReport:
    """Scores, predicate checks, plan and host regions for a home region's latest assessment."""
    assessment = latest_assessment(catalog, region_id, edition)
    framework = catalog.editions.get(assessment.edition)
    if framework is None:
        raise GapError(f"edisi {assessment.edition} tidak ada di data/kerangka/")
    region = catalog.regions[region_id]
    sheet = score_assessment(assessment, framework, region.history)
    practices = practices_for(catalog, framework.year, region_id)
    scores = reference_scores(catalog, framework.year, region_id)
    plan, unreachable, current = make_plan(sheet, practices, scores)
    return GapReport(region, assessment, framework, sheet, plan, unreachable,
                     rank_hosts(catalog, plan, practices), scores_after(sheet, current))
