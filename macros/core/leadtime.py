"""How long raising an indicator takes, and whether it can be done before verification.

Each indicator has a kind (`Indicator.guidance.kind`: dokumen, kelembagaan, kegiatan, cakupan),
chosen from its ladder and definition and stored with the edition's guidance
(data/kerangka/<edisi>/panduan/). Each kind has a typical lead time in months
(`Edition.kinds`, from `jenis_indikator` in edisi.yaml, with the reasoning written there and
editable). An indicator without guidance, or with a kind the edition does not list, is given
the *longest* lead time of the edition's kinds: a safe default that never promises a step can
be done in time when we do not know, and it is flagged (`LeadTime.assumed`) so the page and
the CLI say so. An edition without any kinds (2024) has no lead times at all (None).

The deadline is the last day evidence still counts: by default the next round's
(`Edition.next_round.deadline`, e.g. the 2027 proposal deadline), or a date the team gives.
The plan starts on `start` (normally today). A step is done in time when its lead time fits in
the months between start and deadline; all steps are assumed to run side by side from the start
(the page says so: a team that works on them one by one needs longer).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .records import Edition, Indicator

DAYS_PER_MONTH = 365.2425 / 12
"""A month as the calendar's average (30.44 days), to turn dates into months."""


class TimingError(ValueError):
    """The dates given cannot make a plan (the deadline before the start); the message is Indonesian."""


@dataclass(frozen=True)
class LeadTime:
    kind: str | None
    """The indicator's kind, or None when it has no guidance (yet)."""
    months: int | None
    """Typical months to reach the target; None when the edition lists no kinds."""
    assumed: bool
    """True when the months are the safe default (no guidance or an unknown kind)."""


@dataclass(frozen=True)
class Timing:
    start: dt.date
    deadline: dt.date
    deadline_name: str
    from_data: bool
    """True when the deadline is the next round's from the edition's data, False when given."""
    round_year: int | None

    @property
    def months(self) -> float:
        """Months available between start and deadline (calendar-average months)."""
        return (self.deadline - self.start).days / DAYS_PER_MONTH

    def end_of(self, months: int) -> dt.date:
        """The date a step of `months` started at `start` is done: the same day `months` calendar
        months later (the month's last day when it is shorter)."""
        return add_months(self.start, months)

    def in_time(self, months: int | None) -> bool | None:
        """Whether a step of `months` is done by the deadline; None when its length is unknown."""
        return None if months is None else self.end_of(months) <= self.deadline


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the end of the target month (31 Jan + 1 = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def lead_time(indicator: Indicator, edition: Edition) -> LeadTime:
    """The indicator's kind and typical lead time (see the module docstring for the default)."""
    if not edition.kinds:
        return LeadTime(indicator.kind, None, indicator.kind is None)
    kind = indicator.kind
    if kind is not None and kind in edition.kinds:
        return LeadTime(kind, edition.kinds[kind].months, False)
    return LeadTime(kind, max(k.months for k in edition.kinds.values()), True)


def timing(edition: Edition, start: dt.date, deadline: dt.date | None = None) -> tuple[Timing | None, str | None]:
    """(the plan's dates, a note when there are none): `deadline` when given, else the next
    round's from the edition's data.

    No dates when neither is known (an edition without `putaran_berikutnya`), or when the data's
    deadline has passed (the data needs the round after it; the note says so). Raises
    TimingError when a deadline given is not after the start."""
    if deadline is not None:
        if deadline <= start:
            raise TimingError(f"tanggal verifikasi {deadline.isoformat()} tidak sesudah tanggal mulai "
                              f"{start.isoformat()}; pilih tanggal lain dengan --verifikasi TTTT-BB-HH")
        return Timing(start, deadline, "tanggal verifikasi yang dipilih", False, None), None
    if edition.next_round is None:
        return None, (f"edisi {edition.year} belum mencatat putaran berikutnya (putaran_berikutnya di edisi.yaml), "
                      "jadi rencana tidak memeriksa waktu; pilih tanggal dengan --verifikasi TTTT-BB-HH")
    nr = edition.next_round
    when = dt.date.fromisoformat(nr.deadline)
    if when <= start:
        return None, (f"batas bukti putaran {nr.year} ({nr.deadline}) di data edisi {edition.year} sudah lewat, "
                      "jadi rencana tidak memeriksa waktu; perbarui putaran_berikutnya atau pilih tanggal dengan "
                      "--verifikasi TTTT-BB-HH")
    return Timing(start, when, nr.deadline_name, True, nr.year), None
