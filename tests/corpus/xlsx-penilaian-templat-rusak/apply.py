"""Write the real template (kks assessment-template) for the base data set, then fill it badly."""

from pathlib import Path

import openpyxl

from macros.core.load import load_catalog
from macros.importers.assessment import write_template


def apply(data: Path) -> None:
    path = data.parent / "penilaian.xlsx"
    write_template(load_catalog(data)[0].edition, path)
    book = openpyxl.load_workbook(path)
    t1 = book.worksheets[1]  # T1; header on row 3, indicators from row 4; D = NILAI MANDIRI
    t1["D4"] = "=50+25"  # a formula: no cached value in a file saved by a script
    t1["D5"], t1["E5"] = "75", "50"  # numbers stored as text are fine
    t1["D5"].number_format = t1["E5"].number_format = "@"
    t1["D6"] = 60  # not a rung of the ladder
    t1["A7"], t1["D7"] = "T1.77", 100  # KODE changed by hand
    book.save(path)
