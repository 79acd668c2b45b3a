"""Layering rules: the core never imports MkDocs or the view layers; HTML stays in templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "macros"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_core_imports_no_mkdocs_and_no_outer_layer() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("mkdocs", "material", "jinja2")), f"{path.name} imports {name}"
            assert not name.startswith(("..render", "..edge", "..cli")), f"{path.name} imports {name}"


def test_only_the_edge_imports_mkdocs() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "edge" in path.parts:
            continue
        assert not any(n.startswith("mkdocs") for n in _imports(path)), path


def test_no_html_in_python_strings() -> None:
    tag = re.compile(r"(?<!\?P)<(a|div|p|span|table|tr|td|li|ul|script|img|h[1-6])[\s>]")
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not tag.search(node.value), f"HTML in {path.relative_to(PACKAGE)}: {node.value[:60]}"
