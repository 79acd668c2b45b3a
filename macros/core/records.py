"""Typed, immutable records built from validated YAML. Field names in English, data in Indonesian."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONFIDENCE_LABELS = {"tinggi": "Tinggi", "sedang": "Sedang", "rendah": "Rendah"}
CONFIDENCE_ORDER = {"tinggi": 0, "sedang": 1, "rendah": 2}
"""Sort key for confidence: the best-sourced practices first."""
PREDICATE_LABELS = {
    "padapa": "Padapa",
    "wiwerda": "Wiwerda",
    "wistara": "Wistara",
    "wistara-paripurna": "Wistara Paripurna",
    "tidak-lolos": "Tidak lolos",
}


def code_order(code: str) -> tuple[int, int]:
    """Natural order of tatanan and indicator codes: T1 < T2 < ... < T9 < KL, T9.7 < T9.10."""
    group, _, number = code.partition(".")
    rank = 99 if group == "KL" else int(group[1:])
    return rank, int(number or 0)


@dataclass(frozen=True)
class Source:
    url: str
    accessed: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> Source:
        return cls(d["url"], d["diakses"], d.get("judul"), d.get("penerbit"), d.get("tanggal"))


def _sources(d: dict[str, Any], key: str = "sumber") -> tuple[Source, ...]:
    return tuple(Source.from_yaml(s) for s in d.get(key) or ())


@dataclass(frozen=True)
class Level:
    """One rung of an indicator's scoring ladder."""

    score: int
    condition: str


@dataclass(frozen=True)
class Guidance:
    """What the verifier checks for one indicator, from the edition's technical guidance."""

    kind: str
    kind_reason: str
    checks: str
    evidence: tuple[str, ...]
    note: str | None
    page: int

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> Guidance:
        return cls(d["jenis"], d["jenis_alasan"], d["diperiksa"], tuple(d["bukti_diterima"]), d.get("catatan"),
                   d["halaman"])


@dataclass(frozen=True)
class IndicatorKind:
    """A kind of indicator (document, institution, activity, coverage) and its typical lead time."""

    code: str
    name: str
    months: int
    reason: str


@dataclass(frozen=True)
class NextRound:
    """The next award round after an edition, and the date by which a region's evidence must be ready."""

    year: int
    deadline: str
    """ISO date: the last day evidence can still count (the proposal deadline of the round)."""
    deadline_name: str
    reason: str
    confidence: str
    sources: tuple[Source, ...]
    guide_page: int | None = None

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> NextRound:
        return cls(d["tahun"], d["batas_bukti"], d["nama_batas"], d["alasan"], d["keyakinan"], _sources(d),
                   d.get("halaman_panduan"))


@dataclass(frozen=True)
class Application:
    """An official application used in an edition's assessment (e.g. SIPANTAS)."""

    name: str
    use: str
    guide_pages: tuple[int, ...]


@dataclass(frozen=True)
class GuideDocument:
    """The technical guidance an edition's indicator guidance cites (page numbers refer to it)."""

    title: str
    publisher: str
    year: int
    url: str | None
    note: str


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    definition: str
    data_source: str
    evidence: tuple[str, ...]
    ladder: tuple[Level, ...]
    tatanan: str
    guidance: Guidance | None = None

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(level.score for level in self.ladder)

    @property
    def number(self) -> int:
        return int(self.code.split(".")[1])

    @property
    def kind(self) -> str | None:
        return self.guidance.kind if self.guidance else None

    @classmethod
    def from_yaml(cls, d: dict[str, Any], tatanan: str, guidance: Guidance | None = None) -> Indicator:
        ladder = tuple(Level(x["nilai"], x["syarat"]) for x in d["tangga_nilai"])
        return cls(d["kode"], d["nama"], d["definisi"], d["sumber_data"], tuple(d.get("bukti") or ()),
                   tuple(sorted(ladder, key=lambda lv: -lv.score)), tatanan, guidance)


@dataclass(frozen=True)
class Tatanan:
    """A setting (T1..T9) or the institutional group (KL), with its indicators in order."""

    code: str
    name: str
    aliases: tuple[str, ...]
    description: str
    indicators: tuple[Indicator, ...]

    @property
    def is_institutional(self) -> bool:
        return self.code == "KL"

    @property
    def number(self) -> int:
        return 0 if self.is_institutional else int(self.code[1:])

    @classmethod
    def from_yaml(cls, d: dict[str, Any], guidance: dict[str, Guidance] | None = None) -> Tatanan:
        guidance = guidance or {}
        return cls(d["kode"], d["nama"], tuple(d.get("alias") or ()), d["deskripsi"],
                   tuple(Indicator.from_yaml(i, d["kode"], guidance.get(i["kode"])) for i in d["indikator"]))


@dataclass(frozen=True)
class Predicate:
    code: str
    name: str
    meaning: str
    min_score: float
    odf_min: float | None
    wistara_streak: int
    other: str | None
    confidence: str
    sources: tuple[Source, ...]
    institutions_min: float | None = None
    """Minimum share (%) of kecamatan forums and village pokja with a decree."""
    guide_page: int | None = None
    """Page of the edition's technical guidance that states this rule."""

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> Predicate:
        return cls(d["kode"], d["nama"], d["makna"], d["nilai_minimum_setiap_tatanan"],
                   d.get("odf_minimum_persen"), d.get("wistara_berturut", 0), d.get("syarat_lain"),
                   d["keyakinan"], _sources(d), d.get("kelembagaan_minimum_persen"), d.get("halaman_panduan"))


@dataclass(frozen=True)
class Edition:
    """One edition of the assessment framework: its tatanan, indicators and predicate rules."""

    year: int
    name: str
    note: str | None
    floor: float
    predicates: tuple[Predicate, ...]
    tatanan: tuple[Tatanan, ...]
    institutional: Tatanan | None
    sources: tuple[Source, ...]
    confidence: str
    guide: GuideDocument | None = None
    kinds: dict[str, IndicatorKind] = field(default_factory=dict)
    next_round: NextRound | None = None
    applications: tuple[Application, ...] = ()
    indicators: dict[str, Indicator] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        groups = self.tatanan + ((self.institutional,) if self.institutional else ())
        self.indicators.update({i.code: i for t in groups for i in t.indicators})

    @property
    def groups(self) -> tuple[Tatanan, ...]:
        """The tatanan followed by the institutional group, as shown on the site."""
        return self.tatanan + ((self.institutional,) if self.institutional else ())

    def group(self, code: str) -> Tatanan | None:
        return next((t for t in self.groups if t.code == code), None)


@dataclass(frozen=True)
class Contact:
    role: str
    unit: str
    phone: str | None = None
    email: str | None = None
    public: bool = False

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> Contact:
        return cls(d["peran"], d["unit"], d.get("telepon"), d.get("email"), bool(d.get("publik")))


@dataclass(frozen=True)
class HistoryEntry:
    year: int
    predicate: str
    note: str | None
    confidence: str
    sources: tuple[Source, ...]

    @property
    def label(self) -> str:
        return PREDICATE_LABELS[self.predicate]


@dataclass(frozen=True)
class Network:
    name: str
    status: str
    year: int | None
    confidence: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Place:
    """One kabupaten/kota of the national register (data/wilayah/kabupaten-kota.yaml)."""

    id: str
    code: str
    name: str
    kind: str
    province: str
    island: str
    population: int
    area_km2: float
    lat: float
    lon: float


@dataclass(frozen=True)
class Award:
    """A region's national predicate in one round, as a round file lists it."""

    year: int
    region: str
    predicate: str
    confidence: str
    sources: tuple[Source, ...]
    note: str | None

    def as_history(self) -> HistoryEntry:
        return HistoryEntry(self.year, self.predicate, self.note, self.confidence, self.sources)


@dataclass(frozen=True)
class AwardRound:
    """One round of the national award: the ministry's totals and the recipients recorded here."""

    year: int
    totals: dict[str, int]
    totals_sources: tuple[Source, ...]
    awards: tuple[Award, ...]
    note: str | None

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def recorded(self, predicate: str | None = None) -> int:
        """How many recipients are recorded, of one predicate or of all."""
        return sum(1 for a in self.awards if predicate is None or a.predicate == predicate)

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> AwardRound:
        sources = _sources(d)

        def cited(numbers: list[int]) -> tuple[Source, ...]:
            return tuple(sources[n - 1] for n in numbers if 0 < n <= len(sources))

        totals = {k: v for k, v in d["jumlah_kementerian"].items() if k != "sumber"}
        awards = tuple(Award(d["putaran"], a["daerah"], a["predikat"], a["keyakinan"], cited(a["sumber"]),
                             a.get("keterangan")) for a in d["penerima"])
        return cls(d["putaran"], totals, cited(d["jumlah_kementerian"]["sumber"]), awards, d.get("catatan"))


@dataclass(frozen=True)
class Region:
    """A kabupaten/kota: its register entry, its KKS profile (when written) and award history.

    Regions of the register without a profile have `role`, `summary` and `note` None; example
    regions (`contoh: true`) are not in the register and carry name, kind and province themselves.
    """

    id: str
    name: str
    kind: str
    province: str
    kemendagri_code: str | None
    role: str | None
    summary: str | None
    history: tuple[HistoryEntry, ...]
    networks: tuple[Network, ...]
    contacts: tuple[Contact, ...]
    note: str | None
    sources: tuple[Source, ...]
    example: bool
    place: Place | None = None

    @property
    def is_home(self) -> bool:
        return self.role == "asal"

    @property
    def has_profile(self) -> bool:
        return self.summary is not None

    @property
    def island(self) -> str | None:
        return self.place.island if self.place else None

    @property
    def latest(self) -> HistoryEntry | None:
        """The most recent national predicate (not a 'tidak lolos' entry)."""
        return next((h for h in reversed(self.history) if h.predicate != "tidak-lolos"), None)

    @classmethod
    def from_place(cls, place: Place, history: tuple[HistoryEntry, ...] = ()) -> Region:
        """A register region with no profile yet."""
        return cls(place.id, place.name, place.kind, place.province, place.code, None, None,
                   tuple(sorted(history, key=lambda h: h.year)), (), (), None, (), False, place)

    @classmethod
    def from_yaml(cls, d: dict[str, Any], place: Place | None = None,
                  awards: tuple[HistoryEntry, ...] = ()) -> Region:
        """A profile, completed from its register entry (`place`) and the round files (`awards`)."""
        history = tuple(sorted(
            (*awards, *(HistoryEntry(h["tahun"], h["predikat"], h.get("keterangan"), h["keyakinan"], _sources(h))
                        for h in d.get("riwayat_kks") or ())), key=lambda h: h.year))
        networks = tuple(Network(n["nama"], n["status"], n.get("tahun"), n["keyakinan"], _sources(n))
                         for n in d.get("jejaring") or ())
        name = place.name if place else d["nama"]
        kind = place.kind if place else d["jenis"]
        province = place.province if place else d["provinsi"]
        code = place.code if place else d.get("kode_kemendagri")
        return cls(d["id"], name, kind, province, code, d["peran"], d["ringkasan"], history, networks,
                   tuple(Contact.from_yaml(c) for c in d.get("kontak") or ()), d.get("catatan"),
                   _sources(d), bool(d.get("contoh")), place)


@dataclass(frozen=True)
class Figure:
    """A result in numbers: what was measured, the value with its unit, and when."""

    measure: str
    value: str
    year: int | None
    cites: tuple[int, ...] = ()
    """Numbers (1-based) of the practice's sources that state this figure."""


@dataclass(frozen=True)
class Document:
    title: str
    url: str | None
    file: str | None
    kind: str | None


@dataclass(frozen=True)
class Practice:
    """A case study: what one region did, in the fixed sections case libraries use."""

    id: str
    title: str
    region: str
    edition: int
    tatanan: tuple[str, ...]
    indicators: tuple[str, ...]
    start: int | None
    status: str
    summary: str
    problem: str
    steps: str
    results: str
    figures: tuple[Figure, ...]
    cost: str | None
    actors: str | None
    legal_basis: tuple[str, ...]
    sustainability: str | None
    replication: str | None
    lessons: str | None
    contacts: tuple[Contact, ...]
    documents: tuple[Document, ...]
    sources: tuple[Source, ...]
    confidence: str
    verified: str
    example: bool

    @classmethod
    def from_yaml(cls, d: dict[str, Any], default_edition: int) -> Practice:
        return cls(
            d["id"], d["judul"], d["daerah"], d.get("edisi", default_edition),
            tuple(d["tatanan"]), tuple(d["indikator"]), d.get("mulai"), d["status"],
            d["ringkasan"], d["masalah"], d["langkah"], d["hasil"],
            tuple(Figure(f["ukuran"], f["nilai"], f.get("tahun"), tuple(f.get("sumber") or ()))
                  for f in d.get("angka_hasil") or ()),
            d.get("biaya"), d.get("pelaku"), tuple(d.get("dasar_hukum") or ()),
            d.get("keberlanjutan"), d.get("syarat_replikasi"), d.get("pelajaran"),
            tuple(Contact.from_yaml(c) for c in d.get("kontak") or ()),
            tuple(Document(x["judul"], x.get("url"), x.get("berkas"), x.get("jenis"))
                  for x in d.get("dokumen") or ()),
            _sources(d), d["keyakinan"], d["terakhir_diverifikasi"], bool(d.get("contoh")),
        )


@dataclass(frozen=True)
class Score:
    """One indicator's scores in an assessment; None where not filled."""

    indicator: str
    self_score: int | None
    verified: int | None
    evidence: str | None
    note: str | None

    @property
    def effective(self) -> int | None:
        """The verified score where there is one, else the self-assessment score."""
        return self.verified if self.verified is not None else self.self_score


@dataclass(frozen=True)
class Assessment:
    id: str
    region: str
    edition: int
    round: int
    origin: str
    note: str | None
    example: bool
    scores: tuple[Score, ...]

    @classmethod
    def from_yaml(cls, d: dict[str, Any]) -> Assessment:
        scores = tuple(Score(s["indikator"], s.get("mandiri"), s.get("verifikasi"), s.get("bukti"),
                             s.get("catatan")) for s in d["nilai"])
        return cls(d["id"], d["daerah"], d["edisi"], d["putaran"], d["sumber_penilaian"],
                   d.get("catatan"), bool(d.get("contoh")), scores)
