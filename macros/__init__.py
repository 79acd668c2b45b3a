"""Pustaka Praktik Baik KKS.

`core` (records, loading, validation, analyses) knows nothing of MkDocs; `render` turns records
into HTML through templates; `edge` is the thin MkDocs side; `cli` is the `kks` command.
mkdocs-macros imports this package (`module_name: macros`) and calls `define_env`.
"""

from typing import Any


def define_env(env: Any) -> None:
    from .edge.env import define_env as _define_env  # imported lazily: MkDocs only at build time

    _define_env(env)
