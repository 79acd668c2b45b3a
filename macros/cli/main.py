"""Entry point of `kks`: builds the parser, runs a command, turns failures into exit codes.

Exit codes: 0 success, 1 invalid data or a failed step, 2 wrong usage.
No traceback reaches a user: unexpected errors are reported in one line (set KKS_DEBUG=1 to see it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..core.issues import os_reason
from . import (
    commands_assessment,
    commands_bench,
    commands_data,
    commands_framework,
    commands_practice,
    commands_publish,
    commands_site,
    commands_visit,
)

COMMAND_MODULES = [
    commands_data,
    commands_framework,
    commands_site,
    commands_publish,
    commands_practice,
    commands_bench,
    commands_assessment,
    commands_visit,
]
"""Each module has `register(subparsers)`; commands set `func(args) -> int` as their default."""


class IndonesianFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "pemakaian: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Indonesian headings and errors that exit 2 without a traceback."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", IndonesianFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> None:  # type: ignore[override]
        translated = (message.replace("the following arguments are required", "argumen wajib belum diisi")
                      .replace("unrecognized arguments", "argumen tidak dikenal")
                      .replace("invalid choice", "pilihan tidak dikenal")
                      .replace("expected one argument", "perlu satu nilai")
                      .replace("invalid int value", "bukan bilangan bulat")
                      .replace("choose from", "pilih dari")
                      .replace("argument ", "argumen "))
        self.print_usage(sys.stderr)
        print(f"{self.prog}: kesalahan: {translated}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> Parser:
    parser = Parser(
        prog="kks",
        description="Pustaka Praktik Baik KKS: periksa, bangun dan kelola data praktik baik "
        "Kabupaten/Kota Sehat.",
        epilog="Bantuan tiap perintah: kks PERINTAH --help",
    )
    sub = parser.add_subparsers(title="perintah", metavar="PERINTAH", parser_class=Parser)
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("kks: dihentikan.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `kks gap ... | head`: the reader closed the pipe; the rest of the output is not wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:  # a file or folder the user named cannot be written or read
        where = f" ({err.filename})" if err.filename else ""
        print(f"kks: berkas tidak bisa dibaca atau ditulis{where}: {os_reason(err)}. "
              "Periksa jalur, izin folder dan ruang disk.", file=sys.stderr)
        return 1
    except Exception as err:  # last resort: a bug must still not show users a traceback
        if os.environ.get("KKS_DEBUG"):
            raise
        print(f"kks: kesalahan tak terduga ({type(err).__name__}: {err}). "
              "Jalankan ulang dengan KKS_DEBUG=1 untuk rinciannya dan laporkan ke pengelola.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
