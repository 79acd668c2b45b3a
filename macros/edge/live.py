"""`kks serve`: the site on a data folder, with an edit shown in seconds at national scale.

`mkdocs serve` builds the whole site again after every save (38 s at 5,000 case studies, three
minutes at 25,000). This server keeps one process and, after a save, does only what the edit
needs:

- the data folder stays in memory (core/live.py): a changed record file is read and checked on
  its own against the references, and the catalog is updated in place;
- MkDocs's config, files, navigation and theme environment of the last full build stay in
  memory (hooks.py hands them over), and MkDocs's own page pipeline (`_populate_page`,
  `_build_page` of mkdocs.commands.build) runs again for the pages the edit affects
  (core/affected.py) and the hand-written pages with macros, followed by the post-build events
  as in a full build (search index, data of the compare page and of the practice filter);
- the downloads (unduh/) are written when one of them is asked for (20 s at 25,000 practices).

Anything else is a full build, never a stale page: a data file created, deleted or renamed; a
framework, register or award round file; a region id; the set of pages or of linked documents
changing; the documents folder or the date changing (looked at every second: neither sends
file events reliably); docs/ or mkdocs.yml; a warning or error on the way. A change under macros/ (code or
templates) restarts the process, so the new code runs. Data with problems leaves the last good
site in place, with the problems in a box on every page and in the terminal.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.exceptions import BuildError
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from ..core.affected import affected_pages
from ..core.catalog import Catalog
from ..core.issues import Issue, display_path
from ..core.live import Invalid, LiveData, Reload, Updated
from ..render.jinja import render
from ..render.pages import plan_pages, uris_of
from . import site

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG = PROJECT_ROOT / "mkdocs.yml"
ISSUES_SHOWN = 50
"""Problems listed in the box on the page; the terminal has them all."""

log = logging.getLogger("kks.serve")


def _say(message: str) -> None:
    log.info(message)


@dataclass
class Problem:
    """What the box over every page says while the site is behind the files."""

    heading: str
    issues: list[str] = field(default_factory=list)
    detail: str = ""

    def html(self) -> bytes:
        return render("serve_masalah.html", heading=self.heading, issues=self.issues, detail=self.detail,
                      limit=ISSUES_SHOWN).encode("utf-8")


class Watch(watchdog.events.FileSystemEventHandler):
    """The paths the watcher reported since the last build. Reads (opened/closed without
    writing, which inotify reports too) are not changes."""

    CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})

    def __init__(self, wake: Any) -> None:
        self._lock = threading.Lock()
        self._paths: set[Path] = set()
        self._folders: set[Path] = set()
        self._wake = wake

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.event_type not in self.CHANGES:
            return
        if event.is_directory and event.event_type in ("modified", "closed"):
            return  # a file inside changed; its own event says which
        paths = [Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        with self._lock:
            (self._folders if event.is_directory else self._paths).update(paths)
        self._wake()

    def take(self) -> tuple[set[Path], set[Path]]:
        """(files, folders) reported since the last call."""
        with self._lock:
            out = self._paths, self._folders
            self._paths, self._folders = set(), set()
        return out


class LiveServer(LiveReloadServer):
    """MkDocs's live-reload server with native file events (polling 25,000 files twice a second
    would keep a core busy), downloads written on request, and the problem box on every page."""

    def __init__(self, live: LiveSite, **kwargs: Any) -> None:
        super().__init__(builder=live.rebuild, **kwargs)
        self.live = live
        if not os.environ.get("KKS_SERVE_POLL"):  # polling (MkDocs's default) for network shares
            self.observer = watchdog.observers.Observer()
        self.watcher = Watch(self.wake)

    def wake(self) -> None:
        """Ask for a rebuild (`LiveSite.rebuild`), as a file event does."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """As MkDocs's `watch`, but every change goes to `watcher` (which knows the paths)."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        self._watch_refs[path] = self.observer.schedule(self.watcher, path, recursive=recursive)

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO", "").startswith(self.mount_path + "unduh/"):
            self.live.write_downloads()
        return super().serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        box = self.live.problem_html()
        if box:
            end = content.rfind(b"</body>")
            end = len(content) if end < 0 else end
            content = content[:end] + box + content[end:]
        return super()._inject_js_into_html(content, epoch)


def _linked_documents(catalog: Catalog, practice_ids: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for pid in practice_ids:
        p = catalog.practices.get(pid)
        if p is not None:
            out |= {d.file for d in p.documents if d.file}
    return out


def _under(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _not_source(path: Path) -> bool:
    """Files under docs/ and macros/ that are nobody's source: hidden files (editors' swap and
    lock files, which MkDocs skips too), backups ending in '~', and Python's bytecode caches
    (written when a module is first imported: a restart for those would never end)."""
    rel = path.relative_to(PROJECT_ROOT).parts if path.is_relative_to(PROJECT_ROOT) else (path.name,)
    return (any(part.startswith(".") or part == "__pycache__" for part in rel)
            or path.name.endswith("~") or path.suffix in (".pyc", ".pyo"))


class LiveSite:
    """The site being served: the data in memory, the last full build, and how to update them."""

    def __init__(self, data: LiveData, config_file: Path = CONFIG, dev_addr: str | None = None) -> None:
        self.data = data
        self.config_file = config_file.resolve()
        self.dev_addr = dev_addr
        self.lock = threading.RLock()
        self.server: LiveServer | None = None
        self.serve_url = ""
        self.site_dir: Path | None = None
        self.problem: Problem | None = None
        self.needs_full = ""
        """Why the next build must be a full one ('' when it need not)."""
        self.restart = False
        self.builds: list[dict[str, Any]] = []
        """One entry per build: kind ('penuh'/'sebagian'), seconds, pages, reason (for the log and tests)."""
        self._parts: dict[str, Any] = {}
        self._doc_files: list[Any] = []
        self._macro_pages: list[Page] = []
        self._box = b""
        self.seen = self.surroundings()
        """`surroundings` as the last build used them."""

    def surroundings(self) -> tuple[tuple[tuple[str, int, int], ...] | None, date]:
        """What the pages show besides the data, docs/ and mkdocs.yml: the linked documents'
        folder (each file's name, time stamp and size; None when there is no folder) and today's
        date (deadlines passed, plan timing, dates in the future refused). Neither sends file
        events reliably: the folder may not exist yet, or be deleted and made again."""
        folder = self.data.documents
        files = None
        if folder.is_dir():
            files = []
            for base, dirs, names in os.walk(folder):
                dirs.sort()
                for name in sorted(names):
                    try:
                        st = os.stat(os.path.join(base, name))
                    except OSError:
                        continue
                    files.append((os.path.relpath(os.path.join(base, name), folder), st.st_mtime_ns, st.st_size))
        return (tuple(files) if files is not None else None), date.today()

    # --- configuration and full builds -----------------------------------------------------

    def load_config(self, site_dir: Path) -> Any:
        kwargs: dict[str, Any] = {"site_dir": str(site_dir)}
        if self.dev_addr:
            kwargs["dev_addr"] = self.dev_addr
        config = load_config(config_file=str(self.config_file), **kwargs)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    @property
    def docs_dir(self) -> Path:
        return Path(self._parts["config"]["docs_dir"]).resolve()

    def full_build(self, config: Any | None = None, reason: str = "") -> None:
        """Build the whole site into a new folder with MkDocs's own `build`, then serve that
        folder; a failed build leaves the last good site served."""
        start = time.perf_counter()
        if reason:
            _say(f"pembangunan penuh: {reason}")
        gc.unfreeze()  # the last build's objects may be garbage now (pages and files refer to each other)
        target = Path(config["site_dir"]) if config is not None else Path(tempfile.mkdtemp(prefix="kks-serve-"))
        try:
            if config is None:
                config = self.load_config(target)
            assert self.data.catalog is not None
            site.preload(self.data.data_dir, self.data.catalog)
            site.set_serving(True)
            build(config, serve_url=self.serve_url or None)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            self.needs_full = "pembangunan penuh sebelumnya gagal"
            raise
        parts = site.built()
        self._parts = parts
        files = parts["files"]
        self._doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self._macro_pages = [f.page for f in self._doc_files
                             if f.page is not None and f.page.meta.get("render_macros")]
        old, self.site_dir = self.site_dir, target
        if self.server is not None:
            self.server.root = str(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.needs_full = ""
        self._set_problem(None)
        # The build's millions of objects live until the next full build: out of the collector's
        # sight, an edit's render no longer pays a second-long full collection (measured at 25,000).
        gc.collect()
        gc.freeze()
        self._record("penuh", start, len(self._doc_files), reason)

    def _record(self, kind: str, start: float, pages: int, reason: str = "") -> None:
        seconds = time.perf_counter() - start
        self.builds.append({"jenis": kind, "detik": round(seconds, 3), "halaman": pages, "alasan": reason})
        shown = f"{seconds:.2f}".replace(".", ",")
        _say(f"{'situs dibangun penuh' if kind == 'penuh' else 'halaman diperbarui'}: {pages} halaman, {shown} s")

    # --- after a save ----------------------------------------------------------------------

    def rebuild(self) -> None:
        """The builder MkDocs's server calls after changes. Never raises: a failure is shown
        and the last good site stays served."""
        assert self.server is not None
        paths, folders = self.server.watcher.take()
        with self.lock:
            try:
                self._rebuild(paths, folders)
            except Exception as err:  # a bug or a failed build: say so, keep the last good site
                traceback.print_exc()
                self.needs_full = self.needs_full or "pembangunan sebelumnya gagal"
                self._set_problem(Problem("Pembangunan situs gagal.", [], f"{type(err).__name__}: {err}"))

    def _rebuild(self, paths: set[Path], folders: set[Path]) -> None:
        data_dir, documents = self.data.data_dir, self.data.documents.resolve()
        macros_dir = PROJECT_ROOT / "macros"
        touched = {Path(os.path.abspath(p)) for p in paths | folders}
        touched = {p for p in touched if _under(p, data_dir) or not _not_source(p)}  # data: LiveData decides
        if any(_under(p, macros_dir) for p in touched):
            _say("kode atau templat di macros/ berubah: server dimulai ulang")
            self.restart = True
            self.server.shutdown()  # type: ignore[union-attr]
            return
        full = self.needs_full
        site_files = [p for p in touched if p == self.config_file or _under(p, self.docs_dir)]
        if site_files:
            full = f"{display_path(sorted(site_files)[0])} berubah"
        reload = ""
        now = self.surroundings()
        if now[1] != self.seen[1]:
            reload = "tanggal berganti"
        elif any(_under(p, documents) for p in touched) or now[0] != self.seen[0]:
            reload = f"folder dokumen {display_path(documents)} berubah"
        elif any(_under(f, data_dir) for f in folders):
            reload = "folder di dalam folder data berubah"
        self.seen = now
        outcome = None
        if not reload:
            changes = self.data.changes(p for p in paths if _under(p, data_dir))
            if changes:
                for path, what in sorted(changes.items()):
                    _say(f"{display_path(path)}: {what}")
                outcome = self.data.apply(changes)
                if isinstance(outcome, Reload):
                    reload = outcome.reason
        if reload:
            _say(f"data dimuat ulang seluruhnya: {reload}")
            issues = self.data.load()
            outcome = Invalid(issues) if issues else None
            full = full or reload
        issues = outcome.issues if isinstance(outcome, Invalid) else self.data.issues
        if issues:  # nothing is built from data with problems; the last good site stays
            self.needs_full = full  # docs/ or mkdocs.yml changed too: built once the data is valid
            self._invalid(issues)
            return
        if full:
            self.full_build(reason=full)
        elif isinstance(outcome, Updated):
            try:
                reason = self._render_in_place(outcome)
            except Exception as err:  # never a half-updated site: build it all
                traceback.print_exc()
                reason = f"pembaruan sebagian gagal ({type(err).__name__}: {err})"
            if reason:
                self.full_build(reason=reason)
        elif self.problem is not None:
            self._set_problem(None)

    def _invalid(self, issues: list[Issue]) -> None:
        for issue in issues:
            print(issue.format(), file=sys.stderr)
        _say(f"{len(issues)} kesalahan di data; situs tetap versi terakhir yang valid")
        self._set_problem(Problem(f"Data tidak valid ({len(issues)} kesalahan).", [i.format() for i in issues]))

    def _render_in_place(self, outcome: Updated) -> str:
        """Render the pages the edit affects; the reason for a full build instead ('' when done)."""
        start = time.perf_counter()
        pages = plan_pages(outcome.new)
        if pages.keys() != site.pages().keys():
            return "halaman bertambah atau berkurang"
        practices = [rid for kind, rid in outcome.changed if kind == "praktik"]
        if _linked_documents(outcome.old, practices) != _linked_documents(outcome.new, practices):
            return "dokumen yang ditautkan berubah"
        uris = uris_of(pages, affected_pages(outcome.old, outcome.new, outcome.changed))
        files = self._parts["files"]
        targets = [files.get_file_from_path(uri).page for uri in sorted(uris)]
        site.use_catalog(outcome.new, pages)
        self._render(targets + self._macro_pages)
        self._set_problem(None)
        self._record("sebagian", start, len(targets) + len(self._macro_pages))
        return ""

    def _render(self, pages: list[Page]) -> None:
        """MkDocs's page pipeline for `pages`, then the post-build events; a warning fails it
        (strict, as the full build), which the caller turns into a full build."""
        config, files, nav, env = (self._parts[k] for k in ("config", "files", "nav", "env"))
        counter = CountHandler()
        counter.setLevel(logging.WARNING)
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(counter)
        try:
            self._forget_search_entries(config, pages)
            for page in pages:
                _populate_page(page, config, files)
            for page in pages:
                _build_page(page, config, self._doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
            self._order_search_entries(config)
            for page in pages:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            config.plugins.on_post_build(config=config)
        finally:
            mkdocs_log.removeHandler(counter)
        if counter.get_counts():
            counts = ", ".join(f"{n} {level.lower()}" for level, n in counter.get_counts())
            raise BuildError(f"peringatan saat membangun ulang halaman ({counts})")

    @staticmethod
    def _forget_search_entries(config: Any, pages: list[Page]) -> None:
        """Drop the search plugin's entries of pages about to be indexed again (Material keeps
        them in `search_index.entries`, one per section, located at `url#anchor`)."""
        urls = {page.url for page in pages}
        for plugin in config.plugins.values():
            entries = getattr(getattr(plugin, "search_index", None), "entries", None)
            if isinstance(entries, list):
                entries[:] = [e for e in entries if str(e.get("location", "")).split("#")[0] not in urls]

    def _order_search_entries(self, config: Any) -> None:
        """Put the search plugin's entries back in the order a full build adds them (pages in
        build order, sections in page order): the entries of pages indexed again went last."""
        order = {f.page.url: n for n, f in enumerate(self._doc_files) if f.page is not None}
        for plugin in config.plugins.values():
            entries = getattr(getattr(plugin, "search_index", None), "entries", None)
            if isinstance(entries, list):
                entries.sort(key=lambda e: order.get(str(e.get("location", "")).split("#")[0], len(order)))

    # --- requests --------------------------------------------------------------------------

    def write_downloads(self) -> None:
        """Write the downloads of the site being served, if the last build left them unwritten."""
        with self.lock:
            start = time.perf_counter()
            if site.write_deferred_downloads():
                _say(f"unduhan ditulis ({time.perf_counter() - start:.1f} s)".replace(".", ","))

    def problem_html(self) -> bytes:
        return self._box

    def _set_problem(self, problem: Problem | None) -> None:
        self.problem = problem
        self._box = problem.html() if problem is not None else b""


def _setup_logging() -> None:
    """MkDocs's messages as `mkdocs serve` shows them (INFO and up), ours beside them."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "kks"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False


def _watched(live: LiveSite, config: Any) -> list[str]:
    """Folders to watch (recursively); mkdocs.yml is watched through its folder (see `serve`)."""
    project_data = (PROJECT_ROOT / "data").resolve()
    paths = [live.docs_dir, PROJECT_ROOT / "macros", live.data.data_dir]
    documents = live.data.documents.resolve()
    if documents.is_dir() and not _under(documents, live.docs_dir):
        paths.append(documents)
    for item in config.watch:  # mkdocs.yml `watch:`; the project's data/ only when it is the one served
        item = Path(item).resolve()
        if item != project_data:
            paths.append(item)
    return [str(p) for p in dict.fromkeys(paths)]


def serve(data_dir: Path, dev_addr: str | None = None, open_browser: bool = False,
          config_file: Path = CONFIG) -> int:
    """Serve the site on `data_dir` until interrupted. Returns the exit code: 1 when the data
    has problems at the start (listed on stderr, as `kks validate` lists them)."""
    _setup_logging()
    # Stopped by SIGTERM (a service manager, `timeout`) as by Ctrl-C: the built site (up to
    # 800 MB in the temporary folder at 25,000 practices) is removed either way.
    signal.signal(signal.SIGTERM, _interrupt)
    start = time.perf_counter()
    os.environ["KKS_DATA"] = str(data_dir.resolve())  # mkdocs.yml `extra.kks_data`: the folder hooks.py builds
    data = LiveData(data_dir)
    issues = data.load()
    if issues:
        for issue in issues:
            print(issue.format(), file=sys.stderr)
        print(f"{len(issues)} kesalahan ditemukan; perbaiki dulu lalu jalankan lagi.", file=sys.stderr)
        return 1
    _say(f"data dibaca dan diperiksa: {len(data.catalog.practices) if data.catalog else 0} praktik "
         f"({time.perf_counter() - start:.1f} s)".replace(".", ","))
    live = LiveSite(data, config_file, dev_addr)
    first = Path(tempfile.mkdtemp(prefix="kks-serve-"))
    config = live.load_config(first)
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = _mount_path(config)
    live.serve_url = config.site_url = _serve_url(host, port, mount_path)
    server = LiveServer(live, host=host, port=port, root=str(first), mount_path=mount_path)
    live.server = server
    server.error_handler = lambda code: _error_page(live, code)
    try:
        try:
            live.full_build(config)
        except Exception as err:  # MkDocs has logged what went wrong
            print(f"Pembangunan situs gagal ({type(err).__name__}: {err}); server tidak dijalankan.", file=sys.stderr)
            return 1
        for path in _watched(live, config):
            server.watch(path)
        # An editor saves mkdocs.yml by renaming a new file over it: a watch on the file itself
        # would stay on the old one. Other files beside it are not the site's and are ignored.
        server.watch(str(live.config_file.parent), recursive=False)
        server = config.plugins.on_serve(server, config=config, builder=live.rebuild)
        stop = threading.Event()
        threading.Thread(target=_poll_surroundings, args=(live, server, stop), daemon=True).start()
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            _say("server dihentikan")
        finally:
            stop.set()
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if live.site_dir is not None:
            shutil.rmtree(live.site_dir, ignore_errors=True)
    if live.restart:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    return 0


SURROUNDINGS_POLL_S = 1.0


def _poll_surroundings(live: LiveSite, server: LiveServer, stop: threading.Event) -> None:
    """Wake the server when `live.surroundings()` change (checked every second)."""
    while not stop.wait(SURROUNDINGS_POLL_S):
        try:
            if live.surroundings() != live.seen:
                server.wake()
        except Exception:  # a folder in the middle of a change: look again next time
            continue


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _mount_path(config: Any) -> str:
    from urllib.parse import urlsplit

    return urlsplit(config.site_url or "/").path


def _error_page(live: LiveSite, code: int) -> bytes | None:
    """MkDocs's 404 page of the site being served (as `mkdocs serve` does)."""
    if code in (404, 500) and live.site_dir is not None:
        page = live.site_dir / f"{code}.html"
        if page.is_file():
            return page.read_bytes()
    return None
