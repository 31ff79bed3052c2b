"""The officers' page of the interlinked agencies: ``GET /co-quan`` (HTML, Vietnamese; ``?lang=en``
English) and the download of a paper's copy ``GET /co-quan/ho-so/<code>/giay-to/<n>``.

An officer of a receiving agency (land office, police, tax…) signs in with the agency token
(``district-server agency-token``): typed into the form, POSTed to ``/co-quan/dang-nhap`` (never in an
address) and kept as an HttpOnly, SameSite=Strict cookie on ``/co-quan``; a script sends it as
``Authorization: Bearer``. The page lists the dossiers whose latest interlinked transfer went to the
token's agency (:func:`district_server.agency.transferred_dossiers`), newest first, twenty a page, each
with the papers the hub holds. Every download writes a ``paper_download`` row before the bytes go out; a
dossier that is not the agency's is a 404, exactly like one that does not exist.

The security headers (CSP without scripts, ``frame-ancestors 'none'``, no referrer) are
:mod:`district_server.security`'s, on every answer; these pages add ``Cache-Control: no-store``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from counter_app.domain.status_labels import STATUS_LABELS
from counter_app.domain.text import nfc
from district_server import agency, ratelimit
from district_server.db import utc_now
from district_server.errors import HubError
from district_server.security import inline_style
from district_server.wire import shown_time

COOKIE = "co_quan"
COOKIE_PATH = "/co-quan"
COOKIE_MAX_AGE = 7 * 24 * 3600
PAGE_SIZE = 20
CHUNK = 256 * 1024
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
_MAX_FORM = 4096
_POSITION = re.compile(r"[1-9][0-9]{0,3}")

# key -> (Vietnamese, English)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Hồ sơ chuyển liên thông đến cơ quan", "Dossiers transferred to the agency"),
    "subtitle": ("Trang dành cho cán bộ cơ quan tiếp nhận", "For the officers of the receiving agency"),
    "login_title": ("Cần mã truy cập của cơ quan", "The agency's access token is needed"),
    "login_text": (
        "Trang này chỉ dành cho cán bộ của cơ quan nhận hồ sơ chuyển liên thông. Nhập mã truy cập do máy chủ "
        "huyện cấp cho cơ quan (lệnh district-server agency-token).",
        "This page is only for the officers of an agency that receives interlinked dossiers. Enter the "
        "access token the district hub issued to your agency (district-server agency-token).",
    ),
    "token": ("Mã truy cập", "Access token"),
    "open": ("Mở danh sách hồ sơ", "Open the dossier list"),
    "wrong_token": ("Mã truy cập không đúng hoặc đã bị thu hồi.", "The access token is wrong or was revoked."),
    "token_in_address": (
        "Không nhận mã truy cập trên địa chỉ trang; hãy nhập mã vào ô dưới đây.",
        "A token in the page address is not accepted; type it into the field below.",
    ),
    "agency": ("Cơ quan", "Agency"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "none": ("Chưa có hồ sơ nào được chuyển liên thông đến cơ quan.", "No dossier was transferred to the agency yet."),
    "count": ("{total} hồ sơ — trang {page}/{pages}", "{total} dossiers — page {page} of {pages}"),
    "previous": ("← Trang trước", "← Previous page"),
    "next": ("Trang sau →", "Next page →"),
    "procedure": ("Thủ tục", "Procedure"),
    "applicant": ("Người nộp", "Applicant"),
    "commune": ("Xã tiếp nhận", "Receiving commune"),
    "received_at": ("Ngày tiếp nhận", "Received on"),
    "due_at": ("Hẹn trả", "Due"),
    "transferred_at": ("Chuyển đến cơ quan lúc", "Transferred to the agency at"),
    "status": ("Trạng thái", "Status"),
    "papers": ("Giấy tờ", "Papers"),
    "no_papers": (
        "Máy chủ chưa nhận bản điện tử nào của hồ sơ này (xã gửi lên sau khi đồng bộ).",
        "The hub holds no electronic copy of this dossier yet (the commune sends them after syncing).",
    ),
    "col_paper": ("Số", "No."),
    "col_name": ("Tên giấy tờ", "Paper"),
    "col_pages": ("Số trang", "Pages"),
    "col_bytes": ("Dung lượng", "Size"),
    "col_signer": ("Người ký", "Signed by"),
    "col_received": ("Máy chủ nhận lúc", "Received by the hub"),
    "col_download": ("Tải về", "Download"),
    "download": ("Tải bản PDF", "Download the PDF"),
    "unknown_name": ("Giấy tờ số {n}", "Paper no. {n}"),
    "not_found_title": ("Không tìm thấy", "Not found"),
    "not_found": (
        "Không có giấy tờ này trong các hồ sơ chuyển đến cơ quan.",
        "No such paper in the dossiers transferred to the agency.",
    ),
    "store_error": (
        "Máy chủ tạm thời không đọc được bản giấy tờ này; xin thử lại sau.",
        "The hub cannot read this copy right now; try again later.",
    ),
    "lang_other": ("English", "Tiếng Việt"),
}

_STYLE = inline_style("""
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:15px;
line-height:1.4;color:#1a1a1a;background:#f3f5f7}
header{background:#0b4f8a;color:#fff;padding:12px 16px;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
header div{flex:1 1 auto}
header h1{margin:0;font-size:1.15em}
header p{margin:2px 0 0;font-size:.9em;opacity:.9}
header a{color:#fff}
main{max-width:1100px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:12px 14px;margin:0 0 12px;box-shadow:0 1px 2px #0002;
overflow-x:auto}
h2{font-size:1.05em;margin:0 0 8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}
dt{font-weight:600;color:#444}
dd{margin:0}
form{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;margin:0}
label{display:flex;flex-direction:column;font-weight:600;font-size:.9em}
input{font-size:1em;padding:6px;border:1px solid #999;border-radius:6px;margin-top:3px}
button{font-size:1em;padding:8px 16px;border:0;border-radius:6px;background:#0b4f8a;color:#fff}
header button{background:#fff;color:#0b4f8a;padding:4px 10px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:4px 6px;text-align:left}
th{background:#eef1f4;font-weight:600}
td.num{text-align:right}
nav{display:flex;gap:16px;align-items:center;margin:0 0 12px}
.error{color:#a3111b;font-weight:600}
.note{color:#555;font-size:.9em}
""")


def _lang(value: str | None) -> int:
    """0 Vietnamese (the default), 1 English."""
    return 1 if (value or "").strip().lower() == "en" else 0


def word(key: str, lang: int, **params: Any) -> str:
    text = WORDS[key][lang]
    return text.format(**params) if params else text


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else shown_time(moment).strftime("%H:%M %d/%m/%Y")


def _day(moment: datetime | None) -> str:
    return "—" if moment is None else shown_time(moment).strftime("%d/%m/%Y")


def size_text(count: int, lang: int) -> str:
    """1234567 → "1,2 MB" (Vietnamese decimal comma) / "1.2 MB"."""
    if count < 1024:
        text = f"{count} B"
    elif count < 1024 * 1024:
        text = f"{count / 1024:.1f} KB"
    else:
        text = f"{count / (1024 * 1024):.1f} MB"
    return text.replace(".", ",") if lang == 0 else text


def _with_lang(path: str, lang: int, **params: str) -> str:
    query = {**params, **({"lang": "en"} if lang else {})}
    return path + (f"?{urlencode(query)}" if query else "")


def _document(lang: int, title: str, body: str, *, agency_line: str | None = None, signed_in: bool = False) -> str:
    other = _with_lang("/co-quan", 1 - lang)
    sign_out = (
        f'<form method="post" action="/co-quan/dang-xuat">'
        f'<input type="hidden" name="lang" value="{"en" if lang else "vi"}">'
        f'<button type="submit" data-field="sign-out">{escape(word("sign_out", lang))}</button></form>'
        if signed_in
        else ""
    )
    sub = agency_line if agency_line is not None else escape(word("subtitle", lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if lang else "vi"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><div><h1>{escape(title)}</h1><p>{sub}</p></div>"
        f'<a href="{escape(other)}" data-field="lang-switch">{escape(word("lang_other", lang))}</a>'
        f"{sign_out}</header>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def render_login(lang: int, message: str | None = None) -> str:
    """The token form, POSTed so the token never appears in an address, a log or the history."""
    body = (
        f"<section><h2>{escape(word('login_title', lang))}</h2>"
        + (f'<p class="error" data-field="error">{escape(message)}</p>' if message else "")
        + f"<p>{escape(word('login_text', lang))}</p>"
        '<form method="post" action="/co-quan/dang-nhap">'
        f'<input type="hidden" name="lang" value="{"en" if lang else "vi"}">'
        f'<label for="token">{escape(word("token", lang))}'
        '<input type="password" id="token" name="token" autocomplete="off" required></label>'
        f'<button type="submit">{escape(word("open", lang))}</button></form></section>'
    )
    return _document(lang, word("title", lang), body)


def render_not_found(lang: int, key: str = "not_found") -> str:
    body = f'<section><p class="error" data-field="error">{escape(word(key, lang))}</p></section>'
    return _document(lang, word("not_found_title", lang), body)


def _papers_table(dossier: agency.AgencyDossier, papers: list[Any], facts: dict[Any, Any], lang: int) -> str:
    if not papers:
        return f'<p class="note" data-field="no-papers">{escape(word("no_papers", lang))}</p>'
    head = "".join(
        f"<th>{escape(word(k, lang))}</th>"
        for k in ("col_paper", "col_name", "col_pages", "col_bytes", "col_signer", "col_received", "col_download")
    )
    rows = []
    for info in papers:
        fact = facts.get((info.paper, info.sha256)) or facts.get((info.paper, None))
        name = fact.name if fact is not None and fact.name else word("unknown_name", lang, n=info.paper)
        pages = "—" if fact is None or fact.pages is None else str(fact.pages)
        link = _with_lang(f"/co-quan/ho-so/{quote(dossier.code, safe='')}/giay-to/{info.paper}", lang)
        rows.append(
            f'<tr data-paper="{info.paper}"><td class="num" data-field="paper">{info.paper}</td>'
            f'<td data-field="name">{escape(name)}</td><td class="num" data-field="pages">{pages}</td>'
            f'<td class="num" data-field="bytes" title="{info.bytes}">{escape(size_text(info.bytes, lang))}</td>'
            f'<td data-field="signed_by">{escape(info.signed_by or "—")}</td>'
            f'<td data-field="received_at">{_when(info.received_at)}</td>'
            f'<td><a href="{escape(link)}" data-field="download" download>{escape(word("download", lang))}</a>'
            "</td></tr>"
        )
    return f'<table class="papers"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render_list(
    access: agency.AgencyAccess,
    name: str | None,
    listing: agency.DossierList,
    papers: dict[str, tuple[list[Any], dict[Any, Any]]],
    lang: int,
) -> str:
    agency_line = (
        f'{escape(word("agency", lang))}: <span data-field="agency">'
        f"{escape(name + ' — ' if name else '')}{escape(access.agency_code)}</span>"
    )
    parts: list[str] = []
    if not listing.dossiers:
        parts.append(f'<section><p data-field="none">{escape(word("none", lang))}</p></section>')
    else:
        nav = [
            f'<span data-field="count">'
            f"{escape(word('count', lang, total=listing.total, page=listing.page, pages=listing.pages))}</span>"
        ]
        if listing.page > 1:
            href = _with_lang("/co-quan", lang, trang=str(listing.page - 1))
            nav.append(f'<a href="{escape(href)}" rel="prev">{escape(word("previous", lang))}</a>')
        if listing.page < listing.pages:
            href = _with_lang("/co-quan", lang, trang=str(listing.page + 1))
            nav.append(f'<a href="{escape(href)}" rel="next">{escape(word("next", lang))}</a>')
        parts.append(f"<nav>{''.join(nav)}</nav>")
    for d in listing.dossiers:
        rows, facts = papers.get(d.code, ([], {}))
        status = STATUS_LABELS.get(d.status, (d.status, d.status))[lang]
        fields = [
            ("procedure", d.procedure_name),
            ("applicant", d.applicant_name),
            ("commune", f"{d.commune_name} ({d.commune_code})"),
            ("received_at", _day(d.received_at)),
            ("due_at", _day(d.due_at)),
            ("transferred_at", _when(d.transferred_at)),
            ("status", status),
        ]
        listed = "".join(
            f'<dt>{escape(word(key, lang))}</dt><dd data-field="{key}">{escape(value)}</dd>' for key, value in fields
        )
        parts.append(
            f'<section data-dossier="{escape(d.code)}"><h2 data-field="code">{escape(d.code)}</h2><dl>{listed}</dl>'
            f"<h3>{escape(word('papers', lang))}</h3>{_papers_table(d, rows, facts, lang)}</section>"
        )
    return _document(lang, word("title", lang), "\n".join(parts), agency_line=agency_line, signed_in=True)


# ------------------------------------------------------------------------------------------ routes

router = APIRouter()


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=PAGE_HEADERS)


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "-"


def _given_token(request: Request) -> tuple[str | None, bool]:
    """The token the request carries and whether it came as ``Authorization: Bearer`` (which, when
    present, is the only one looked at)."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        return (value.strip() if scheme.lower() == "bearer" else None), True
    return request.cookies.get(COOKIE), False


def _access(request: Request) -> tuple[agency.AgencyAccess | None, Response | None]:
    """The signed-in agency, or the answer to give instead (the login page, 401)."""
    lang = _lang(request.query_params.get("lang"))
    if "token" in request.query_params:  # already in access logs and the history: refused unchecked
        return None, _html(render_login(lang, word("token_in_address", lang)), 401)
    token, bearer = _given_token(request)
    with request.app.state.hub.read() as session:
        access = agency.authenticate(session, token)
    if access is None:
        answer = _html(render_login(lang, word("wrong_token", lang) if token else None), 401)
        if bearer:
            answer.headers["WWW-Authenticate"] = "Bearer"
        return None, answer
    return access, None


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) <= 6 else 1


@router.get("/co-quan", include_in_schema=False)
def officers_page(request: Request) -> Response:
    access, refused = _access(request)
    if access is None:
        assert refused is not None
        return refused
    lang = _lang(request.query_params.get("lang"))
    from district_server.papers.service import list_papers

    with request.app.state.hub.read() as session:
        listing = agency.transferred_dossiers(
            session, access.agency_code, _page_number(request.query_params.get("trang")), PAGE_SIZE
        )
        name = agency.agency_name(session, access.agency_code)
        papers: dict[str, tuple[list[Any], dict[Any, Any]]] = {}
        for d in listing.dossiers:
            papers[d.code] = (
                list_papers(session, d.code, commune_code=None),
                agency.paper_facts(session, d.id),
            )
    return _html(render_list(access, name, listing, papers, lang))


@router.post("/co-quan/dang-nhap", include_in_schema=False)
async def officers_login(request: Request) -> Response:
    """A valid token becomes an HttpOnly, SameSite=Strict cookie and the browser goes to the list (303)."""
    too_many = ratelimit.refused(request, "login")
    if too_many is not None:
        return too_many
    raw = await request.body()
    fields = {k: v[0] for k, v in parse_qs(raw[:_MAX_FORM].decode("utf-8", "replace")).items() if v}
    lang = _lang(fields.get("lang") or request.query_params.get("lang"))
    given = nfc(fields.get("token", "")).strip()
    with request.app.state.hub.read() as session:
        access = agency.authenticate(session, given) if given else None
    if access is None:
        return _html(render_login(lang, word("wrong_token", lang)), 401)
    answer = RedirectResponse(_with_lang("/co-quan", lang), status_code=303, headers={"Cache-Control": "no-store"})
    answer.set_cookie(
        COOKIE,
        given,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=COOKIE_PATH,
    )
    return answer


@router.post("/co-quan/dang-xuat", include_in_schema=False)
async def officers_logout(request: Request) -> Response:
    raw = await request.body()
    fields = {k: v[0] for k, v in parse_qs(raw[:_MAX_FORM].decode("utf-8", "replace")).items() if v}
    lang = _lang(fields.get("lang"))
    answer = RedirectResponse(_with_lang("/co-quan", lang), status_code=303, headers={"Cache-Control": "no-store"})
    answer.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")
    return answer


def _chunks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        yield bytes(view[start : start + CHUNK])


@router.get("/co-quan/ho-so/{code}/giay-to/{position}", include_in_schema=False)
async def paper_download(request: Request, code: str, position: str) -> Response:
    """The current copy of paper ``position`` of dossier ``code`` as an attachment, audited first."""
    access, refused = _access(request)
    if access is None:
        assert refused is not None
        return refused
    lang = _lang(request.query_params.get("lang"))
    hub = request.app.state.hub
    client = _client(request)

    def work() -> tuple[str, bytes] | Response:
        from district_server.papers.service import read_paper

        if not _POSITION.fullmatch(position):
            return _html(render_not_found(lang), 404)
        n = int(position)
        with hub.read() as session:
            dossier = agency.visible_dossier(session, access.agency_code, code)
        if dossier is None:
            return _html(render_not_found(lang), 404)
        try:
            info, data = read_paper(hub, dossier.code, n)
        except HubError as exc:  # no such paper (404), or the store cannot give it now (503)
            return _html(render_not_found(lang, "not_found" if exc.status == 404 else "store_error"), exc.status)
        except OSError:  # the store's disk or object server failed
            return _html(render_not_found(lang, "store_error"), 503)
        if info.paper_id is None:  # read_paper always names the row; never a download without its audit
            return _html(render_not_found(lang), 404)
        with hub.write() as session:
            agency.record_download(session, info.paper_id, access, client, utc_now())
        return f"{dossier.code}-giay-to-{n}.pdf", data

    outcome = await run_in_threadpool(work)
    if isinstance(outcome, Response):
        return outcome
    filename, data = outcome
    return StreamingResponse(
        _chunks(data),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Length": str(len(data)),
            "Cache-Control": "no-store",
        },
    )
