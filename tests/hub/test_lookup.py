"""The citizen lookup page (/ho-so, /tra-cuu) of the real hub, opened in headless Chromium.

A real counter database takes the dossier, prints the real receipt, syncs with the real hub over
loopback; the QR code decoded from the receipt PDF is the URL the browser opens — the issue's "done
when": the lookup page works from a real receipt's QR in a real browser. What is asserted is what the
citizen sees (the rendered DOM), and what they must not see (full name, ID number, phone).

Chromium (Debian's ``chromium``) missing: these tests skip, or fail when ``HUB_TEST_CHROMIUM=required``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp

from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import office_time
from counter_app.domain.receipt_qr import parse_payload
from counter_app.services import documents, dossiers, intake, lifecycle, notices
from counter_app.services import hub_sync as sync
from counter_app.services.context import Context
from district_server import service
from district_server.db import utc_now
from district_server.lookup import DossierPage, HistoryLine, initials, render_dossier
from tests.conftest import OFFICE_CODE, FakeClock
from tests.hub.conftest import HubServer

CHROMIUM_ENV = "HUB_TEST_CHROMIUM"
FULL_NAME = "Nguyễn Văn An"
ID_NUMBER = "001190123456"
PHONE = "0912345678"
BIRTH = "2.000635"  # bản sao trích lục hộ tịch (khai sinh takes no paper since 01/10/2025)
NOT_FOUND = "Không tìm thấy hồ sơ"


# ---------------------------------------------------------------------------------------- the browser


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get(CHROMIUM_ENV) == "required":
            pytest.fail(f"chromium not found and {CHROMIUM_ENV}=required")
        pytest.skip("chromium is not installed")
    return found


@dataclass
class Browser:
    """Headless Chromium with its own throwaway profile."""

    binary: str
    profile: Path

    def _run(self, *args: str) -> bytes:
        command = [
            self.binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={self.profile}",
            *args,
        ]
        done = subprocess.run(command, capture_output=True, timeout=120, check=True)
        return done.stdout

    def dom(self, url: str) -> Page:
        """The DOM after Chromium loaded and rendered ``url``."""
        return Page.parse(self._run("--dump-dom", url).decode("utf-8"))

    def screenshot(self, url: str, target: Path, width: int = 412, height: int = 900) -> tuple[int, int]:
        """A phone-sized screenshot; its pixel size."""
        self._run(f"--screenshot={target}", f"--window-size={width},{height}", "--hide-scrollbars", url)
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        return struct.unpack(">II", data[16:24])


@pytest.fixture
def browser(tmp_path: Path) -> Browser:
    return Browser(_chromium(), tmp_path / "chromium-profile")


class Page(HTMLParser):
    """The rendered DOM as a citizen reads it: the visible text, the fields, the form inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.fields: dict[str, str] = {}
        self.inputs: list[str] = []
        self.history: list[str] = []
        self.scripts = 0
        self._open: list[tuple[str, str | None]] = []  # (tag, field name)
        self._text: list[str] = []
        self._item: list[str] | None = None
        self._skip = 0

    @classmethod
    def parse(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "html":
            self.lang = named.get("lang")
        if tag == "script":
            self.scripts += 1
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "input" and named.get("name"):
            self.inputs.append(str(named["name"]))
            return
        if tag == "li":
            self._item = []
        if tag in ("br", "meta", "link", "img"):
            return
        self._open.append((tag, named.get("data-field")))
        if named.get("data-field"):
            self.fields[str(named["data-field"])] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag == "li" and self._item is not None:
            self.history.append(" ".join(self._item))
            self._item = None
        while self._open:
            opened, _ = self._open.pop()
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = data.strip()
        if not text:
            return
        self._text.append(text)
        if self._item is not None:
            self._item.append(text)
        for _tag, name in self._open:
            if name:
                self.fields[name] = (self.fields[name] + " " + text).strip()

    @property
    def text(self) -> str:
        return " ".join(self._text)


# ---------------------------------------------------------------------------------------- the counter


@dataclass
class OnHub:
    server: HubServer
    ctx: Context
    clock: FakeClock
    code: str
    receipt_url: str


def _take(ctx: Context, name: str = FULL_NAME) -> str:
    applicant = make_applicant(name, id_number=ID_NUMBER, phone=PHONE, address="Xóm Đông")
    return intake.accept(ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code


def _receipt_qr(ctx: Context, code: str) -> str:
    """The text of the QR code on the real receipt PDF (Mẫu 01) of ``code``."""
    pdf = documents.receipt(ctx, code).pdf
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    # Only QR codes: a 1D reader can now and then "see" a barcode in the form's ruled lines.
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = {b.text for b in found}
    assert len(texts) == 1, [(b.format, b.text) for b in found]
    return texts.pop()


def _sync(ctx: Context) -> None:
    report = sync.run_round(ctx)
    assert (report.online, report.error, report.waiting) == (True, None, 0), report


@pytest.fixture
def on_hub(hub_server: HubServer, ctx: Context, clock: FakeClock) -> OnHub:
    """The counter of tests/conftest.py enrolled at the hub, one dossier taken and synced."""
    assert hub_server.hub is not None
    with hub_server.hub.write() as session:
        service.add_commune(session, OFFICE_CODE, "UBND xã Tân Lập", utc_now())
        code = service.issue_enroll_code(session, OFFICE_CODE, utc_now()).code
    enrolled = sync.enroll(ctx, hub_server.url, code)
    assert enrolled.lookup_url_base == f"{hub_server.url}/ho-so"
    dossier = _take(ctx)
    _sync(ctx)
    return OnHub(hub_server, ctx, clock, dossier, _receipt_qr(ctx, dossier))


def _when(moment: datetime | None) -> str:
    assert moment is not None
    return office_time(moment).strftime("%H:%M ngày %d/%m/%Y")


def _with(url: str, **changes: str) -> str:
    """``url`` with some query values replaced (keys kept in the receipt's order)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query, safe='.')}"


def _assert_private(page: Page) -> None:
    """Nothing that identifies the applicant beyond initials, nor the clerk's account."""
    for secret in (FULL_NAME, "Nguyễn", ID_NUMBER, PHONE, "Xóm Đông", "admin"):
        assert secret not in page.text


# ---------------------------------------------------------------------------------------- the receipt


def test_real_receipt_qr_opens_the_dossier_page_in_chromium(on_hub: OnHub, browser: Browser, tmp_path: Path) -> None:
    url = on_hub.receipt_url
    assert url.startswith(f"{on_hub.server.url}/ho-so?ma=")  # the receipt points at this hub
    detail = dossiers.show(on_hub.ctx, on_hub.code)

    page = browser.dom(url)

    assert page.lang == "vi"
    assert page.scripts == 0
    assert page.fields["status"] == "Đã tiếp nhận"
    assert page.fields["code"] == on_hub.code
    assert page.fields["procedure"] == detail.procedure_name
    assert page.fields["applicant"] == "N. V. A."
    assert page.fields["received"] == _when(detail.received_at) == "09:00 ngày 18/11/2025"
    assert page.fields["appointment"] == _when(detail.appointment_at)
    assert page.fields["result"] == "Chưa có kết quả."
    assert "UBND xã Tân Lập" in page.text  # the office that holds the dossier
    assert page.history == [f"{_when(detail.received_at)} Tiếp nhận hồ sơ"]
    assert NOT_FOUND not in page.text
    _assert_private(page)

    answer = httpx.get(url, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-robots-tag"] == "noindex"
    assert answer.headers["referrer-policy"] == "no-referrer"  # the URL carries the secret
    assert "http://" not in answer.text.replace(on_hub.server.url, "") and "https://" not in answer.text

    width, _height = browser.screenshot(url, tmp_path / "phone.png")
    assert width == 412


def test_the_page_follows_the_dossier_as_the_counter_syncs(on_hub: OnHub, browser: Browser) -> None:
    ctx, clock = on_hub.ctx, on_hub.clock
    clock.now += timedelta(hours=2)
    lifecycle.transfer(ctx, on_hub.code, "CC_TPHT")
    _sync(ctx)
    assert browser.dom(on_hub.receipt_url).fields["status"] == "Đang xử lý"

    clock.now += timedelta(days=1)
    lifecycle.record_result(ctx, on_hub.code)
    _sync(ctx)
    page = browser.dom(on_hub.receipt_url)
    assert page.fields["status"] == "Đã có kết quả"
    assert page.fields["result"].startswith("Đã có kết quả. Mời Ông/Bà mang giấy tiếp nhận")
    events = dossiers.show(ctx, on_hub.code).events
    assert [line.split(" ", 3)[-1] for line in page.history] == ["Tiếp nhận hồ sơ", "Chuyển xử lý", "Đã có kết quả"]
    assert page.history[-1].startswith(_when(events[-1].at))
    _assert_private(page)


def test_the_notice_sms_link_and_the_typed_code_open_the_page(on_hub: OnHub, browser: Browser) -> None:
    detail = dossiers.show(on_hub.ctx, on_hub.code)
    sms = [text for _kind, channel, _state, text in notices.queued_for(on_hub.ctx, detail.id) if channel == "sms"]
    assert len(sms) == 1
    link = next(word for word in sms[0].split() if word.startswith(on_hub.server.url))
    assert set(parse_qs(urlsplit(link).query)) == {"ma", "k"}  # code and secret, no signature
    assert browser.dom(link).fields["applicant"] == "N. V. A."

    form = browser.dom(f"{on_hub.server.url}/tra-cuu")
    assert form.inputs == ["ma", "k"]
    # What the form submits when a citizen types the code and the secret (lower case, with spaces).
    typed = browser.dom(
        f"{on_hub.server.url}/ho-so?{urlencode({'ma': on_hub.code, 'k': ' ' + detail.lookup_secret.lower()})}"
    )
    assert typed.fields["code"] == on_hub.code
    assert typed.fields["status"] == "Đã tiếp nhận"


def test_wrong_secret_or_signature_shows_the_same_neutral_not_found(on_hub: OnHub, browser: Browser) -> None:
    url = on_hub.receipt_url
    claim, _signature = parse_payload(url)
    s = parse_qs(urlsplit(url).query)["s"][0]
    other_code = on_hub.code[:-4] + f"{int(on_hub.code[-4:]) + 1:04d}"
    wrong_secret = "A" * len(claim.secret) if claim.secret != "A" * len(claim.secret) else "B" * len(claim.secret)
    wrong = {
        "wrong secret": _with(url, k=wrong_secret),
        "tampered signature": _with(url, s=("B" if s[0] != "B" else "C") + s[1:]),
        "later due date": _with(url, h=str(int(claim.due) + 1)),
        "unknown code": _with(url, ma=other_code),
        "code and wrong secret": f"{on_hub.server.url}/ho-so?{urlencode({'ma': on_hub.code, 'k': wrong_secret})}",
        "secret of another code": f"{on_hub.server.url}/ho-so?{urlencode({'ma': other_code, 'k': claim.secret})}",
        "no signature but dates": f"{on_hub.server.url}/ho-so?"
        + urlencode({"ma": on_hub.code, "k": claim.secret, "n": claim.received}),
        "key twice": f"{url}&k={claim.secret}",
        "garbage": f"{on_hub.server.url}/ho-so?ma=%3Cscript%3E&k=x",
    }
    bodies = set()
    for what, address in wrong.items():
        answer = httpx.get(address, timeout=30)
        assert answer.status_code == 404, what
        assert answer.headers["cache-control"] == "no-store"
        bodies.add(answer.text)
    assert len(bodies) == 1  # one page for every failure: no oracle

    detail = dossiers.show(on_hub.ctx, on_hub.code)
    for what in ("wrong secret", "tampered signature"):
        page = browser.dom(wrong[what])
        assert NOT_FOUND in page.text, what
        for fact in (on_hub.code, detail.procedure_name, "N. V. A.", "Đã tiếp nhận", "UBND xã Tân Lập"):
            assert fact not in page.text, (what, fact)
        assert "status" not in page.fields
        _assert_private(page)
    assert browser.dom(url).fields["code"] == on_hub.code  # the untouched receipt still opens


def test_receipt_of_a_dossier_not_synced_yet_is_valid_but_pending(on_hub: OnHub, browser: Browser) -> None:
    on_hub.clock.now += timedelta(minutes=30)
    later = _take(on_hub.ctx, "Trần Thị Bình")  # taken while the link is down: not on the hub
    url = _receipt_qr(on_hub.ctx, later)
    detail = dossiers.show(on_hub.ctx, later)

    page = browser.dom(url)
    assert page.fields["pending"].startswith("Giấy hẹn hợp lệ; hồ sơ chưa được đồng bộ lên hệ thống")
    assert page.fields["code"] == later
    assert page.fields["received"] == _when(detail.received_at) == "09:30 ngày 18/11/2025"
    assert detail.due_at is not None
    assert page.fields["appointment"] == office_time(detail.due_at).strftime("%d/%m/%Y")
    assert "Trần" not in page.text and ID_NUMBER not in page.text

    claim, _ = parse_payload(url)
    assert httpx.get(_with(url, h=str(int(claim.due) + 1)), timeout=30).status_code == 404  # altered: not valid
    _sync(on_hub.ctx)
    assert browser.dom(url).fields["status"] == "Đã tiếp nhận"  # once synced, the full page


def test_lookup_without_a_query_shows_the_form(on_hub: OnHub) -> None:
    answer = httpx.get(f"{on_hub.server.url}/ho-so", timeout=30)
    assert answer.status_code == 200
    page = Page.parse(answer.text)
    assert page.inputs == ["ma", "k"]
    assert answer.headers["x-robots-tag"] == "noindex"


# ---------------------------------------------------------------------------------------- rendering


def test_initials_only_never_the_name() -> None:
    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials(unicodedata.normalize("NFD", "  đặng   thị  ÁNH ")) == "Đ. T. Á."
    assert initials("") == ""


def test_every_value_on_the_page_is_escaped() -> None:
    at = datetime(2025, 11, 18, 2, 0, tzinfo=UTC)
    html = render_dossier(
        DossierPage(
            office_name='UBND xã <script>alert("x")</script>',
            office_phone="0210 <b>1</b>",
            code="000.12.34.H26-251118-2001",
            procedure_name="Thủ tục <img src=x onerror=alert(1)>",
            applicant_initials="<.",
            status="processing",
            received_at=at,
            appointment_at=None,
            by_post=False,
            history=(HistoryLine(at, "<i>x</i>"),),
        )
    )
    page = Page.parse(html)
    assert page.scripts == 0
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert 'UBND xã <script>alert("x")</script>' in page.text  # shown as text
    assert page.fields["procedure"] == "Thủ tục <img src=x onerror=alert(1)>"
    assert "appointment" not in page.fields
