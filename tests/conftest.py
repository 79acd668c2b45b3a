"""Shared fixtures: a small synthetic data set, the built site, and tool requirements."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.synth import write_synthetic

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"

SUMENEP_REGION = """\
id: kab-sumenep
peran: asal
ringkasan: Daerah asal untuk uji impor formulir penilaian mandiri 2024.
riwayat_kks: []
sumber:
  - url: https://github.com/aliefneutron/sipantas-sumenep
    diakses: "2026-11-28"
"""
"""A profile for the regency of the real 2024 workbook (its name and codes come from the register)."""


def require_binary(name: str) -> str:
    """Path of a system tool; skipped locally when missing, a failure in CI (which installs it)."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; .ci/run must install it")
    pytest.skip(f"{name} not installed (apt-get install {name})")


def require_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent)")
    return path


def kks(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `kks` command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "macros.cli.main", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A valid synthetic data set (framework copied from data/ when present)."""
    folder = tmp_path / "data"
    write_synthetic(folder, practices=12, regions=4, framework_from=DATA)
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the bundled data (reused from ./scripts/test when it already built it)."""
    reuse = os.environ.get("KKS_TEST_SITE")
    if reuse and (Path(reuse) / "index.html").exists():
        return Path(reuse)
    out = tmp_path_factory.mktemp("site") / "site"
    result = kks("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out
