"""Symbolic links: a practice file pointing at a file outside data/, and a region folder link."""

from pathlib import Path


def apply(data: Path) -> None:
    outside = data.parent / "rahasia.yaml"
    outside.write_text("kata_sandi: rahasia\n", encoding="utf-8")
    (data / "praktik" / "uji.yaml").symlink_to(outside)
    (data / "daerah" / "lain").symlink_to(data / "daerah", target_is_directory=True)
