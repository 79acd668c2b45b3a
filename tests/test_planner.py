"""The studi tiru planner (issue 15): hosts from the whole country, lead times against the next
round, likely verification cuts, new visits from the plan."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from macros.core import hosts as hosts_module
from macros.core.gaps import GapError, gap_report, smallest_lift, steps_between
from macros.core.geo import great_circle_km
from macros.core.hosts import HostFilter
from macros.core.leadtime import add_months, lead_time
from macros.core.load import load_catalog
from macros.core.records import Indicator, Level
from macros.core.verification import check_indicator, evidence_items

from conftest import DATA, kks, require_shared

TODAY = dt.date(2026, 11, 30)
HOME = "kab-balangan"
WEAK = ("T2", "T5", "T9")
GEOD = Geod(ellps="WGS84")


def _lowest_above_zero(indicator: Indicator) -> int:
    """The second-lowest rung (a weak but non-zero score)."""
    return sorted(indicator.scores)[1] if len(indicator.scores) > 1 else indicator.scores[0]


@pytest.fixture(scope="module")
def balangan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data plus a test assessment of Kabupaten Balangan (South Kalimantan): weak on
    T2, T5 and T9 (each indicator on its second-lowest rung), every other indicator at the top,
    each with an evidence link. Labelled as an example: it is not Balangan's real assessment."""
    folder = tmp_path_factory.mktemp("balangan") / "data"
    shutil.copytree(DATA, folder)
    catalog, issues = load_catalog(folder)
    assert not issues
    edition = catalog.editions[2025]
    entries = []
    for group in edition.groups:
        for i in group.indicators:
            score = _lowest_above_zero(i) if group.code in WEAK else max(i.scores)
            entries.append({"indikator": i.code, "mandiri": score, "bukti": f"https://contoh.invalid/{i.code}"})
    record = {"id": "kab-balangan-2025-uji", "daerah": HOME, "edisi": 2025, "putaran": 2025,
              "sumber_penilaian": "penilaian uji (bukan nilai Balangan yang sebenarnya)", "contoh": True,
              "nilai": entries}
    (folder / "penilaian" / "kab-balangan-2025-uji.yaml").write_text(yaml.safe_dump(record, allow_unicode=True),
                                                                    encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report(balangan: Path):
    catalog, issues = load_catalog(balangan)
    assert not issues, [i.format() for i in issues]
    return catalog, gap_report(catalog, HOME, today=TODAY)


# ---------------------------------------------------------------------------------------------
# Distances


def test_great_circle_matches_the_ellipsoid_within_one_percent() -> None:
    # Jakarta - Jayapura is the longest trip in the country; Banjarmasin - Banjarbaru one of the shortest
    pairs = [((-6.2, 106.8), (-2.53, 140.72)), ((-3.32, 114.59), (-3.44, 114.83)), ((5.55, 95.32), (-8.5, 140.4))]
    for (lat1, lon1), (lat2, lon2) in pairs:
        _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
        assert abs(great_circle_km(lat1, lon1, lat2, lon2) - metres / 1000) <= 0.01 * metres / 1000
    assert great_circle_km(-2.3, 115.6, -2.3, 115.6) == 0
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)  # one degree on the mean sphere


# ---------------------------------------------------------------------------------------------
# Done when: a South Kalimantan home region with weak T2, T5 and T9


def test_balangan_hosts_include_kalimantan_and_documented_reference_regions(report) -> None:
    catalog, rep = report
    data = json.loads(json.dumps(rep.to_json()))
    below = [t["kode"] for t in data["tatanan"] if t["memenuhi_minimum"] is False]
    assert below == list(WEAK)
    hosts = data["tuan_rumah"]
    assert len(hosts) == hosts_module.HOST_MAX
    for h in hosts:
        assert {"daerah", "predikat", "tahun", "jarak_km", "pulau", "indikator", "alasan"} <= h.keys()
        assert "\n" not in h["alasan"] and h["alasan"]
    kalimantan = [h for h in hosts if h["pulau"] == "Kalimantan"]
    assert kalimantan, [h["daerah"] for h in hosts]
    documented = [h for h in hosts if h["indikator"] and catalog.regions[h["daerah"]].has_profile]
    assert documented, "documented reference regions are among the hosts"
    assert any(h["pulau"] != "Kalimantan" for h in documented), "hosts come from the whole country"
    home = catalog.places[HOME]
    for h in hosts:
        place = catalog.places[h["daerah"]]
        _, _, metres = GEOD.inv(home.lon, home.lat, place.lon, place.lat)
        assert abs(h["jarak_km"] - metres / 1000) <= 0.01 * metres / 1000, h["daerah"]
        assert h["satu_provinsi"] == (place.province == home.province)
        assert h["satu_pulau"] == (place.island == home.island)
        plan = {s["indikator"] for s in data["rencana"]}
        assert set(h["indikator"]) <= plan
        region = catalog.regions[h["daerah"]]
        assert (h["predikat"], h["tahun"]) == ((region.latest.predicate, region.latest.year) if region.latest
                                               else (None, None))
    points = [h["poin"] for h in hosts]
    assert points == sorted(points, reverse=True)


def test_host_points_follow_the_stated_formula(report) -> None:
    _, rep = report
    for h in rep.hosts:
        predicate = 0.0
        if h.predicate is not None:
            predicate = hosts_module.PREDICATE_POINTS[h.predicate.predicate] * (
                1 if h.predicate.year >= hosts_module.NINE_TATANAN_SINCE else 0.5)
        km = h.distance_km
        distance = 3 if km <= 300 else 2 if km <= 800 else 1 if km <= 1500 else 0
        expected = 3 * h.gaps + predicate + distance + h.same_island + h.same_kind + h.similar_population
        assert h.points == expected, h.region.id


def test_hosts_limited_by_island_and_distance(balangan: Path) -> None:
    catalog, _ = load_catalog(balangan)
    near = gap_report(catalog, HOME, today=TODAY, hosts=HostFilter(max_km=300)).to_json()["tuan_rumah"]
    assert near and all(h["jarak_km"] <= 300 for h in near)
    island = gap_report(catalog, HOME, today=TODAY, hosts=HostFilter(island="kalimantan")).to_json()
    assert island["batas_tuan_rumah"]["pulau"] == "Kalimantan"
    assert island["tuan_rumah"] and all(h["pulau"] == "Kalimantan" for h in island["tuan_rumah"])
    with pytest.raises(GapError, match="pulau 'Mars' tidak dikenal"):
        gap_report(catalog, HOME, today=TODAY, hosts=HostFilter(island="Mars"))
    result = kks("gap", HOME, "--format", "json", "--data", str(balangan), "--mulai", TODAY.isoformat(),
                 "--jarak-maks", "500", "--pulau", "Kalimantan")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["batas_tuan_rumah"] == {"jarak_maks_km": 500, "pulau": "Kalimantan"}
    assert all(h["jarak_km"] <= 500 and h["pulau"] == "Kalimantan" for h in data["tuan_rumah"])
    bad = kks("gap", HOME, "--data", str(balangan), "--jarak-maks", "jauh")
    assert bad.returncode == 2 and "bukan angka" in bad.stderr


# ---------------------------------------------------------------------------------------------
# Lead times and the deadline


def test_plan_steps_carry_kind_lead_time_and_whether_they_fit(report) -> None:
    catalog, rep = report
    data = rep.to_json()
    edition = catalog.editions[2025]
    assert data["waktu"]["verifikasi"] == edition.next_round.deadline == "2027-05-31"
    assert data["waktu"]["dari_data"] is True and data["waktu"]["putaran"] == 2027
    assert data["rencana"]
    deadline = dt.date.fromisoformat(data["waktu"]["verifikasi"])
    for step in data["rencana"]:
        assert {"jenis", "waktu_bulan", "selesai_sebelum_verifikasi"} <= step.keys()
        indicator = edition.indicators[step["indikator"]]
        if indicator.guidance is not None:
            assert step["jenis"] == indicator.guidance.kind and not step["jenis_diduga"]
            assert step["waktu_bulan"] == edition.kinds[indicator.guidance.kind].months
        ends = add_months(TODAY, step["waktu_bulan"])
        assert step["perkiraan_selesai"] == ends.isoformat()
        assert step["selesai_sebelum_verifikasi"] is (ends <= deadline)
    assert data["waktu"]["langkah_tidak_sempat"] == sum(not s["selesai_sebelum_verifikasi"] for s in data["rencana"])


def test_indicator_without_guidance_gets_the_longest_lead_time_flagged(report) -> None:
    """Guidance may lag behind an instrument (T7 and T8 came later): such an indicator, or one of
    a kind the edition does not list, gets the longest lead time and is flagged."""
    from dataclasses import astuple, replace

    catalog, _ = report
    edition = catalog.editions[2025]
    longest = max(k.months for k in edition.kinds.values())
    guided = next(i for i in edition.indicators.values() if i.guidance is not None)
    kind = guided.guidance.kind
    assert astuple(lead_time(guided, edition)) == (kind, edition.kinds[kind].months, False)
    bare = replace(guided, guidance=None)
    assert astuple(lead_time(bare, edition)) == (None, longest, True)
    odd = replace(guided, guidance=replace(guided.guidance, kind="lain"))
    assert astuple(lead_time(odd, edition)) == ("lain", longest, True)
    assert lead_time(guided, catalog.editions[2024]).months is None  # the 2024 edition lists no kinds


def test_in_time_plan_is_preferred_over_a_shorter_late_one() -> None:
    """The example region's T9 needs two changes to reach 70: without a deadline T9.5 and T9.13
    (two rungs each); before the 2027 deadline T9.13 (coverage, 18 months) cannot be done, so the
    plan takes T9.7 (institution, 4 months) instead, although it climbs one rung more."""
    catalog, issues = load_catalog(DATA)
    assert not issues
    far = gap_report(catalog, "contoh-kabupaten-harapan", today=TODAY, deadline=dt.date(2030, 1, 1)).to_json()
    soon = gap_report(catalog, "contoh-kabupaten-harapan", today=TODAY).to_json()

    def t9(data):
        return [(s["indikator"], s["ke"]) for s in data["rencana"] if s["tatanan"] == "T9" and s["tujuan"] == "minimum"]

    assert t9(far) == [("T9.5", 100), ("T9.13", 100)]
    assert t9(soon) == [("T9.5", 100), ("T9.7", 100)]
    assert all(s["selesai_sebelum_verifikasi"] for s in soon["rencana"] if s["tatanan"] == "T9"
               and s["tujuan"] == "minimum")


def test_bad_and_stale_dates(report) -> None:
    catalog, _ = report
    with pytest.raises(GapError, match="tidak sesudah tanggal mulai"):
        gap_report(catalog, HOME, today=TODAY, deadline=dt.date(2026, 1, 1))
    late = gap_report(catalog, HOME, today=dt.date(2027, 6, 1)).to_json()  # the data's deadline has passed
    assert late["waktu"] is None and "sudah lewat" in late["catatan_waktu"]
    assert all(s["selesai_sebelum_verifikasi"] is None for s in late["rencana"])
    bad = kks("gap", HOME, "--verifikasi", "31-05-2027")
    assert bad.returncode == 2 and "TTTT-BB-HH" in bad.stderr


LADDERS = ((100, 50, 0), (100, 75, 50, 0), (100, 75, 50, 25, 0), (100, 0))


def _ind(code: str, ladder: tuple[int, ...]) -> Indicator:
    return Indicator(code, code, "d", "s", (), tuple(Level(s, f"syarat {s}") for s in ladder), code.split(".")[0])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LADDERS), st.integers(0, 4), st.booleans(), st.integers(0, 3)),
                min_size=1, max_size=6), st.sampled_from((70, 71, 81, 91)))
def test_time_aware_plan_matches_brute_force(spec, target) -> None:
    """Criterion 0 (fewest late changes) then the smallest plan, checked against every plan."""
    current, late_codes, prefs = [], set(), {}
    for k, (ladder, pos, late, pref) in enumerate(spec, start=1):
        i = _ind(f"T1.{k}", ladder)
        current.append((i, sorted(ladder)[min(pos, len(ladder) - 1)]))
        prefs[i.code] = pref
        if late:
            late_codes.add(i.code)

    def is_late(i: Indicator, _to: int) -> bool:
        return i.code in late_codes

    def prefer(i: Indicator, _to: int) -> int:
        return prefs[i.code]

    def key(lift):
        before = {i.code: s for i, s in current}
        return (sum(is_late(i, t) for i, t in lift), len(lift),
                sum(steps_between(i, before[i.code], t) for i, t in lift), -sum(prefer(i, t) for i, t in lift))

    best = None
    for choice in itertools.product(*[[None, *[t for t in i.scores if t > s]] for i, s in current]):
        total = sum(t if t is not None else s for (_, s), t in zip(current, choice, strict=True))
        if total < target * len(current) - 1e-9:
            continue
        lift = [(i, t) for (i, _), t in zip(current, choice, strict=True) if t is not None]
        best = key(lift) if best is None or key(lift) < best else best
    found = smallest_lift(current, target, prefer, is_late)
    assert (found is None) == (best is None)
    if found is not None:
        assert key(found) == best


# ---------------------------------------------------------------------------------------------
# Verification cuts


def test_likely_cut_rules() -> None:
    ind = _ind("T9.1", (100, 75, 50, 25, 0))
    assert check_indicator(ind, 100, 50, "x", "Bukti tidak sesuai").status == "dipotong"
    assert check_indicator(ind, 100, 50, "x", None).likely == 50
    cut = check_indicator(ind, 100, None, None, None)
    assert (cut.status, cut.likely) == ("tanpa-bukti", 0)
    assert check_indicator(ind, 0, None, None, None).status == "aman"
    assert check_indicator(ind, None, None, None, None).likely == 0
    ind2 = Indicator("T9.3", "n", "d", "s", ("Dokumen rencana", "Laporan gladi"),
                     tuple(Level(s, "x") for s in (100, 0)), "T9")
    risky = check_indicator(ind2, 100, None, "https://a.invalid/1", None)
    assert (risky.status, risky.likely, risky.evidence_asked) == ("berisiko", 100, ind2.evidence)
    assert check_indicator(ind2, 100, None, "https://a.invalid/1\nhttps://a.invalid/2", None).status == "aman"
    assert evidence_items("https://a.invalid/1 https://a.invalid/2; SK Bupati") == 3
    assert evidence_items("  ") == 0


def test_likely_cuts_in_the_report_and_cli(report, balangan: Path) -> None:
    _, rep = report
    data = rep.to_json()
    assert "dihitung 0" in data["verifikasi"]["aturan"]
    t1 = next(t for t in data["tatanan"] if t["kode"] == "T1")
    assert t1["nilai_setelah_potongan"] <= t1["nilai_mandiri"]
    text = kks("gap", HOME, "--data", str(balangan), "--mulai", TODAY.isoformat())
    assert text.returncode == 0 and "setelah potongan" in text.stdout and "Aturan:" in text.stdout


def test_sumenep_2024_self_versus_verified_per_indicator(tmp_path: Path) -> None:
    """The real 2024 form: T9 78.57 self-assessed, 33.93 after provincial verification; every
    indicator whose score changed is listed with the verifier's note, and the sums per tatanan
    are the form's own."""
    form = require_shared("instrument", "isian-kks-2024-sumenep.xlsx")
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    result = kks("import-assessment", str(form), "--region", "kab-sumenep", "--edition", "2024", "--data", str(folder))
    assert result.returncode == 0, result.stderr
    catalog, issues = load_catalog(folder)
    assert not issues
    data = gap_report(catalog, "kab-sumenep", today=TODAY).to_json()
    cuts = data["verifikasi"]
    t9 = next(t for t in cuts["tatanan"] if t["kode"] == "T9")
    assert (t9["nilai_mandiri"], t9["nilai_verifikasi"]) == (78.57, 33.93)
    scores = {s.indicator: s for s in catalog.assessments["kab-sumenep-2024"].scores}
    changed = {c for c, s in scores.items() if s.verified is not None and s.self_score is not None
               and s.verified != s.self_score}
    listed = {r["indikator"]: r for r in cuts["indikator"] if r["verifikasi"] is not None}
    assert changed <= set(listed)
    assert len([c for c in changed if c.startswith("T9.")]) == 8
    t95 = listed["T9.5"]
    assert (t95["mandiri"], t95["verifikasi"], t95["selisih"], t95["status"]) == (100, 0, 100, "dipotong")
    assert "RPJMD" in t95["catatan"]  # the verifier's own words say why
    assert listed["T9.12"]["catatan"].startswith("Dokumen bukti dukung hanya MoU")
    # both claims without any evidence link were verified 0: the rule's basis
    no_link = [s for s in scores.values() if (s.self_score or 0) > 0 and not s.evidence and s.verified is not None]
    assert no_link and all(s.verified == 0 for s in no_link)
    text = kks("gap", "kab-sumenep", "--data", str(folder))
    assert text.returncode == 0, text.stderr
    assert "T9.5" in text.stdout and "dipotong" in text.stdout and "bukan OPD setempat" in text.stdout
    assert data["waktu"] is None and "putaran_berikutnya" in data["catatan_waktu"]  # the 2024 edition has none


# ---------------------------------------------------------------------------------------------
# kks new-visit


def test_new_visit_prefilled_from_the_plan_and_never_overwritten(balangan: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(balangan, folder)
    catalog, _ = load_catalog(folder)
    data = gap_report(catalog, HOME).to_json()
    host = next(h for h in data["tuan_rumah"] if h["indikator"])
    result = kks("new-visit", HOME, host["daerah"], "--mulai", "2027-01-18", "--data", str(folder))
    assert result.returncode == 0, result.stderr
    path = folder / "kunjungan" / f"{HOME}-ke-{host['daerah']}-2027-01.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["fokus"] == host["indikator"][:15]
    assert record["status"] == "rencana" and record["selesai"] == "2027-01-20"
    assert {q["indikator"] for q in record["pertanyaan"]} == set(record["fokus"])
    assert record["dokumen_diminta"] and all(set(d["indikator"]) <= set(record["fokus"])
                                             for d in record["dokumen_diminta"])
    assert kks("validate", "--data", str(folder)).returncode == 0
    before = path.read_bytes()
    again = kks("new-visit", HOME, host["daerah"], "--mulai", "2027-01-18", "--data", str(folder))
    assert again.returncode == 1 and "tidak ditimpa" in again.stderr and path.read_bytes() == before
    # the dossier asks the record's questions and targets the plan's rungs
    from macros.core.visits import dossier

    catalog, _ = load_catalog(folder)
    view = dossier(catalog, catalog.visits[record["id"]])
    first = view.focus[0]
    assert list(first.questions) == [q["teks"] for q in record["pertanyaan"] if q["indikator"] == first.indicator.code]
    planned = {s["indikator"]: s["ke"] for s in gap_report(catalog, HOME).to_json()["rencana"]}
    assert all(item.target is not None and item.target.level.score == planned[item.indicator.code]
               for item in view.focus)


def test_new_visit_errors(balangan: Path) -> None:
    unknown = kks("new-visit", HOME, "kota-tidak-ada", "--data", str(balangan))
    assert unknown.returncode == 1 and "tidak ada" in unknown.stderr and "Traceback" not in unknown.stderr
    no_plan = kks("new-visit", "kota-makassar", "kota-surabaya", "--data", str(balangan))
    assert no_plan.returncode == 1 and "belum ada penilaian" in no_plan.stderr


# ---------------------------------------------------------------------------------------------
# Maps


def _inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = point
    found = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            found = not found
    return found


def test_outline_provenance_and_projection() -> None:
    from macros.render import maps

    data = maps.outline()
    assert data["sumber"]["paket_npm"] == "world-atlas@2.0.2" and len(data["sumber"]["sha256_berkas"]) == 64
    assert data["negara"][0]["nama"] == "Indonesia"
    assert (maps.render_dir() / "peta" / "LISENSI.md").read_text(encoding="utf-8").count("domain publik") >= 1
    frame = maps.national_frame()
    # Mercator centred on 118° E, computed independently of the module's transformer
    from pyproj import Transformer

    merc = Transformer.from_crs("EPSG:4326", "+proj=merc +lon_0=118 +datum=WGS84", always_xy=True)
    (x0, x1), (y0, y1) = merc.transform([frame.west, frame.east], [frame.north, frame.south])
    x, y = merc.transform(119.42, -5.14)  # Makassar
    assert frame.point(119.42, -5.14) == (round((x - x0) * 1000 / (x1 - x0)), round((y0 - y) * 1000 / (x1 - x0)))
    assert frame.height == round(1000 * (y0 - y1) / (x1 - x0))


def test_register_points_fall_on_indonesian_land() -> None:
    """Outline and points go through the same projection: almost every region's centre point is
    on an Indonesian island of the outline (a few small-island regions sit on islets dropped as
    specks, or just off a simplified coast)."""
    from macros.render import maps

    catalog, _ = load_catalog(DATA)
    frame = maps.national_frame()
    rings = []
    for polygon in maps.outline()["negara"][0]["poligon"]:
        ring = polygon[0]
        rings.append(frame.project([p[0] for p in ring], [p[1] for p in ring]))
    points = {pid: frame.project([p.lon], [p.lat])[0] for pid, p in catalog.places.items()}
    on_land = [pid for pid, pt in points.items() if any(_inside(pt, r) for r in rings)]
    assert len(on_land) >= 0.95 * len(points), sorted(set(points) - set(on_land))
    assert {"kab-balangan", "kota-makassar", "kota-jayapura", "kota-banda-aceh"} <= set(on_land)


@pytest.mark.slow
def test_region_list_map_and_gap_page_in_the_built_site(built_site: Path) -> None:
    from bs4 import BeautifulSoup

    catalog, _ = load_catalog(DATA)
    soup = BeautifulSoup((built_site / "daerah" / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one("figure.kks-peta svg")
    assert svg is not None and soup.find("script", src=lambda s: s and "peta" in s) is None
    named = {c.find("title").get_text() for c in svg.select("circle")}
    awarded = [p for p in catalog.places.values() if catalog.regions[p.id].latest]
    assert {f"{p.name}: {catalog.regions[p.id].latest.label} {catalog.regions[p.id].latest.year}"
            for p in awarded} <= named
    dots = svg.select_one("path.kks-peta-titik")["d"].count("M")
    assert len(svg.select("circle")) + dots == len(catalog.places)
    for kind in ("padapa", "wiwerda", "wistara"):
        assert svg.select(f"g.kks-peta-{kind} circle")
    assert "Natural Earth" in soup.select_one("figure.kks-peta figcaption").get_text()
    gap = BeautifulSoup((built_site / "kesenjangan" / "contoh-kabupaten-harapan.html").read_text(encoding="utf-8"),
                        "html.parser")
    bars = gap.select("figure.kks-rencana-waktu rect")
    plan_rows = gap.find(id="rencana").find_next("table").select("tbody tr")
    assert len(bars) == len(plan_rows)
    assert gap.select("figure.kks-peta g.kks-peta-tuan-rumah text")
    assert gap.find(id="potongan") is not None and "dihitung 0" in gap.find(id="potongan").find_next("p").get_text()


def test_visit_questions_and_documents_are_checked(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "kunjungan" / "contoh-harapan-ke-makassar-2026.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["pertanyaan"] = [{"indikator": "T9.99", "teks": "Bagaimana?"}]
    record["dokumen_diminta"] = [{"judul": "SK TRC", "indikator": ["T9.7", "T9.98"]}]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = kks("validate", "--data", str(folder))
    assert result.returncode == 1
    assert "pertanyaan[0].indikator" in result.stderr and "T9.99" in result.stderr
    assert "dokumen_diminta[0].indikator[1]" in result.stderr and "T9.98" in result.stderr
