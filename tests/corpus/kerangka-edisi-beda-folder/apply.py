"""Change the edition year of the synthetic framework."""

from pathlib import Path


def apply(data: Path) -> None:
    path = data / "kerangka" / "2025" / "edisi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("edisi: 2025", "edisi: 2024"), encoding="utf-8")
