"""Workbooks made by tests with openpyxl: the ministry's self-assessment form for an edition.

`build_form(edition)` lays out one sheet per tatanan like the real 2024 form (title rows, a
header row NO | TATANAN <NAMA> | SKALA | NILAI SELF-ASSESMENT | LINK BUKTI DUKUNG | NILAI
VERIFIKASI PROVINSI | CATATAN TIM PEMBINA PROVINSI, one row per indicator followed by one row per
rung, and a TOTAL NILAI row whose totals are saved as values), with the chosen rung's score
written on the rung's row. It returns the workbook and where each indicator's cells are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import openpyxl

HEADER = ["NO", "", "SKALA", "NILAI SELF-ASSESMENT", "LINK BUKTI DUKUNG", "NILAI VERIFIKASI PROVINSI",
          "CATATAN TIM PEMBINA PROVINSI"]
HEADER_ROW = 8


@dataclass
class FormLayout:
    """Per indicator code: its row, and the row of each rung by score; per tatanan its sheet and total row."""

    rows: dict[str, int] = field(default_factory=dict)
    rungs: dict[str, dict[int, int]] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    chosen: dict[str, int] = field(default_factory=dict)


def sheet_title(group) -> str:
    return f"{group.number} {group.name}"[:31]


def build_form(edition, choose=lambda indicator: indicator.scores[0]) -> tuple[openpyxl.Workbook, FormLayout]:
    """The form for every tatanan of `edition` (not KL), each indicator scored `choose(indicator)`."""
    book = openpyxl.Workbook()
    book.active.title = "Dataumum"
    book.active["A1"], book.active["B1"] = "Provinsi", "Contoh"
    layout = FormLayout()
    for group in edition.groups:
        sheet = book.create_sheet(sheet_title(group))
        layout.sheets[group.code] = sheet.title
        sheet["B2"] = "FORMULIR PENILAIAN MANDIRI KABUPATEN/KOTA SEHAT"
        for c, text in enumerate(HEADER, start=1):
            sheet.cell(HEADER_ROW, c, text or f"TATANAN {group.name.upper()}")
        r = HEADER_ROW + 1
        total = 0
        for indicator in group.indicators:
            sheet.cell(r, 1, float(indicator.number))
            sheet.cell(r, 2, indicator.name)
            layout.rows[indicator.code] = r
            layout.rungs[indicator.code] = {}
            score = choose(indicator)
            layout.chosen[indicator.code] = score
            for n, level in enumerate(indicator.ladder):
                r += 1
                sheet.cell(r, 2, f"{'abcdefgh'[n]}. {level.condition}")
                sheet.cell(r, 3, float(level.score))
                layout.rungs[indicator.code][level.score] = r
                if level.score == score:
                    sheet.cell(r, 4, float(score))
            total += score
            r += 1
        sheet.cell(r, 2, "TOTAL NILAI")
        sheet.cell(r, 4, float(total))
        layout.totals[group.code] = r
    return book, layout
