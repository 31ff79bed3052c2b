"""User-facing text for error codes and statuses, in Vietnamese (default) and English.

The domain and the services raise codes with parameters; this table turns them into one sentence.
The CLI uses it directly; the GUI shows the same sentences, so a clerk and an administrator read
the same words for the same problem.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from counter_app.domain.status_labels import STATUS_LABELS  # re-exported: the hub shows the same words

LANGUAGES = ("vi", "en")

_MESSAGES: dict[str, tuple[str, str]] = {
    # input forms
    "id_number.invalid": (
        "Số định danh cá nhân phải có đúng 12 chữ số: {value!r}",
        "The personal ID number must have exactly 12 digits: {value!r}",
    ),
    "cccd.format": (
        "Mã QR không phải của thẻ CCCD/căn cước ({fields} trường)",
        "This QR code is not a citizen ID card code ({fields} fields)",
    ),
    "cccd.birth_date": (
        "Ngày sinh trong mã QR không hợp lệ: {value!r}",
        "Invalid birth date in the QR code: {value!r}",
    ),
    "cccd.issue_date": (
        "Ngày cấp trong mã QR không hợp lệ: {value!r}",
        "Invalid issue date in the QR code: {value!r}",
    ),
    "cccd.sex": ("Giới tính trong mã QR không hợp lệ: {value!r}", "Invalid sex in the QR code: {value!r}"),
    "cccd.name": ("Mã QR không có họ tên", "The QR code has no name"),
    "time.invalid": (
        "Giờ phải có dạng HH:MM (ví dụ 15:00): {value!r}",
        "Time must be HH:MM (e.g. 15:00): {value!r}",
    ),
    "date.invalid": (
        "Ngày giờ không hợp lệ: {value!r} (dùng YYYY-MM-DD[THH:MM] hoặc dd/mm/yyyy[ HH:MM])",
        "Invalid date/time: {value!r} (use YYYY-MM-DD[THH:MM] or dd/mm/yyyy[ HH:MM])",
    ),
    "working_days.invalid": (
        "Số ngày làm việc không hợp lệ: {value}",
        "Invalid number of working days: {value}",
    ),
    "number.invalid": (
        "{what} phải là số nguyên {low}–{high}: {value!r}",
        "{what} must be a whole number {low}–{high}: {value!r}",
    ),
    # office
    "office.agency_code": (
        "Mã cơ quan phải có 13 ký tự dạng 000.00.00.H00: {value!r}",
        "The agency code must be 13 characters like 000.00.00.H00: {value!r}",
    ),
    "office.workstation": (
        "Số máy tiếp nhận phải từ {low} đến {high}: {value}",
        "The workstation number must be {low} to {high}: {value}",
    ),
    "office.name": ("Tên cơ quan không được để trống", "The office name must not be empty"),
    "office.form_set": (
        "Bộ biểu mẫu phải là 2018 hoặc 2025: {value!r}",
        "The form set must be 2018 or 2025: {value!r}",
    ),
    "office.not_initialized": (
        "Chưa khởi tạo dữ liệu {data_dir}: chạy 'counter-app init' trước",
        "No counter data in {data_dir}: run 'counter-app init' first",
    ),
    "office.already_initialized": (
        "Dữ liệu đã được khởi tạo; không thể khởi tạo lại",
        "This counter is already initialised",
    ),
    # codes and lifecycle
    "code.invalid": ("Mã hồ sơ không hợp lệ: {value!r}", "Invalid dossier code: {value!r}"),
    "code.sequence_exhausted": (
        "Máy số {workstation} đã dùng hết {limit} số hồ sơ trong ngày",
        "Workstation {workstation} has used all {limit} dossier numbers for the day",
    ),
    "code.sequence_foreign": (
        "Số thứ tự {value} không thuộc máy số {workstation}",
        "Sequence {value} does not belong to workstation {workstation}",
    ),
    "lifecycle.illegal": (
        "Không thể thực hiện '{event}' khi hồ sơ đang ở trạng thái '{status}'",
        "Cannot do '{event}' while the dossier is '{status}'",
    ),
    "lifecycle.withdraw_needs_request": (
        "Rút hồ sơ đã tiếp nhận cần có đơn đề nghị của công dân",
        "Withdrawing an accepted dossier needs the citizen's written request",
    ),
    # catalogue
    "catalogue.field": (
        "Danh mục thủ tục: mục {where} có trường '{field}' không hợp lệ",
        "Procedure catalogue: entry {where} has an invalid '{field}'",
    ),
    "catalogue.unreadable": (
        "Không đọc được danh mục {path}: {reason}",
        "Cannot read the catalogue {path}: {reason}",
    ),
    "catalogue.duplicate": (
        "Danh mục có mã thủ tục trùng: {codes}",
        "The catalogue repeats procedure codes: {codes}",
    ),
    "procedure.not_found": ("Không có thủ tục mã {code!r}", "No procedure with code {code!r}"),
    # applicant
    "applicant.name": ("Họ tên người nộp không hợp lệ: {value!r}", "Invalid applicant name: {value!r}"),
    "applicant.phone": ("Số điện thoại không hợp lệ: {value!r}", "Invalid phone number: {value!r}"),
    "applicant.email": ("Địa chỉ email không hợp lệ: {value!r}", "Invalid e-mail address: {value!r}"),
    # users
    "user.username": (
        "Tên đăng nhập chỉ gồm chữ không dấu, số, '.', '_', '-' (2–50 ký tự): {value!r}",
        "User names use a-z, digits, '.', '_', '-' (2–50 characters): {value!r}",
    ),
    "user.password_short": (
        "Mật khẩu phải có ít nhất {min} ký tự",
        "The password must have at least {min} characters",
    ),
    "user.exists": ("Tài khoản {username!r} đã tồn tại", "The account {username!r} already exists"),
    "user.not_found": ("Không có tài khoản {username!r}", "No account {username!r}"),
    "user.bad_credentials": ("Sai tên đăng nhập hoặc mật khẩu", "Wrong user name or password"),
    "user.locked": (
        "Tài khoản bị khóa đến {until} do nhập sai mật khẩu nhiều lần",
        "The account is locked until {until} after repeated wrong passwords",
    ),
    "user.inactive": ("Tài khoản {username!r} đã bị vô hiệu hóa", "The account {username!r} is disabled"),
    # intake and dossiers
    "intake.future": (
        "Thời điểm tiếp nhận ở tương lai: {value}",
        "The reception time is in the future: {value}",
    ),
    "intake.postal_address": (
        "Trả kết quả qua bưu điện cần có địa chỉ nhận",
        "Returning the result by post needs a postal address",
    ),
    "intake.post_not_allowed": (
        "Thủ tục {procedure} không trả kết quả qua bưu điện",
        "Procedure {procedure} does not allow the result by post",
    ),
    "intake.incomplete": (
        "Hồ sơ còn thiếu: {missing} — lập Phiếu yêu cầu bổ sung",
        "The dossier lacks: {missing} — issue a supplement request",
    ),
    "intake.unknown_component": (
        "Không có thành phần hồ sơ số {positions} trong thủ tục này",
        "This procedure has no component number {positions}",
    ),
    "intake.nothing_missing": (
        "Phiếu yêu cầu bổ sung cần ít nhất một thành phần còn thiếu",
        "A supplement request needs at least one missing paper",
    ),
    "intake.reason_required": ("Cần ghi rõ lý do từ chối tiếp nhận", "A refusal needs its reason"),
    "receipt_qr.invalid": (
        "Mã QR không phải giấy tiếp nhận hồ sơ hợp lệ",
        "This QR code is not a valid dossier receipt",
    ),
    "receipt.not_accepted": (
        "Hồ sơ {code} chưa được tiếp nhận nên không có giấy tiếp nhận",
        "Dossier {code} was not accepted, so it has no receipt",
    ),
    "slip.not_applicable": ("Hồ sơ {code} không có {slip}", "Dossier {code} has no {slip}"),
    "output.pdf": ("Tệp đầu ra phải có đuôi .pdf: {path}", "The output file must end in .pdf: {path}"),
    "output.unwritable": ("Không ghi được tệp {path}: {reason}", "Cannot write {path}: {reason}"),
    "app.unexpected": (
        "Lỗi không mong đợi ({kind}); chi tiết đã ghi vào nhật ký",
        "Unexpected error ({kind}); details are in the log",
    ),
    "agency.not_found": ("Không có cơ quan mã {code!r} trong danh sách liên thông", "No agency with code {code!r}"),
    "lifecycle.reason_required": ("Cần ghi rõ lý do", "A reason is required"),
    "return.receiver_required": ("Cần ghi họ tên người nhận kết quả", "The receiver's name is required"),
    "return.by_post": (
        "Hồ sơ {code} trả kết quả qua bưu điện: đưa vào lô gửi bưu điện",
        "Dossier {code} returns its result by post: put it in the postal batch",
    ),
    "apology.not_accepted": ("Hồ sơ {code} chưa được tiếp nhận", "Dossier {code} has not been accepted"),
    "apology.date": (
        "Ngày hẹn mới phải là ngày làm việc sau ngày hẹn hiện tại: {value}",
        "The new date must be a working day after the current appointment: {value}",
    ),
    "apology.needs_leader": (
        "Hồ sơ {code} đã hẹn lại một lần; hẹn lại lần nữa cần lãnh đạo xác nhận",
        "Dossier {code} was already rescheduled; another new date needs a leader's confirmation",
    ),
    "user.not_leader": ("Tài khoản {username!r} không phải lãnh đạo", "The account {username!r} is not a leader"),
    "period.invalid": ("Khoảng thời gian không hợp lệ: {start} đến {end}", "Invalid period: {start} to {end}"),
    "output.register": (
        "Sổ theo dõi xuất ra tệp .pdf hoặc .xlsx: {path}",
        "The register is written as .pdf or .xlsx: {path}",
    ),
    # Biểu 06 report and history import
    "period.name": (
        "Kỳ báo cáo không hợp lệ: {value!r} (dùng 2026-Q3, 2026-H1 hoặc 2026)",
        "Invalid report period: {value!r} (use 2026-Q3, 2026-H1 or 2026)",
    ),
    "period.choice": (
        "Chọn kỳ báo cáo bằng --from và --to, hoặc --quarter, hoặc --year",
        "Choose the period with --from and --to, or --quarter, or --year",
    ),
    "output.report": (
        "Biểu 06 xuất ra tệp .pdf hoặc .xlsx: {path}",
        "The report is written as .pdf or .xlsx: {path}",
    ),
    "report.identity": (
        "Số liệu Biểu 06 không khớp ({identity}; lĩnh vực: {field}): {left} ≠ {right}. Kiểm tra dữ liệu hồ sơ",
        "The Biểu 06 figures do not add up ({identity}; field: {field}): {left} ≠ {right}. Check the dossier data",
    ),
    "report.facts": (
        "Dữ liệu hồ sơ không nhất quán ({field}): {problem}",
        "Inconsistent dossier data ({field}): {problem}",
    ),
    "report.rating": ("Mức đánh giá không rõ: {value}", "Unknown rating level: {value}"),
    "import.file": ("Không đọc được tệp {path}: {reason}", "Cannot read {path}: {reason}"),
    "import.encoding": (
        "Tệp {path} không phải UTF-8 (byte {position}); hãy lưu lại dạng CSV UTF-8",
        "{path} is not UTF-8 (byte {position}); save it again as CSV UTF-8",
    ),
    "import.empty": ("Tệp {path} trống", "{path} is empty"),
    "import.columns_unknown": (
        "Cột không rõ: {columns} (các cột dùng được: {known})",
        "Unknown columns: {columns} (known columns: {known})",
    ),
    "import.columns_missing": ("Thiếu cột bắt buộc: {columns}", "Required columns missing: {columns}"),
    "import.columns_repeated": ("Cột lặp lại: {columns}", "Repeated columns: {columns}"),
    "import.csv": ("Tệp CSV lỗi ở dòng {line}: {reason}", "Malformed CSV at line {line}: {reason}"),
    "import.line": ("Dòng {line}: {reason}", "Line {line}: {reason}"),
    "import.rejected": (
        "{count} dòng có lỗi; chưa nhập hồ sơ nào",
        "{count} lines have errors; nothing was imported",
    ),
    "import.width": (
        "số ô không khớp với dòng tiêu đề ({found} ô)",
        "the number of cells does not match the header ({found})",
    ),
    "import.required": ("thiếu {column}", "{column} is missing"),
    "import.code": ("mã hồ sơ không hợp lệ: {value!r}", "invalid dossier code: {value!r}"),
    "import.code_agency": (
        "mã hồ sơ {value} không thuộc cơ quan {agency}",
        "dossier code {value} is not of the office {agency}",
    ),
    "import.code_repeated": ("mã hồ sơ {value} trùng với dòng {first}", "dossier code {value} repeats line {first}"),
    "import.code_exists": ("mã hồ sơ {value} đã có trong dữ liệu", "dossier code {value} already exists"),
    "import.channel": (
        "kênh tiếp nhận {value!r} không hợp lệ (direct, postal hoặc online)",
        "invalid channel {value!r} (direct, postal or online)",
    ),
    "import.date": (
        "{column}: ngày giờ không hợp lệ {value!r} (YYYY-MM-DD[THH:MM] hoặc dd/mm/yyyy[ HH:MM])",
        "{column}: invalid date {value!r} (YYYY-MM-DD[THH:MM] or dd/mm/yyyy[ HH:MM])",
    ),
    "import.future": ("{column} ở tương lai: {value!r}", "{column} is in the future: {value!r}"),
    "import.before_received": ("{column} trước thời điểm tiếp nhận", "{column} is before received_at"),
    "import.returned_before_result": ("returned_at trước resolved_at", "returned_at is before resolved_at"),
    "import.status": ("trạng thái {value!r} không hợp lệ ({allowed})", "invalid status {value!r} ({allowed})"),
    "import.status_needed": (
        "có ended_at thì phải ghi status (withdrawn hoặc stopped)",
        "ended_at needs a status (withdrawn or stopped)",
    ),
    "import.status_dates": (
        "trạng thái {status} không khớp các ngày (cần {needs})",
        "status {status} does not match the dates (needs {needs})",
    ),
    "postal.tracking": (
        "Số hiệu bưu gửi không hợp lệ (dạng EA123456785VN, kiểm tra chữ số kiểm tra): {value!r}",
        "Invalid postal tracking number (like EA123456785VN; check digit wrong?): {value!r}",
    ),
    "postal.tracking_used": ("Số hiệu bưu gửi {value} đã được dùng", "Tracking number {value} is already used"),
    "postal.postage": ("Cước bưu chính không hợp lệ: {value}", "Invalid postage: {value}"),
    "postal.not_by_post": (
        "Hồ sơ {code} không đăng ký nhận kết quả qua bưu điện",
        "Dossier {code} did not ask for the result by post",
    ),
    "postal.not_ready": ("Hồ sơ {code} chưa có kết quả", "Dossier {code} has no result yet"),
    "postal.already_in_batch": (
        "Hồ sơ {code} đã có trong lô gửi bưu điện",
        "Dossier {code} is already in a postal batch",
    ),
    "postal.not_transferable": (
        "Hồ sơ {code} không thể chuyển liên thông lúc này",
        "Dossier {code} cannot be sent to an agency now",
    ),
    "postal.signatories": ("Cần họ tên cán bộ bàn giao và nhân viên bưu điện", "Both signatories' names are required"),
    "postal.empty_batch": ("Không có lô bưu chính nào đang mở có hồ sơ", "There is no open postal batch with items"),
    "postal.not_handed": (
        "Hồ sơ {code} không có kết quả đang gửi qua bưu điện",
        "Dossier {code} has no result out with the post",
    ),
    "postal.batch_not_found": ("Không có lô bưu chính số {id}", "No postal batch {id}"),
    "postal.item_stale": (
        "Hồ sơ {code} ({tracking}) không còn gửi được: bỏ khỏi lô trước khi đóng lô",
        "Dossier {code} ({tracking}) can no longer be sent: remove it from the batch first",
    ),
    "postal.not_in_open_batch": ("Số hiệu {value} không có trong lô đang mở", "{value} is not in an open batch"),
    "postal.batch_open": ("Lô bưu chính số {id} chưa đóng", "Postal batch {id} is still open"),
    "demo.no_procedures": (
        "Danh mục thủ tục trống: chạy 'counter-app init' trước khi tạo dữ liệu mẫu",
        "The procedure catalogue is empty: run 'counter-app init' before the demo",
    ),
    "dossier.not_found": ("Không có hồ sơ mã {code}", "No dossier with code {code}"),
    # satisfaction ratings
    "satisfaction.rating": (
        "Mức đánh giá phải là very_satisfied (rất hài lòng), satisfied (hài lòng) hoặc dissatisfied"
        " (không hài lòng): {value!r}",
        "The rating must be very_satisfied, satisfied or dissatisfied: {value!r}",
    ),
    "satisfaction.criterion": ("Không có tiêu chí đánh giá {value!r}", "No rating criterion {value!r}"),
    "satisfaction.comment": (
        "Ý kiến góp ý dài quá {limit} ký tự",
        "The comment is longer than {limit} characters",
    ),
    "satisfaction.not_returned": (
        "Hồ sơ {code} chưa trả kết quả cho công dân nên chưa thể đánh giá",
        "Dossier {code} has not been returned to the citizen yet, so it cannot be rated",
    ),
    "satisfaction.already_rated": (
        "Công dân đã đánh giá hồ sơ {code}; mỗi hồ sơ chỉ được đánh giá một lần",
        "Dossier {code} has already been rated; each dossier is rated once",
    ),
    # storage
    "storage.schema_too_new": (
        "Dữ liệu do phiên bản mới hơn tạo ra (bản {revision}); hãy cập nhật phần mềm",
        "The data was written by a newer version (revision {revision}); update the software",
    ),
    "storage.migration_fk": (
        "Nâng cấp dữ liệu thất bại: {count} liên kết hỏng; bản sao lưu vẫn còn",
        "The data upgrade failed: {count} broken references; the backup is kept",
    ),
    "storage.unwritable": ("Không ghi được vào {path}: {reason}", "Cannot write to {path}: {reason}"),
    "storage.unusable": (
        "Không mở được cơ sở dữ liệu {path}: {reason}",
        "Cannot open the database {path}: {reason}",
    ),
    "storage.busy": ("Cơ sở dữ liệu đang bận, hãy thử lại", "The database is busy; try again"),
    # sync with the hub
    "sync.offline": (
        "Không kết nối được máy chủ đồng bộ: {cause}; sẽ tự thử lại",
        "Cannot reach the hub: {cause}; retrying automatically",
    ),
    # why the hub could not be reached (the {cause} of sync.offline)
    "cause.refused": (
        "máy chủ không nhận kết nối (máy chủ đang tắt hoặc sai địa chỉ)",
        "the hub refuses connections (it is down or the address is wrong)",
    ),
    "cause.timeout": ("máy chủ không trả lời kịp", "the hub did not answer in time"),
    "cause.dns": (
        "không tìm thấy máy chủ theo địa chỉ đã nhập (kiểm tra địa chỉ hoặc mạng)",
        "no server is found at that address (check the address or the network)",
    ),
    "cause.no_network": ("máy này chưa có kết nối mạng", "this PC has no network connection"),
    "cause.proxy": ("lỗi máy chủ proxy của mạng", "the network's proxy failed"),
    "cause.tls": (
        "kết nối bảo mật (HTTPS) không được xác thực (chứng chỉ sai hoặc hết hạn)",
        "the secure (HTTPS) connection could not be verified (wrong or expired certificate)",
    ),
    "cause.dropped": ("kết nối bị ngắt giữa chừng", "the connection dropped midway"),
    "cause.network": ("lỗi mạng", "a network error"),
    "sync.server_error": (
        "Máy chủ đồng bộ đang gặp lỗi (HTTP {status}); sẽ tự thử lại",
        "The hub failed (HTTP {status}); retrying automatically",
    ),
    "sync.revoked": (
        "Máy này đã bị thu hồi quyền đồng bộ: xin mã ghi danh mới và chạy 'counter-app enroll'",
        "This PC was revoked at the hub: get a new code and run 'counter-app enroll'",
    ),
    "sync.unauthorized": (
        "Máy chủ đồng bộ không nhận ra máy này: xin mã ghi danh mới và chạy 'counter-app enroll'",
        "The hub does not know this PC: get a new code and run 'counter-app enroll'",
    ),
    "sync.too_large": (
        "Dữ liệu gửi lên quá lớn so với giới hạn của máy chủ",
        "The data is larger than the hub accepts",
    ),
    "sync.refused": (
        "Máy chủ đồng bộ từ chối yêu cầu (HTTP {status}, {error}): {message}",
        "The hub refused the request (HTTP {status}, {error}): {message}",
    ),
    "sync.internal": (
        "Lỗi không mong đợi khi đồng bộ (chi tiết đã ghi vào nhật ký); sẽ tự thử lại, nếu lặp lại hãy báo quản trị",
        "Unexpected error while syncing (details are in the log); retrying automatically, tell the administrator"
        " if it repeats",
    ),
    "sync.protocol": (
        "Trả lời của máy chủ đồng bộ không đúng định dạng: {reason}",
        "The hub's answer is not in the expected form: {reason}",
    ),
    "sync.not_enrolled": (
        "Máy này chưa ghi danh với máy chủ đồng bộ: chạy 'counter-app enroll' trước",
        "This PC is not enrolled with a hub: run 'counter-app enroll' first",
    ),
    "sync.server_url": (
        "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://: {value!r}",
        "The hub address must start with http:// or https://: {value!r}",
    ),
    "sync.enroll_code_empty": ("Cần nhập mã ghi danh do máy chủ cấp", "The enrolment code is required"),
    "sync.not_quarantined": ("Không có mục bị giữ lại mã {uid}", "No set-aside item {uid}"),
    "sync.file_signature": (
        "Tệp trả lời không có chữ ký hợp lệ của máy chủ đã ghi danh (bị sửa hoặc của máy chủ khác)",
        "The answer file is not validly signed by the enrolled hub (altered, or from another hub)",
    ),
    "sync.file_unreadable": ("Không đọc được tệp đồng bộ: {reason}", "Cannot read the sync file: {reason}"),
    "sync.file_other_device": (
        "Tệp trả lời dành cho máy khác (thiết bị {device_id})",
        "The answer file is for another PC (device {device_id})",
    ),
    "sync.unknown_topic": ("Loại dữ liệu đồng bộ không rõ: {topic}", "Unknown sync topic: {topic}"),
    "sync.unknown_dossier": ("Không có hồ sơ {code} trên máy này", "No dossier {code} on this PC"),
    "sync.malformed": (
        "Dữ liệu đồng bộ '{topic}' có trường '{field}' không hợp lệ",
        "Sync data '{topic}' has an invalid '{field}'",
    ),
    "hub.enroll_code": (
        "Mã ghi danh không đúng, đã dùng hoặc đã hết hạn",
        "The enrolment code is wrong, used or expired",
    ),
    "hub.commune_mismatch": (
        "Mã ghi danh được cấp cho đơn vị khác (mã cơ quan không khớp)",
        "The enrolment code was issued for another commune (agency code differs)",
    ),
    "hub.workstation_taken": (
        "Số máy tiếp nhận này đã được một máy khác của đơn vị dùng",
        "Another PC of this commune already uses this workstation number",
    ),
    "user.password_hash": (
        "Tài khoản {username!r} từ máy chủ có mã băm mật khẩu không hợp lệ",
        "The account {username!r} from the hub has an invalid password hash",
    ),
}


def language() -> str:
    """The language for messages: $COUNTER_APP_LANG (vi or en), Vietnamese by default."""
    chosen = os.environ.get("COUNTER_APP_LANG", "vi").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else "vi"


def message(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The sentence for ``code``; an unknown code is shown as itself with its parameters."""
    index = LANGUAGES.index(lang or language())
    template = _MESSAGES.get(code)
    params = {**_DEFAULTS.get(code, {}), **(params or {})}
    # A parameter naming a cause (``cause.*``) is that cause's words, in the same language.
    params = {k: message(v, None, lang) if _is_cause(v) else v for k, v in params.items()}
    for key, label in _LABELLED.get(code, {}).items():
        if isinstance(params.get(key), str):
            params[key] = (label or status_label)(params[key], lang)
    if template is None:
        details = ", ".join(f"{k}={v}" for k, v in (params or {}).items())
        return f"{code} ({details})" if details else code
    try:
        return template[index].format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template[index]


EVENT_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("nộp trực tuyến", "online submission"),
    "intake_incomplete": ("hướng dẫn bổ sung khi tiếp nhận", "supplement guidance at intake"),
    "received": ("tiếp nhận", "intake"),
    "refused": ("từ chối tiếp nhận", "refusal"),
    "transferred": ("chuyển xử lý", "hand-over for processing"),
    "supplement_requested": ("yêu cầu bổ sung", "supplement request"),
    "supplement_supplied": ("nhận bổ sung", "supplement received"),
    "result_ready": ("ghi nhận kết quả", "result recorded"),
    "handed_to_post": ("giao bưu điện", "handed to the post"),
    "undeliverable": ("bưu điện trả lại", "returned by the post"),
    "returned": ("trả kết quả", "result returned"),
    "withdrawn": ("rút hồ sơ", "withdrawal"),
    "stopped": ("dừng giải quyết", "processing stopped"),
    "apology_issued": ("xin lỗi, hẹn lại", "apology and new date"),
    "printed": ("in biểu mẫu", "form printed"),
    "notified": ("gửi thông báo", "notice sent"),
}
_OTHER_EVENT = ("thay đổi khác", "other change")


def event_label(kind: str, lang: str | None = None) -> str:
    """Words for a lifecycle event kind; never the raw kind ("result_ready")."""
    return EVENT_LABELS.get(kind, _OTHER_EVENT)[LANGUAGES.index(lang or language())]


# Parameters that are raw identifiers, shown through their labels.
_LABELLED: dict[str, dict[str, Any]] = {"lifecycle.illegal": {"event": event_label, "status": None}}

_DEFAULTS: dict[str, dict[str, Any]] = {"sync.offline": {"cause": "cause.network"}}  # errors stored before


def _is_cause(value: object) -> bool:
    return isinstance(value, str) and value.startswith("cause.") and value in _MESSAGES


def status_label(status: str, lang: str | None = None) -> str:
    labels = STATUS_LABELS.get(status)
    return status if labels is None else labels[LANGUAGES.index(lang or language())]


def known_codes() -> frozenset[str]:
    return frozenset(_MESSAGES)
