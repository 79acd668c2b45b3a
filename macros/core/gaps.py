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

0. the number of changes that cannot be done before the verification deadline (fewest first;
   `leadtime`: each indicator's kind has a typical lead time). A plan that reaches the target
   in time is preferred to a shorter one that does not; when every change fits (or no deadline
   is known) this criterion is 0 for every plan and the order is exactly 1-4;
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
total gain, capped at the deficit, the best (late, count, steps, -preference) reached so far. Two
partial plans with the same capped gain have the same possible completions, and a
lexicographic order on sums is compatible with addition, so keeping only the best one is exact.
Gains are divided by their greatest common divisor (25 in practice): a tatanan of 29 indicators
(33 in the 2024 form) needs at most 33 x 133 states x 4 rungs, which is instant. The tests check
the count against the greedy and the whole result against brute force.

Host regions (`tuan_rumah`) come from the whole country and are ranked in `hosts` (practices for
the plan's indicators, predicate, distance, similarity); the verification view (`verification`)
puts self-assessment beside verified scores and the score after likely cuts. Every list in the
report is bounded.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce

from .catalog import Catalog
from .compare import known_scores, practice_rank
from .hosts import Host, HostFilter, HostFilterError, islands, rank_hosts
from .leadtime import LeadTime, Timing, TimingError, lead_time, timing
from .records import Assessment, Edition, Indicator, Practice, Region
from .scoring import ScoreSheet, meets, percentage, score_assessment
from .verification import VerificationView, check_sheet

STEP_MAX_PRACTICES = 5
"""Case studies named per plan step."""
STEP_MAX_REGIONS = 5
"""Regions to learn from named per plan step."""


Preference = Callable[[Indicator, int], int]
Late = Callable[[Indicator, int], bool]
"""Whether raising an indicator to a score cannot be done before the deadline."""


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
                  preference: Preference | None = None, late: Late | None = None,
                  ) -> tuple[tuple[Indicator, int], ...] | None:
    """The smallest set of (indicator, new score) lifting the average to `target`; None if unreachable.

    See the module docstring for the order that defines "smallest"; `late` says which changes
    cannot be done in time (criterion 0), none when None.
    """
    need = deficit([s for _, s in current], target)
    if need == 0:
        return ()
    prefer = preference or (lambda _i, _t: 0)
    is_late = late or (lambda _i, _t: False)
    options = [[(t - s, int(is_late(ind, t)), steps_between(ind, s, t), prefer(ind, t), t) for t in ind.scores if t > s]
               for ind, s in current]
    gains = [gain for opts in options for gain, *_ in opts]
    if sum(max((o[0] for o in opts), default=0) for opts in options) < need:
        return None
    unit = reduce(math.gcd, gains)
    goal = -(-need // unit)
    # best[g] = (late, count, steps, -preference, choices) for capped gain g in units
    best: dict[int, tuple[int, int, int, int, tuple[tuple[int, int], ...]]] = {0: (0, 0, 0, 0, ())}
    for k, opts in enumerate(options):
        merged = dict(best)
        for g, (lates, count, steps, negpref, chosen) in best.items():
            for gain, tardy, climb, pref, to in opts:
                key = min(goal, g + gain // unit)
                cand = (lates + tardy, count + 1, steps + climb, negpref - pref, (*chosen, (k, to)))
                if key not in merged or cand[:4] < merged[key][:4]:
                    merged[key] = cand
        best = merged
    return tuple((current[k][0], to) for k, to in best[goal][4])


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
    lead: LeadTime = field(default_factory=lambda: LeadTime(None, None, True))
    in_time: bool | None = None
    """Done before the deadline (None when the lead time or the deadline is unknown)."""

    @property
    def ladder_steps(self) -> int:
        return steps_between(self.indicator, self.from_score, self.to_score)

    @property
    def condition(self) -> str:
        """What the indicator's ladder requires for the new score."""
        return next(lv.condition for lv in self.indicator.ladder if lv.score == self.to_score)


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
    timing: Timing | None = None
    checks: VerificationView | None = None
    host_filter: HostFilter = field(default_factory=HostFilter)
    timing_note: str | None = None
    """Why the plan has no dates, when it has none."""

    def to_json(self) -> dict:
        """Plain data in Indonesian keys, scores rounded to 2 decimals, distances to 0.1 km."""
        likely = {g.code: g.likely for g in self.checks.groups} if self.checks else {}
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
                "nilai_setelah_potongan": round(likely[g.code], 2) if g.code in likely else None,
            } for g in self.sheet.groups],
            "waktu": None if self.timing is None else {
                "mulai": self.timing.start.isoformat(),
                "verifikasi": self.timing.deadline.isoformat(),
                "nama_tanggal": self.timing.deadline_name,
                "dari_data": self.timing.from_data,
                "putaran": self.timing.round_year,
                "bulan_tersedia": round(self.timing.months, 1),
                "langkah_tidak_sempat": sum(s.in_time is False for s in self.plan),
            },
            "catatan_waktu": self.timing_note,
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
                "jenis": s.lead.kind,
                "jenis_diduga": s.lead.assumed,
                "waktu_bulan": s.lead.months,
                "selesai_sebelum_verifikasi": s.in_time,
                "perkiraan_selesai": (self.timing.end_of(s.lead.months).isoformat()
                                      if self.timing is not None and s.lead.months is not None else None),
            } for s in self.plan],
            "tidak_tercapai": [{"tatanan": t, "tujuan": goal} for t, goal in self.unreachable],
            "tuan_rumah": [{
                "daerah": h.region.id,
                "nama": h.region.name,
                "jenis_daerah": h.region.kind,
                "provinsi": h.region.province,
                "pulau": h.region.island,
                "predikat": h.predicate.predicate if h.predicate else None,
                "tahun": h.predicate.year if h.predicate else None,
                "jarak_km": None if h.distance_km is None else round(h.distance_km, 1),
                "satu_provinsi": h.same_province,
                "satu_pulau": h.same_island,
                "sama_jenis": h.same_kind,
                "penduduk_sebanding": h.similar_population,
                "indikator": list(h.indicators),
                "jumlah_kesenjangan": h.gaps,
                "praktik": [p.id for p in h.practices],
                "poin": h.points,
                "alasan": h.reason,
            } for h in self.hosts],
            "batas_tuan_rumah": {"jarak_maks_km": self.host_filter.max_km, "pulau": self.host_filter.island},
            "verifikasi": None if self.checks is None else self.checks.to_json(),
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
              when: Timing | None = None) -> tuple[list[Step], list[tuple[str, str]]]:
    """Steps lifting every tatanan below `target`; `current` is updated with the new scores."""
    steps: list[Step] = []
    unreachable: list[tuple[str, str]] = []
    prefer = _preference(practices, scores)
    leads = {i.code: lead_time(i, sheet.edition) for g in sheet.tatanan for i in g.tatanan.indicators}

    def late(indicator: Indicator, _to: int) -> bool:
        return when is not None and when.in_time(leads[indicator.code].months) is False

    for group in sheet.tatanan:
        items = [(x.indicator, current[x.indicator.code]) for x in group.items]
        if meets(percentage([s for _, s in items], len(items)), target):
            continue
        lift = smallest_lift(items, target, prefer, late)
        if lift is None:
            unreachable.append((group.code, goal))
            continue
        for indicator, to in lift:
            lead = leads[indicator.code]
            steps.append(Step(group.code, indicator, current[indicator.code], to, goal, target,
                              tuple(practices.get(indicator.code, [])[:STEP_MAX_PRACTICES]),
                              _learn_from(indicator.code, to, practices, scores), lead,
                              None if when is None else when.in_time(lead.months)))
            current[indicator.code] = to
    return steps, unreachable


def make_plan(sheet: ScoreSheet, practices: dict[str, list[Practice]] | None = None,
              scores: dict[str, dict[str, int]] | None = None, when: Timing | None = None,
              ) -> tuple[tuple[Step, ...], tuple[tuple[str, str], ...], dict[str, int]]:
    """(steps, unreachable goals, indicator scores after the plan): floor first, then the next predicate.

    With `when`, changes that fit before its deadline are preferred (criterion 0) and each step
    says whether it is done in time."""
    practices = practices or {}
    scores = scores or {}
    current = {x.indicator.code: x.effective or 0 for g in sheet.tatanan for x in g.items}
    steps, unreachable = _lift_all(sheet, current, sheet.edition.floor, "minimum", practices, scores, when)
    for predicate in sorted(sheet.edition.predicates, key=lambda p: (p.min_score, p.wistara_streak)):
        target = max(predicate.min_score, sheet.edition.floor)
        below = any(not meets(percentage([current[x.indicator.code] for x in g.items], len(g.items)), target)
                    for g in sheet.tatanan)
        if below:
            more, missed = _lift_all(sheet, current, target, predicate.code, practices, scores, when)
            steps += more
            unreachable += missed
            break
    return tuple(steps), tuple(unreachable), current


def scores_after(sheet: ScoreSheet, current: dict[str, int]) -> dict[str, float]:
    """Each tatanan's score with the indicator scores in `current`."""
    return {g.code: percentage([current.get(x.indicator.code, x.effective or 0) for x in g.items], len(g.items))
            for g in sheet.tatanan}


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


def gap_report(catalog: Catalog, region_id: str, edition: int | None = None, *, today: dt.date | None = None,
               deadline: dt.date | None = None, hosts: HostFilter | None = None) -> GapReport:
    """Scores, predicate checks, plan, host regions and likely verification cuts for a home
    region's latest assessment.

    `today` starts the plan (default: the date today); `deadline` is the verification date
    (default: the next round's in the edition's data); `hosts` limits host candidates by distance
    or island group. Raises GapError (unknown region, no assessment, bad dates or filter)."""
    assessment = latest_assessment(catalog, region_id, edition)
    framework = catalog.editions.get(assessment.edition)
    if framework is None:
        raise GapError(f"edisi {assessment.edition} tidak ada di data/kerangka/")
    region = catalog.regions[region_id]
    try:
        when, timing_note = timing(framework, today or dt.date.today(), deadline)
    except TimingError as err:
        raise GapError(str(err)) from err
    sheet = score_assessment(assessment, framework, region.history)
    practices = practices_for(catalog, framework.year, region_id)
    scores = reference_scores(catalog, framework.year, region_id)
    plan, unreachable, current = make_plan(sheet, practices, scores, when)
    limit = hosts or HostFilter()
    known = {i.casefold(): i for i in islands(catalog)}
    if limit.island is not None and limit.island.casefold() in known:  # as the register writes it
        limit = HostFilter(limit.max_km, known[limit.island.casefold()])
    try:
        ranked = rank_hosts(catalog, region, [s.indicator.code for s in plan], practices, limit)
    except HostFilterError as err:
        raise GapError(str(err)) from err
    return GapReport(region, assessment, framework, sheet, plan, unreachable, ranked, scores_after(sheet, current),
                     when, check_sheet(sheet), limit, timing_note)
