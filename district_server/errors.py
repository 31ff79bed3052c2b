"""The hub's errors: a stable id (what the API answers as ``error``), an HTTP status, Vietnamese and English text.

Services raise :class:`HubError`; the API turns it into ``{"error": id, "message": vi text}`` and the CLI
prints the Vietnamese line and exits 2.
"""

from __future__ import annotations

from typing import Any

from counter_app.cliparse import ARGPARSE_TEXTS
from counter_app.domain.status_labels import EVENT_LABELS, STATUS_LABELS, label
from counter_app.domain.text import quoted_params
from counter_app.storage.base import SqliteFailure, sqlite_failure

# id -> (Vietnamese, English); {name} placeholders are filled from the error's parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    "unauthorized": (
        "Máy chưa ghi danh hoặc mã xác thực không đúng: hãy ghi danh lại máy với máy chủ huyện.",
        "Unknown device or wrong credential: enrol this PC with the hub again.",
    ),
    "revoked": (
        "Máy này đã bị thu hồi quyền đồng bộ: hãy xin mã ghi danh mới ở máy chủ huyện.",
        "This PC's sync credential was revoked: ask the hub for a new enrolment code.",
    ),
    "enroll_code": (
        "Mã ghi danh không đúng, đã dùng hoặc đã hết hạn.",
        "The enrolment code is wrong, already used or expired.",
    ),
    "commune_mismatch": (
        "Mã đơn vị của máy ({agency}) không khớp với xã của mã ghi danh ({commune}).",
        "The office's unit code ({agency}) is not the commune of the enrolment code ({commune}).",
    ),
    "workstation_taken": (
        "Số quầy {workstation} đã có máy khác của xã đang dùng.",
        "Workstation {workstation} is already used by another live PC of the commune.",
    ),
    "bad_request": ("Yêu cầu không hợp lệ: {detail}.", "Malformed request: {detail}."),
    "too_large": (
        "Gói dữ liệu quá lớn (tối đa {limit} byte): hãy gửi ít mục hơn mỗi lần.",
        "The request is too large (at most {limit} bytes): send fewer items at a time.",
    ),
    "text_too_long": ("“{field}” dài quá {limit} ký tự.", "“{field}” is longer than {limit} characters."),
    "busy": ("Máy chủ đang bận, hãy thử lại.", "The hub is busy, try again."),
    "commune_unknown": ("Không có xã mã {code} trên máy chủ.", "No commune with code {code} on the hub."),
    "commune_exists": ("Xã mã {code} đã có trên máy chủ.", "Commune {code} already exists on the hub."),
    "agency_code": (
        "Mã đơn vị “{value}” không đúng dạng (ví dụ 000.12.34.H26).",
        "Unit code “{value}” is not valid (e.g. 000.12.34.H26).",
    ),
    "name_required": ("Cần nhập tên.", "A name is required."),
    "device_unknown": ("Không có máy mã {device}.", "No device {device}."),
    "dossier_unknown": ("Không có hồ sơ mã {code} trên máy chủ.", "No dossier {code} on the hub."),
    "event_kind": ("Loại sự kiện “{kind}” không có.", "Unknown event kind “{kind}”."),
    "illegal_transition": (
        "Không thể ghi “{kind}” khi hồ sơ đang ở trạng thái “{current}”.",
        "“{kind}” is not allowed while the dossier is “{current}”.",
    ),
    "file_unreadable": ("Không đọc được tệp {path}: {detail}.", "Cannot read {path}: {detail}."),
    "catalogue_shape": (
        "Tệp danh mục thủ tục không đúng dạng: {detail}.",
        "The procedures file does not have the expected shape: {detail}.",
    ),
    "agencies_shape": (
        "Tệp danh sách cơ quan không đúng dạng: {detail}.",
        "The agencies file does not have the expected shape: {detail}.",
    ),
    "calendar_shape": (
        "Tệp lịch làm việc không đúng dạng: {detail}.",
        "The calendar file does not have the expected shape: {detail}.",
    ),
    "username": (
        "Tên đăng nhập “{value}” chỉ được gồm chữ thường không dấu, số và . _ -",
        "Username “{value}” may contain only lower-case letters, digits and . _ -",
    ),
    "password_short": (
        "Mật khẩu phải có ít nhất {minimum} ký tự.",
        "The password must have at least {minimum} characters.",
    ),
    "report_date": (
        "Ngày “{value}” không đúng dạng (YYYY-MM-DD hoặc dd/mm/yyyy).",
        "Date “{value}” is not valid (YYYY-MM-DD or dd/mm/yyyy).",
    ),
    "report_year": (
        "Ngày “{value}” nằm ngoài các năm {first}–{last} mà máy chủ lưu hồ sơ.",
        "Date “{value}” is outside the years {first}–{last} the hub keeps dossiers for.",
    ),
    "report_period": (
        "Kỳ báo cáo không hợp lệ: ngày bắt đầu {start} sau ngày kết thúc {end}.",
        "Invalid period: the first day {start} is after the last day {end}.",
    ),
    # the counter's own sentence (counter_app/messages.py "period.not_started"; a test checks they agree)
    "report_not_started": (
        "Kỳ báo cáo chưa bắt đầu (từ ngày {start}): chưa có số liệu để báo cáo",
        "The report period has not begun (it starts on {start}): there are no figures yet",
    ),
    "report_output": (
        "Không ghi được tệp {path}: {detail}.",
        "Cannot write {path}: {detail}.",
    ),
    "password_stdin": (
        "Nhập mật khẩu qua đầu vào chuẩn và thêm --password-stdin.",
        "Give the password on standard input with --password-stdin.",
    ),
    "report_suffix": ("Báo cáo chỉ ghi ra tệp .xlsx: {path}.", "The report is written only as .xlsx: {path}."),
    "folder_missing": (
        "Không ghi được tệp {path}: thư mục chứa nó không tồn tại.",
        "Cannot write {path}: its folder does not exist.",
    ),
    "report_inconsistent": (
        "Số liệu của máy chủ không khớp các đẳng thức của Biểu 06 ({detail}): hãy báo cho quản trị.",
        "The hub's figures break an identity of Biểu 06 ({detail}): tell the administrator.",
    ),
    "sync_file": ("Tệp đồng bộ không đúng dạng: {detail}.", "The sync file is malformed: {detail}."),
    "sync_file_too_large": (
        "Tệp đồng bộ quá lớn (hơn {limit_mb} MB sau khi giải nén): không nhận, không ghi gì.",
        "The sync file is too large (over {limit_mb} MB uncompressed): refused, nothing written.",
    ),
    "answer_unwritable": (
        "Không ghi được tệp trả lời {path} ({detail}); dữ liệu đã nhận: nhập lại các tệp để có tệp trả lời.",
        "Cannot write the answer file {path} ({detail}); the data is in: import the files again for the answer.",
    ),
    "sync_other_device": (
        "Tệp {file} là của máy {device}, không phải của máy {first} như các tệp khác: hãy nhập riêng từng máy.",
        "{file} is device {device}'s, not {first}'s like the other files: import each device's files apart.",
    ),
    "sync_signature": (
        "Chữ ký của tệp đồng bộ không đúng: tệp đã bị sửa hoặc không phải của máy này.",
        "The sync file's signature does not verify: it was altered or is not this device's.",
    ),
    # the hub's own database (its SQLite default), by cause: counter_app.storage.base.sqlite_failure
    "db_busy": (
        "Cơ sở dữ liệu của máy chủ đang bị một chương trình khác giữ, hãy thử lại sau ít phút.",
        "The hub's database is held by another program; try again in a few minutes.",
    ),
    "db_full": (
        "Ổ đĩa chứa cơ sở dữ liệu của máy chủ đã đầy nên thao tác không được ghi: hãy giải phóng dung lượng.",
        "The disk holding the hub's database is full, so the operation was not saved: free some space.",
    ),
    "db_read_only": (
        "Không được phép ghi vào cơ sở dữ liệu của máy chủ (tệp hoặc thư mục chỉ đọc).",
        "The hub's database cannot be written (the file or its folder is read-only).",
    ),
    "db_io": (
        "Ổ đĩa báo lỗi khi đọc hoặc ghi cơ sở dữ liệu của máy chủ: hãy kiểm tra ổ đĩa.",
        "The disk failed while reading or writing the hub's database: check the disk.",
    ),
    "db_corrupt": (
        "Cơ sở dữ liệu của máy chủ bị hỏng: hãy dừng máy chủ và khôi phục từ bản sao lưu.",
        "The hub's database is damaged: stop the hub and restore it from a backup.",
    ),
    # papers (issue 14): the tus 1.0 endpoint /v1/papers and the paper store (district_server.papers)
    "paper_metadata": (
        "Thông tin kèm bản sao điện tử không hợp lệ: {detail}.",
        "The electronic copy's upload metadata is not valid: {detail}.",
    ),
    "paper_commune": (
        "Hồ sơ {code} không thuộc xã của máy này ({commune}): không nhận bản sao.",
        "Dossier {code} is not of this PC's commune ({commune}): the copy is refused.",
    ),
    "paper_too_large": (
        "Bản sao điện tử quá lớn ({size} byte, tối đa {limit} byte).",
        "The electronic copy is too large ({size} bytes, at most {limit} bytes).",
    ),
    "paper_quota": (
        "Xã đã dùng {used} trên {quota} byte dung lượng lưu bản sao: không nhận thêm bản {size} byte. "
        "Hãy báo quản trị máy chủ huyện tăng hạn mức.",
        "The commune uses {used} of its {quota} bytes for copies: a copy of {size} bytes does not fit. "
        "Ask the hub's administrator for a larger quota.",
    ),
    "paper_hash": (
        "Bản sao nhận được không khớp mã SHA-256 đã khai báo: đã bỏ phần đã nhận, hãy gửi lại từ đầu.",
        "The received copy does not match its declared SHA-256: what arrived was discarded, send it again.",
    ),
    "paper_signature": (
        "Bản sao không có chữ ký số còn nguyên vẹn trên toàn bộ tài liệu: không nhận.",
        "The copy has no intact digital signature covering the whole document: refused.",
    ),
    "paper_upload_unknown": ("Không có lượt tải lên này trên máy chủ.", "No such upload on the hub."),
    "paper_unknown": (
        "Hồ sơ {code} không có giấy tờ số {paper} trên máy chủ.",
        "Dossier {code} has no paper {paper} on the hub.",
    ),
    "offset_mismatch": (
        "Vị trí gửi tiếp ({offset}) không khớp với phần máy chủ đã nhận ({held}): hãy hỏi lại vị trí.",
        "The resume position ({offset}) is not what the hub holds ({held}): ask for the position again.",
    ),
    "paper_beyond_length": (
        "Dữ liệu gửi vượt quá độ dài đã khai báo ({length} byte).",
        "The data sent goes past the declared length ({length} bytes).",
    ),
    "tus_version": (
        "Máy chủ chỉ hiểu giao thức tus 1.0.0 (thiếu hoặc sai tiêu đề Tus-Resumable).",
        "The hub speaks only tus 1.0.0 (the Tus-Resumable header is missing or another version).",
    ),
    "paper_content_type": (
        "Phần dữ liệu phải gửi với Content-Type: application/offset+octet-stream.",
        "The data must be sent with Content-Type: application/offset+octet-stream.",
    ),
    "paper_store": (
        "Không ghi hoặc đọc được kho bản sao của máy chủ ({store}): {detail}. Hãy thử lại sau.",
        "The hub's paper store ({store}) failed: {detail}. Try again later.",
    ),
    "paper_store_spec": (
        "Nơi lưu bản sao “{spec}” không đúng dạng (một thư mục, hoặc s3://bucket/tiền-tố?endpoint=…).",
        "Paper store “{spec}” is not valid (a directory, or s3://bucket/prefix?endpoint=…).",
    ),
    "paper_quota_value": (
        "Hạn mức “{value}” không đúng: cần một số byte không âm (ví dụ 10G, 500M, 1048576).",
        "Quota “{value}” is not valid: give a non-negative number of bytes (e.g. 10G, 500M, 1048576).",
    ),
    # the command line: argparse's own texts, the same table as the counter's (counter_app/cliparse.py)
    **ARGPARSE_TEXTS,
}

# SQLite failure -> (message id, HTTP status, CLI exit status: the counter's numbering)
_DB_FAILURES: dict[SqliteFailure, tuple[str, int, int]] = {
    SqliteFailure.BUSY: ("db_busy", 503, 4),
    SqliteFailure.FULL: ("db_full", 507, 5),
    SqliteFailure.READ_ONLY: ("db_read_only", 503, 6),
    SqliteFailure.IO: ("db_io", 503, 7),
    SqliteFailure.CORRUPT: ("db_corrupt", 503, 8),
}


def database_error(exc: BaseException) -> tuple[HubError, int] | None:
    """The HubError (with its HTTP status) and the CLI exit status for a failure of the hub's SQLite
    database, classified as the counter classifies its own; None for anything else (PostgreSQL's errors,
    bugs)."""
    failure = sqlite_failure(exc)
    if failure is None:
        return None
    code, status, exit_status = _DB_FAILURES[failure]
    return HubError(code, status=status), exit_status


def message(code: str, params: dict[str, Any] | None = None, lang: str = "vi") -> str:
    vi, en = MESSAGES.get(code, (code, code))
    text = vi if lang == "vi" else en
    if code == "illegal_transition" and params:  # an event kind and a status, shown in words
        params = {
            **params,
            "kind": label(EVENT_LABELS, str(params.get("kind")), lang),
            "current": label(STATUS_LABELS, str(params.get("current")), lang),
        }
    try:
        return text.format(**quoted_params(params))
    except (KeyError, IndexError, ValueError):
        return text


class HubError(Exception):
    """A request or command the hub refuses; ``status`` is the HTTP status the API answers with."""

    def __init__(self, code: str, /, status: int = 400, *, sentence: str | None = None, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.status = status
        self.params = params
        self.sentence = sentence or code  # the message id when one error id has several sentences
        self.headers: dict[str, str] = {}  # extra HTTP headers of the answer (e.g. tus's Upload-Offset)
        self.body: dict[str, Any] = {}  # extra members of the JSON answer (e.g. the quota's figures)

    def message(self, lang: str = "vi") -> str:
        return message(self.sentence, self.params, lang)

    def __str__(self) -> str:
        return self.message("en")
