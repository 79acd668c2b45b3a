"""Edits of a copied data folder, as a contributor makes them, for the tests of `kks serve`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from macros.core.yamlio import dump_yaml

ROOT = Path(__file__).resolve().parents[1]

PRACTICE = "praktik/makassar-balasar.yaml"
"""A practice of the host of the bundled visit (kota-makassar), with T9 indicators."""
REGION = "daerah/kota-makassar.yaml"
ASSESSMENT = "penilaian/contoh-kabupaten-harapan-2025.yaml"
VISIT = "kunjungan/contoh-harapan-ke-makassar-2026.yaml"


def copy_data(dest: Path) -> Path:
    """The bundled data/ and the documents it links (docs/dokumen/), as a sibling pair in `dest`."""
    shutil.copytree(ROOT / "data", dest / "data")
    if (ROOT / "docs" / "dokumen").is_dir():
        shutil.copytree(ROOT / "docs" / "dokumen", dest / "docs" / "dokumen")
    return dest / "data"


def edit(data: Path, rel: str, change: Callable[[dict[str, Any]], Any]) -> Path:
    """Load a record, let `change` modify it, and save it as an editor does (write a temporary
    file, then rename it over the original): the file gets a new inode and modification time."""
    path = data / rel
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(record)
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(dump_yaml(record), encoding="utf-8")
    os.replace(tmp, path)
    return path


def set_score(record: dict[str, Any], code: str, score: int) -> None:
    """Set the self-assessed score of one indicator, and drop its verified score."""
    for row in record["nilai"]:
        if row["indikator"] == code:
            row["mandiri"] = score
            row.pop("verifikasi", None)
            return
    raise KeyError(code)
