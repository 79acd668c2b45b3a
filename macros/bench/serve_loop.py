"""The contributor's loop in the benchmark: `kks serve` on the synthetic data set, then case
studies edited one after another, each timed from the save to the served page showing it.

The edit is what a contributor does: a word added to the title, the file saved through a
temporary file renamed over it (as editors save). The page is asked for every 20 ms; MkDocs's
server holds a request while a build runs, so the first answer after the build is the new page.
Each edit is then undone (and waited for), so the data set ends as it started.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

START_TIMEOUT_S = 1800
EDIT_TIMEOUT_S = 300
POLL_S = 0.02


class LoopError(Exception):
    """The server did not start or an edit never showed; the message has the server's log."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT_S) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _save(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.simpan")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _wait(url: str, shows: Any, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> float:
    """Seconds until the page at `url` satisfies `shows`, counted from now."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise LoopError(f"kks serve berhenti (kode {proc.returncode}):\n{_tail(log)}")
        body = _page(url)
        if body is not None and shows(body):
            return time.perf_counter() - start
        time.sleep(POLL_S)
    raise LoopError(f"{url}: tidak berubah dalam {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-4000:] if log.exists() else ""


def _peak_rss_mb(pid: int) -> float:
    """VmHWM of a running process (Linux), in MB; 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def _edited_files(data: Path, edits: int) -> list[Path]:
    """Case studies spread over the data set (and so over regions and tatanan)."""
    files = sorted((data / "praktik").glob("*.yaml"))
    if not files:
        raise LoopError(f"{data}/praktik/ kosong")
    return [files[(k * len(files)) // edits] for k in range(min(edits, len(files)))]


def measure_serve_loop(data: Path, cmd: list[str], cwd: Path, env: dict[str, str], log: Path,
                       edits: int) -> dict[str, Any]:
    """Start `cmd + [--data, data, -a, host:port]` (kks serve), time `edits` edits, stop it.

    Returns serve_start_s (start to first page served), serve_edits_s (each edit, seconds),
    serve_edit_median_s, serve_edit_max_s and serve_peak_mb (resident memory of the server).
    Raises LoopError when the server stops or an edit does not show within EDIT_TIMEOUT_S."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([*cmd, "--data", str(data), "-a", f"127.0.0.1:{port}"], cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        start_s = _wait(base, lambda body: True, proc, log, START_TIMEOUT_S)
        times: list[float] = []
        for k, path in enumerate(_edited_files(data, edits)):
            url = f"{base}praktik/{path.stem}.html"
            original = path.read_text(encoding="utf-8")
            token = f"Suntingan{k}Bench"
            if "\njudul: " not in original:
                raise LoopError(f"{path}: tidak ada baris 'judul:'")
            _save(path, original.replace("\njudul: ", f"\njudul: {token} ", 1))
            times.append(_wait(url, lambda body, t=token: t in body, proc, log, EDIT_TIMEOUT_S))
            _save(path, original)
            _wait(url, lambda body, t=token: t not in body, proc, log, EDIT_TIMEOUT_S)
            time.sleep(0.5)  # let the server settle before the next save
        peak = _peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"serve_start_s": round(start_s, 2), "serve_edits_s": [round(t, 3) for t in times],
            "serve_edit_median_s": round(statistics.median(times), 3), "serve_edit_max_s": round(max(times), 3),
            "serve_peak_mb": peak}


if __name__ == "__main__":  # pragma: no cover - a manual run on a kept data set
    folder = Path(sys.argv[1])
    root = Path(__file__).resolve().parents[2]
    print(measure_serve_loop(folder, [sys.executable, "-m", "macros.cli.main", "serve"], root,
                             {**os.environ, "PYTHONPATH": str(root)}, Path("serve-loop.log"),
                             int(sys.argv[2]) if len(sys.argv) > 2 else 7))
