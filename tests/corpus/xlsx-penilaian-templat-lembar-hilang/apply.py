"""The real template for the base data set, filled, with T4's sheet deleted and T2's renamed."""

from pathlib import Path

import openpyxl

from macros.core.load import load_catalog
from macros.importers.assessment import write_template


def apply(data: Path) -> None:
    path = data.parent / "penilaian.xlsx"
    write_template(load_catalog(data)[0].edition, path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets[1:]:
        for row in range(4, sheet.max_row + 1):
            sheet.cell(row, 4, 100)
    book.remove(next(s for s in book.worksheets if s.title.startswith("T4 ")))
    next(s for s in book.worksheets if s.title.startswith("T2 ")).title = "Lembar2"
    book.save(path)
