"""`kks bench`: national-scale benchmark on synthetic data (never in data/)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from ..bench import BenchError, bench, machine, markdown, targets
from ..bench.run import SERVE_EDITS


def register(sub) -> None:
    p = sub.add_parser(
        "bench", help="ukur waktu validate/build/serve pada data sintetis berskala nasional",
        description="Buat data sintetis (berlabel contoh) di folder sementara, lalu ukur `kks validate` "
        "(semua berkas dan satu berkas) dan `kks build` sebagai proses terpisah (waktu dan memori puncak), "
        "dibandingkan dengan pembangunan MkDocs + Material polos dengan jumlah halaman dan ukuran isi yang "
        "sama (lantai), serta putaran kontributor: `kks serve`, lalu beberapa suntingan praktik, masing-masing "
        "diukur dari disimpan sampai halamannya tersaji dengan perubahan itu.")
    p.add_argument("--practices", metavar="N", type=int, nargs="+", required=True,
                   help="jumlah praktik sintetis; beberapa nilai = beberapa ukuran berurutan")
    p.add_argument("--regions", metavar="M", type=int, default=0,
                   help="jumlah daerah sintetis (bawaan: N/10, paling sedikit 3, paling banyak 514)")
    p.add_argument("--report", metavar="FILE.json", type=Path, default=None, help="tulis hasil sebagai JSON")
    p.add_argument("--markdown", metavar="FILE.md", type=Path, default=None,
                   help="tulis tabel hasil (Markdown) untuk README")
    p.add_argument("--edits", metavar="K", type=int, default=SERVE_EDITS,
                   help=f"suntingan praktik yang diukur di `kks serve` (bawaan: {SERVE_EDITS}; laporan memberi median)")
    p.add_argument("--data-out", metavar="DIR", type=Path, default=None,
                   help="simpan data sintetis di DIR (satu ukuran: DIR itu sendiri; beberapa: DIR/nN)")
    p.set_defaults(func=run_bench)


def _usage_error(args) -> str | None:
    if any(n < 1 for n in args.practices) or args.regions < 0 or args.edits < 1:
        return "--practices dan --edits harus ≥ 1, --regions ≥ 0."
    if args.data_out is not None:
        if args.data_out.exists() and any(args.data_out.iterdir()):
            return f"{args.data_out}: folder sudah berisi; pilih folder baru untuk --data-out."
        data_root = (Path(__file__).resolve().parents[2] / "data").resolve()
        if args.data_out.resolve().is_relative_to(data_root):
            return "--data-out tidak boleh di dalam data/: data sintetis tidak boleh tercampur data nyata."
    return None


def _data_out(args, n: int) -> Path | None:
    if args.data_out is None:
        return None
    return args.data_out if len(args.practices) == 1 else args.data_out / f"n{n}"


def _write(path: Path, text: str) -> None:
    """Write through a temporary sibling, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.baru")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run_bench(args) -> int:
    problem = _usage_error(args)
    if problem:
        print(f"kks bench: {problem}", file=sys.stderr)
        return 2
    report: dict[str, Any] = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                              "runs": []}
    for n in args.practices:
        print(f"kks bench: N = {n} praktik ...", file=sys.stderr)
        try:
            run = bench(n, args.regions, _data_out(args, n), log=lambda m: print(m, file=sys.stderr),
                        edits=args.edits)
        except BenchError as err:
            print(f"kks bench: {err}", file=sys.stderr)
            return 1
        run["targets"] = targets(run)
        report["runs"].append(run)
        _save(args, report)  # after every size: a long run that fails later keeps what it measured
    print(markdown(report))
    return 0


def _save(args, report: dict[str, Any]) -> None:
    if args.report is not None:
        _write(args.report, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if args.markdown is not None:
        _write(args.markdown, markdown(report))
