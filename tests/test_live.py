"""LiveData (core/live.py): an edit applied in place gives what a full load gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from data_edits import ASSESSMENT, PRACTICE, REGION, VISIT, copy_data, edit, set_score

from macros.core.catalog import Catalog
from macros.core.issues import display_path
from macros.core.live import CHANGED, CREATED, DELETED, Invalid, LiveData, Reload, Updated
from macros.core.load import check_record_files, load_catalog

from conftest import kks


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


def _live(data: Path) -> LiveData:
    live = LiveData(data)
    assert live.load() == []
    return live


def _same_as_full_load(live: LiveData, data: Path) -> None:
    catalog, issues = load_catalog(data)
    assert issues == [] == live.issues
    assert live.catalog == catalog
    for field in ("regions", "practices", "assessments", "visits"):  # order decides lists on pages
        assert list(getattr(live.catalog, field)) == list(getattr(catalog, field)), field


def _apply(live: LiveData, *paths: Path):
    return live.apply(live.changes(paths))


def test_edits_of_each_record_kind_match_a_full_load(data: Path) -> None:
    live = _live(data)
    edits = [
        (PRACTICE, lambda r: r.update(judul="Balasar yang disunting")),
        (PRACTICE, lambda r: r.update(daerah="kota-surabaya")),  # moves to another region
        (REGION, lambda r: r.update(ringkasan="Ringkasan baru Makassar.")),
        (ASSESSMENT, lambda r: set_score(r, "T9.5", 100)),
        (VISIT, lambda r: r.update(status="rencana")),
    ]
    for rel, change in edits:
        path = edit(data, rel, change)
        outcome = _apply(live, path)
        assert isinstance(outcome, Updated), (rel, outcome)
        assert outcome.changed, rel
        _same_as_full_load(live, data)


def test_updated_names_the_changed_records_and_keeps_the_old_catalog(data: Path) -> None:
    live = _live(data)
    before = live.catalog
    assert before is not None
    path = edit(data, PRACTICE, lambda r: r.update(judul="Judul baru"))
    outcome = _apply(live, path)
    assert isinstance(outcome, Updated)
    assert outcome.changed == {("praktik", "makassar-balasar")}
    assert outcome.old is before and outcome.new is live.catalog
    assert before.practices["makassar-balasar"].title != "Judul baru"
    assert outcome.new.practices["makassar-balasar"].title == "Judul baru"


def test_a_save_without_change_changes_no_record(data: Path) -> None:
    live = _live(data)
    path = edit(data, PRACTICE, lambda r: None)  # same values, new file
    outcome = _apply(live, path)
    assert isinstance(outcome, Updated) and outcome.changed == frozenset()


def test_an_invalid_edit_reports_what_validate_reports_and_keeps_the_catalog(data: Path) -> None:
    live = _live(data)
    good = live.catalog
    path = edit(data, PRACTICE, lambda r: r.update(daerah="kota-makasar", indikator=["T9.99"]))
    outcome = _apply(live, path)
    assert isinstance(outcome, Invalid)
    assert outcome.issues == load_catalog(data)[1]
    assert any("kota-makasar" in i.message for i in outcome.issues)
    assert live.catalog is good
    # A second file breaks too; then both are fixed, one save at a time.
    other = edit(data, VISIT, lambda r: r.update(tuan_rumah="kota-tidak-ada"))
    outcome = _apply(live, other)
    assert isinstance(outcome, Invalid) and outcome.issues == load_catalog(data)[1]
    edit(data, PRACTICE, lambda r: r.update(daerah="kota-makassar", indikator=["T9.7"]))
    outcome = _apply(live, path)
    assert isinstance(outcome, Invalid) and outcome.issues == load_catalog(data)[1]
    edit(data, VISIT, lambda r: r.update(tuan_rumah="kota-makassar"))
    outcome = _apply(live, other)
    assert isinstance(outcome, Updated)
    assert outcome.old is good
    assert outcome.changed == {("praktik", "makassar-balasar")}  # the visit is as it was
    _same_as_full_load(live, data)


def test_an_unreadable_file_is_reported_and_recovers(data: Path) -> None:
    live = _live(data)
    path = data / PRACTICE
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n  : [tidak ditutup\n", encoding="utf-8")
    outcome = _apply(live, path)
    assert isinstance(outcome, Invalid) and outcome.issues == load_catalog(data)[1]
    path.write_text(text.replace("Balasar — Barisan", "Balasar, Barisan"), encoding="utf-8")
    assert isinstance(_apply(live, path), Updated)
    _same_as_full_load(live, data)


@pytest.mark.parametrize("case", ["framework", "award", "region-id", "region-created", "region-deleted", "stray"])
def test_what_cannot_be_applied_in_place_asks_for_a_reload(data: Path, case: str) -> None:
    live = _live(data)
    region = data / REGION
    if case == "framework":
        touched = [edit(data, "kerangka/2025/tatanan/T9.yaml", lambda r: r.update(nama="Nama lain"))]
    elif case == "award":
        touched = [edit(data, "penghargaan/2023.yaml", lambda r: None)]
    elif case == "region-id":
        touched = [edit(data, REGION, lambda r: r.update(id="kota-makassar-2"))]
    elif case == "region-created":
        touched = [data / "daerah" / "kota-bogor.yaml"]
        touched[0].write_text(region.read_text(encoding="utf-8").replace("id: kota-makassar", "id: kota-bogor"),
                              encoding="utf-8")
    elif case == "region-deleted":
        region.unlink()
        touched = [region]
    else:
        touched = [data / "praktik" / "catatan.txt"]
        touched[0].write_text("bukan data", encoding="utf-8")
    outcome = _apply(live, *touched)
    assert isinstance(outcome, Reload), outcome
    assert outcome.reason
    # What the caller then does: a full load, which is again the truth.
    issues = live.load()
    assert issues == load_catalog(data)[1]
    if not issues:
        _same_as_full_load(live, data)


def _copy_record(data: Path, rel: str, new_id: str) -> Path:
    source = data / rel
    old_id = source.stem
    target = source.with_name(f"{new_id}.yaml")
    target.write_text(source.read_text(encoding="utf-8").replace(f"id: {old_id}", f"id: {new_id}"), encoding="utf-8")
    return target


@pytest.mark.parametrize("case", ["created", "created-first", "deleted", "renamed", "assessment-created",
                                  "assessment-deleted", "visit-renamed"])
def test_case_studies_assessments_and_visits_come_and_go_in_place(data: Path, case: str) -> None:
    live = _live(data)
    target = data / PRACTICE
    if case == "created":
        touched = [_copy_record(data, PRACTICE, "makassar-balasar-2")]
    elif case == "created-first":  # sorts before every other file: the catalog order must follow
        touched = [_copy_record(data, PRACTICE, "aaa-balasar")]
    elif case == "deleted":
        target.unlink()
        touched = [target]
    elif case == "renamed":
        new = _copy_record(data, PRACTICE, "zz-balasar")
        target.unlink()
        touched = [target, new]
    elif case == "assessment-created":
        touched = [_copy_record(data, ASSESSMENT, "contoh-kabupaten-harapan-2025b")]
    elif case == "assessment-deleted":
        (data / ASSESSMENT).unlink()
        touched = [data / ASSESSMENT]
    else:
        new = _copy_record(data, VISIT, "contoh-kunjungan-baru")
        (data / VISIT).unlink()
        touched = [data / VISIT, new]
    outcome = _apply(live, *touched)
    assert isinstance(outcome, Updated), outcome
    assert outcome.changed
    _same_as_full_load(live, data)


def test_a_new_file_being_filled_in_is_checked_in_place(data: Path) -> None:
    live = _live(data)
    good = live.catalog
    new = data / "praktik" / "praktik-baru.yaml"
    new.write_text("id: praktik-baru\ndaerah: kota-makassar\n", encoding="utf-8")  # a template, half filled
    outcome = _apply(live, new)
    assert isinstance(outcome, Invalid) and outcome.issues == load_catalog(data)[1]
    assert live.catalog is good
    text = (data / PRACTICE).read_text(encoding="utf-8").replace("id: makassar-balasar", "id: praktik-baru")
    new.write_text(text, encoding="utf-8")
    outcome = _apply(live, new)
    assert isinstance(outcome, Updated) and ("praktik", "praktik-baru") in outcome.changed
    _same_as_full_load(live, data)


def test_changes_sees_through_an_editor_save(data: Path) -> None:
    live = _live(data)
    path = data / PRACTICE
    backup = path.with_name(path.name + "~")
    swap = path.with_name(f".{path.name}.swp")
    text = path.read_text(encoding="utf-8")
    os.rename(path, backup)                      # vim: keep a backup, write a new file, drop the backup
    path.write_text(text + "\n", encoding="utf-8")
    backup.unlink()
    swap.write_text("x", encoding="utf-8")       # hidden: never data
    readme = data / "praktik" / "README.md"
    readme.write_text("catatan", encoding="utf-8")
    assert live.changes([path, backup, swap, readme, data / "praktik"]) == {path: CHANGED}
    assert live.changes([data / "praktik" / "tidak-ada.yaml"]) == {}


def test_changes_names_created_and_deleted_files(data: Path) -> None:
    live = _live(data)
    new = data / "praktik" / "baru.yaml"
    new.write_text("id: baru\n", encoding="utf-8")
    gone = data / PRACTICE
    gone.unlink()
    assert live.changes([new, gone]) == {new: CREATED, gone: DELETED}


def test_load_with_problems_keeps_the_last_valid_catalog(data: Path) -> None:
    live = _live(data)
    good = live.catalog
    (data / PRACTICE).unlink()  # the visit's dossier still needs nothing from it: still valid?
    broken = edit(data, VISIT, lambda r: r.update(tuan_rumah="kota-tidak-ada"))
    issues = live.load()
    assert issues and issues == load_catalog(data)[1]
    assert live.catalog is good
    # Fixed in place: the catalog must come from a full load again (a file is gone since `good`).
    edit(data, VISIT, lambda r: r.update(tuan_rumah="kota-makassar"))
    outcome = _apply(live, broken)
    assert isinstance(outcome, Reload)
    assert live.load() == []
    assert isinstance(live.catalog, Catalog) and "makassar-balasar" not in live.catalog.practices
    _same_as_full_load(live, data)


def test_validating_one_file_reports_what_the_full_validation_reports_for_it(data: Path) -> None:
    practice = edit(data, PRACTICE, lambda r: r.update(daerah="kota-makasar", indikator=["T9.99"]))
    region = edit(data, REGION, lambda r: r.update(nama="Kota Makassar"))  # register field in a profile
    visit = data / VISIT
    full = load_catalog(data)[1]
    for path in (practice, region, visit):
        shown = display_path(path)
        assert check_record_files(data, [path]) == [i for i in full if i.path == shown]
    assert len(check_record_files(data, [practice, region])) == len([i for i in full if i.path != "data"])
    assert check_record_files(data, [visit]) == []


def test_kks_validate_with_files(data: Path) -> None:
    good = data / VISIT
    result = kks("validate", "--data", str(data), str(good))
    assert result.returncode == 0, result.stderr
    assert "1 berkas diperiksa" in result.stdout
    bad = edit(data, PRACTICE, lambda r: r.update(daerah="kota-makasar"))
    result = kks("validate", "--data", str(data), str(bad), str(good))
    assert result.returncode == 1
    assert "kota-makasar" in result.stderr and "maksud Anda 'kota-makassar'" in result.stderr
    # A framework file affects every record: the whole folder is checked (and the bad practice found).
    result = kks("validate", "--data", str(data), str(data / "kerangka" / "2025" / "edisi.yaml"))
    assert result.returncode == 1 and "semua berkas diperiksa" in result.stderr and "kota-makasar" in result.stderr
    assert kks("validate", "--data", str(data), str(data.parent / "tidak-ada.yaml")).returncode == 2
    outside = data.parent / "lain.yaml"
    outside.write_text("id: lain\n", encoding="utf-8")
    assert kks("validate", "--data", str(data), str(outside)).returncode == 2


def test_what_a_full_load_refuses_is_not_applied_in_place(data: Path, tmp_path: Path) -> None:
    """A symbolic link is refused by `load_catalog` (a file from anywhere on the machine would be
    published): in place, it asks for the full load, which says why."""
    live = _live(data)
    outside = tmp_path / "di-luar.yaml"
    outside.write_text((data / PRACTICE).read_text(encoding="utf-8").replace("id: makassar-balasar", "id: tautan"),
                       encoding="utf-8")
    link = data / "praktik" / "tautan.yaml"
    link.symlink_to(outside)
    outcome = _apply(live, link)
    assert isinstance(outcome, Reload) and "tautan simbolik" in outcome.reason
    assert any("symlink" in issue.message for issue in live.load())


def test_a_second_save_within_the_time_stamp_step_is_seen(data: Path) -> None:
    """File systems that keep times to the second or two (FAT, network shares): two saves of the
    same size within that step leave size and time stamp alike; the content still differs."""
    live = _live(data)
    path = edit(data, PRACTICE, lambda r: r.update(judul="Balasar Tujuh"))
    assert isinstance(_apply(live, path), Updated)
    stamp = os.stat(path).st_mtime_ns
    edit(data, PRACTICE, lambda r: r.update(judul="Balasar Lapan"))
    os.utime(path, ns=(stamp, stamp))
    assert live.changes([path]) == {path: CHANGED}
    outcome = _apply(live, path)
    assert isinstance(outcome, Updated) and live.catalog.practices["makassar-balasar"].title == "Balasar Lapan"
    assert live.changes([path]) == {}  # and an event without a change is still none
