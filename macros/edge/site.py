"""The catalog for the build in progress, loaded once and shared by hooks and macros."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from ..core.catalog import Catalog
from ..core.load import load_catalog
from ..render.pages import PageSpec, plan_pages

_state: dict[str, Any] = {"config": None, "catalog": None, "pages": {}}


def data_dir(config: Any) -> Path:
    """The data folder named in mkdocs.yml (`extra.kks_data`, env KKS_DATA), relative to it."""
    base = Path(config["config_file_path"]).parent
    return (base / str(config["extra"].get("kks_data") or "data")).resolve()


def prepare(config: Any) -> Catalog:
    """Load and validate the data for this build (each `serve` rebuild gets a new config)."""
    if _state["config"] is not config:
        catalog, issues = load_catalog(data_dir(config))
        if issues:
            lines = "\n".join(i.format() for i in issues[:200])
            more = f"\n… dan {len(issues) - 200} kesalahan lain" if len(issues) > 200 else ""
            raise PluginError(f"Data tidak valid ({len(issues)} kesalahan); jalankan 'kks validate'.\n"
                              f"{lines}{more}")
        _state.update(config=config, catalog=catalog, pages=plan_pages(catalog))
    return _state["catalog"]


def catalog() -> Catalog:
    if _state["catalog"] is None:
        raise PluginError("Katalog data belum dimuat (hook on_config belum berjalan).")
    return _state["catalog"]


def pages() -> dict[str, PageSpec]:
    return _state["pages"]
