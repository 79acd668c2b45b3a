"""Commands for case studies: a new practice from a template, and the spreadsheet route."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..core import export
from ..core.export import LIST, OBJECTS, Column
from ..core.issues import display_path
from ..core.schema import load_schemas
from ..core.yamlio import read_yaml
from ..importers.practices import export_practices, import_practices
from ..importers.workbook import ImportIssue
from .common import add_data_option, data_dir, not_found, print_issues, regions_folder

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

TEMPLATE_HEADER = """\
# Praktik baik baru. Panduan lengkap: docs/kontribusi.md (halaman "Menambahkan praktik").
#
# Cara mengisi:
# - Setiap kolom bertanda WAJIB masih kosong. Selama masih kosong, `kks validate` SENGAJA
#   gagal dan menunjuk baris kolom itu ("tidak boleh kosong"), sehingga templat yang
#   setengah jadi tidak mungkin terbit. Isi semuanya, lalu jalankan `kks validate` lagi.
# - Kolom "tidak wajib" ditulis sebagai komentar (diawali #). Hapus "# " di depannya untuk
#   mengisinya, atau biarkan bila datanya tidak ada.
# - Teks panjang (Markdown) ditulis seperti ini, dengan indentasi dua spasi:
#     masalah: >-
#       Kalimat pertama ...
#       kalimat berikutnya ...
#   Untuk daftar berbutir pakai "|" alih-alih ">-" dan awali butir dengan "- ".
# - Tanggal ditulis dengan tanda kutip: "2026-11-28".
"""


def register(sub) -> None:
    p = sub.add_parser("new-practice", help="buat templat praktik baru di data/praktik/",
                       description="Tulis data/praktik/ID-PRAKTIK.yaml berisi semua bagian praktik dengan "
                       "penjelasan tiap kolom. Berkas yang sudah ada tidak ditimpa.")
    p.add_argument("region", metavar="ID-DAERAH", help="id daerah pemilik praktik, dari register "
                   "data/wilayah/kabupaten-kota.yaml (misalnya kota-balikpapan)")
    p.add_argument("slug", metavar="ID-PRAKTIK", help="id praktik baru, misalnya makassar-lorong-garden")
    add_data_option(p)
    p.set_defaults(func=run_new_practice)

    p = sub.add_parser("import-practices", help="impor praktik dari lembar kerja Excel (.xlsx)",
                       description="Baca lembar 'Praktik' (satu baris per praktik), periksa semuanya, lalu "
                       "tulis berkas praktik yang baru atau berubah (hanya kolom yang diubah di lembar). Kolom "
                       "yang sudah diubah di data sejak lembar diekspor tidak ditimpa. Bila ada kesalahan, tidak "
                       "ada yang ditulis.")
    p.add_argument("file", metavar="BERKAS.xlsx", type=Path)
    p.add_argument("--timpa", action="store_true",
                   help="timpa praktik dengan isi lembar walaupun sudah diubah sejak lembar diekspor")
    add_data_option(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("export-practices", help="ekspor semua praktik ke lembar kerja Excel (.xlsx)",
                       description="Tulis semua praktik ke lembar 'Praktik' (satu baris per praktik) dengan "
                       "lembar 'Petunjuk' yang menjelaskan cara mengisi setiap kolom.")
    p.add_argument("file", metavar="BERKAS.xlsx", type=Path)
    p.add_argument("--timpa", action="store_true", help="timpa berkas tujuan bila sudah ada")
    add_data_option(p)
    p.set_defaults(func=run_export)


# --- new-practice ----------------------------------------------------------------------------------

def _comment(text: str, indent: str = "") -> list[str]:
    """A description as wrapped YAML comment lines."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 88:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return [f"{indent}# {x}" for x in lines]


def _enum_hint(key: str) -> str:
    prop = load_schemas()["praktik"]["properties"][key]
    ref = prop.get("$ref", "")
    enum = prop.get("enum") or (load_schemas()["_umum"]["$defs"]["keyakinan"]["enum"]
                                if ref.endswith("/keyakinan") else None)
    return f"  # pilih: {' / '.join(enum)}" if enum else ""


def _objects_block(col: Column, required: bool) -> list[str]:
    prefix = "" if required else "# "
    out = [f"{prefix}{col.key}:"]
    subfields = export.field_descriptions("praktik", col.key)
    for n, (name, about) in enumerate(subfields):
        is_required = about.endswith("(wajib)")
        lead = "  - " if n == 0 else "    "
        if required and not is_required:
            out.append(f"    # {name}:   # (tidak wajib) {about}")
        else:
            out.append(f"{prefix}{lead}{name}:   # {about}")
    return out


def practice_template(region: str, slug: str) -> str:
    """The new file's text: every schema field in order, with its description as a comment."""
    lines = [TEMPLATE_HEADER]
    filled = {"id": slug, "daerah": region}
    for col in export.columns("praktik"):
        mark = "WAJIB" if col.required else "tidak wajib"
        lines += _comment(f"{col.key} ({mark}): {col.description}")
        if col.key in filled:
            lines.append(f"{col.key}: {filled[col.key]}")
        elif col.kind == OBJECTS:
            lines += _objects_block(col, col.required)
        elif col.required:
            lines.append(f"{col.key}: []" if col.kind == LIST else f"{col.key}:{_enum_hint(col.key)}")
        else:
            lines.append(f"# {col.key}:{_enum_hint(col.key)}")
        lines.append("")
    return "\n".join(lines)


def known_regions(folder: Path) -> list[str]:
    """Region ids a practice may name: every region of the register and every profile (example
    regions have a profile but are not in the register). Read without validating the folder."""
    ids = {p.stem for p in (folder / "daerah").glob("*.yaml")}
    doc, _ = read_yaml(folder / "wilayah" / "kabupaten-kota.yaml")
    if doc is not None and isinstance(doc.data, dict):
        ids.update(r["id"] for r in doc.data.get("kabupaten_kota") or () if isinstance(r, dict) and "id" in r)
    return sorted(ids)


def run_new_practice(args) -> int:
    folder = data_dir(args)
    problems = []
    if not ID_PATTERN.fullmatch(args.slug) or len(args.slug) > 80:
        problems.append(f"id praktik '{args.slug}' tidak sah; pakai huruf kecil, angka dan tanda hubung, "
                        "misalnya makassar-lorong-garden")
    regions = known_regions(folder)
    if args.region not in regions:
        problems.append(not_found("daerah", args.region, regions, regions_folder(folder)))
    target = folder / "praktik" / f"{args.slug}.yaml"
    if not problems and target.exists():
        problems.append(f"{display_path(target)} sudah ada; berkas tidak ditimpa. Pilih id lain atau sunting "
                        "berkas itu")
    if problems:
        for problem in problems:
            print(f"kks new-practice: {problem}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as f:  # "x": never replaces a file that appeared meanwhile
            f.write(practice_template(args.region, args.slug))
    except FileExistsError:
        print(f"kks new-practice: {display_path(target)} sudah ada; berkas tidak ditimpa.", file=sys.stderr)
        return 1
    print(f"Templat ditulis: {display_path(target)}\nIsi kolom bertanda WAJIB, lalu jalankan: kks validate")
    return 0


# --- spreadsheet route ------------------------------------------------------------------------------

def run_import(args) -> int:
    result = import_practices(args.file, data_dir(args), overwrite=args.timpa)
    if result.issues:
        shown = display_path(args.file)
        for issue in result.issues:
            print(issue.format(shown) if isinstance(issue, ImportIssue) else issue.format(), file=sys.stderr)
        print(f"{len(result.issues)} kesalahan ditemukan; tidak ada berkas yang ditulis.", file=sys.stderr)
        return 1
    for note in result.notes:
        print(note)
    for practice_id, fields in result.fields:
        print(f"ditulis: praktik/{practice_id}.yaml (kolom: {', '.join(fields)})")
    print(f"Impor selesai: {len(result.written)} praktik baru/berubah, {len(result.unchanged)} tidak berubah.")
    return 0


def run_export(args) -> int:
    if args.file.suffix.lower() != ".xlsx":
        print(f"kks export-practices: {args.file} harus berakhiran .xlsx", file=sys.stderr)
        return 2
    if args.file.exists() and not args.timpa:
        print(f"kks export-practices: {display_path(args.file)} sudah ada; pakai --timpa untuk menimpanya",
              file=sys.stderr)
        return 1
    count, issues = export_practices(data_dir(args), args.file)
    if issues:
        if all(hasattr(i, "line") for i in issues):
            print_issues(issues)  # type: ignore[arg-type]
        else:
            for issue in issues:
                print(issue.format(display_path(args.file)) if isinstance(issue, ImportIssue) else issue.format(),
                      file=sys.stderr)
        print("Berkas tidak ditulis.", file=sys.stderr)
        return 1
    print(f"{count} praktik diekspor ke {display_path(args.file)} (lembar 'Praktik'; petunjuk di 'Petunjuk').")
    return 0
