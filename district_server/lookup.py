"""The citizen lookup page: ``GET /ho-so`` (the receipt QR's URL) and the form ``GET /tra-cuu``.

Two kinds of proof open a dossier's page:

* the receipt QR's full query ``ma, k, n, h, s`` — the signature (Ed25519 by the issuing counter, see
  :mod:`counter_app.domain.receipt_qr`) must verify with that device's key, the secret must be the
  dossier's and the dates must be the ones the hub holds;
* the code and the lookup secret alone (``ma, k``: the notice SMS's link and the form) — the secret is
  the proof.

A correctly signed receipt of a dossier that has not reached the hub yet gets a "valid receipt, not
synced yet" page with the receipt's own dates. Anything else — unknown code, wrong secret, bad
signature, altered dates, malformed query — gets one neutral "not found" page with status 404, so the
page is no oracle for guessing codes or secrets.

Rendering is a pure function from a dataclass to HTML (``render_*``); every value goes through
:func:`html.escape`. The page is Vietnamese, self-contained (inline CSS, no script, no external
resource) and readable on a phone. It shows the applicant's initials only, never a name, ID number,
phone, clerk or officer.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import InvalidInput
from counter_app.domain.receipt_qr import INFO_KEYS, ReceiptClaim, claim_for, parse_payload, valid_info
from counter_app.domain.status_labels import STATUS_LABELS
from counter_app.domain.text import nfc
from district_server import ratelimit
from district_server.models import Commune, Device, HubDossier, HubEvent
from district_server.security import inline_style
from district_server.wire import shown_time

router = APIRouter()

# CSP, frame, referrer and nosniff headers: district_server.security, on every answer of the app.
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
_SECRET = re.compile(r"[A-Z0-9]{4,16}")
_SIGNED_KEYS = frozenset({"ma", "k", "n", "h", "s"})
_SECRET_KEYS = frozenset({"ma", "k"})

# What a citizen reads for each event of the history. Events that are not steps of the dossier itself
# (printing a form, queueing a notice) are left out, and no detail naming a person is ever shown.
EVENT_LABELS: dict[str, str] = {
    "submitted": "Nộp hồ sơ trực tuyến",
    "intake_incomplete": "Hướng dẫn bổ sung trước khi tiếp nhận",
    "received": "Tiếp nhận hồ sơ",
    "refused": "Từ chối tiếp nhận hồ sơ",
    "transferred": "Chuyển xử lý",
    "supplement_requested": "Yêu cầu bổ sung hồ sơ",
    "supplement_supplied": "Đã bổ sung hồ sơ",
    "result_ready": "Đã có kết quả",
    "handed_to_post": "Giao bưu điện chuyển trả kết quả",
    "undeliverable": "Bưu điện chưa giao được kết quả",
    "returned": "Trả kết quả",
    "withdrawn": "Rút hồ sơ",
    "stopped": "Dừng giải quyết hồ sơ",
    "apology_issued": "Hẹn lại ngày trả kết quả",
}


# ---------------------------------------------------------------------------------------- what is shown


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    label: str


@dataclass(frozen=True)
class DossierPage:
    """Everything the page of a found dossier shows (aware datetimes; shown in office time)."""

    office_name: str
    office_phone: str | None
    code: str
    procedure_name: str
    applicant_initials: str
    status: str
    received_at: datetime
    appointment_at: datetime | None
    by_post: bool
    history: tuple[HistoryLine, ...]


@dataclass(frozen=True)
class PendingPage:
    """A genuine receipt whose dossier has not reached the hub yet: only the receipt's own facts."""

    office_name: str
    office_phone: str | None
    code: str
    received: datetime  # office time, from the receipt
    due: date


def initials(full_name: str) -> str:
    """``"Nguyễn Văn An"`` → ``"N. V. A."``: enough for the citizen to recognise, nothing more."""
    return " ".join(f"{word[0].upper()}." for word in nfc(full_name).split())


def status_label(status: str) -> str:
    labels = STATUS_LABELS.get(status)
    return status if labels is None else labels[0]


def _when(moment: datetime) -> str:
    return shown_time(moment).strftime("%H:%M ngày %d/%m/%Y")


def _day(moment: datetime) -> str:
    return shown_time(moment).strftime("%d/%m/%Y")


def result_line(page: DossierPage) -> str:
    """Where the result stands, in one sentence."""
    if page.status == "result_ready":
        if page.by_post:
            return "Đã có kết quả; kết quả sẽ được gửi qua dịch vụ bưu chính công ích."
        return "Đã có kết quả. Mời Ông/Bà mang giấy tiếp nhận đến Bộ phận Một cửa để nhận kết quả."
    if page.status == "handed_to_post":
        return "Đã có kết quả; kết quả đã được giao bưu điện để chuyển đến Ông/Bà."
    if page.status == "returned":
        return "Đã trả kết quả."
    if page.status in {"refused", "withdrawn", "stopped"}:
        return "Hồ sơ đã kết thúc, không có kết quả để trả."
    return "Chưa có kết quả."


_STYLE = inline_style("""
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:17px;
line-height:1.5;color:#1a1a1a;background:#f3f5f7}
header{background:#a3111b;color:#fff;padding:14px 16px}
header h1{margin:0;font-size:1.15em}
header p{margin:2px 0 0;font-size:.9em;opacity:.9}
main{max-width:640px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:14px 16px;margin:0 0 12px;box-shadow:0 1px 2px #0002}
h2{font-size:1.05em;margin:0 0 8px}
dl{margin:0}
dt{color:#555;font-size:.9em;margin-top:8px}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.status{display:inline-block;padding:4px 10px;border-radius:14px;background:#e6f0fb;color:#0b4a8b;font-weight:700}
.note{color:#555;font-size:.9em}
ol{margin:0;padding-left:1.2em}
li{margin:4px 0}
time{color:#555;font-size:.9em;display:block}
label{display:block;margin-top:10px;font-weight:600}
input{width:100%;font-size:1.05em;padding:10px;border:1px solid #999;border-radius:6px;margin-top:4px}
button{margin-top:14px;width:100%;font-size:1.05em;padding:12px;border:0;border-radius:6px;background:#a3111b;color:#fff}
footer{text-align:center;color:#666;font-size:.85em;padding:8px 12px 20px}
""")


def _document(title: str, header: str, subheader: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(header)}</h1>"
        + (f"<p>{escape(subheader)}</p>" if subheader else "")
        + f"</header>\n<main>\n{body}\n</main>\n"
        '<footer>Tra cứu hồ sơ thủ tục hành chính<br><a href="tra-cuu">Tra cứu hồ sơ khác</a></footer>\n'
        "</body>\n</html>\n"
    )


def _rows(pairs: list[tuple[str, str, str]]) -> str:
    """``<dt>/<dd>`` pairs; the third item names the field for tests and styling."""
    return "".join(f'<dt>{escape(k)}</dt><dd data-field="{name}">{escape(v)}</dd>' for name, k, v in pairs)


def _phone_line(phone: str | None) -> str:
    return f"Điện thoại: {phone}" if phone else ""


def render_dossier(page: DossierPage) -> str:
    facts: list[tuple[str, str, str]] = [
        ("code", "Mã hồ sơ", page.code),
        ("procedure", "Thủ tục", page.procedure_name),
        ("applicant", "Người nộp", page.applicant_initials),
        ("received", "Ngày tiếp nhận", _when(page.received_at)),
    ]
    if page.appointment_at is not None:
        facts.append(("appointment", "Hẹn trả kết quả", _when(page.appointment_at)))
    facts.append(("result", "Kết quả", result_line(page)))
    history = "".join(
        f'<li><time datetime="{escape(line.at.isoformat())}">{escape(_when(line.at))}</time>{escape(line.label)}</li>'
        for line in page.history
    )
    body = (
        f'<section><h2>Tình trạng hồ sơ</h2><p><span class="status" data-field="status">'
        f"{escape(status_label(page.status))}</span></p><dl>{_rows(facts)}</dl></section>\n"
        + (f"<section><h2>Quá trình giải quyết</h2><ol>{history}</ol></section>\n" if history else "")
        + '<section class="note">Thông tin được cập nhật khi bộ phận một cửa đồng bộ dữ liệu; '
        "nếu cần, xin liên hệ số điện thoại của cơ quan ở đầu trang.</section>"
    )
    return _document(f"Hồ sơ {page.code}", page.office_name, _phone_line(page.office_phone), body)


def render_pending(page: PendingPage) -> str:
    facts = [
        ("code", "Mã hồ sơ", page.code),
        ("received", "Ngày tiếp nhận", page.received.strftime("%H:%M ngày %d/%m/%Y")),
        ("appointment", "Hẹn trả kết quả", page.due.strftime("%d/%m/%Y")),
    ]
    body = (
        '<section><h2>Giấy hẹn hợp lệ</h2><p data-field="pending">Giấy hẹn hợp lệ; hồ sơ chưa được đồng bộ lên '
        "hệ thống, vui lòng tra cứu lại sau.</p>"
        f"<dl>{_rows(facts)}</dl></section>"
    )
    return _document(f"Hồ sơ {page.code}", page.office_name, _phone_line(page.office_phone), body)


def render_not_found() -> str:
    body = (
        '<section><h2 data-field="not-found">Không tìm thấy hồ sơ</h2>'
        "<p>Không tìm thấy hồ sơ với thông tin đã cung cấp. Xin kiểm tra lại mã hồ sơ và mã tra cứu in trên "
        "giấy tiếp nhận, hoặc liên hệ bộ phận một cửa nơi đã nộp hồ sơ.</p></section>\n" + _form_section("", "")
    )
    return _document("Không tìm thấy hồ sơ", "Tra cứu hồ sơ", "", body)


def _form_section(code: str, secret: str) -> str:
    return (
        '<section><h2>Tra cứu hồ sơ</h2><form method="get" action="ho-so">'
        '<label for="ma">Mã hồ sơ</label>'
        f'<input id="ma" name="ma" value="{escape(code)}" placeholder="000.00.00.H00-251118-2001" '
        'autocomplete="off" autocapitalize="characters" required>'
        '<label for="k">Mã tra cứu</label>'
        f'<input id="k" name="k" value="{escape(secret)}" placeholder="Mã in trên giấy tiếp nhận" '
        'autocomplete="off" autocapitalize="characters" required>'
        '<button type="submit">Tra cứu</button></form>'
        '<p class="note">Mã hồ sơ và mã tra cứu được in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả.</p>'
        "</section>"
    )


def render_form() -> str:
    return _document("Tra cứu hồ sơ", "Tra cứu hồ sơ", "Thủ tục hành chính", _form_section("", ""))


# ---------------------------------------------------------------------------------------- verification


def _same(a: str, b: str) -> bool:
    """Constant time, whatever the lengths: the digests are compared, never the texts."""
    return hmac.compare_digest(hashlib.sha256(a.encode()).digest(), hashlib.sha256(b.encode()).digest())


def _verifies(public_key: bytes, claim: ReceiptClaim, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, claim.message)
    except (InvalidSignature, ValueError):
        return False
    return True


# What an unknown code is checked against, so that it costs what a known code with a wrong secret costs:
# the same statements, one secret comparison, the same signature verifications. A key nobody signs with
# (the public half of an all-zero private key, which no counter generates) and a secret no dossier has.
_NO_KEY = Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key().public_bytes_raw()
_NO_SECRET = "-"
_NO_DEVICE = "00000000-0000-0000-0000-000000000000"
_NO_COMMUNE = -1
_NO_TIME = datetime(2000, 1, 1, tzinfo=UTC)


def _appointment(dossier: HubDossier, events: list[HubEvent]) -> datetime | None:
    """The current appointment: the last apology's new date, else the due date."""
    current = dossier.due_at
    for event in events:
        if event.kind == "apology_issued":
            moment = event.payload.get("new_appointment")
            try:
                current = datetime.fromisoformat(str(moment)) if moment else current
            except ValueError:
                continue
    return current


def _history_label(event: HubEvent) -> str | None:
    label = EVENT_LABELS.get(event.kind)
    if label is None:
        return None
    if event.kind == "transferred" and event.status_after == "interlinked":
        return "Chuyển liên thông đến cơ quan có thẩm quyền"
    if event.kind == "apology_issued":
        moment = event.payload.get("new_appointment")
        try:
            return f"{label}: {_day(datetime.fromisoformat(str(moment)))}" if moment else label
        except ValueError:
            return label
    return label


def dossier_page(session: Session, dossier: HubDossier) -> DossierPage:
    device = session.get(Device, dossier.device_id)
    commune = session.get(Commune, dossier.commune_id)
    events = list(
        session.scalars(select(HubEvent).where(HubEvent.dossier_id == dossier.id).order_by(HubEvent.at, HubEvent.id))
    )
    history = tuple(HistoryLine(event.at, label) for event in events if (label := _history_label(event)) is not None)
    return DossierPage(
        office_name=device.office_name if device is not None else (commune.name if commune is not None else ""),
        office_phone=None if commune is None else commune.phone,
        code=dossier.code,
        procedure_name=dossier.procedure_name,
        applicant_initials=initials(dossier.applicant_name),
        status=dossier.status,
        received_at=dossier.received_at,
        appointment_at=_appointment(dossier, events),
        by_post=dossier.return_by_post,
        history=history,
    )


def _by_code(session: Session, code: str) -> HubDossier | None:
    return session.scalar(select(HubDossier).where(HubDossier.code == code))


def _signed(session: Session, claim: ReceiptClaim, signature: bytes) -> DossierPage | PendingPage | None:
    """The page a signed receipt opens. Whether the code is on the hub or not, the same work is done
    (no early exit, dummies in place of what is missing), so the time taken tells nothing about which
    codes exist: the dossier, its issuing device, the commune and its live PCs of that workstation are
    read; one secret comparison; the issuer's key and every live PC's key verify the signature."""
    dossier = _by_code(session, claim.code)
    # Not on the hub yet: a receipt signed by a live PC of the commune that issues this workstation's
    # codes. A revoked PC's key vouches for nothing new (it may be in a thief's hands); the receipts of
    # the dossiers it synced before stay genuine through their issuer.
    parsed = parse_dossier_code(claim.code)
    commune = session.scalar(select(Commune).where(Commune.code == parsed.agency))
    live = list(
        session.scalars(
            select(Device).where(
                Device.commune_id == (_NO_COMMUNE if commune is None else commune.id),
                Device.workstation == parsed.workstation,
                Device.revoked_at.is_(None),
            )
        )
    )
    # The issuer is read by a query (not session.get, which may skip the database); for an unknown code
    # the row read is one of the live PCs (or none), as the issuer of a known code usually is one of them.
    stand_in = live[0].id if live else _NO_DEVICE
    issuer = session.scalar(select(Device).where(Device.id == (stand_in if dossier is None else dossier.device_id)))
    if dossier is None:
        issuer = None
    secret_ok = _same(claim.secret, _NO_SECRET if dossier is None else dossier.lookup_secret)
    issuer_ok = _verifies(_NO_KEY if issuer is None else issuer.public_key, claim, signature)
    vouching = [device for device in live if _verifies(device.public_key, claim, signature)]
    due_at = None if dossier is None else dossier.due_at
    expected = claim_for(
        claim.code,
        _NO_SECRET if dossier is None else dossier.lookup_secret,
        _NO_TIME if dossier is None else dossier.received_at,
        _NO_TIME if due_at is None else due_at,
    )
    if dossier is not None:
        genuine = secret_ok and issuer is not None and issuer_ok and due_at is not None and claim == expected
        return dossier_page(session, dossier) if genuine else None
    if commune is None or not vouching:
        return None
    return PendingPage(
        office_name=vouching[0].office_name,
        office_phone=commune.phone,
        code=claim.code,
        received=datetime.strptime(claim.received, "%Y%m%d%H%M"),
        due=datetime.strptime(claim.due, "%Y%m%d").date(),
    )


def _by_secret(session: Session, code: str, secret: str) -> DossierPage | None:
    try:
        code = str(parse_dossier_code(nfc(code)))
    except InvalidInput:
        return None
    secret = "".join(nfc(secret).split()).upper()
    if _SECRET.fullmatch(secret) is None:
        return None
    dossier = _by_code(session, code)
    # One comparison either way (against a secret no dossier has when the code is unknown).
    matches = _same(secret, _NO_SECRET if dossier is None else dossier.lookup_secret)
    if dossier is None or not matches:
        return None
    return dossier_page(session, dossier)


def find(session: Session, query: str, params: dict[str, str]) -> DossierPage | PendingPage | None:
    """The page a lookup request opens, or None for the neutral "not found".

    ``query`` is the raw query string (the signed form is parsed exactly as the counter parses a
    scanned receipt); ``params`` its keys with one value each.
    """
    if not valid_info(params):
        return None
    keys = frozenset(params) - INFO_KEYS  # a paper's QR adds Circular 01/2023's fields: information only
    if keys == _SIGNED_KEYS:
        try:
            claim, signature = parse_payload(f"?{query}")
        except InvalidInput:
            return None
        return _signed(session, claim, signature)
    if keys == _SECRET_KEYS:
        return _by_secret(session, params["ma"], params["k"])
    return None


# ---------------------------------------------------------------------------------------- routes


def _hub(request: Request) -> Any:
    return request.app.state.hub


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=PAGE_HEADERS)


@router.get("/ho-so", include_in_schema=False)
def lookup_page(request: Request) -> HTMLResponse:
    too_many = ratelimit.refused(request, "lookup")
    if too_many is not None:
        return too_many
    params = dict(request.query_params.multi_items())
    if len(params) != len(request.query_params.multi_items()):
        return _html(render_not_found(), 404)  # a key given twice
    if not params:
        return _html(render_form())
    with _hub(request).read() as session:
        found = find(session, request.url.query, params)
        page = (
            None
            if found is None
            else (render_pending(found) if isinstance(found, PendingPage) else render_dossier(found))
        )
    return _html(render_not_found(), 404) if page is None else _html(page)


@router.get("/tra-cuu", include_in_schema=False)
def lookup_form() -> HTMLResponse:
    return _html(render_form())
