"""User-facing text for error codes and statuses, in Vietnamese (default) and English.

The domain and the services raise codes with parameters; this table turns them into one sentence.
The CLI uses it directly; the GUI shows the same sentences, so a clerk and an administrator read
the same words for the same problem.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

# Kept in the domain (pure data), re-exported: the hub shows the same words.
from counter_app.backup.texts import BACKUP_TEXTS
from counter_app.cliparse import ARGPARSE_TEXTS
from counter_app.domain.status_labels import EVENT_LABELS, ROLE_LABELS, STATUS_LABELS, label
from counter_app.domain.text import quoted_params

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
    "number.range": (
        "cần một số nguyên {low}–{high}: {value!r}",
        "expected a whole number {low}–{high}: {value!r}",
    ),
    "date.range": (
        "ngày {value!r} nằm ngoài khoảng {low}–{high}",
        "the date {value!r} is outside {low}–{high}",
    ),
    # the command line: argparse's own texts, one table for both CLIs (counter_app/cliparse.py)
    **ARGPARSE_TEXTS,
    # backups (counter_app/backup/texts.py)
    **BACKUP_TEXTS,
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
    # certification of electronic copies (counter_app/certify): the clerk's USB token, the office key
    "certify.library_missing": (
        "Không tìm thấy thư viện PKCS#11 của USB ký số: {path} (kiểm tra đường dẫn trong phần cài đặt)",
        "The USB signing token's PKCS#11 library is not there: {path} (check the path in the settings)",
    ),
    "certify.library_failed": (
        "Không nạp được thư viện PKCS#11 của USB ký số {path}: {reason}",
        "Cannot load the USB signing token's PKCS#11 library {path}: {reason}",
    ),
    "certify.no_token": (
        "Không thấy USB ký số (token) nào được cắm vào máy: hãy cắm token rồi thử lại",
        "No USB signing token is plugged in: plug it in and try again",
    ),
    "certify.no_token_label": (
        "Không thấy USB ký số có nhãn {label!r}: hãy cắm đúng token rồi thử lại",
        "No USB signing token labelled {label!r} is plugged in: plug in the right token and try again",
    ),
    "certify.many_tokens": (
        "Có nhiều USB ký số đang cắm ({labels}): hãy chọn nhãn token trong phần cài đặt",
        "Several USB signing tokens are plugged in ({labels}): choose the token label in the settings",
    ),
    "certify.pin_empty": ("Cần nhập mã PIN của USB ký số", "The USB signing token's PIN is required"),
    "certify.pin_wrong": (
        "Mã PIN của USB ký số {label!r} không đúng: hãy nhập lại (nhập sai nhiều lần token sẽ bị khóa)",
        "Wrong PIN for the USB signing token {label!r}: type it again (too many wrong PINs lock the token)",
    ),
    "certify.pin_wrong_final": (
        "Mã PIN của USB ký số {label!r} không đúng; nhập sai thêm một lần nữa token sẽ bị khóa",
        "Wrong PIN for the USB signing token {label!r}; one more wrong PIN locks the token",
    ),
    "certify.pin_locked": (
        "Mã PIN của USB ký số {label!r} đã bị khóa do nhập sai quá nhiều lần: "
        "liên hệ nhà cung cấp chữ ký số để mở khóa",
        "The PIN of the USB signing token {label!r} is locked after too many wrong tries: "
        "ask the signature provider to unlock it",
    ),
    "certify.pin_expired": (
        "Mã PIN của USB ký số {label!r} đã hết hạn: hãy đổi PIN bằng phần mềm của nhà cung cấp",
        "The PIN of the USB signing token {label!r} has expired: change it with the provider's software",
    ),
    "certify.no_key": (
        "USB ký số {label!r} không có khóa ký số nào",
        "The USB signing token {label!r} holds no signing key",
    ),
    "certify.no_key_label": (
        "USB ký số {label!r} không có khóa ký số nhãn {key!r}",
        "The USB signing token {label!r} holds no signing key labelled {key!r}",
    ),
    "certify.many_keys": (
        "USB ký số {label!r} có {count} khóa ký số ({keys}): hãy chọn nhãn khóa trong phần cài đặt",
        "The USB signing token {label!r} holds {count} signing keys ({keys}): choose the key label in the settings",
    ),
    "certify.no_certificate": (
        "USB ký số {label!r} có khóa ký số nhưng không có chứng thư số đi kèm",
        "The USB signing token {label!r} holds a signing key but no certificate for it",
    ),
    "certify.certificate_expired": (
        "Chứng thư số của {name} trên USB ký số đã hết hạn ngày {date}: cần gia hạn với nhà cung cấp",
        "The certificate of {name} on the USB signing token expired on {date}: renew it with the provider",
    ),
    "certify.token_failed": (
        "USB ký số {label!r} báo lỗi khi ký (token bị rút ra?): {reason}",
        "The USB signing token {label!r} failed while signing (was it pulled out?): {reason}",
    ),
    "certify.token_closed": (
        "Phiên làm việc với USB ký số {label!r} đã đóng: hãy đăng nhập token lại",
        "The session with the USB signing token {label!r} is closed: log in to the token again",
    ),
    "certify.office_key_unreadable": (
        "Không đọc được khóa ký của cơ quan {path}: {reason}",
        "Cannot read the office signing key {path}: {reason}",
    ),
    "certify.pdf_invalid": ("Tệp PDF cần ký không đọc được: {reason}", "The PDF to sign cannot be read: {reason}"),
    "certify.pdf_encrypted": (
        "Tệp PDF cần ký có mật khẩu (bị mã hóa): không ký được",
        "The PDF to sign is encrypted: it cannot be signed",
    ),
    "certify.pdf_too_large": (
        "Tệp PDF cần ký quá lớn ({size_mb} MB, tối đa {limit_mb} MB)",
        "The PDF to sign is too large ({size_mb} MB, at most {limit_mb} MB)",
    ),
    "certify.reason_empty": ("Chữ ký cần có nội dung chứng thực", "A signature needs a reason"),
    # Decree 118/2025 replaced Decree 61/2018 from 01/07/2025 (counter_app/domain/formsets.py)
    "office.form_set_legacy": (
        "Bộ mẫu 2018 chỉ dùng để in lại hồ sơ tiếp nhận trước 01/07/2025 (Nghị định 118/2025/NĐ-CP thay "
        "Nghị định 61/2018/NĐ-CP); hồ sơ mới in theo Thông tư 03/2025/TT-VPCP",
        "The 2018 set only reprints dossiers received before 01/07/2025 (Decree 118/2025/NĐ-CP replaced "
        "Decree 61/2018/NĐ-CP); new dossiers print with Circular 03/2025/TT-VPCP",
    ),
    "form_set.legacy_new": (
        "Không in hồ sơ {code} theo bộ mẫu 2018: hồ sơ tiếp nhận ngày {received}, từ ngày 01/07/2025 "
        "Nghị định 118/2025/NĐ-CP thay thế Nghị định 61/2018/NĐ-CP, nên phải dùng biểu mẫu của "
        "Thông tư 03/2025/TT-VPCP",
        "Dossier {code} cannot be printed with the 2018 set: it was received on {received}, and from "
        "01/07/2025 Decree 118/2025/NĐ-CP replaced Decree 61/2018/NĐ-CP, so the forms of Circular "
        "03/2025/TT-VPCP apply",
    ),
    "office.not_initialized": (
        "Chưa khởi tạo dữ liệu {data_dir}: chạy 'counter-app init' trước",
        "No counter data in {data_dir}: run 'counter-app init' first",
    ),
    "office.already_initialized": (
        "Dữ liệu đã được khởi tạo; không thể khởi tạo lại",
        "This counter is already initialised",
    ),
    "cli.letters": (
        "Số văn bản: …/TB-{agency}; người ký: {signer}; họ tên: {name}",
        "Document numbers: …/TB-{agency}; signer: {signer}; name: {name}",
    ),
    "office.number_agency": (
        "Chữ viết tắt tên cơ quan trong số văn bản phải từ {low} đến {high} ký tự in hoa, chữ số hoặc "
        "dấu gạch nối, ví dụ TTPVHCC: {value!r}",
        "The agency abbreviation of document numbers must be {low} to {high} capitals, digits or hyphens, "
        "e.g. TTPVHCC: {value!r}",
    ),
    "office.signer_capacity": (
        "Quyền hạn ký phải là TM., KT., Q. hoặc để trống: {value!r}",
        "The signing capacity must be TM., KT., Q. or none: {value!r}",
    ),
    "office.signer_title": (
        "Chức vụ người ký không được để trống (tối đa {max} ký tự)",
        "The signer's title is required ({max} characters at most)",
    ),
    "office.signer_authority": (
        "Ký {capacity} cần ghi tên tập thể hoặc chức vụ người đứng đầu được ký thay",
        "Signing {capacity} needs the collective body or the head's title signed for",
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
    # digitisation rule (Circular 03/2025/TT-VPCP): a paper marked as needing no electronic copy
    "digitisation.reason": (
        "Lý do không số hóa không hợp lệ: {reason!r} (chọn một trong: {allowed})",
        "Not a reason to leave a paper undigitised: {reason!r} (one of: {allowed})",
    ),
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
    # a person shown on a screen (services/people.py): the full name; else the login, marked as one
    "person.login": ("tên đăng nhập {login}", "login {login}"),
    "person.imported": ("nhập từ sổ cũ", "imported from the old book"),
    "user.exists": ("Tài khoản {username!r} đã tồn tại", "The account {username!r} already exists"),
    "user.not_found": ("Không có tài khoản {username!r}", "No account {username!r}"),
    "user.bad_credentials": ("Sai tên đăng nhập hoặc mật khẩu", "Wrong user name or password"),
    "user.locked": (
        "Tài khoản bị khóa đến {until} do nhập sai mật khẩu nhiều lần",
        "The account is locked until {until} after repeated wrong passwords",
    ),
    "user.not_admin": (
        "Chỉ tài khoản quản trị mới quản lý được tài khoản ({username} không phải quản trị)",
        "Only an administrator can manage accounts ({username} is not one)",
    ),
    "user.last_admin": (
        "Không thể vô hiệu hóa hoặc hạ quyền {username}: đây là tài khoản quản trị cuối cùng",
        "{username} is the last administrator: it cannot be disabled or given another role",
    ),
    "user.full_name": (
        "Họ tên không được để trống (tối đa 200 ký tự)",
        "The full name is required (200 characters at most)",
    ),
    "user.title": ("Chức danh dài quá {max} ký tự", "The title is longer than {max} characters"),
    "user.placeholder_name": (
        "Hãy nhập họ và tên thật của người dùng tài khoản, không phải {value!r}: họ tên này in trên các phiếu",
        "Type the real full name of the account's holder, not {value!r}: it is printed on the forms",
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
    "intake.online_only": (
        "Thủ tục {procedure} không tiếp nhận hồ sơ giấy từ ngày {since} ({basis}): hãy hỗ trợ người dân nộp"
        " trực tuyến và ghi mã hồ sơ trên Cổng Dịch vụ công",
        "Procedure {procedure} takes no paper dossier since {since} ({basis}): help the citizen file online"
        " and record the portal's dossier code",
    ),
    "intake.portal_code_required": (
        "Hồ sơ hỗ trợ nộp trực tuyến cần mã hồ sơ trên Cổng Dịch vụ công",
        "An assisted online filing needs the portal's dossier code",
    ),
    "intake.portal_code": (
        "Mã hồ sơ trên Cổng Dịch vụ công không hợp lệ: {value!r} (6–{max} chữ cái, chữ số, dấu . - / _)",
        "The portal's dossier code is not valid: {value!r} (6–{max} letters, digits, . - / _)",
    ),
    "intake.portal_code_unassisted": (
        "Mã hồ sơ trên Cổng Dịch vụ công chỉ ghi cho hồ sơ hỗ trợ nộp trực tuyến",
        "The portal's dossier code is recorded only for an assisted online filing",
    ),
    "intake.assisted_channel": (
        "Hồ sơ hỗ trợ nộp trực tuyến phải có hình thức nộp trực tuyến",
        "An assisted online filing must have the online channel",
    ),
    "intake.exception_not_needed": (
        "Thủ tục {procedure} nhận hồ sơ giấy bình thường: không cần ghi lý do ngoại lệ",
        "Procedure {procedure} takes paper dossiers: no exception reason is needed",
    ),
    "receipt_qr.invalid": (
        "Mã QR không phải giấy tiếp nhận hồ sơ hợp lệ",
        "This QR code is not a valid dossier receipt",
    ),
    # the electronic copy of a paper (counter_app.copies)
    "copy.no_title": ("Bản sao điện tử cần có tên giấy tờ", "An electronic copy needs the paper's name"),
    "copy.no_pages": ("Chưa có trang nào để tạo bản sao điện tử", "There are no pages to make the electronic copy"),
    "copy.too_many_pages": (
        "Giấy tờ có {count} trang, quá giới hạn {limit} trang cho một bản sao",
        "The paper has {count} pages, more than the limit of {limit} for one copy",
    ),
    "copy.page_pixels": (
        "Trang {page} quá lớn ({width}×{height} điểm ảnh, tối đa {limit} điểm ảnh)",
        "Page {page} is too large ({width}×{height} pixels, at most {limit} pixels)",
    ),
    "copy.page_size": (
        "Trang {page} có kích thước {width}×{height} mm theo độ phân giải đã ghi, ngoài khoảng {low}–{high} mm",
        "Page {page} measures {width}×{height} mm at its stated resolution, outside {low}–{high} mm",
    ),
    "copy.not_pdf": (
        "Bản sao điện tử không phải tệp PDF đọc được",
        "The electronic copy is not a readable PDF file",
    ),
    "ocr.unavailable": (
        "Máy này chưa cài tesseract với tiếng Việt (vie): chưa nhận dạng được chữ, bản sao vẫn được lưu",
        "Tesseract with Vietnamese (vie) is not installed on this PC: no text recognition yet, the copy is kept",
    ),
    "ocr.timeout": (
        "Nhận dạng chữ quá {seconds} giây nên đã dừng; sẽ thử lại sau",
        "Text recognition took more than {seconds} seconds and was stopped; it will be tried again later",
    ),
    "ocr.failed": (
        "Nhận dạng chữ không thành công ({reason}); sẽ thử lại sau",
        "Text recognition failed ({reason}); it will be tried again later",
    ),
    "ocr.not_pdfa": (
        "Bản sao sau khi nhận dạng chữ không đạt PDF/A-2b ({problem})",
        "The copy after text recognition is not PDF/A-2b ({problem})",
    ),
    "receipt.not_accepted": (
        "Hồ sơ {code} chưa được tiếp nhận nên không có giấy tiếp nhận",
        "Dossier {code} was not accepted, so it has no receipt",
    ),
    "slip.not_applicable": ("Hồ sơ {code} không có {slip}", "Dossier {code} has no {slip}"),
    "output.pdf": ("Tệp đầu ra phải có đuôi .pdf: {path}", "The output file must end in .pdf: {path}"),
    "output.unwritable": ("Không ghi được tệp {path}: {reason}", "Cannot write {path}: {reason}"),
    "output.no_folder": (
        "Không ghi được tệp {path}: thư mục chứa nó không tồn tại",
        "Cannot write {path}: its folder does not exist",
    ),
    "app.unexpected": (
        "Lỗi không mong đợi ({kind}); chi tiết đã ghi vào nhật ký",
        "Unexpected error ({kind}); details are in the log",
    ),
    "agency.not_found": ("Không có cơ quan mã {code!r} trong danh sách liên thông", "No agency with code {code!r}"),
    "transfer.no_default_agency": (
        "Danh mục không ghi cơ quan có thẩm quyền giải quyết thủ tục của hồ sơ {code}; cần chọn nơi chuyển đến",
        "The catalogue names no competent agency for the procedure of dossier {code}; choose where to send it",
    ),
    "lifecycle.reason_required": ("Cần ghi rõ lý do", "A reason is required"),
    "return.receiver_required": ("Cần ghi họ tên người nhận kết quả", "The receiver's name is required"),
    "return.proxy_needs_authorisation": (
        "Người nhận thay ({name}) phải xuất trình giấy ủy quyền: ghi loại giấy, số và ngày của giấy",
        "{name} collects on the applicant's behalf: record the authorisation paper (kind, number and date)",
    ),
    "return.authorisation_incomplete": (
        "Giấy ủy quyền cần ghi đủ loại giấy, số và ngày",
        "The authorisation paper needs its kind, number and date",
    ),
    "return.authorisation_date": (
        "Ngày của giấy ủy quyền không được sau hôm nay: {value}",
        "The authorisation paper cannot be dated after today: {value}",
    ),
    "return.paper_name": ("Cần ghi tên giấy tờ trả cho người nhận", "Name the result paper handed over"),
    "return.paper_copies": (
        "Số bản của {name} phải từ 1 đến {most}: {value}",
        "The copies of {name} must be 1 to {most}: {value}",
    ),
    "return.by_post": (
        "Hồ sơ {code} trả kết quả qua bưu điện: đưa vào lô gửi bưu điện",
        "Dossier {code} returns its result by post: put it in the postal batch",
    ),
    "apology.not_accepted": ("Hồ sơ {code} chưa được tiếp nhận", "Dossier {code} has not been accepted"),
    "apology.date": (
        "Ngày hẹn mới phải là ngày làm việc sau hôm nay và sau ngày hẹn hiện tại, sớm nhất {earliest}: {value}",
        "The new date must be a working day after today and after the current appointment, "
        "{earliest} at the earliest: {value}",
    ),
    "apology.needs_leader": (
        "Hồ sơ {code} đã hẹn lại một lần; hẹn lại lần nữa cần lãnh đạo xác nhận",
        "Dossier {code} was already rescheduled; another new date needs a leader's confirmation",
    ),
    "user.not_leader": ("Tài khoản {username!r} không phải lãnh đạo", "The account {username!r} is not a leader"),
    # the locked screen and repeated requests (services.requests)
    "session.locked": (
        "Màn hình đang khóa: thao tác chưa được ghi; đăng nhập lại rồi làm lại",
        "The screen is locked: nothing was recorded; sign in again and repeat the action",
    ),
    "request.token": (
        "Mã yêu cầu phải gồm 8–64 ký tự chữ, số hoặc _ . : -: {value!r}",
        "A request id has 8–64 letters, digits or _ . : -: {value!r}",
    ),
    "request.reused": (
        "Yêu cầu này đã được thực hiện ({subject}) với nội dung khác; không ghi thêm. Bấm Hồ sơ mới để nhập tiếp",
        "This request was already carried out ({subject}) with other details; nothing more was recorded."
        " Start a new form to go on",
    ),
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
    "period.not_started": (
        "Kỳ báo cáo chưa bắt đầu (từ ngày {start}): chưa có số liệu để báo cáo",
        "The report period has not begun (it starts on {start}): there are no figures yet",
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
    "import.already_imported": (
        "Tệp này đã được nhập lúc {at}; nhập lại sẽ tạo hồ sơ trùng",
        "This file was already imported at {at}; importing it again would duplicate its dossiers",
    ),
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
    # digitisation at reception (issue 13): the papers' certified electronic copies
    "papers.no_such_paper": (
        "Hồ sơ {code} không có giấy tờ số {paper} (danh mục có {count} giấy tờ)",
        "Dossier {code} has no paper number {paper} (its checklist has {count} papers)",
    ),
    "papers.no_pages": ("Chưa có trang nào để số hóa giấy tờ “{paper}”", "No page to digitise for “{paper}”"),
    "papers.too_many_pages": (
        "Một giấy tờ có {count} trang, quá mức {limit} trang",
        "One paper has {count} pages, more than the limit of {limit}",
    ),
    "papers.not_digitised": (
        "Giấy tờ số {paper} của hồ sơ {code} chưa được số hóa",
        "Paper {paper} of dossier {code} has not been digitised",
    ),
    "papers.file_missing": (
        "Không tìm thấy tệp bản số hóa {path}: cần chạy counter-app check",
        "The digitised copy's file {path} is missing: run counter-app check",
    ),
    "papers.file_damaged": (
        "Tệp bản số hóa {path} đã bị thay đổi (mã băm không khớp): cần chạy counter-app check",
        "The digitised copy's file {path} has changed (its hash does not match): run counter-app check",
    ),
    "papers.reuse_unknown": ("Không có bản số hóa {uid} để dùng lại", "No digitised copy {uid} to reuse"),
    "papers.reuse_other_person": (
        "Bản số hóa này thuộc công dân khác (số định danh khác với hồ sơ {code})",
        "This digitised copy belongs to another citizen (the ID number differs from dossier {code})",
    ),
    "papers.copy_unknown": ("Không có bản số hóa số {copy_id}", "No digitised copy number {copy_id}"),
    "papers.pin_missing": (
        "Cần mã PIN của thiết bị ký số: đặt biến {env} hoặc dùng --pin-stdin",
        "The token's PIN is needed: set {env} or use --pin-stdin",
    ),
    "papers.pin_without_token": (
        "--pin-stdin cần --token-library (thư viện PKCS#11 của thiết bị ký số)",
        "--pin-stdin needs --token-library (the token's PKCS#11 library)",
    ),
    "papers.too_many_files": (
        "Quá nhiều tệp cho một giấy tờ: {count} (tối đa {limit})",
        "Too many files for one paper: {count} (at most {limit})",
    ),
    "papers.stored": (
        "Đã số hóa và ký giấy tờ số {paper} ({pages} trang): {path}",
        "Paper {paper} digitised and signed ({pages} pages): {path}",
    ),
    "papers.none": ("Hồ sơ chưa có giấy tờ nào được số hóa", "No paper of this dossier has been digitised"),
    "papers.no_devices": ("Không tìm thấy máy quét nào", "No scanner found"),
    "papers.ocr_unavailable": (
        "Máy này chưa có tesseract (tiếng Việt): {pending} bản số hóa chờ nhận dạng chữ",
        "This PC has no tesseract (Vietnamese): {pending} copies wait for text recognition",
    ),
    "papers.ocr_done": (
        "Đã nhận dạng chữ {done} bản số hóa, lỗi {failed}, còn chờ {pending}",
        "Text recognised in {done} copies, {failed} failed, {pending} still waiting",
    ),
    "papers.check_problem": (
        "Bản số hóa giấy tờ số {position} của hồ sơ {code}: tệp {path} {problem}",
        "The copy of paper {position} of dossier {code}: file {path} {problem}",
    ),
    "papers.problem_missing": ("không còn", "is missing"),
    "papers.problem_mismatch": ("đã bị thay đổi (mã băm không khớp)", "has changed (its hash does not match)"),
    "papers.refused_intake": (
        "Hồ sơ bị từ chối tiếp nhận thì không số hóa giấy tờ (giấy tờ trả lại công dân)",
        "A refused application's papers are not digitised (they go back to the citizen)",
    ),
    "papers.scanned_and_reused": (
        "Giấy tờ số {positions} vừa được quét vừa dùng lại bản cũ: chỉ chọn một",
        "Paper {positions} is both scanned and reused: choose one",
    ),
    "papers.missing_paper_scanned": (
        "Giấy tờ số {positions} được ghi là còn thiếu nhưng lại có bản quét",
        "Paper {positions} is marked missing but has scanned pages",
    ),
    "calendar.date_required": (
        "counter-app calendar: cần --date để đặt hoặc bỏ ngày điều chỉnh",
        "counter-app calendar: --date is required for set/unset",
    ),
    "search.no_match": ("Không tìm thấy hồ sơ nào khớp với {value!r}", "No dossier matches {value!r}"),
    # satisfaction ratings
    "satisfaction.rating": (
        "Mức đánh giá phải là very_satisfied (rất hài lòng), satisfied (hài lòng) hoặc dissatisfied"
        " (không hài lòng): {value!r}",
        "The rating must be very_satisfied, satisfied or dissatisfied: {value!r}",
    ),
    "satisfaction.criterion": ("Không có tiêu chí đánh giá {value!r}", "No rating criterion {value!r}"),
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
    "storage.busy": (
        "Cơ sở dữ liệu đang bị một chương trình khác giữ, hãy thử lại sau ít phút",
        "The database is held by another program; try again in a few minutes",
    ),
    "storage.full": (
        "Ổ đĩa chứa cơ sở dữ liệu {path} đã đầy nên thao tác không được ghi: hãy giải phóng dung lượng rồi thử lại",
        "The disk holding the database {path} is full, so the operation was not saved: free some space and try again",
    ),
    "storage.read_only": (
        "Không được phép ghi vào cơ sở dữ liệu {path} (tệp hoặc thư mục chỉ đọc): hãy nhờ quản trị cấp quyền ghi",
        "The database {path} cannot be written (the file or its folder is read-only): ask the administrator"
        " for write access",
    ),
    "storage.io": (
        "Ổ đĩa báo lỗi khi đọc hoặc ghi cơ sở dữ liệu {path} ({reason}): hãy kiểm tra ổ đĩa rồi thử lại",
        "The disk failed while reading or writing the database {path} ({reason}): check the disk and try again",
    ),
    "storage.corrupt": (
        "Cơ sở dữ liệu {path} bị hỏng ({reason}) nên phần mềm đã ngừng ghi: để khôi phục, hãy đóng phần mềm,"
        " xoá các tệp -wal và -shm bên cạnh, chép bản sao lưu {backup} đè lên {path} rồi chạy 'counter-app check'",
        "The database {path} is damaged ({reason}), so the program stopped writing: to restore it, close the"
        " program, delete the -wal and -shm files beside it, copy the backup {backup} over {path}, then run"
        " 'counter-app check'",
    ),
    "storage.corrupt_no_backup": (
        "Cơ sở dữ liệu {path} bị hỏng ({reason}) nên phần mềm đã ngừng ghi; thư mục {folder} chưa có bản sao"
        " lưu nào: hãy giữ nguyên tệp và báo quản trị để khôi phục từ bản sao lưu riêng của đơn vị",
        "The database {path} is damaged ({reason}), so the program stopped writing; {folder} holds no backup:"
        " keep the file as it is and ask the administrator to restore it from the office's own backup",
    ),
    "storage.empty_file": (
        "Tệp cơ sở dữ liệu {path} có nhưng rỗng (0 byte) nên phần mềm không dùng và không tạo mới đè lên:"
        " hãy khôi phục tệp từ bản sao lưu, hoặc xoá nó nếu đây là máy mới chưa có dữ liệu",
        "The database file {path} exists but is empty (0 bytes), so it is neither used nor created over:"
        " restore it from a backup, or delete it if this is a new PC with no data yet",
    ),
    "storage.foreign": (
        "Tệp {path} không phải cơ sở dữ liệu của phần mềm này (hoặc đã hỏng ở phần đầu) nên phần mềm không"
        " dùng và không ghi đè lên: hãy kiểm tra thư mục dữ liệu hoặc khôi phục từ bản sao lưu",
        "The file {path} is not this program's database (or its beginning is damaged), so it is neither used"
        " nor written over: check the data folder or restore it from a backup",
    ),
    "storage.check_ok": ("Cơ sở dữ liệu {path} nguyên vẹn", "The database {path} is whole"),
    # capture: scanners and files for the electronic copies of papers (counter_app/scanning, issue 13)
    "scan.dpi": (
        "Độ phân giải quét phải từ {low} đến {high} dpi: {value}",
        "The scan resolution must be {low} to {high} dpi: {value}",
    ),
    "scan.mode": (
        "Chế độ quét phải là gray (xám), color (màu) hoặc lineart (đen trắng): {value!r}",
        "The scan mode must be gray, color or lineart: {value!r}",
    ),
    "scan.pages": ("Số trang quét phải từ {low} đến {high}: {value}", "Pages to scan must be {low} to {high}: {value}"),
    "scan.no_feeder": (
        "Máy quét {device} không có khay nạp giấy tự động nên mỗi lần chỉ quét được 1 trang, không quét được"
        " {pages} trang",
        "The scanner {device} has no document feeder, so it scans 1 page at a time, not {pages}",
    ),
    "scan.device_id": (
        "Tên máy quét không hợp lệ: {value!r} (chọn một máy trong danh sách máy quét)",
        "Invalid scanner name: {value!r} (choose one from the list of scanners)",
    ),
    "scan.no_sane": (
        "Máy tính này chưa cài trình điều khiển máy quét SANE (gói sane-utils): {reason}",
        "This PC has no SANE scanner drivers installed (package sane-utils): {reason}",
    ),
    "scan.list_timeout": (
        "Tìm máy quét quá {seconds} giây mà chưa xong: hãy kiểm tra máy quét và mạng rồi thử lại",
        "Looking for scanners took more than {seconds} seconds: check the scanners and the network, then retry",
    ),
    "scan.device_missing": (
        "Không tìm thấy máy quét {device}: hãy kiểm tra cáp, nguồn điện của máy quét rồi thử lại",
        "The scanner {device} cannot be found: check its cable and power, then try again",
    ),
    "scan.no_paper": (
        "Khay nạp giấy của máy quét {device} đang trống: hãy đặt giấy vào rồi quét lại",
        "The document feeder of the scanner {device} is empty: load the paper and scan again",
    ),
    "scan.interrupted": (
        "Máy quét {device} dừng giữa chừng ({cause}); đã giữ lại {pages} trang quét được, hãy kiểm tra máy"
        " quét rồi quét tiếp các trang còn lại",
        "The scanner {device} stopped part-way ({cause}); the {pages} page(s) scanned are kept, check the"
        " scanner and scan the remaining pages",
    ),
    "scan.timeout": (
        "Máy quét {device} không trả về trang nào sau {seconds} giây nên đã dừng; đã giữ lại {pages} trang quét được",
        "The scanner {device} sent no page for {seconds} seconds and was stopped; the {pages} page(s) scanned are kept",
    ),
    "scan.wia_missing": (
        "Không dùng được máy quét qua WIA trên máy tính này: {reason}",
        "Scanners cannot be used through WIA on this PC: {reason}",
    ),
    "cause.scan_no_paper": ("hết giấy trong khay nạp", "the feeder ran out of paper"),
    "cause.scan_jammed": ("giấy bị kẹt", "the paper jammed"),
    "cause.scan_cover_open": ("nắp máy quét đang mở", "the scanner's cover is open"),
    "cause.scan_busy": ("máy quét đang bận với việc khác", "the scanner is busy with something else"),
    "cause.scan_denied": ("không có quyền dùng máy quét", "access to the scanner is denied"),
    "cause.scan_io": ("mất liên lạc với máy quét", "communication with the scanner failed"),
    "cause.scan_cancelled": ("đã bấm hủy trên máy quét", "it was cancelled on the scanner"),
    "cause.scan_lost": ("máy quét bị ngắt kết nối", "the scanner was disconnected"),
    "cause.scan_failed": ("máy quét báo lỗi", "the scanner reported an error"),
    "cause.scan_missing": ("không tìm thấy máy quét", "the scanner cannot be found"),
    "file.none": ("Chưa chọn tệp nào", "No file chosen"),
    "file.missing": ("Không tìm thấy tệp {name}", "The file {name} cannot be found"),
    "file.unreadable": (
        "Không đọc được tệp {name} (không có quyền đọc hoặc ổ đĩa lỗi)",
        "The file {name} cannot be read (no permission or a disk error)",
    ),
    "file.empty": ("Tệp {name} rỗng (0 byte)", "The file {name} is empty (0 bytes)"),
    "file.too_large": (
        "Tệp {name} nặng {size} MB, quá giới hạn {limit} MB cho một tệp",
        "The file {name} is {size} MB, more than the limit of {limit} MB for one file",
    ),
    "file.not_image": (
        "Tệp {name} không phải ảnh hay PDF (chỉ nhận PDF, JPEG, PNG, TIFF)",
        "The file {name} is not an image or a PDF (only PDF, JPEG, PNG and TIFF are taken)",
    ),
    "file.corrupt": (
        "Tệp {name} bị hỏng, không đọc được: hãy quét lại hoặc xin tệp khác",
        "The file {name} is damaged and cannot be read: scan it again or ask for another file",
    ),
    "file.encrypted": (
        "Tệp PDF {name} có mật khẩu: hãy xin bản không đặt mật khẩu hoặc quét bản giấy",
        "The PDF {name} is password-protected: ask for a copy without a password or scan the paper",
    ),
    "file.too_many_pixels": (
        "Ảnh trong tệp {name} quá lớn ({megapixels} triệu điểm ảnh, giới hạn {limit} triệu điểm ảnh một trang)",
        "The image in {name} is too large ({megapixels} million pixels, the limit is {limit} million per page)",
    ),
    "file.too_many_pages": (
        "Tệp {name} làm số trang vượt quá {limit} trang cho một giấy tờ",
        "The file {name} takes the page count past the limit of {limit} pages for one paper",
    ),
    "file.too_large_total": (
        "Tệp {name} làm tổng dung lượng ảnh vượt quá {limit} MB cho một giấy tờ: hãy quét ở độ phân giải thấp hơn",
        "The file {name} takes the pages past {limit} MB of image for one paper: scan at a lower resolution",
    ),
    "file.render_timeout": (
        "Đọc tệp PDF {name} quá {seconds} giây nên đã dừng: hãy in ra rồi quét bản giấy",
        "Reading the PDF {name} took more than {seconds} seconds and was stopped: print it and scan the paper",
    ),
    "file.no_renderer": (
        "Máy tính này chưa cài Ghostscript nên không đọc được trang PDF không phải ảnh quét",
        "This PC has no Ghostscript, so a PDF page that is not a scanned image cannot be read",
    ),
    "folder.unwritable": (
        "Không chuyển được tệp trong thư mục nhận bản quét {path} (thư mục chỉ cho đọc?): hãy cho phép ghi"
        " để tệp đã nhận không bị nhận lại",
        "Files in the scan folder {path} cannot be moved (is it read-only?): allow writing, so that a file"
        " taken is not taken again",
    ),
    "folder.missing": (
        "Không mở được thư mục nhận bản quét {path}: hãy kiểm tra đường dẫn và ổ mạng",
        "The scan folder {path} cannot be opened: check the path and the network drive",
    ),
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
    "sync.item_server_error": (
        "Máy chủ lỗi 5xx (HTTP {status}) với riêng mục này {repeats} lần liên tiếp: "
        "đã giữ lại để các mục khác được gửi",
        "hub error 5xx (HTTP {status}) on this item alone, {repeats} times in a row: set aside so the rest goes on",
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
    "sync.data_too_large": (
        "Dữ liệu đồng bộ quá lớn (hơn {limit_mb} MB sau khi giải nén): không nhận, không ghi gì",
        "The sync data is too large (over {limit_mb} MB uncompressed): refused, nothing written",
    ),
    "sync.file_other_device": (
        "Tệp trả lời dành cho máy khác (thiết bị {device_id})",
        "The answer file is for another PC (device {device_id})",
    ),
    # papers by USB (issue 14: counter_app.services.hub_sync.sneakernet)
    "sync.max_bytes": (
        "Dung lượng mỗi tệp phải từ {minimum} byte trở lên: {value!r}",
        "Each file must be allowed at least {minimum} bytes: {value!r}",
    ),
    "sync.part_too_small": (
        "Các thay đổi của hồ sơ {dossier} không vừa một tệp {limit} byte (cần khoảng {needed} byte): "
        "hãy chọn dung lượng lớn hơn",
        "The changes of dossier {dossier} do not fit in a {limit}-byte file (about {needed} bytes needed): "
        "allow larger files",
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
    # papers to the hub (issue 14: counter_app.services.hub_sync.papers)
    "paper.quota": (
        "Kho giấy tờ của xã trên máy chủ đã đầy, giấy tờ tạm dừng gửi: {message}",
        "The commune's paper store on the hub is full, papers are on hold: {message}",
    ),
    "paper.dossier_unknown": (
        "Máy chủ chưa có hồ sơ {code}: giấy tờ của hồ sơ sẽ được gửi lại sau",
        "The hub does not have dossier {code} yet: its papers will be sent later",
    ),
    "paper.upload_gone": ("Máy chủ không còn phiên gửi giấy tờ này", "The hub no longer has this paper upload"),
    "paper.offset_mismatch": (
        "Máy chủ và máy này lệch nhau về phần giấy tờ đã gửi",
        "The hub and this PC disagree on how much of the paper was sent",
    ),
    "paper.signature": (
        "Máy chủ không nhận bản sao vì chữ ký số không còn nguyên vẹn",
        "The hub refused the copy: its digital signature is not intact",
    ),
    "paper.hash": (
        "Máy chủ nhận được bản sao không khớp mã băm, kể cả sau khi gửi lại",
        "The copy the hub received did not match its hash, even after sending it again",
    ),
    "paper.local_hash": (
        "Tệp bản sao trên máy này bị hỏng hoặc bị mất (mã băm không khớp)",
        "The copy's file on this PC is damaged or missing (hash mismatch)",
    ),
    "paper.too_large": (
        "Bản sao quá lớn so với giới hạn của máy chủ",
        "The copy is larger than the hub accepts",
    ),
    "paper.commune_mismatch": (
        "Máy chủ không nhận bản sao: hồ sơ không thuộc xã của máy này",
        "The hub refused the copy: the dossier is not this PC's commune",
    ),
    "paper.refused": (
        "Máy chủ từ chối bản sao ({error}): {message}",
        "The hub refused the copy ({error}): {message}",
    ),
    "paper.kbps": (
        "Giới hạn tốc độ gửi giấy tờ phải từ 8 đến 100000 kbit/s (0 là không giới hạn): {value!r}",
        "The papers' upload cap must be 8 to 100000 kbit/s (0 for no limit): {value!r}",
    ),
    "paper.hours": (
        "Giờ gửi giấy tờ phải có dạng GG:PP-GG:PP, giờ bắt đầu khác giờ kết thúc: {value!r}",
        "The papers' sending hours must look like HH:MM-HH:MM, start differing from end: {value!r}",
    ),
    "user.password_hash": (
        "Tài khoản {username!r} từ máy chủ có mã băm mật khẩu không hợp lệ",
        "The account {username!r} from the hub has an invalid password hash",
    ),
}


# The fields of counter_app.domain.text.LIMITS, as a sentence names them: "text.control.<field>" and
# "text.too_long.<field>" name the field in one sentence each.
_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Họ tên", "The name"),
    "office": ("Tên cơ quan", "The office name"),
    "title": ("Chức danh", "The title"),
    "address": ("Địa chỉ", "The address"),
    "phone": ("Số điện thoại", "The phone number"),
    "email": ("Địa chỉ email", "The e-mail address"),
    "id_number": ("Số giấy tờ tùy thân", "The ID number"),
    "note": ("Ghi chú", "The note"),
    "reason": ("Lý do", "The reason"),
    "reference": ("Số hiệu", "The reference"),
    "url": ("Địa chỉ trang tra cứu", "The lookup page address"),
    "password": ("Mật khẩu", "The password"),
    "text": ("Nội dung nhập", "The text"),
}
for _field, (_vi, _en) in _FIELD_LABELS.items():
    _MESSAGES[f"text.control.{_field}"] = (
        f"{_vi} có ký tự điều khiển không in được ({{char}} ở vị trí {{position}}): hãy xóa và nhập lại",
        f"{_en} contains an unprintable control character ({{char}} at position {{position}}): "
        "delete it and type again",
    )
    _MESSAGES[f"text.too_long.{_field}"] = (
        f"{_vi} dài {{length}} ký tự, quá giới hạn {{limit}} ký tự",
        f"{_en} is {{length}} characters long, more than the limit of {{limit}}",
    )


_chosen: str | None = None  # the GUI's language setting, once it is applied


def set_language(code: str | None) -> None:
    """Use ``code`` for every message from now on (the GUI's setting); None: back to $COUNTER_APP_LANG."""
    global _chosen
    _chosen = code if code in LANGUAGES else None


def language() -> str:
    """The language for messages: the GUI's setting if applied, else $COUNTER_APP_LANG (vi or en),
    Vietnamese by default."""
    if _chosen is not None:
        return _chosen
    chosen = os.environ.get("COUNTER_APP_LANG", "vi").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else "vi"


# Parameters that carry a machine name (an event kind, a status) shown in words in the sentence.
_NAMED_PARAMS: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "lifecycle.illegal": {"event": EVENT_LABELS, "status": STATUS_LABELS},
}


class Words(tuple[str, str]):
    """A phrase given as a message parameter in both languages: ``Words(("Phiếu từ chối", "refusal
    slip"))``; the sentence takes the one of its own language."""

    __slots__ = ()


def message(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The sentence for ``code``; an unknown code is shown as itself with its parameters."""
    index = LANGUAGES.index(lang or language())
    if params:
        params = {k: v[index] if isinstance(v, Words) else v for k, v in params.items()}
    named = _NAMED_PARAMS.get(code)
    if named and params:
        params = {
            k: label(named[k], v, LANGUAGES[index]) if k in named and isinstance(v, str) else v
            for k, v in params.items()
        }
    template = _MESSAGES.get(code)
    params = {**_DEFAULTS.get(code, {}), **(params or {})}
    # A parameter naming a cause (``cause.*``) is that cause's words, in the same language.
    params = {k: message(v, None, lang) if _is_cause(v) else v for k, v in params.items()}
    if template is None:
        details = ", ".join(f"{k}={v}" for k, v in quoted_params(params).items())
        return f"{code} ({details})" if details else code
    try:
        return template[index].format(**quoted_params(params))
    except (KeyError, IndexError, ValueError):
        return template[index]


_DEFAULTS: dict[str, dict[str, Any]] = {"sync.offline": {"cause": "cause.network"}}  # errors stored before


def _is_cause(value: object) -> bool:
    return isinstance(value, str) and value.startswith("cause.") and value in _MESSAGES


def status_label(status: str, lang: str | None = None) -> str:
    labels = STATUS_LABELS.get(status)
    return status if labels is None else labels[LANGUAGES.index(lang or language())]


def event_label(kind: str, lang: str | None = None) -> str:
    return label(EVENT_LABELS, kind, lang or language())


def role_label(role: str, lang: str | None = None) -> str:
    return label(ROLE_LABELS, role, lang or language())


_QUARANTINE_STATES = {
    "conflict": ("xung đột", "conflict"),
    "rejected": ("bị từ chối", "rejected"),
    "too_large": ("quá lớn", "too large"),
    "server_error": ("máy chủ lỗi", "hub error"),
}


def quarantine_label(state: str, lang: str | None = None) -> str:
    """Why an item was set aside (conflict | rejected | too_large | server_error), in words; an unknown
    state reads as rejected, never as the raw word."""
    return label(_QUARANTINE_STATES, state if state in _QUARANTINE_STATES else "rejected", lang or language())


_AGENCY_KINDS = {
    "commune_officer": ("công chức xã", "commune officer"),
    "commune": ("xã", "commune"),
    "police": ("công an", "police"),
    "tax": ("thuế", "tax"),
    "social_insurance": ("bảo hiểm xã hội", "social insurance"),
    "provincial_department": ("sở, ngành tỉnh", "provincial department"),
    "provincial_centre": ("trung tâm cấp tỉnh", "provincial centre"),
    "other": ("khác", "other"),
}


def agency_kind_label(kind: str, lang: str | None = None) -> str:
    return label(_AGENCY_KINDS, kind, lang or language())


_PAPER_FORMS = {
    "original": ("bản chính", "original"),
    "copy": ("bản sao", "copy"),
    "certified_copy": ("bản sao có chứng thực", "certified copy"),
    "original_or_copy": ("bản chính hoặc bản sao", "original or copy"),
}


def paper_form_label(form: str, lang: str | None = None) -> str:
    """How a paper is handed in (ComponentForm), in words."""
    return label(_PAPER_FORMS, form, lang or language())


_CHANNELS: dict[str, tuple[str, str]] = {
    "direct": ("Trực tiếp", "In person"),
    "postal": ("Bưu chính", "Postal"),
    "online": ("Trực tuyến", "Online"),
    # Directive 24/CT-TTg: filed on the national portal at the counter, with the clerk's help
    "assisted": ("Trực tuyến (hỗ trợ)", "Online (assisted)"),
}


def channel_label(channel: str, assisted: bool = False, lang: str | None = None) -> str:
    """How a dossier came in, in words; an assisted online filing distinctly."""
    return label(_CHANNELS, "assisted" if assisted else channel, lang or language())


def known_codes() -> frozenset[str]:
    return frozenset(_MESSAGES)
