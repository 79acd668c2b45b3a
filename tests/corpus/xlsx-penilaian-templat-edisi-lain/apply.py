"""The real template for the base data set, marked as the template of another edition."""

from pathlib import Path

import openpyxl

from macros.core.load import load_catalog
from macros.importers.assessment import write_template


def apply(data: Path) -> None:
    path = data.parent / "penilaian.xlsx"
    write_template(load_catalog(data)[0].edition, path)
    book = openpyxl.load_workbook(path)
    book["Petunjuk"]["B3"] = 2024
    book.worksheets[1]["D4"] = 100
    book.save(path)
