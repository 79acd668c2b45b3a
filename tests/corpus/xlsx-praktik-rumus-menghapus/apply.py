"""Export the base practices, then put formulas (saved without a value, as a script does) in two cells."""

from pathlib import Path

import openpyxl

from macros.importers.practices import export_practices


def apply(data: Path) -> None:
    path = data.parent / "praktik.xlsx"
    export_practices(data, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Praktik"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("biaya") + 1, "=CONCAT(\"Rp \", 5000)")
    sheet.cell(2, header.index("mulai") + 1, "=2020+4")
    book.save(path)
