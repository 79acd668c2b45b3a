"""Scores of the example home region `contoh-kabupaten-harapan` (edition 2025), shared by tests.

Arithmetic (tatanan score = sum / (n x 100) x 100, unfilled = 0, verified beats self):

- T1 (29): T1.1 self 100 verified 50; T1.2..T1.26 100; T1.27 75; T1.28, T1.29 not filled.
  effective 50 + 25x100 + 75 = 2625 -> 2625/29 = 90.517 -> 90.52
  self 100 + 2500 + 75 = 2675 -> 92.24; verified 50/29 = 1.72
- T2 (22): seven 100 (T2.5, 8, 10, 13, 15, 18, 20), three 75 (T2.7, 12, 22), eleven 50, T2.3 0
  = 700 + 225 + 550 + 0 = 1475 -> 1475/22 = 67.045 -> 67.05 (below 70)
  floor: needs 70 x 22 = 1540, missing 65; only T2.3 can gain >= 65 in one change (0 -> 100,
  the others gain at most 50), so the plan is exactly T2.3 0 -> 100: 1575/22 = 71.59
- T3 (11): ten 100, T3.11 50 = 1050 -> 95.45
- T4 (13): all 100 -> 100
- T5 (11): nine 100, T5.10 and T5.11 50 = 1000 -> 90.91
- T6 (12): all self 100; T6.1 verified 75 -> effective 1175/12 = 97.92; self 100; verified 75/12 = 6.25
- T7 (11): all 100 but T7.4 50 = 1050 -> 95.45
- T8 (13): all 100 -> 100
- T9 (14): 100 75 50 100 0 50 0 75 100 50 50 75 0 75 = 800 -> 800/14 = 57.14 (below 70)
  floor: needs 980, missing 180; two changes are needed (one gains at most 100) and only
  T9.5, T9.7, T9.13 can gain >= 80; 0 -> 100 climbs 2 rungs on T9.5 and T9.13 (ladder 100/50/0)
  but 3 on T9.7 (100/75/50/0), so the plan is T9.5 and T9.13 0 -> 100: 1000/14 = 71.43
- KL (16): KL.1 0, the rest 100 = 1500 -> 93.75 (not counted toward the floor)
"""

from __future__ import annotations

REGION = "contoh-kabupaten-harapan"
EDITION = 2025

T2 = {1: 50, 2: 50, 3: 0, 4: 50, 5: 100, 6: 50, 7: 75, 8: 100, 9: 50, 10: 100, 11: 50, 12: 75, 13: 100,
      14: 50, 15: 100, 16: 50, 17: 50, 18: 100, 19: 50, 20: 100, 21: 50, 22: 75}
T9 = [100, 75, 50, 100, 0, 50, 0, 75, 100, 50, 50, 75, 0, 75]


def scores() -> dict[str, tuple[int | None, int | None]]:
    """indicator code -> (self score, verified score); unfilled indicators are absent."""
    out: dict[str, tuple[int | None, int | None]] = {}
    for k in range(1, 28):
        out[f"T1.{k}"] = (100, None)
    out["T1.1"] = (100, 50)
    out["T1.27"] = (75, None)
    out.update({f"T2.{k}": (v, None) for k, v in T2.items()})
    out.update({f"T3.{k}": (100 if k < 11 else 50, None) for k in range(1, 12)})
    out.update({f"T4.{k}": (100, None) for k in range(1, 14)})
    out.update({f"T5.{k}": (100 if k < 10 else 50, None) for k in range(1, 12)})
    out.update({f"T6.{k}": (100, 75 if k == 1 else None) for k in range(1, 13)})
    out.update({f"T7.{k}": (50 if k == 4 else 100, None) for k in range(1, 12)})
    out.update({f"T8.{k}": (100, None) for k in range(1, 14)})
    out.update({f"T9.{k}": (v, None) for k, v in enumerate(T9, start=1)})
    out.update({f"KL.{k}": (0 if k == 1 else 100, None) for k in range(1, 17)})
    return out


EXPECTED = {  # kode: (nilai, nilai_mandiri, nilai_verifikasi, memenuhi_minimum)
    "T1": (90.52, 92.24, 1.72, True),
    "T2": (67.05, 67.05, None, False),
    "T3": (95.45, 95.45, None, True),
    "T4": (100.0, 100.0, None, True),
    "T5": (90.91, 90.91, None, True),
    "T6": (97.92, 100.0, 6.25, True),
    "T7": (95.45, 95.45, None, True),
    "T8": (100.0, 100.0, None, True),
    "T9": (57.14, 57.14, None, False),
    "KL": (93.75, 93.75, None, None),
}
WITHOUT_EVIDENCE = {"T1.27", "T2.8", "T4.6", "T5.10", "T7.4"}
"""Scored indicators the example lists no evidence link for (the likely-cuts rule counts them 0)."""


def evidence(code: str) -> str:
    return "https://contoh.invalid/bukti/krb" if code == "T9.1" else \
        f"https://contoh.invalid/bukti/{code.lower().replace('.', '-')}"


FLOOR_PLAN = [("T2.3", 0, 100), ("T9.5", 0, 100), ("T9.13", 0, 100)]
AFTER_FLOOR = {"T2": 71.59, "T9": 71.43}


def fill(path, codes_to_scores=None) -> None:
    """Write the example scores into a blank template made by `kks assessment-template`."""
    import openpyxl

    given = codes_to_scores or scores()
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets[1:]:
        for row in range(4, sheet.max_row + 1):
            code = sheet.cell(row, 1).value
            if code in given:
                mine, verified = given[code]
                sheet.cell(row, 4, mine)
                sheet.cell(row, 5, verified)
                if (mine or 0) > 0 and code not in WITHOUT_EVIDENCE:
                    sheet.cell(row, 6, evidence(code))
                if code == "T9.1":
                    sheet.cell(row, 7, "Contoh catatan: KRB disahkan 2024.")
    book.save(path)
