"""Build the site with MkDocs in a separate process, then swap it into place atomically.

MkDocs runs as `python -m mkdocs build --strict` (exactly the CLI path, never with -q/-v, which
hide strict warnings). The result goes to a fresh folder beside the target; only a successful
build replaces the target, so readers never see a half-built site and a failure leaves the old
site untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG = PROJECT_ROOT / "mkdocs.yml"


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    log: str


def mkdocs_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"KKS_DATA": str(data_dir.resolve()), "NO_MKDOCS_2_WARNING": "1",
                "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONUTF8": "1"})
    env.update(extra)
    return env


def run_mkdocs_build(data_dir: Path, dest: Path, **extra_env: str) -> BuildResult:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(CONFIG),
         "-d", str(dest.resolve())],
        cwd=PROJECT_ROOT, env=mkdocs_env(data_dir, **extra_env),
        capture_output=True, text=True, check=False,
    )
    return BuildResult(proc.returncode == 0, proc.stdout + proc.stderr)


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames on one filesystem: the window without a site is
    two renames long, and no reader ever sees a mix of old and new files."""
    target = target.resolve()
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.lama-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)  # put the published site back: a failed swap must change nothing
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_into(data_dir: Path, out: Path, **extra_env: str) -> BuildResult:
    """Build into a temporary sibling of `out`; swap it in only when the build succeeded."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.baru-", dir=out.parent))
    try:
        result = run_mkdocs_build(data_dir, work / "site", **extra_env)
        if result.ok:
            swap_into_place(work / "site", out)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
