"""The plan as a timeline (gap page): one bar per step from the start date, a line at the
verification deadline. Geometry is computed here; the SVG is in `_linimasa_rencana.html`.

The viewBox is 340 units wide, like the region page's predicate timeline, so that on a 390 px
phone one unit is about one pixel and 11-unit text stays legible.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

WIDTH = 340
LEFT = 58
"""Units for the indicator code in front of each bar."""
RIGHT = 8
TOP = 22
ROW = 17
BAR = 10
ROWS_MAX = 40
"""Steps drawn; the table under the timeline lists every step."""
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass(frozen=True)
class Bar:
    code: str
    y: int
    x: float
    width: float
    kind: str
    late: bool
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    deadline_x: float
    deadline_text: str
    more: int
    """Steps not drawn (beyond ROWS_MAX)."""


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)


def timeline(data: dict[str, Any]) -> Timeline | None:
    """The timeline of a gap report's JSON (`GapReport.to_json()`); None without dates or steps."""
    when = data.get("waktu")
    steps = [s for s in data["rencana"] if s["waktu_bulan"] is not None]
    if not when or not steps:
        return None
    start, deadline = dt.date.fromisoformat(when["mulai"]), dt.date.fromisoformat(when["verifikasi"])
    ends = [dt.date.fromisoformat(s["perkiraan_selesai"]) for s in steps if s["perkiraan_selesai"]]
    last = max([deadline, *ends])
    span = max(1, (last - start).days)
    unit = (WIDTH - LEFT - RIGHT) / span

    def x(day: dt.date) -> float:
        return round(LEFT + (day - start).days * unit, 1)

    bars = []
    for n, s in enumerate(steps[:ROWS_MAX]):
        end = dt.date.fromisoformat(s["perkiraan_selesai"])
        late = s["selesai_sebelum_verifikasi"] is False
        bars.append(Bar(s["indikator"], TOP + n * ROW, LEFT, max(1.0, x(end) - LEFT), s["jenis"] or "lain", late,
                        f"{s['indikator']} {s['dari']} → {s['ke']}: {s['jenis'] or 'jenis belum ditetapkan'}, "
                        f"{s['waktu_bulan']} bulan, selesai sekitar {end.isoformat()}"
                        + (" (sesudah batas)" if late else "")))
    months = math.ceil(span / 30.44)
    every = 3 if months <= 24 else 6
    ticks = []
    day = _add_months(start, 1)
    while day <= last:
        if (day.month - 1) % every == 0:
            ticks.append(Tick(x(day), f"{MONTHS_SHORT[day.month - 1]} {day.year % 100:02d}"))
        day = _add_months(day, 1)
    height = TOP + len(bars) * ROW + 18
    return Timeline(WIDTH, height, tuple(bars), tuple(ticks), x(deadline), f"batas {deadline.isoformat()}",
                    max(0, len(steps) - ROWS_MAX))
