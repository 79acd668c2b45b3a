"""Scores per tatanan and predicate eligibility, computed from data only."""

from __future__ import annotations

from macros.core.records import Assessment, Edition, HistoryEntry, Indicator, Level, Predicate, Score, Tatanan
from macros.core.scoring import score_assessment, wistara_streak


def indicator(code: str, scores: tuple[int, ...] = (100, 50, 0)) -> Indicator:
    return Indicator(code, f"Indikator {code}", "d", "s", (), tuple(Level(s, f"syarat {s}") for s in scores),
                     code.split(".")[0])


def group(code: str, n: int, scores: tuple[int, ...] = (100, 50, 0)) -> Tatanan:
    return Tatanan(code, f"Tatanan {code}", (), "d", tuple(indicator(f"{code}.{k}", scores) for k in range(1, n + 1)))


def predicate(code: str, minimum: float, streak: int = 0, odf: float | None = None) -> Predicate:
    return Predicate(code, code.title(), "m", minimum, odf, streak, None, "sedang", ())


EDITION = Edition(2025, "Uji", None, 70, (predicate("padapa", 71, odf=80), predicate("wistara", 91),
                                          predicate("wistara-paripurna", 91, streak=2)),
                  (group("T1", 4), group("T2", 3, (100, 75, 50, 0))), group("KL", 2, (100, 0)), (), "sedang")


def assessment(scores: dict[str, tuple[int | None, int | None]], round_year: int = 2025) -> Assessment:
    return Assessment("x", "daerah-x", 2025, round_year, "uji", None, False,
                      tuple(Score(code, s, v, None, None) for code, (s, v) in scores.items()))


def test_unscored_counts_zero_and_is_listed() -> None:
    # T1: 100 + 50 + (unfilled) + 0 = 150 over 4 x 100 -> 37.5
    sheet = score_assessment(assessment({"T1.1": (100, None), "T1.2": (50, None), "T1.4": (0, None)}), EDITION)
    t1 = sheet.groups[0]
    assert t1.score == 37.5 and t1.unfilled == ("T1.3",) and t1.meets_floor is False
    # T2 and KL have nothing: 0, all unfilled
    assert sheet.groups[1].score == 0 and len(sheet.groups[1].unfilled) == 3


def test_verified_beats_self_and_verified_score_is_none_without_any() -> None:
    sheet = score_assessment(assessment({"T1.1": (100, 50), "T1.2": (100, None), "T1.3": (100, None),
                                         "T1.4": (100, None), "T2.1": (75, None)}), EDITION)
    t1, t2 = sheet.groups[0], sheet.groups[1]
    assert t1.score == (50 + 300) / 4  # 87.5: the verified 50 replaces the self 100
    assert t1.self_score == 100.0
    assert t1.verified == 50 / 4  # unverified indicators count 0, like TOTAL NILAI in the form
    assert t2.verified is None and t2.score == 25.0


def test_floor_boundary_and_institutional_group_is_outside_the_rules() -> None:
    scores = {"T1.1": (100, None), "T1.2": (100, None), "T1.3": (50, None), "T1.4": (50, None),  # 75
              "T2.1": (75, None), "T2.2": (75, None), "T2.3": (75, None)}  # 75
    sheet = score_assessment(assessment(scores), EDITION)
    assert [g.meets_floor for g in sheet.groups] == [True, True, None]
    assert sheet.groups[2].score == 0  # KL empty, yet it blocks nothing
    padapa = sheet.predicates[0]
    assert padapa.eligible and padapa.reasons[0].startswith("memenuhi")
    assert any("ODF" in u for u in padapa.unchecked)
    assert sheet.best_predicate is not None and sheet.best_predicate.code == "padapa"
    # a score exactly at a predicate's minimum meets it: (100 + 100 + 50 + 50) / 4 = 75
    edge = Edition(2025, "Uji", None, 70, (predicate("padapa", 75),), (group("T1", 4),), None, (), "sedang")
    at = score_assessment(assessment({"T1.1": (100, None), "T1.2": (100, None), "T1.3": (50, None),
                                      "T1.4": (50, None)}), edge)
    assert at.groups[0].score == 75 and at.predicates[0].eligible


def test_predicate_reasons_name_the_tatanan_below() -> None:
    scores = {f"T1.{k}": (100, None) for k in range(1, 5)} | {"T2.1": (100, None), "T2.2": (50, None)}
    sheet = score_assessment(assessment(scores), EDITION)
    padapa = sheet.predicates[0]
    assert not padapa.eligible
    assert "T2 (50)" in padapa.reasons[0] and "T1" not in padapa.reasons[0]
    assert sheet.best_predicate is None


def test_wistara_streak_from_history() -> None:
    def entry(year: int, code: str) -> HistoryEntry:
        return HistoryEntry(year, code, None, "tinggi", ())

    history = (entry(2017, "wiwerda"), entry(2019, "wistara"), entry(2021, "wistara"), entry(2023, "wistara"))
    assert wistara_streak(history, 2025) == 3
    assert wistara_streak(history, 2021) == 1  # only 2019 lies before 2021
    assert wistara_streak((*history, entry(2024, "padapa")), 2025) == 0
    full = {f"T1.{k}": (100, None) for k in range(1, 5)} | {f"T2.{k}": (100, None) for k in range(1, 4)}
    sheet = score_assessment(assessment(full), EDITION, history)
    paripurna = sheet.predicates[-1]
    assert paripurna.eligible and "3 kali Wistara" in paripurna.reasons[1]
    without = score_assessment(assessment(full), EDITION, ())
    assert not without.predicates[-1].eligible
    assert without.best_predicate is not None and without.best_predicate.code == "wistara"


def test_the_floor_applies_to_every_predicate() -> None:
    low = Edition(2025, "Uji", None, 70, (predicate("padapa", 60),), (group("T1", 4),), None, (), "sedang")
    # (100 + 100 + 50 + 0) / 4 = 62.5: above the predicate's own 60, below the floor 70
    sheet = score_assessment(assessment({"T1.1": (100, None), "T1.2": (100, None), "T1.3": (50, None),
                                         "T1.4": (0, None)}), low)
    assert not sheet.predicates[0].eligible and "nilai minimum 70" in sheet.predicates[0].reasons[0]
