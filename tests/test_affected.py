"""The dependency map (core/affected.py) against the pages themselves: every generated page is
rendered before and after edits of each kind, and no page outside the map may change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from data_edits import ASSESSMENT, PRACTICE, REGION, VISIT, copy_data, edit, set_score

from macros.core.affected import affected_pages
from macros.core.catalog import Catalog
from macros.core.live import LiveData, Updated
from macros.render.pages import plan_pages, render_source, uris_of

Edit = tuple[str, Callable[[dict[str, Any]], Any]]
REFERENCE_ASSESSMENT = "penilaian/contoh-makassar-2025.yaml"


def _indicators(codes: list[str], tatanan: list[str]) -> Callable[[dict[str, Any]], Any]:
    return lambda r: r.update(indikator=codes, tatanan=tatanan)


def _follow_up(r: dict[str, Any]) -> None:
    r["tindak_lanjut"][1]["status"] = "selesai"


def _contact(r: dict[str, Any]) -> None:
    r["kontak"] = [{"peran": "Kepala Pelaksana", "unit": "BPBD Kota Makassar"}]


EDITS: list[tuple[str, Edit]] = [
    # A reference region's scores show in matrix cells and beside its practices.
    ("nilai daerah rujukan", (REFERENCE_ASSESSMENT, lambda r: set_score(r, "T9.7", 50))),
    ("nilai daerah rujukan 2", (REFERENCE_ASSESSMENT, lambda r: set_score(r, "T9.10", 0))),
    ("judul praktik", (PRACTICE, lambda r: r.update(judul="Balasar, relawan SAR lorong (disunting)"))),
    ("ringkasan praktik", (PRACTICE, lambda r: r.update(ringkasan="Ringkasan baru [1]."))),
    ("indikator praktik", (PRACTICE, _indicators(["T9.7", "T9.13"], ["T9"]))),
    ("tatanan praktik", (PRACTICE, _indicators(["T1.3", "T9.7"], ["T1", "T9"]))),
    ("keyakinan praktik", (PRACTICE, lambda r: r.update(keyakinan="rendah"))),
    ("status praktik", (PRACTICE, lambda r: r.update(status="berhenti"))),
    ("kontak praktik", (PRACTICE, _contact)),
    ("contoh praktik", (PRACTICE, lambda r: r.update(contoh=True))),
    ("daerah praktik", (PRACTICE, lambda r: r.update(daerah="kota-surabaya"))),
    ("praktik daerah lain", ("praktik/bogor-perwali-germas.yaml", lambda r: r.update(judul="Germas (disunting)"))),
    ("ringkasan daerah", (REGION, lambda r: r.update(ringkasan="Ringkasan Makassar yang baru."))),
    ("peran daerah", ("daerah/kota-surabaya.yaml", lambda r: r.update(peran="asal"))),
    ("kontak daerah", (REGION, _contact)),
    ("daerah asal", ("daerah/contoh-kabupaten-harapan.yaml", lambda r: r.update(ringkasan="Harapan, disunting."))),
    # Outside the register a profile names its region: the name shows on its practices' pages.
    ("nama daerah contoh", ("daerah/contoh-kabupaten-harapan.yaml", lambda r: r.update(nama="Kabupaten Harapan Jaya"))),
    ("provinsi daerah contoh", ("daerah/contoh-kabupaten-harapan.yaml", lambda r: r.update(provinsi="Provinsi Uji"))),
    ("nilai penilaian", (ASSESSMENT, lambda r: set_score(r, "T9.5", 100))),
    ("nilai penilaian 2", (ASSESSMENT, lambda r: set_score(r, "T2.3", 50))),
    ("status kunjungan", (VISIT, lambda r: r.update(status="rencana"))),
    ("fokus kunjungan", (VISIT, lambda r: r.update(fokus=["T9.7", "T9.5"]))),
    ("tindak lanjut", (VISIT, _follow_up)),
    ("tuan rumah", (VISIT, lambda r: r.update(tuan_rumah="kota-surabaya"))),
]


def _render_all(catalog: Catalog) -> dict[str, str]:
    return {uri: render_source(catalog, spec) for uri, spec in plan_pages(catalog).items()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = copy_data(tmp_path_factory.mktemp("affected"))
    # An example assessment of kota-makassar (a reference region with practices), made from the
    # bundled example one: only in this test's copy.
    text = (data / ASSESSMENT).read_text(encoding="utf-8")
    (data / REFERENCE_ASSESSMENT).write_text(
        text.replace("id: contoh-kabupaten-harapan-2025", "id: contoh-makassar-2025")
        .replace("daerah: contoh-kabupaten-harapan", "daerah: kota-makassar"), encoding="utf-8")
    # And an example practice of the example home region, whose name comes from its profile.
    text = (data / "praktik" / "bogor-perwali-germas.yaml").read_text(encoding="utf-8")
    (data / "praktik" / "contoh-harapan-germas.yaml").write_text(
        text.replace("id: bogor-perwali-germas", "id: contoh-harapan-germas")
        .replace("daerah: kota-bogor", "daerah: contoh-kabupaten-harapan") + "contoh: true\n", encoding="utf-8")
    return data


def test_no_page_outside_the_map_changes(folder: Path) -> None:
    # Sequential edits, each against the state the previous one left (as a contributor works).
    live = LiveData(folder)
    assert live.load() == []
    assert live.catalog is not None
    before = _render_all(live.catalog)
    sizes = {}
    for name, (rel, change) in EDITS:
        outcome = live.apply(live.changes([edit(folder, rel, change)]))
        assert isinstance(outcome, Updated), (name, outcome)
        assert outcome.changed, name
        after = _render_all(outcome.new)
        assert after.keys() == before.keys(), f"{name}: the set of pages changed"
        changed = {uri for uri in after if after[uri] != before[uri]}
        predicted = uris_of(plan_pages(outcome.new), affected_pages(outcome.old, outcome.new, outcome.changed))
        assert changed, f"{name}: the edit shows on no page"
        assert changed <= predicted, f"{name}: pages changed outside the map: {sorted(changed - predicted)}"
        sizes[name] = len(predicted)
        before = after
    # The map stays small: an edit re-renders a handful of pages out of hundreds.
    total = len(before)
    assert total > 800
    assert max(sizes.values()) < total // 10, sizes
    assert sizes["judul praktik"] <= 12, sizes
