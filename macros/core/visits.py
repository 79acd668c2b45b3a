"""Study visits (kunjungan studi tiru): the record, and the dossier and follow-up views as plain data.

A visit record is written before the trip (home region, host, dates, team, focus indicators)
and completed after it (findings, follow-up actions). From it we derive what a team needs in
hand: the host's practices for the focus indicators, questions to ask, documents to request
and whom to contact. Every list is bounded so a dossier stays a few pages long.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog
from .gaps import GapError, gap_report
from .records import CONFIDENCE_ORDER, Assessment, Contact, Edition, Indicator, Level, Practice, Region

VISIT_STATUS_LABELS = {"rencana": "Rencana", "terlaksana": "Terlaksana", "batal": "Batal"}
FOLLOW_UP_LABELS = {"belum": "Belum mulai", "berjalan": "Berjalan", "selesai": "Selesai", "batal": "Batal"}
OPEN_STATUSES = ("belum", "berjalan")

PRACTICES_MAX = 12
"""Host practices described in a dossier; the rest are counted."""
PRACTICES_PER_INDICATOR = 3
QUESTIONS_EVIDENCE_MAX = 3
"""Evidence items turned into questions per indicator (the full list is under documents)."""
DOCUMENTS_MAX = 60
CONTACTS_MAX = 20
FOLLOW_UPS_MAX = 100
"""Follow-up actions listed on one region page (open ones first); the rest are counted."""
TEXT_MAX = 180
"""Ladder conditions quoted in questions are cut to this many characters (at a word boundary)."""
FIELD_VISITS_MAX = 6
"""Field visits in a suggested agenda (one per running host practice)."""

_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")


@dataclass(frozen=True)
class TeamMember:
    role: str
    unit: str
    count: int


@dataclass(frozen=True)
class AgendaItem:
    date: str
    time: str | None
    activity: str
    place: str | None
    indicator: str | None


@dataclass(frozen=True)
class Finding:
    indicator: str | None
    text: str


@dataclass(frozen=True)
class FollowUp:
    """One action the home region commits to after the visit."""

    action: str
    owner: str
    due: str
    indicator: str
    status: str
    note: str | None

    @property
    def label(self) -> str:
        return FOLLOW_UP_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class Visit:
    id: str
    title: str | None
    home: str
    host: str
    edition: int | None
    start: str
    end: str
    status: str
    purpose: str | None
    team: tuple[TeamMember, ...]
    focus: tuple[str, ...]
    agenda: tuple[AgendaItem, ...]
    findings: tuple[Finding, ...]
    follow_ups: tuple[FollowUp, ...]
    note: str | None
    example: bool
    questions: tuple[tuple[str, str], ...] = ()
    """(indicator code, question) written in the record (kks new-visit prefills them)."""
    requested: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(document title, indicator codes) written in the record."""

    @property
    def has_report(self) -> bool:
        """A report page exists once findings or follow-up actions are written."""
        return bool(self.findings or self.follow_ups)

    @property
    def status_label(self) -> str:
        return VISIT_STATUS_LABELS[self.status]

    @property
    def team_size(self) -> int:
        return sum(m.count for m in self.team)

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> Visit:
        team = tuple(TeamMember(m["peran"], m["unit"], m.get("jumlah", 1)) for m in d["tim"])
        agenda = tuple(AgendaItem(a["tanggal"], a.get("waktu"), a["kegiatan"], a.get("tempat"),
                                  a.get("indikator")) for a in d.get("agenda") or ())
        findings = tuple(Finding(f.get("indikator"), f["uraian"]) for f in d.get("temuan") or ())
        follow_ups = tuple(FollowUp(f["aksi"], f["opd"], f["tenggat"], f["indikator"], f["status"],
                                    f.get("catatan")) for f in d.get("tindak_lanjut") or ())
        return cls(d["id"], d.get("judul"), d["daerah_asal"], d["tuan_rumah"], d.get("edisi"),
                   d["mulai"], d["selesai"], d.get("status", "rencana"), d.get("maksud"), team,
                   tuple(d["fokus"]), agenda, findings, follow_ups, d.get("catatan"), bool(d.get("contoh")),
                   tuple((q["indikator"], q["teks"]) for q in d.get("pertanyaan") or ()),
                   tuple((x["judul"], tuple(x.get("indikator") or ())) for x in d.get("dokumen_diminta") or ()))


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def format_date(value: str, weekday: bool = False) -> str:
    """'2025-11-24' -> '24 November 2025' (or 'Senin, 24 November 2025')."""
    day = parse_date(value)
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_DAYS[day.weekday()]}, {text}" if weekday else text


def visit_title(visit: Visit, catalog: Catalog) -> str:
    if visit.title:
        return visit.title
    home = catalog.regions[visit.home].name
    host = catalog.regions[visit.host].name
    return f"Studi tiru {home} ke {host}"


def visit_edition(visit: Visit, catalog: Catalog) -> Edition:
    return catalog.editions[visit.edition] if visit.edition else catalog.edition


def latest_assessment(catalog: Catalog, region_id: str, year: int) -> Assessment | None:
    """The region's newest-round assessment on this edition of the framework."""
    found = [a for a in catalog.assessments.values() if a.region == region_id and a.edition == year]
    return max(found, key=lambda a: (a.round, a.id)) if found else None


def _scores(assessment: Assessment | None) -> dict[str, int | None]:
    return {s.indicator: s.effective for s in assessment.scores} if assessment else {}


# ---------------------------------------------------------------- dossier


@dataclass(frozen=True)
class Target:
    """The rung a focus indicator should reach: the improvement plan's (`kks gap`, core/gaps.py)
    when the home region has an assessment, else the top rung."""

    level: Level
    goal: str | None
    """'minimum' or a predicate code when the target comes from the plan; None for the top rung."""
    goal_score: float | None


@dataclass(frozen=True)
class FocusItem:
    """One focus indicator: where the home region stands, the rung to aim for, what to ask."""

    indicator: Indicator
    home_score: int | None
    host_score: int | None
    next_level: Level | None
    practices: tuple[Practice, ...]
    questions: tuple[str, ...]
    target: Target | None = None
    """None when the home region is already at the top, or when the plan does not raise it."""


@dataclass(frozen=True)
class RequestedDocument:
    title: str
    indicators: tuple[str, ...]
    url: str | None = None
    file: str | None = None
    practice: Practice | None = None


@dataclass(frozen=True)
class ContactEntry:
    contact: Contact
    via: str
    """Where the contact comes from: the host region's name or a practice title."""


@dataclass(frozen=True)
class AgendaDay:
    date: str
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class Dossier:
    visit: Visit
    title: str
    home: Region
    host: Region
    edition: Edition
    focus: tuple[FocusItem, ...]
    practices: tuple[Practice, ...]
    more_practices: int
    agenda: tuple[AgendaDay, ...]
    agenda_suggested: bool
    documents: tuple[RequestedDocument, ...]
    more_documents: int
    contacts: tuple[ContactEntry, ...]
    home_assessment: Assessment | None


def _cut(text: str, limit: int = TEXT_MAX) -> str:
    """One line, without a closing full stop (the text is quoted inside a question); a longer
    text is cut at the last word boundary before `limit` characters and ends with an ellipsis."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head and not text[limit - 1].isspace():  # never end in the middle of a word
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,.;:(-–") + "…"


def next_level(indicator: Indicator, score: int | None) -> Level | None:
    """The rung just above `score` (the top rung when the score is unknown); None at the top."""
    above = [lv for lv in indicator.ladder if score is None or lv.score > score]
    if not above:
        return None
    return above[0] if score is None else min(above, key=lambda lv: lv.score)


def _level(indicator: Indicator, score: int | None) -> Level | None:
    return next((lv for lv in indicator.ladder if lv.score == score), None)


def questions(indicator: Indicator, host: Region, home_score: int | None,
              practices: Iterable[Practice] = (), aim: Level | None = None) -> tuple[str, ...]:
    """Questions for the host about one indicator, built from its ladder and evidence list.
    `aim` is the rung the home region aims for (the plan's target); the next rung when None."""
    out: list[str] = []
    top = indicator.ladder[0] if indicator.ladder else None
    if top is not None:
        out.append(f"Bagaimana {host.name} mencapai kondisi “{_cut(top.condition)}” (nilai {top.score})? "
                   "Langkah apa yang paling menentukan, dan berapa lama prosesnya?")
    current, target = _level(indicator, home_score), aim or next_level(indicator, home_score)
    if current is not None and target is not None and target is not top:
        out.append(f"Kami sekarang di nilai {current.score} (“{_cut(current.condition)}”). Apa yang perlu "
                   f"dikerjakan lebih dulu untuk naik ke nilai {target.score} (“{_cut(target.condition)}”)?")
    elif current is None:
        out.append("Di anak tangga mana daerah biasanya tertahan pada indikator ini, dan bagaimana "
                   f"{host.name} melewatinya?")
    for evidence in indicator.evidence[:QUESTIONS_EVIDENCE_MAX]:
        out.append(f"Dokumen apa yang ditunjukkan saat verifikasi sebagai bukti “{_cut(evidence)}”? "
                   "Bolehkah kami meminta salinan atau contoh formatnya?")
    out.append(f"Siapa yang memimpin pekerjaan ini (sumber data instrumen: {_cut(indicator.data_source, 120)}), "
               "dan bagaimana pembagian peran dengan OPD lain, forum dan pokja?")
    out.append("Berapa biayanya, dari anggaran mana (APBD, DAK, dana desa/kelurahan, CSR, swadaya), "
               "dan di kegiatan/subkegiatan apa dianggarkan?")
    out.append("Bagaimana kegiatan ini dijaga tetap berjalan dan dipantau di luar masa penilaian "
               "(regulasi, anggaran rutin, laporan berkala)?")
    for p in list(practices)[:2]:
        out.append(f"Untuk “{_cut(p.title, 100)}”: apa yang harus kami siapkan untuk menirunya, dan kendala "
                   "apa yang muncul pada tahun pertama?")
    return tuple(out)


def _host_practices(catalog: Catalog, visit: Visit, year: int) -> list[Practice]:
    """Host practices touching a focus indicator: most focus indicators covered first."""
    focus = set(visit.focus)
    found = [p for p in catalog.practices_by_region.get(visit.host, [])
             if p.edition == year and focus.intersection(p.indicators)]
    return sorted(found, key=lambda p: (-len(focus.intersection(p.indicators)),
                                        CONFIDENCE_ORDER[p.confidence], p.title.casefold(), p.id))


def _documents(items: tuple[FocusItem, ...], practices: list[Practice],
               written: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[RequestedDocument]:
    """The documents the record lists (when it lists any), else the evidence checklists of the
    focus indicators (merged when worded alike); then the host practices' own documents."""
    by_title: dict[str, tuple[str, list[str]]] = {}
    for title, codes_ in written:
        by_title.setdefault(" ".join(title.casefold().split()), (title, list(codes_)))
    for item in () if written else items:
        for evidence in item.indicator.evidence:
            key = " ".join(evidence.casefold().split())
            codes = by_title.setdefault(key, (evidence, []))[1]
            if item.indicator.code not in codes:
                codes.append(item.indicator.code)
    out = [RequestedDocument(title, tuple(codes)) for title, codes in by_title.values()]
    seen: set[str] = set()
    for p in practices:
        for d in p.documents:
            key = d.url or d.file or d.title
            if key not in seen:
                seen.add(key)
                out.append(RequestedDocument(d.title, tuple(c for c in p.indicators), d.url, d.file, p))
    return out


def _contacts(host: Region, practices: list[Practice]) -> tuple[ContactEntry, ...]:
    seen: set[tuple[str, str]] = set()
    out: list[ContactEntry] = []
    sources = [(host.name, c) for c in host.contacts] + [(p.title, c) for p in practices for c in p.contacts]
    for via, contact in sources:
        key = (contact.role.casefold(), contact.unit.casefold())
        if key not in seen:
            seen.add(key)
            out.append(ContactEntry(contact, via))
    return tuple(out[:CONTACTS_MAX])


def _days(visit: Visit) -> list[str]:
    start, end = parse_date(visit.start), parse_date(visit.end)
    count = max(1, min((end - start).days + 1, 14))
    return [(start + dt.timedelta(days=n)).isoformat() for n in range(count)]


def suggested_agenda(visit: Visit, host: Region, focus: tuple[FocusItem, ...],
                     practices: list[Practice]) -> tuple[AgendaItem, ...]:
    """A sensible programme when the record has none: opening, one discussion per focus tatanan,
    field visits to the host's practices, then a closing session to draft follow-ups."""
    days = _days(visit)
    first, last = days[0], days[-1]
    office = f"Kantor {host.name}"
    items = [AgendaItem(first, None, "Pembukaan, perkenalan tim dan penyampaian maksud kunjungan", office, None),
             AgendaItem(first, None, f"Paparan {host.name}: kelembagaan KKS (Tim Pembina, Forum, Pokja) "
                        "dan perjalanan menuju predikat", office, None)]
    by_tatanan: dict[str, list[str]] = {}
    for item in focus:
        by_tatanan.setdefault(item.indicator.tatanan, []).append(item.indicator.code)
    for tatanan, codes in by_tatanan.items():
        items.append(AgendaItem(first, None, f"Diskusi tatanan {tatanan}: indikator {', '.join(codes)} "
                                "— cara mencapai nilai tertinggi dan bukti dukungnya", office, codes[0]))
    field_days = days[1:-1] or days
    # A practice that has stopped cannot be visited in the field (it stays in the dossier, marked).
    running = [p for p in practices if p.status != "berhenti"]
    for n, p in enumerate(running[:FIELD_VISITS_MAX]):
        codes = [c for c in p.indicators if c in visit.focus]
        items.append(AgendaItem(field_days[n % len(field_days)], None, f"Kunjungan lapangan: {p.title}",
                                None, codes[0] if codes else None))
    items.append(AgendaItem(last, None, "Diskusi penutup, serah terima dokumen, dan penyusunan draf "
                            "rencana tindak lanjut", office, None))
    order = {d: i for i, d in enumerate(days)}
    return tuple(sorted(items, key=lambda a: order.get(a.date, 0)))


def _group_days(items: Iterable[AgendaItem]) -> tuple[AgendaDay, ...]:
    by_day: dict[str, list[AgendaItem]] = {}
    for item in sorted(items, key=lambda a: (a.date, a.time or "")):
        by_day.setdefault(item.date, []).append(item)
    return tuple(AgendaDay(day, tuple(rows)) for day, rows in by_day.items())


def plan_targets(catalog: Catalog, home: str, edition: Edition) -> dict[str, Target] | None:
    """The improvement plan's target per indicator code (`kks gap`, core/gaps.py) for the home
    region's latest assessment of `edition`; None when it has no such assessment. An indicator
    raised twice (to the floor, then to the next predicate) keeps its final target."""
    try:
        report = gap_report(catalog, home, edition.year)
    except GapError:
        return None
    out: dict[str, Target] = {}
    for step in report.plan:
        level = next(lv for lv in step.indicator.ladder if lv.score == step.to_score)
        out[step.indicator.code] = Target(level, step.goal, step.goal_score)
    return out


def _target(indicator: Indicator, score: int | None, planned: dict[str, Target] | None) -> Target | None:
    """The plan's target when there is a plan, else the top rung (unless already reached)."""
    if planned is not None:
        return planned.get(indicator.code)
    if not indicator.ladder or (score is not None and score >= indicator.ladder[0].score):
        return None
    return Target(indicator.ladder[0], None, None)


def dossier(catalog: Catalog, visit: Visit) -> Dossier:
    """Everything the visiting team should carry, for a visit whose references are valid."""
    edition = visit_edition(visit, catalog)
    home, host = catalog.regions[visit.home], catalog.regions[visit.host]
    assessment = latest_assessment(catalog, home.id, edition.year)
    home_scores = _scores(assessment)
    host_scores = _scores(latest_assessment(catalog, host.id, edition.year))
    planned = plan_targets(catalog, home.id, edition) if assessment is not None else None
    practices = _host_practices(catalog, visit, edition.year)
    shown = practices[:PRACTICES_MAX]
    items = []
    for code in visit.focus:
        indicator = edition.indicators[code]
        own = tuple(p for p in practices if code in p.indicators)[:PRACTICES_PER_INDICATOR]
        score = home_scores.get(code)
        target = _target(indicator, score, planned)
        written = tuple(text for c, text in visit.questions if c == code)
        asked = written or questions(indicator, host, score, own, target.level if target else None)
        items.append(FocusItem(indicator, score, host_scores.get(code), next_level(indicator, score), own,
                               asked, target))
    focus = tuple(items)
    documents = _documents(focus, shown, visit.requested)
    agenda = visit.agenda or suggested_agenda(visit, host, focus, shown)
    return Dossier(visit, visit_title(visit, catalog), home, host, edition, focus, tuple(shown),
                   len(practices) - len(shown), _group_days(agenda), not visit.agenda,
                   tuple(documents[:DOCUMENTS_MAX]), max(0, len(documents) - DOCUMENTS_MAX),
                   _contacts(host, shown), assessment)


# ---------------------------------------------------------------- follow-up tracking


@dataclass(frozen=True)
class FollowUpRow:
    visit: Visit
    follow_up: FollowUp
    overdue: bool


@dataclass(frozen=True)
class FollowUpTable:
    rows: tuple[FollowUpRow, ...]
    more: int
    open_count: int
    done_count: int
    overdue_count: int
    visits: tuple[Visit, ...] = ()
    """The region's newest visits (bounded), for links to their dossiers."""


VISITS_LISTED_MAX = 20


def visits_of(catalog: Catalog, region_id: str) -> list[Visit]:
    """Visits a region made, newest first."""
    found = [v for v in catalog.visits.values() if v.home == region_id]
    return sorted(found, key=lambda v: (v.start, v.id), reverse=True)


def follow_ups_for(catalog: Catalog, region_id: str, today: dt.date | None = None) -> FollowUpTable:
    """The follow-up actions of every visit the region made: open ones first, by due date."""
    today = today or dt.date.today()
    made = visits_of(catalog, region_id)
    rows = [FollowUpRow(v, f, f.is_open and parse_date(f.due) < today) for v in made for f in v.follow_ups]
    rows.sort(key=lambda r: (not r.follow_up.is_open, r.follow_up.due, r.visit.id, r.follow_up.action))
    return FollowUpTable(tuple(rows[:FOLLOW_UPS_MAX]), max(0, len(rows) - FOLLOW_UPS_MAX),
                         sum(r.follow_up.is_open for r in rows),
                         sum(r.follow_up.status == "selesai" for r in rows), sum(r.overdue for r in rows),
                         tuple(made[:VISITS_LISTED_MAX]))


# ---------------------------------------------------------------- weakest indicators (gap page)

WEAKEST_MAX = 10


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    score: int | None
    missing: int
    """Points between the score (unscored counts 0) and the top of the indicator's ladder."""
    next_level: Level | None


def weakest_indicators(assessment: Assessment, edition: Edition, below_floor: Iterable[str] = (),
                       limit: int = WEAKEST_MAX) -> tuple[WeakIndicator, ...]:
    """Indicators furthest from their top rung, those of tatanan under the floor first, then in
    instrument order; the institutional group is left out, as in the predicate rules."""
    scores = {s.indicator: s.effective for s in assessment.scores}
    urgent = set(below_floor)
    found = []
    for t_index, group in enumerate(edition.tatanan):
        for i_index, indicator in enumerate(group.indicators):
            score = scores.get(indicator.code)
            missing = max(indicator.scores, default=0) - (score or 0)
            if missing > 0:
                found.append(((group.code not in urgent, -missing, t_index, i_index),
                              WeakIndicator(indicator, score, missing, next_level(indicator, score or 0))))
    found.sort(key=lambda pair: pair[0])
    return tuple(w for _, w in found[:limit])


# ---------------------------------------------------------------- a new visit record from the plan

FOCUS_MAX = 15
"""As many focus indicators as the visit schema allows."""


class NewVisitError(ValueError):
    """A visit record cannot be prefilled (unknown region, no plan); the message is Indonesian."""


def new_visit_record(catalog: Catalog, home_id: str, host_id: str, start: dt.date, end: dt.date, visit_id: str,
                     today: dt.date | None = None) -> dict[str, Any]:
    """A `kunjungan` record prefilled from the home region's improvement plan (`kks gap`).

    Focus: the plan's indicators the host documents a practice for (in plan order); when it
    documents none, those where the host's known score reaches the plan's target; else the
    plan's first indicators, and the purpose says so. Questions and documents to request are the
    dossier's for that focus (`questions`, the indicators' evidence lists), written into the
    record so the team can edit them. Raises NewVisitError."""
    for region_id in (home_id, host_id):
        if region_id not in catalog.regions:
            raise NewVisitError(f"daerah '{region_id}' tidak ada di register atau data/daerah/")
    if home_id == host_id:
        raise NewVisitError("daerah asal dan tuan rumah sama")
    try:
        report = gap_report(catalog, home_id, today=today)
    except GapError as err:
        raise NewVisitError(str(err)) from err
    home, host = catalog.regions[home_id], catalog.regions[host_id]
    edition = report.edition
    plan_codes = list(dict.fromkeys(s.indicator.code for s in report.plan))
    if not plan_codes:
        raise NewVisitError(f"rencana perbaikan {home.name} kosong (semua tatanan sudah mencapai target), jadi tidak "
                            "ada indikator fokus; tulis berkas kunjungan sendiri")
    documented = {c for p in catalog.practices_by_region.get(host_id, []) if p.edition == edition.year
                  for c in p.indicators}
    targets = {s.indicator.code: s.to_score for s in report.plan}
    host_scores = _scores(latest_assessment(catalog, host_id, edition.year))
    focus = [c for c in plan_codes if c in documented]
    why = ""
    if not focus:
        focus = [c for c in plan_codes if (host_scores.get(c) or -1) >= targets[c]]
        why = f"Fokus: indikator rencana yang nilai {host.name} tercatat mencapai targetnya."
    if not focus:
        focus = plan_codes[:5]
        why = (f"{host.name} belum mendokumentasikan praktik untuk indikator rencana di pustaka ini; fokus diisi "
               "indikator pertama rencana, sesuaikan dengan yang memang dikuasai tuan rumah.")
    focus = focus[:FOCUS_MAX]
    reason = next((h.reason for h in report.hosts if h.region.id == host_id), "")
    when = report.timing
    plan_line = (f"Rencana perbaikan {home.name} (kks gap, penilaian {report.assessment.id}) menaikkan "
                 f"{len(plan_codes)} indikator" + (f" sebelum {when.deadline.isoformat()} ({when.deadline_name})"
                                                   if when else "") + ".")
    draft = Visit(visit_id, None, home_id, host_id, edition.year, start.isoformat(), end.isoformat(), "rencana",
                  None, (TeamMember("Ketua rombongan", f"Tim Pembina KKS {home.name}", 1),), tuple(focus), (), (),
                  (), None, home.example)
    view = dossier(catalog, draft)
    record: dict[str, Any] = {"id": visit_id}
    if home.example:
        record["contoh"] = True
    record.update({
        "daerah_asal": home_id,
        "tuan_rumah": host_id,
        "edisi": edition.year,
        "mulai": start.isoformat(),
        "selesai": end.isoformat(),
        "status": "rencana",
        "maksud": " ".join(x for x in (plan_line, f"Mengapa {host.name}: {reason}." if reason else "", why) if x),
        "tim": [{"peran": "Ketua rombongan", "unit": f"Tim Pembina KKS {home.name}"}],
        "fokus": focus,
        "pertanyaan": [{"indikator": item.indicator.code, "teks": q} for item in view.focus for q in item.questions],
        "dokumen_diminta": [{"judul": d.title, "indikator": list(d.indicators)} for d in view.documents
                            if d.practice is None][:DOCUMENTS_MAX],
    })
    return record
