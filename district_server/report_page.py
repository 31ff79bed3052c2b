"""The district's statistics page: ``GET /bao-cao`` (HTML rendered by pure functions, every value escaped)
and ``GET /bao-cao.xlsx``, behind an operator token posted by its form to ``/bao-cao/dang-nhap`` (never
carried in an address). The figures, the text and the workbook are :mod:`district_server.report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.digitisation import DigitisedShare
from counter_app.domain.statistics import Figures, Period
from counter_app.domain.text import fold, nfc
from district_server import ratelimit
from district_server.errors import HubError
from district_server.models import Commune
from district_server.report import (
    COLUMNS,
    COOKIE,
    COOKIE_MAX_AGE,
    GROUPS,
    OF_WHICH,
    DistrictReport,
    district_report,
    make_period,
    note_lines,
    parse_day,
    token_valid,
    word,
    xlsx,
)
from district_server.security import inline_style

# ------------------------------------------------------------------------------------------ the page

# CSP, frame, referrer and nosniff headers: district_server.security, on every answer of the app.
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}

_STYLE = inline_style("""
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:15px;
line-height:1.4;color:#1a1a1a;background:#f3f5f7}
header{background:#a3111b;color:#fff;padding:12px 16px}
header h1{margin:0;font-size:1.15em}
header p{margin:2px 0 0;font-size:.9em;opacity:.9}
main{max-width:1200px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:12px 14px;margin:0 0 12px;box-shadow:0 1px 2px #0002;
overflow-x:auto}
h2{font-size:1.05em;margin:0 0 8px}
form{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end}
label{display:flex;flex-direction:column;font-weight:600;font-size:.9em}
input,select{font-size:1em;padding:6px;border:1px solid #999;border-radius:6px;margin-top:3px}
button{font-size:1em;padding:8px 16px;border:0;border-radius:6px;background:#a3111b;color:#fff}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:4px 6px}
th{background:#eef1f4;font-weight:600;text-align:center}
td{text-align:right}
td.name{text-align:left}
tr.total td{font-weight:700;background:#fbf3f3}
.error{color:#a3111b;font-weight:600}
.note{color:#555;font-size:.9em}
""")


@dataclass(frozen=True)
class PageQuery:
    start: date
    end: date
    commune: str | None


def default_period(today: date) -> tuple[date, date]:
    """The current quarter, whole: its figures go up to today and the page says so."""
    quarter = Period.quarter(today.year, (today.month - 1) // 3 + 1)
    return quarter.start, quarter.end


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p>Biểu số 06 — tình hình, kết quả giải quyết thủ tục hành chính"
        f"</p></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _form(query: PageQuery, communes: list[tuple[str, str]]) -> str:
    options = ['<option value="">Toàn huyện</option>'] + [
        f'<option value="{escape(code)}"{" selected" if code == query.commune else ""}>{escape(name)}</option>'
        for code, name in communes
    ]
    return (
        '<section><h2>Kỳ báo cáo</h2><form method="get" action="bao-cao">'
        f'<label for="tu">Từ ngày<input type="date" id="tu" name="tu" value="{query.start.isoformat()}" required>'
        "</label>"
        f'<label for="den">Đến ngày<input type="date" id="den" name="den" value="{query.end.isoformat()}" required>'
        "</label>"
        f'<label for="xa">Xã<select id="xa" name="xa">{"".join(options)}</select></label>'
        '<button type="submit">Xem báo cáo</button></form></section>'
    )


def _cells(figures: Figures) -> str:
    return "".join(
        f'<td data-field="{key}">{value}</td>' for (key, _name), value in zip(COLUMNS, figures.columns(), strict=True)
    )


def share_text(share: DigitisedShare) -> str:
    """0.9876 → "98,8 %"; nothing received → "—" (as the counter's statistics tab)."""
    value = share.share
    return "—" if value is None else f"{100 * value:.1f}".replace(".", ",") + " %"


def _digitised_rows(result: DistrictReport, total_label: str) -> str:
    """One row per commune and the total: received, digitised, of which nothing to digitise, share."""
    rows = [(c.code, c.name, c.digitised) for c in result.communes] + [("total", total_label, result.digitised)]
    return "".join(
        f'<tr data-share-commune="{escape(code)}"><td class="name">{escape(name)}</td>'
        f'<td data-field="received">{share.received}</td><td data-field="digitised">{share.digitised}</td>'
        f'<td data-field="nothing_to_digitise">{share.nothing_to_digitise}</td>'
        f'<td data-field="share">{share_text(share)}</td></tr>'
        for code, name, share in rows
    )


DIGITISED_HEAD = (
    "<tr><th>Xã</th><th>Hồ sơ tiếp nhận trong kỳ</th><th>Đã số hóa đủ giấy tờ phải số hóa</th>"
    "<th>Trong đó: không có giấy tờ phải số hóa</th><th>Tỷ lệ số hóa</th></tr>"
)


NOTE_KEYS = ("formula", "reconciliation", "not_accepted", "apologies_note")  # the lines of report.note_lines


def render_report(result: DistrictReport, query: PageQuery, communes: list[tuple[str, str]]) -> str:
    """The report page: the period form, the Biểu 06 table (one row per commune, then the total), the
    figures outside the table, and the district's rows by field."""
    # The counter's header (counter_app/printing/bieu06.py): groups; sub-columns with "Trong đó" over the
    # two channels of the dossiers received in the period; those two; the column numbers.
    subs = "".join(
        f'<th colspan="2" data-field="of_which">{escape(word("of_which"))}</th>'
        if i == OF_WHICH[0]
        else ""
        if i in OF_WHICH
        else f'<th rowspan="2">{escape(name)}</th>'
        for i, (_key, name) in enumerate(COLUMNS)
    )
    numbers = "".join(f"<th>{n}</th>" for n in ["(A)", "(B)", *(f"({n})" for n in range(1, 12))])
    head = (
        '<tr><th rowspan="3">STT</th><th rowspan="3">{label}</th>'
        + "".join(f'<th colspan="{width}">{escape(name)}</th>' for name, width in GROUPS)
        + f"</tr><tr>{subs}</tr><tr>"
        + "".join(f"<th>{escape(COLUMNS[i][1])}</th>" for i in OF_WHICH)
        + f'</tr><tr class="numbers">{numbers}</tr>'
    )
    rows = "".join(
        f'<tr data-commune="{escape(c.code)}"><td>{i}</td><td class="name" data-field="name">{escape(c.name)}</td>'
        f"{_cells(c.report.total)}</tr>"
        for i, c in enumerate(result.communes, start=1)
    )
    total = result.total.total
    total_label = "Tổng cộng toàn huyện" if query.commune is None else "Tổng cộng"
    rows += (
        f'<tr class="total" data-commune="total"><td></td><td class="name" data-field="name">{total_label}</td>'
        f"{_cells(total)}</tr>"
    )
    fields = "".join(
        f'<tr data-row-field="{escape(f.field)}"><td>{i}</td><td class="name" data-field="name">'
        f"{escape(f.field or '(không rõ lĩnh vực)')}</td>{_cells(f.figures)}</tr>"
        for i, f in enumerate(result.total.by_field, start=1)
    )
    sat = result.total.satisfaction
    extra = [
        ("ended_withdrawn", "Rút hồ sơ (sau tiếp nhận, theo đề nghị)", total.ended.withdrawn),
        ("ended_stopped", "Dừng giải quyết", total.ended.stopped),
        ("refused", "Từ chối tiếp nhận", total.not_accepted.refused),
        ("withdrawn_before", "Rút trước khi tiếp nhận", total.not_accepted.withdrawn),
        ("apologies", "Văn bản xin lỗi, hẹn lại ngày trả", total.apologies),
        ("ratings", "Lượt đánh giá (rất hài lòng / hài lòng / không hài lòng)", None),
    ]
    extras = "".join(
        f'<tr><td class="name">{escape(label)}</td><td data-field="{key}">'
        + (f"{value}" if value is not None else f"{sat.very_satisfied} / {sat.satisfied} / {sat.dissatisfied}")
        + "</td></tr>"
        for key, label, value in extra
    )
    period = result.period
    until = (
        ""
        if result.data_until is None  # the period runs past today: never a silently shorter period
        else f' <span data-field="data_until">{escape(word("data_until", day=f"{result.data_until:%d/%m/%Y}"))}</span>'
    )
    notes = "".join(
        f'<p class="note" data-field="{key}">{escape(text)}</p>'
        for key, text in zip(NOTE_KEYS, note_lines(total), strict=True)
    )
    download = urlencode(
        {
            "tu": period.start.isoformat(),
            "den": period.end.isoformat(),
            **({"xa": query.commune} if query.commune else {}),
        }
    )
    body = (
        _form(query, communes)
        + f'<section><h2 data-field="period">Từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}{until}</h2>'
        f'<table id="by-commune"><thead>{head.format(label="Xã")}</thead><tbody>{rows}</tbody></table>'
        f"{notes}"
        f'<p class="note">Số liệu của mỗi xã là số liệu các máy tiếp nhận của xã đã đồng bộ về máy chủ. '
        f'<a href="bao-cao.xlsx?{escape(download)}">Tải về tệp Excel</a></p></section>\n'
        f'<section><h2>Theo lĩnh vực</h2><table id="by-field"><thead>{head.format(label="Lĩnh vực")}</thead>'
        f"<tbody>{fields}</tbody></table></section>\n"
        f'<section><h2>Ngoài bảng</h2><table id="extra"><tbody>{extras}</tbody></table></section>\n'
        f'<section><h2>Số hóa hồ sơ khi tiếp nhận</h2><table id="digitised"><thead>{DIGITISED_HEAD}</thead>'
        f"<tbody>{_digitised_rows(result, total_label)}</tbody></table>"
        '<p class="note">Hồ sơ tiếp nhận trong kỳ có đủ bản điện tử của mọi giấy tờ phải số hóa '
        "(Thông tư 03/2025/TT-VPCP: trừ hồ sơ nộp trực tuyến, giấy tờ chỉ xuất trình, ý kiến của cơ quan khác, "
        "tài liệu mật), trên tổng số hồ sơ tiếp nhận trong kỳ.</p></section>"
    )
    return _document("Báo cáo thống kê thủ tục hành chính", body)


def render_login(message: str | None, keep: dict[str, str] | None = None) -> str:
    """The token form. It is POSTed (``/bao-cao/dang-nhap``) so the token never appears in an address,
    an access log or the browser's history; ``keep`` (the period asked for) rides along hidden."""
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in (keep or {}).items()
        if name in _PAGE_KEYS and value
    )
    body = (
        "<section><h2>Cần mã truy cập</h2>"
        + (f'<p class="error" data-field="error">{escape(message)}</p>' if message else "")
        + "<p>Trang báo cáo chỉ dành cho cán bộ quản trị máy chủ. Nhập mã truy cập do lệnh "
        "<code>district-server report-token</code> cấp.</p>"
        f'<form method="post" action="/bao-cao/dang-nhap">{hidden}<label for="token">Mã truy cập'
        '<input type="password" id="token" name="token" autocomplete="off" required></label>'
        '<button type="submit">Mở báo cáo</button></form></section>'
    )
    return _document("Báo cáo thống kê thủ tục hành chính", body)


def render_error(message: str, query: PageQuery, communes: list[tuple[str, str]]) -> str:
    body = f'<section><p class="error" data-field="error">{escape(message)}</p></section>' + _form(query, communes)
    return _document("Báo cáo thống kê thủ tục hành chính", body)


router = APIRouter()


def _hub(request: Request) -> Any:
    return request.app.state.hub


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=PAGE_HEADERS)


def _parse_query(params: dict[str, str], today: date) -> PageQuery:
    start, end = default_period(today)
    if params.get("tu"):
        start = parse_day(params["tu"])
    if params.get("den"):
        end = parse_day(params["den"])
    make_period(start, end)
    return PageQuery(start, end, params.get("xa") or None)


def _authorised(request: Request) -> Response | None:
    """None when the request carries a valid operator token (cookie); else the login page to answer.

    A token in the address (``?token=``, the old way) is refused without being checked: it would already
    be in access logs and the browser's history. The form posts it to :func:`login` instead.
    """
    params = dict(request.query_params)
    hub = _hub(request)
    if "token" in params:
        params.pop("token")
        text = "Không nhận mã truy cập trên địa chỉ trang; hãy nhập mã vào ô dưới đây."
        return _html(render_login(text, params), 401)
    with hub.read() as session:
        if not token_valid(session, request.cookies.get(COOKIE)):
            return _html(render_login(None, params), 401)
    return None


_PAGE_KEYS = ("tu", "den", "xa")
_MAX_FORM = 4096


@router.post("/bao-cao/dang-nhap", include_in_schema=False)
async def login(request: Request) -> Response:
    """The token form: a valid token becomes an HttpOnly cookie and the browser goes to the report (303)."""
    too_many = ratelimit.refused(request, "login")
    if too_many is not None:
        return too_many
    raw = await request.body()
    fields = {k: v[0] for k, v in parse_qs(raw[:_MAX_FORM].decode("utf-8", "replace")).items() if v}
    keep = {k: fields[k] for k in _PAGE_KEYS if fields.get(k)}
    given = nfc(fields.get("token", "")).strip()
    with _hub(request).read() as session:
        valid = bool(given) and token_valid(session, given)
    if not valid:
        return _html(render_login("Mã truy cập không đúng hoặc đã bị thu hồi.", keep), 401)
    target = "/bao-cao" + (f"?{urlencode(keep)}" if keep else "")
    answer = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    answer.set_cookie(
        COOKIE,
        given,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return answer


def _communes(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(Commune.code, Commune.name)).all()
    return sorted(((code, name) for code, name in rows), key=lambda c: (fold(c[1]), c[0]))


def _run(request: Request) -> tuple[DistrictReport, PageQuery, list[tuple[str, str]]] | Response:
    refused = _authorised(request)
    if refused is not None:
        return refused
    today = datetime.now(UTC).astimezone(OFFICE_TZ).date()
    with _hub(request).read() as session:
        communes = _communes(session)
        query: PageQuery | None = None
        try:
            query = _parse_query(dict(request.query_params), today)
            result = district_report(session, Period(query.start, query.end), query.commune, today=today)
        except HubError as exc:  # one sentence, and the form again (with the dates asked for when they parsed)
            start, end = default_period(today)
            fallback = query if query is not None else PageQuery(start, end, None)
            return _html(render_error(exc.message("vi"), fallback, communes), exc.status)
    return result, query, communes


@router.get("/bao-cao", include_in_schema=False)
def report_page(request: Request) -> Response:
    outcome = _run(request)
    if isinstance(outcome, Response):
        return outcome
    return _html(render_report(*outcome))


@router.get("/bao-cao.xlsx", include_in_schema=False)
def report_xlsx(request: Request) -> Response:
    outcome = _run(request)
    if isinstance(outcome, Response):
        return outcome
    result, _query, _communes_list = outcome
    name = f"bieu06-{result.period.start:%Y%m%d}-{result.period.end:%Y%m%d}.xlsx"
    return Response(
        xlsx(result, datetime.now(UTC)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
