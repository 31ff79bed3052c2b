"""District-wide Biểu 06: every commune's figures and the district total, computed like the counter's.

The arithmetic is :func:`counter_app.domain.statistics.compute`, called once per commune and once for
the whole district, on the same facts the counter gathers from its own database
(:mod:`counter_app.services.statistics`), read here from the hub's tables in a few set-based queries
(SQLite and PostgreSQL alike):

- dossiers resolved since the period's start and received before its end (``resolved_at``, the
  first ``result_ready``, kept by :func:`district_server.service.apply_status`);
- dossiers never resolved, received before the period's end and not ended before its start: open
  ones, and those withdrawn, stopped or refused — when they ended is the time of that event in
  ``dossier_event`` (the hub's status follows the same state machine as the counter's);
- apology letters issued within the period, and the ratings made in it.

So once a counter has synced, its commune's block here equals its own ``counter-app report`` (a commune
with several counter PCs: the sum of theirs, each PC holding its own dossiers).

Also here: the text and the XLSX workbook of ``district-server report`` (and of ``/bao-cao.xlsx``), and the
operator tokens that open the statistics page. The page itself is :mod:`district_server.report_page`.
"""

from __future__ import annotations

import dataclasses
import hmac
import io
import re
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from counter_app.domain.bieu06_words import BIEU06_WORDS
from counter_app.domain.calendar import OFFICE_TZ, office_time
from counter_app.domain.digitisation import DigitisedShare
from counter_app.domain.errors import InvalidInput
from counter_app.domain.spreadsheet import keep_text
from counter_app.domain.statistics import RATINGS, Bieu06Report, DossierFacts, Ending, Figures, Period, compute
from counter_app.domain.text import fold, nfc
from counter_app.domain.values import Channel
from counter_app.sync.protocol import EARLIEST_YEAR, LATEST_YEAR
from district_server.errors import HubError
from district_server.models import Commune, HubDossier, HubEvent, OperatorToken, Rating
from district_server.service import commune_by_code, sha256_hex
from district_server.wire import shown_time

_ENDINGS = {"withdrawn": Ending.WITHDRAWN, "stopped": Ending.STOPPED, "refused": Ending.REFUSED}
_CHANNELS = {c.value: c for c in Channel}
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


# ------------------------------------------------------------------------------------------ the report


@dataclass(frozen=True)
class CommuneReport:
    code: str
    name: str
    report: Bieu06Report
    digitised: DigitisedShare = dataclasses.field(
        default_factory=DigitisedShare
    )  # received in the period, all papers digitised


@dataclass(frozen=True)
class DistrictReport:
    """The district total (every commune, or the one asked for) and one report per commune."""

    period: Period  # as asked for
    total: Bieu06Report
    communes: tuple[CommuneReport, ...]
    data_until: date | None = None  # the last day counted when the period runs past today
    digitised: DigitisedShare = dataclasses.field(default_factory=DigitisedShare)  # the digitisation share of the whole

    def to_json(self) -> dict[str, Any]:
        """The counter's report shape for the total, plus ``by_commune`` (each in the same shape), each
        with ``digitised`` as ``counter-app report --json`` has it."""
        return {
            **self.total.to_json(),
            "digitised": self.digitised.to_json(),
            "by_commune": [
                {"commune": c.code, "name": c.name, **c.report.to_json(), "digitised": c.digitised.to_json()}
                for c in self.communes
            ],
        }


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` or ``dd/mm/yyyy``."""
    match = _DAY.fullmatch(text.strip())
    if match is None:
        raise HubError("report_date", value=text)
    try:
        day = (
            date(int(match[1]), int(match[2]), int(match[3]))
            if match[1]
            else date(int(match[6]), int(match[5]), int(match[4]))
        )
    except ValueError:
        raise HubError("report_date", value=text) from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:  # the wire's window: no stored moment lies outside it
        raise HubError("report_year", value=text, first=EARLIEST_YEAR, last=LATEST_YEAR)
    return day


def make_period(start: date, end: date) -> Period:
    if end < start:
        raise HubError("report_period", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    return Period(start, end)


def _bounds(period: Period) -> tuple[datetime, datetime]:
    """[start 00:00, end + 1 00:00) in office time."""
    return (
        datetime.combine(period.start, time(0), tzinfo=OFFICE_TZ),
        datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=OFFICE_TZ),
    )


class _Days:
    """Stored moment → office day, cached per hour (the office's zone has a whole-hour offset)."""

    def __init__(self) -> None:
        self._cache: dict[datetime, date] = {}

    def __call__(self, moment: datetime) -> date:
        key = moment.replace(minute=0, second=0, microsecond=0)
        day = self._cache.get(key)
        if day is None:
            day = self._cache[key] = shown_time(key).date()
        return day

    def maybe(self, moment: datetime | None) -> date | None:
        return None if moment is None else self(moment)


# field, channel, result by post, received, due, resolved, ending, ended, apologies in the period
_Key = tuple[str, str, bool, date, date | None, date | None, Ending | None, date | None, int]


def gather(
    session: Session, period: Period, commune_id: int | None = None
) -> tuple[dict[int, list[DossierFacts]], dict[int, dict[str, int]]]:
    """Per commune id: the facts of every dossier that can matter to ``period`` (identical ones
    grouped), and the ratings made within the period by level."""
    low, high = _bounds(period)
    d = HubDossier
    ended = (
        select(HubEvent.dossier_id.label("dossier_id"), func.max(HubEvent.at).label("ended_at"))
        .where(HubEvent.kind.in_(tuple(_ENDINGS)))
        .group_by(HubEvent.dossier_id)
        .subquery("ended")
    )
    columns = (d.id, d.commune_id, d.field, d.channel, d.return_by_post, d.received_at, d.due_at)
    resolved_q = select(*columns, d.resolved_at).where(
        d.resolved_at >= low, d.received_at < high, d.due_at.is_not(None)
    )
    unresolved_q = (
        select(*columns, d.status, d.updated_at, ended.c.ended_at)
        .select_from(d)
        .outerjoin(ended, ended.c.dossier_id == d.id)
        .where(
            d.resolved_at.is_(None),
            d.received_at < high,
            or_(d.due_at.is_not(None), d.status.in_(("refused", "withdrawn"))),
            or_(ended.c.ended_at.is_(None), ended.c.ended_at >= low, d.status.not_in(tuple(_ENDINGS))),
        )
    )
    apologies_q = (
        select(HubEvent.dossier_id, func.count())
        .where(HubEvent.kind == "apology_issued", HubEvent.at >= low, HubEvent.at < high)
        .group_by(HubEvent.dossier_id)
    )
    ratings_q = (
        select(d.commune_id, Rating.rating, func.count())
        .join(d, Rating.dossier_id == d.id)
        .where(Rating.rated_at >= low, Rating.rated_at < high)
        .group_by(d.commune_id, Rating.rating)
    )
    if commune_id is not None:
        resolved_q = resolved_q.where(d.commune_id == commune_id)
        unresolved_q = unresolved_q.where(d.commune_id == commune_id)
        apologies_q = apologies_q.join(d, HubEvent.dossier_id == d.id).where(d.commune_id == commune_id)
        ratings_q = ratings_q.where(d.commune_id == commune_id)

    apologies: dict[int, int] = dict(session.execute(apologies_q).all())
    day = _Days()
    groups: dict[int, Counter[_Key]] = {}
    for did, commune, field, channel, by_post, received, due, resolved in session.execute(resolved_q):
        key: _Key = (
            field,
            channel,
            bool(by_post),
            day(received),
            day.maybe(due),
            day.maybe(resolved),
            None,
            None,
            apologies.get(did, 0),
        )
        groups.setdefault(commune, Counter())[key] += 1
    for did, commune, field, channel, by_post, received, due, status, updated, ended_at in session.execute(
        unresolved_q
    ):
        ending = _ENDINGS.get(status)
        ended_on = None if ending is None else day(ended_at or updated)
        still = (field, channel, bool(by_post), day(received), day.maybe(due), None, ending, ended_on)
        key = (*still, apologies.get(did, 0))
        groups.setdefault(commune, Counter())[key] += 1
    facts = {
        commune: [
            DossierFacts(
                field=field,
                # the snapshot's channel, written by a counter (a value it does not know cannot come from one)
                channel=_CHANNELS.get(channel, Channel.DIRECT),
                received_on=received,
                due_on=due,
                resolved_on=resolved,
                ending=ending,
                ended_on=ended_on,
                return_by_post=by_post,
                apologies=n_apologies,
                count=count,
            )
            for (field, channel, by_post, received, due, resolved, ending, ended_on, n_apologies), count in keys.items()
        ]
        for commune, keys in groups.items()
    }
    ratings: dict[int, dict[str, int]] = {}
    for commune, rating, n in session.execute(ratings_q):
        if rating in RATINGS:
            ratings.setdefault(commune, {})[rating] = n
    return facts, ratings


def digitised_shares(session: Session, period: Period, commune_id: int | None = None) -> dict[int, DigitisedShare]:
    """Per commune id: the digitisation share of the dossiers received in ``period`` (accepted ones, as
    the counter's :func:`counter_app.services.statistics.digitised`). A dossier filed online has nothing
    to digitise; one filed on paper counts as digitised when its latest event said so
    (``digitised_complete``), with nothing to digitise when its intake said none had to be; a dossier
    whose events never said (an older counter) counts as received, not digitised."""
    low, high = _bounds(period)
    d = HubDossier
    query = (
        select(d.commune_id, d.channel, d.digitised_complete, d.papers_to_digitise, func.count())
        .where(d.received_at >= low, d.received_at < high, d.due_at.is_not(None))
        .group_by(d.commune_id, d.channel, d.digitised_complete, d.papers_to_digitise)
    )
    if commune_id is not None:
        query = query.where(d.commune_id == commune_id)
    shares: dict[int, DigitisedShare] = {}
    for commune, channel, complete, to_copy, n in session.execute(query):
        online = channel == Channel.ONLINE.value
        nothing = online or to_copy == 0
        done = nothing or complete is True
        share = DigitisedShare(n, n if done else 0, n if nothing else 0)
        shares[commune] = shares.get(commune, DigitisedShare()) + share
    return shares


def district_report(
    session: Session, period: Period, commune_code: str | None = None, *, today: date | None = None
) -> DistrictReport:
    """Biểu 06 of ``period`` for every commune (or only ``commune_code``) and their total, as on the
    counters: a period still running keeps the dates asked for, its figures are counted up to ``today``
    (office date, default now) and it says so (``data_until``, printed "Số liệu đến ngày …").

    Raises :class:`HubError` ``report_not_started`` for a period that has not begun, ``commune_unknown``
    for a code the hub does not have, and :class:`~counter_app.domain.statistics.ReportInconsistent`
    when stored dossiers break an identity.
    """
    today = today if today is not None else office_time(datetime.now(UTC)).date()
    try:
        until = period.data_until(today)  # the counter's own rule (counter_app.services.statistics.report)
    except InvalidInput:
        raise HubError("report_not_started", start=f"{period.start:%d/%m/%Y}") from None
    counted = period.as_of(today)
    if commune_code is None:
        communes = list(session.scalars(select(Commune)))
        only = None
    else:
        chosen = commune_by_code(session, commune_code)
        communes, only = [chosen], chosen.id
    facts, ratings = gather(session, counted, only)
    shares = digitised_shares(session, counted, only)
    communes.sort(key=lambda c: (fold(c.name), c.code))

    def report(facts_: list[DossierFacts], ratings_: dict[str, int] | None) -> Bieu06Report:
        result = compute(counted, facts_, ratings=ratings_)
        return dataclasses.replace(result, period=period, data_until=until)

    reports = tuple(
        CommuneReport(
            c.code, c.name, report(facts.get(c.id, []), ratings.get(c.id)), shares.get(c.id, DigitisedShare())
        )
        for c in communes
    )
    everything = [fact for c in communes for fact in facts.get(c.id, [])]
    summed: Counter[str] = Counter()
    whole = DigitisedShare()
    for c in communes:
        summed.update(ratings.get(c.id, {}))
        whole += shares.get(c.id, DigitisedShare())
    return DistrictReport(period, report(everything, dict(summed)), reports, until, whole)


# ------------------------------------------------------------------------------------------ text and XLSX

# The words of Biểu 06, the counter's own (one table in the domain for both).
WORDS = BIEU06_WORDS


def word(key: str, lang: str = "vi", **params: object) -> str:
    return nfc(WORDS[lang][key].format(**params))


# (key in the report's JSON, word of its sub-column), in the order of Figures.columns()
COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (key, WORDS["vi"][name])
    for key, name in (
        ("received.total", "total"),
        ("received.online", "online"),
        ("received.direct_postal", "direct_postal"),
        ("received.carried_over", "carried_over"),
        ("resolved.total", "total"),
        ("resolved.early", "early"),
        ("resolved.on_time", "on_time"),
        ("resolved.late", "late"),
        ("in_progress.total", "total"),
        ("in_progress.within_time", "within_time"),
        ("in_progress.overdue", "overdue"),
    )
)
GROUPS = tuple(
    (WORDS["vi"][key], width) for key, width in (("group_received", 4), ("group_resolved", 4), ("group_in_progress", 3))
)
OF_WHICH = (1, 2)  # "Trong đó" over sub-columns (2) Trực tuyến and (3) Trực tiếp, dịch vụ bưu chính (0-based)


def period_words(report: DistrictReport, lang: str = "vi") -> str:
    """ "(Từ ngày … đến ngày …)", and "(Số liệu đến ngày …)" after it when the period runs past today."""
    text = word("period", lang, start=f"{report.period.start:%d/%m/%Y}", end=f"{report.period.end:%d/%m/%Y}")
    if report.data_until is not None:  # never a silently shorter period
        text += " " + word("data_until", lang, day=f"{report.data_until:%d/%m/%Y}")
    return text


def note_lines(figures: Figures, lang: str = "vi") -> list[str]:
    """Under the table, as on the counter's Biểu 06: the identities, the reconciliation of the accepted
    dossiers ended without a result (outside column (1)), applications not accepted, apology letters."""
    received, ended = figures.received.total, figures.ended.total
    return [
        word("formula", lang),
        word(
            "ended",
            lang,
            withdrawn=figures.ended.withdrawn,
            stopped=figures.ended.stopped,
            received=received,
            ended=ended,
            handled=figures.handled,
        ),
        word("not_accepted", lang, refused=figures.not_accepted.refused, withdrawn=figures.not_accepted.withdrawn),
        word("apologies", lang, count=figures.apologies),
    ]


def text_lines(result: DistrictReport) -> list[str]:
    def line(label: str, f: Figures) -> str:
        r, d, p = f.received, f.resolved, f.in_progress
        return (
            f"{label}: nhận {r.total} (trực tuyến {r.online}, trực tiếp/bưu chính {r.direct_postal}, "
            f"kỳ trước {r.carried_over}); đã giải quyết {d.total} (trước hạn {d.early}, đúng hạn {d.on_time}, "
            f"quá hạn {d.late}); đang giải quyết {p.total} (trong hạn {p.within_time}, quá hạn {p.overdue})"
        )

    period = result.period
    heading = f"Biểu 06 toàn huyện từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
    if result.data_until is not None:  # the period runs past today: never a silently shorter period
        heading += " " + word("data_until", day=f"{result.data_until:%d/%m/%Y}")

    def digitised(label: str, share: DigitisedShare) -> str:
        shown = "—" if share.share is None else f"{100 * share.share:.1f}".replace(".", ",") + " %"
        return (
            f"{label}: số hóa đủ {share.digitised}/{share.received} hồ sơ tiếp nhận ({shown}; "
            f"không có giấy tờ phải số hóa {share.nothing_to_digitise})"
        )

    lines = [heading, line("Tổng cộng", result.total.total)]
    lines += [line(f"  {c.name} ({c.code})", c.report.total) for c in result.communes]
    lines += [digitised("Số hóa hồ sơ, tổng cộng", result.digitised)]
    lines += [digitised(f"  {c.name} ({c.code})", c.digitised) for c in result.communes]
    return lines + note_lines(result.total.total)


HEADER_FIRST = 4  # the workbook's header rows: 4 to 7
FIRST_ROW = HEADER_FIRST + 4  # its first row of figures


def xlsx(result: DistrictReport, printed_at: datetime) -> bytes:
    """The district's Biểu 06 as an .xlsx workbook: one row per commune and the total (sheet "Theo xã"),
    then the district's figures by field (sheet "Theo lĩnh vực"); the header as on the counter's Biểu 06,
    the identities and the reconciliation line under each table."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    book = Workbook()
    bold, center = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    period = result.period
    until = "" if result.data_until is None else " " + word("data_until", day=f"{result.data_until:%d/%m/%Y}")

    def sheet(ws: Any, title: str, label: str, rows: list[tuple[str, Figures]]) -> None:
        ws.title = title
        ws.cell(1, 1, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (Biểu số 06)").font = bold
        ws.cell(2, 1, f"Kỳ báo cáo: từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}" + until)
        # The counter's header (counter_app/printing/bieu06.py): groups; sub-columns, "Trong đó" over the
        # two channels of the dossiers received in the period; those two; the column numbers.
        top = HEADER_FIRST
        ws.cell(top, 1, "STT")
        ws.cell(top, 2, label)
        ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=1)
        ws.merge_cells(start_row=top, start_column=2, end_row=top + 2, end_column=2)
        column = 3
        for name, width in GROUPS:
            ws.cell(top, column, name)
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + width - 1)
            column += width
        for i, (_key, name) in enumerate(COLUMNS):
            if i in OF_WHICH:
                ws.cell(top + 2, 3 + i, name)
            else:
                ws.cell(top + 1, 3 + i, name)
                ws.merge_cells(start_row=top + 1, start_column=3 + i, end_row=top + 2, end_column=3 + i)
        ws.cell(top + 1, 3 + OF_WHICH[0], word("of_which"))
        ws.merge_cells(start_row=top + 1, start_column=3 + OF_WHICH[0], end_row=top + 1, end_column=3 + OF_WHICH[1])
        for i, number in enumerate(["(A)", "(B)", *(f"({n})" for n in range(1, 12))]):
            ws.cell(top + 3, 1 + i, number)
        for row in ws.iter_rows(min_row=top, max_row=top + 3, max_col=13):
            for cell in row:
                cell.alignment = center
                cell.font = bold
        line = FIRST_ROW
        for index, (name, figures) in enumerate(rows, start=1):
            ws.cell(line, 1, index if name else None)
            ws.cell(line, 2, name or word("grand_total")).font = None if name else bold
            for i, value in enumerate(figures.columns()):
                ws.cell(line, 3 + i, value)
            line += 1
        for text in note_lines(result.total.total):  # the identities and the reconciliation line
            line += 1
            ws.cell(line, 1, text)
        ws.cell(line + 1, 1, f"Ngày lập: {office_time(printed_at):%d/%m/%Y %H:%M}")
        ws.column_dimensions["B"].width = 40

    rows = [(f"{c.name} ({c.code})", c.report.total) for c in result.communes]
    sheet(book.active, "Theo xã", "Xã", [*rows, ("", result.total.total)])
    fields = [(f.field or "(không rõ lĩnh vực)", f.figures) for f in result.total.by_field]
    sheet(book.create_sheet(), "Theo lĩnh vực", "Lĩnh vực", [*fields, ("", result.total.total)])
    keep_text(book)  # commune names and procedure fields from user data stay text, never formulas
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------ operator tokens

COOKIE = "bao_cao"
COOKIE_MAX_AGE = 30 * 24 * 3600


def issue_token(session: Session, label: str, now: datetime) -> str:
    """A new operator token for the statistics page (printed once; only its hash is kept)."""
    token = secrets.token_urlsafe(24)
    session.add(OperatorToken(token_hash=sha256_hex(token), label=nfc(label).strip()[:100], created_at=now))
    session.flush()
    return token


def revoke_tokens(session: Session) -> int:
    """Revoke every operator token; the number revoked."""
    return int(session.execute(delete(OperatorToken)).rowcount or 0)  # type: ignore[attr-defined]


def token_valid(session: Session, token: str | None) -> bool:
    if not token or len(token) > 200:
        return False
    digest = sha256_hex(token)
    stored = session.scalar(select(OperatorToken.token_hash).where(OperatorToken.token_hash == digest))
    return stored is not None and hmac.compare_digest(stored, digest)
