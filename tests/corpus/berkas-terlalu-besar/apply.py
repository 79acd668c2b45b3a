"""Write a practice file just over the size limit."""

from pathlib import Path

from macros.core.yamlio import MAX_FILE_BYTES


def apply(data: Path) -> None:
    line = "# " + "x" * 97 + "\n"
    text = "id: uji\n" + line * (MAX_FILE_BYTES // len(line) + 1)
    (data / "praktik" / "uji.yaml").write_text(text, encoding="utf-8")
