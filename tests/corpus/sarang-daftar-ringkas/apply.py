"""A practice file that is one line of 100,000 nested block sequences ("- - - ... x")."""

from pathlib import Path


def apply(data: Path) -> None:
    (data / "praktik" / "uji.yaml").write_text("id: uji\njudul:\n  " + "- " * 100_000 + "x\n", encoding="utf-8")
