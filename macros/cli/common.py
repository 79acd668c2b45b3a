"""Helpers shared by commands: where the project is, loading data and printing issues."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.catalog import Catalog
from ..core.issues import Issue, display_path
from ..core.load import load_catalog
from ..core.schema import suggest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = PROJECT_ROOT / "data"


def add_data_option(parser) -> None:
    parser.add_argument("--data", metavar="FOLDER", type=Path, default=None,
                        help="folder data (bawaan: data/ di proyek ini)")


def data_dir(args) -> Path:
    return args.data if args.data is not None else DEFAULT_DATA


def print_issues(issues: list[Issue]) -> None:
    for issue in issues:
        print(issue.format(), file=sys.stderr)
    print(f"{len(issues)} kesalahan ditemukan; data belum bisa dipakai.", file=sys.stderr)


def load_or_report(folder: Path) -> Catalog | None:
    """The catalog, or None after printing every problem."""
    catalog, issues = load_catalog(folder)
    if issues:
        print_issues(issues)
        return None
    return catalog


def regions_folder(data: Path) -> Path:
    """Where region ids come from, for messages: the register when the data folder has one."""
    return data / "wilayah" if (data / "wilayah" / "kabupaten-kota.yaml").is_file() else data / "daerah"


def not_found(what: str, wanted: str, known: list[str], folder: Path) -> str:
    """"daerah 'balangan' tidak ditemukan di data/daerah/; maksud Anda 'kab-balangan'?": names the
    folder actually read (`--data`), so a typo in the id and a wrong folder look different."""
    hint = suggest(wanted, known) or "; periksa ejaannya atau folder --data"
    return f"{what} '{wanted}' tidak ditemukan di {display_path(folder)}/{hint}"


def date_argument(text: str) -> dt.date:
    """argparse type for a TTTT-BB-HH date (usage error, exit 2, in Indonesian when it is not one)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal '{text}' tidak dikenali; tulis TTTT-BB-HH, "
                                         "misalnya 2027-05-31") from None
