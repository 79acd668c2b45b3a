"""The catalog for the build in progress, loaded once and shared by hooks and macros."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from ..core.catalog import Catalog
from ..core.load import load_catalog
from ..render.pages import PageSpec, plan_pages

_state: dict[str, Any] = {"config": None, "catalog": None, "pages": {}, "preloaded": None, "build": {},
                          "serving": False, "downloads": None}


def data_dir(config: Any) -> Path:
    """The data folder named in mkdocs.yml (`extra.kks_data`, env KKS_DATA), relative to it."""
    base = Path(config["config_file_path"]).parent
    return (base / str(config["extra"].get("kks_data") or "data")).resolve()


def prepare(config: Any) -> Catalog:
    """Load and validate the data for this build (each `serve` rebuild gets a new config)."""
    if _state["config"] is not config:
        folder = data_dir(config)
        preloaded, _state["preloaded"] = _state["preloaded"], None
        if preloaded is not None and preloaded[0] == folder:
            _state.update(config=config, catalog=preloaded[1], pages=plan_pages(preloaded[1]))
            return preloaded[1]
        catalog, issues = load_catalog(folder)
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


# --- kks serve (macros/edge/live.py): one process, many builds ---------------------------------

def preload(folder: Path, catalog: Catalog) -> None:
    """Use `catalog` (loaded and found valid by the caller) for the next build of `folder`,
    instead of loading the folder again."""
    _state["preloaded"] = (folder.resolve(), catalog)


def use_catalog(catalog: Catalog, pages: dict[str, PageSpec]) -> None:
    """Swap the catalog between two builds with the same config (an edit rendered in place)."""
    _state.update(catalog=catalog, pages=pages)


def remember_build(**parts: Any) -> None:
    """Keep what a build made (files, nav, env, config) for pages rendered again later."""
    _state["build"].update(parts)


def built() -> dict[str, Any]:
    return dict(_state["build"])


def set_serving(serving: bool) -> None:
    """Builds for `kks serve`: downloads (unduh/) are left to `write_deferred_downloads`, called
    when one is asked for, and the search index lets pages rendered again replace their entries."""
    _state["serving"] = serving


def serving() -> bool:
    return bool(_state["serving"])


def set_deferred_downloads(writer: Any) -> None:
    """`writer()` writes the downloads of the build just made."""
    _state["downloads"] = writer


def write_deferred_downloads() -> bool:
    """Write the downloads left by the last build, once; False when there was nothing to write."""
    writer, _state["downloads"] = _state["downloads"], None
    if writer is None:
        return False
    writer()
    return True
