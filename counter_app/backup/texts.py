"""The sentences of the ``backup.*`` codes (Vietnamese, English), merged into counter_app/messages.py."""

from __future__ import annotations

BACKUP_TEXTS: dict[str, tuple[str, str]] = {
    "backup.target_missing": (
        "Không thấy nơi sao lưu {target} (chưa cắm USB hoặc mất kết nối thư mục mạng): chưa sao lưu, dữ liệu"
        " và các bản sao lưu trước vẫn nguyên vẹn",
        "The backup location {target} is not there (USB stick not plugged in or network share unreachable):"
        " nothing was backed up; the data and the earlier backups are intact",
    ),
    "backup.target_full": (
        "Nơi sao lưu {target} đã đầy: bản sao lưu này không được ghi, các bản sao lưu trước vẫn nguyên vẹn;"
        " hãy dùng USB khác hoặc giải phóng dung lượng",
        "The backup location {target} is full: this backup was not written, the earlier ones are intact;"
        " use another USB stick or free some space",
    ),
    "backup.target_read_only": (
        "Không được phép ghi vào nơi sao lưu {target} (chỉ đọc hoặc bị khóa ghi): chưa sao lưu, các bản sao"
        " lưu trước vẫn nguyên vẹn",
        "The backup location {target} cannot be written (read-only or write-protected): nothing was backed"
        " up; the earlier backups are intact",
    ),
    "backup.target_unwritable": (
        "Không ghi được vào nơi sao lưu {target} ({reason}): chưa sao lưu, các bản sao lưu trước vẫn nguyên vẹn",
        "Cannot write to the backup location {target} ({reason}): nothing was backed up; the earlier backups"
        " are intact",
    ),
    "backup.target_relative": (
        "Nơi sao lưu phải là đường dẫn đầy đủ (ví dụ E:\\SaoLuu hoặc /media/usb): {target}",
        "The backup location must be a full path (e.g. E:\\Backups or /media/usb): {target}",
    ),
    "backup.target_inside_data": (
        "Nơi sao lưu phải ở ngoài thư mục dữ liệu (một USB hoặc thư mục mạng khác): {target}",
        "The backup location must be outside the data folder (a USB stick or another network share): {target}",
    ),
    "backup.no_target": (
        "Chưa chọn nơi sao lưu: hãy chọn trong Cài đặt hoặc chạy 'counter-app backup-settings --to THƯ_MỤC'",
        "No backup location is set: choose one in Settings or run 'counter-app backup-settings --to DIR'",
    ),
    "backup.every_range": (
        "Số hồ sơ giữa hai lần sao lưu phải từ 1 đến {high}: {value}",
        "The number of dossiers between backups must be 1 to {high}: {value}",
    ),
    "backup.wrong_key": (
        "Mã khôi phục không đúng với bản sao lưu này: hãy nhập mã trên phiếu mã khôi phục của đơn vị",
        "The recovery key does not match this backup: type the key on the office's recovery sheet",
    ),
    "backup.recovery_key_invalid": (
        "Mã khôi phục không hợp lệ (gồm 56 ký tự A–Z, 2–7; có thể gõ sai một ký tự): hãy nhập lại theo phiếu",
        "The recovery key is not valid (56 characters A–Z, 2–7; a character may be mistyped): type it again"
        " from the sheet",
    ),
    "backup.key_needed": (
        "Máy này chưa có khóa sao lưu: hãy nhập mã khôi phục trên phiếu của đơn vị (--recovery-key)",
        "This PC has no backup key: give the recovery key from the office's sheet (--recovery-key)",
    ),
    "backup.key_unreadable": (
        "Không đọc được tệp khóa sao lưu {path}: hãy khôi phục bằng mã trên phiếu mã khôi phục",
        "Cannot read the backup key file {path}: restore with the key on the recovery sheet",
    ),
    "backup.truncated": (
        "Tệp sao lưu bị cắt cụt (chưa ghi xong hoặc chép thiếu): không dùng được, hãy chọn bản sao lưu khác",
        "The backup file is truncated (not finished or copied incompletely): it cannot be used; choose another backup",
    ),
    "backup.altered": (
        "Tệp sao lưu đã bị thay đổi hoặc hỏng (mã xác thực không khớp): không dùng được, hãy chọn bản sao lưu khác",
        "The backup file was altered or damaged (its authentication code does not match): it cannot be used;"
        " choose another backup",
    ),
    "backup.not_backup": (
        "Tệp này không phải bản sao lưu của phần mềm Một cửa",
        "This file is not a backup made by the counter application",
    ),
    "backup.paper_changed": (
        "Bản sao giấy tờ {sha256} đã thay đổi trên máy: hãy chạy 'counter-app check'",
        "The stored paper copy {sha256} changed on this PC: run 'counter-app check'",
    ),
    "backup.paper_altered": (
        "Bản sao giấy tờ {sha256} trong nơi sao lưu đã bị thay đổi",
        "The paper copy {sha256} at the backup location was altered",
    ),
    "backup.verify_integrity": (
        "Bản sao lưu không đạt khi kiểm tra: cơ sở dữ liệu khôi phục thử bị lỗi ({reason})",
        "The backup failed its check: the database restored from it is damaged ({reason})",
    ),
    "backup.verify_counts": (
        "Bản sao lưu không đạt khi kiểm tra: bảng {table} có {found} dòng, bản kê ghi {expected}",
        "The backup failed its check: table {table} has {found} rows, the manifest says {expected}",
    ),
    "backup.verify_audit": (
        "Bản sao lưu không đạt khi kiểm tra: nhật ký thao tác không liền mạch (mục {entry})",
        "The backup failed its check: the audit trail does not chain (entry {entry})",
    ),
    "backup.verify_paper_missing": (
        "Bản sao lưu không đạt khi kiểm tra: thiếu bản sao giấy tờ {sha256} ở nơi sao lưu",
        "The backup failed its check: the paper copy {sha256} is missing at the backup location",
    ),
    "backup.verify_paper_damaged": (
        "Bản sao lưu không đạt khi kiểm tra: bản sao giấy tờ {sha256} ở nơi sao lưu bị hỏng",
        "The backup failed its check: the paper copy {sha256} at the backup location is damaged",
    ),
    "backup.file_missing": ("Không thấy tệp sao lưu {path}", "The backup file {path} does not exist"),
    "backup.data_dir_not_empty": (
        "Thư mục dữ liệu {data_dir} đã có dữ liệu: thêm --replace để chuyển dữ liệu hiện có sang bên cạnh"
        " rồi khôi phục",
        "The data folder {data_dir} is not empty: add --replace to move the current data aside and restore",
    ),
    "backup.recovery_sheet_pdf": (
        "Phiếu mã khôi phục phải là tệp .pdf: {path}",
        "The recovery sheet must be a .pdf file: {path}",
    ),
}
