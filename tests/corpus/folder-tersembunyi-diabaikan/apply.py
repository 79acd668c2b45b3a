"""Hidden folders as a clone or an editor leaves them (git cannot store a `.git/` folder here)."""

from pathlib import Path


def apply(data: Path) -> None:
    files = {
        ".git/config": "[core]\n\trepositoryformatversion = 0\n",
        ".git/HEAD": "ref: refs/heads/main\n",
        ".git/objects/ab/cdef0123456789": "x",
        ".vscode/settings.json": '{"editor.tabSize": 2}\n',
        ".idea/workspace.xml": "<project/>\n",
        "praktik/.cadangan/uji.yaml": "id: [rusak\n",  # an editor's backup folder: not read either
        "kerangka/.sementara/2025/edisi.yaml": "edisi: salah\n",
    }
    for rel, text in files.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
