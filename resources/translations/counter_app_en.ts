<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountsDialog</name>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="38"/>
        <source>Cán bộ tiếp nhận</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="39"/>
        <source>Lãnh đạo</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="40"/>
        <source>Quản trị</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="79"/>
        <source>Tài khoản cán bộ</source>
        <translation>Clerk accounts</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="83"/>
        <location filename="../../counter_app/ui/accounts.py" line="107"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="84"/>
        <location filename="../../counter_app/ui/accounts.py" line="108"/>
        <source>Họ tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="85"/>
        <location filename="../../counter_app/ui/accounts.py" line="109"/>
        <source>Chức danh</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="86"/>
        <location filename="../../counter_app/ui/accounts.py" line="110"/>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="87"/>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="100"/>
        <source>Ví dụ: Công chức Tư pháp - Hộ tịch</source>
        <translation>e.g. Justice and civil status officer</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="104"/>
        <source>Được đăng nhập</source>
        <translation>May sign in</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="113"/>
        <source>&amp;Mới</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="114"/>
        <source>Xóa trống biểu mẫu để tạo tài khoản mới</source>
        <translation>Clear the form to create a new account</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="116"/>
        <source>&amp;Lưu</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="119"/>
        <source>Đặt lại &amp;mật khẩu</source>
        <translation>Reset &amp;password</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="120"/>
        <source>Cấp mật khẩu tạm; cán bộ phải đổi khi đăng nhập</source>
        <translation>Give a one-time password; the clerk must change it at sign-in</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="122"/>
        <source>Đó&amp;ng</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="158"/>
        <source>Đang dùng</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="158"/>
        <source>Đã vô hiệu hóa</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="160"/>
        <source> · chờ đổi mật khẩu</source>
        <translation> · must change password</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="215"/>
        <source>Đã tạo tài khoản %1. Mật khẩu tạm: %2 (đổi khi đăng nhập lần đầu).</source>
        <translation>Account %1 created. One-time password: %2 (changed at first sign-in).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="222"/>
        <source>Đã lưu tài khoản %1.</source>
        <translation>Account %1 saved.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/accounts.py" line="234"/>
        <source>Mật khẩu tạm mới của %1: %2 (đổi khi đăng nhập).</source>
        <translation>New one-time password for %1: %2 (changed at sign-in).</translation>
    </message>
</context>
<context>
    <name>ActionForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="229"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ApologyForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="366"/>
        <source>Xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apologise and set a new return date</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="366"/>
        <source>Hẹn lại và in văn bản xin lỗi</source>
        <translation>Reschedule and print the apology</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="368"/>
        <source>Lý do trễ hạn</source>
        <translation>Why it is late</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="374"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="375"/>
        <source>Ngày hẹn trả mới</source>
        <translation>New return date</translation>
    </message>
</context>
<context>
    <name>BackgroundOcr</name>
    <message>
        <location filename="../../counter_app/ui/digitise.py" line="107"/>
        <source>Đang nhận dạng chữ: %1 bản</source>
        <translation>Recognising text: %1 copies left</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="49"/>
        <source>Đang sao lưu bản sao giấy tờ</source>
        <translation>Backing up paper copies</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="50"/>
        <source>Đang mã hóa và ghi</source>
        <translation>Encrypting and writing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="51"/>
        <source>Đang kiểm tra</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="77"/>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="79"/>
        <source>Khôi phục…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="81"/>
        <source>In phiếu mã khôi phục…</source>
        <translation>Print the recovery sheet…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="96"/>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="126"/>
        <source>Đã sao lưu lúc %1 (%2), khôi phục thử đạt</source>
        <translation>Backed up at %1 (%2), trial restore passed</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="131"/>
        <source>Sao lưu KHÔNG ĐẠT khi kiểm tra: %1</source>
        <translation>Backup FAILED its check: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="134"/>
        <source> — đã tạo khóa sao lưu: hãy in phiếu mã khôi phục (Hệ thống → In phiếu mã khôi phục…)</source>
        <translation> — a backup key was made: print the recovery sheet (System → Print the recovery sheet…)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="157"/>
        <source>Lưu phiếu mã khôi phục</source>
        <translation>Save the recovery sheet</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="157"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="175"/>
        <source>Đã lưu phiếu mã khôi phục %1: hãy in, giao lãnh đạo xã cất giữ, rồi xoá tệp</source>
        <translation>Recovery sheet saved to %1: print it, give it to the commune leader to keep, then delete the file</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="187"/>
        <source>Chọn bản sao lưu</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="187"/>
        <source>Bản sao lưu (*.hsmcbak)</source>
        <translation>Backups (*.hsmcbak)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="195"/>
        <source>Mã khôi phục</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="195"/>
        <source>Nhập mã khôi phục trên phiếu của đơn vị:</source>
        <translation>Type the recovery key from the office&apos;s sheet:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="201"/>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="203"/>
        <source>Dữ liệu hiện tại sẽ được chuyển sang thư mục bên cạnh (không xoá), bản sao lưu được đặt vào chỗ của nó, rồi chương trình đóng lại để mở lại. Tiếp tục?</source>
        <translation>The current data will be moved to a folder beside it (not deleted), the backup put in its place, and the program will close to be opened again. Continue?</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="217"/>
        <source>Đang khôi phục…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="234"/>
        <source>Đã khôi phục bản sao lưu (%1 hồ sơ); dữ liệu cũ ở %2. Chương trình sẽ đóng: hãy mở lại.</source>
        <translation>Backup restored (%1 dossiers); the previous data is in %2. The program will close: open it again.</translation>
    </message>
</context>
<context>
    <name>BackupSettingsBox</name>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="244"/>
        <source>Sao lưu tự động (khi đóng chương trình và sau mỗi N hồ sơ)</source>
        <translation>Automatic backups (when the program closes and every N dossiers)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="247"/>
        <source>vd. E:\SaoLuu (USB) hoặc thư mục mạng</source>
        <translation>e.g. E:\Backups (USB) or a network folder</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="248"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="255"/>
        <source> hồ sơ</source>
        <translation> dossiers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="257"/>
        <source>Nơi sao lưu</source>
        <translation>Backup location</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="258"/>
        <source>Sao lưu sau mỗi</source>
        <translation>Back up every</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/backup_view.py" line="261"/>
        <source>Chọn nơi sao lưu</source>
        <translation>Choose the backup location</translation>
    </message>
</context>
<context>
    <name>BatchesModel</name>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="159"/>
        <source>Số lô</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="160"/>
        <source>Chiều</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="161"/>
        <source>Đóng lúc</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="162"/>
        <source>Số bưu gửi</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="163"/>
        <source>Cán bộ bàn giao</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="164"/>
        <source>Nhân viên bưu điện</source>
        <translation>Postal worker</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../counter_app/ui/login.py" line="252"/>
        <location filename="../../counter_app/ui/login.py" line="262"/>
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="259"/>
        <source>Mật khẩu mới (ít nhất 8 ký tự)</source>
        <translation>New password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="260"/>
        <source>Nhập lại mật khẩu mới</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="263"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="267"/>
        <source>Tài khoản đang dùng mật khẩu tạm. Đặt mật khẩu mới để tiếp tục.</source>
        <translation>This account has a one-time password. Set a new password to continue.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="275"/>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>ClerkToken</name>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="130"/>
        <source>Chứng thực bằng: %1</source>
        <translation>Certified by: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="132"/>
        <source>Chứng thực bằng: USB ký số (hỏi mã PIN ở bản sao đầu tiên)</source>
        <translation>Certified by: USB signing token (PIN asked at the first copy)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="133"/>
        <source>Chứng thực bằng: khóa của cơ quan</source>
        <translation>Certified by: the office key</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="136"/>
        <source>Bản sao được ký bằng khóa của cơ quan (không có chữ ký số của công chức).</source>
        <translation>The copy is signed with the office key (no digital signature of the official).</translation>
    </message>
</context>
<context>
    <name>CloseBatchForm</name>
    <message>
        <location filename="../../counter_app/ui/postal_actions.py" line="114"/>
        <source>Đóng lô gửi đi, bàn giao cho bưu điện</source>
        <translation>Close the outgoing batch and hand it to the post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_actions.py" line="116"/>
        <source>Đóng lô nhận về từ bưu điện</source>
        <translation>Close the incoming batch from the post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_actions.py" line="118"/>
        <source>Đóng lô và in biên bản</source>
        <translation>Close batch and print the record</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_actions.py" line="120"/>
        <source>Họ tên nhân viên bưu điện</source>
        <translation>Postal worker&apos;s full name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_actions.py" line="121"/>
        <source>Cán bộ bộ phận một cửa</source>
        <translation>One-stop counter clerk</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_actions.py" line="122"/>
        <source>Nhân viên bưu điện</source>
        <translation>Postal worker</translation>
    </message>
</context>
<context>
    <name>CopiesBox</name>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="29"/>
        <source>Giấy tờ</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="30"/>
        <source>Số trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="31"/>
        <source>Người ký</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="32"/>
        <source>Nhận dạng chữ</source>
        <translation>Text recognition</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="35"/>
        <source>đã xong</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="36"/>
        <source>đang chờ</source>
        <translation>pending</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="50"/>
        <source>Bản số hóa (Ctrl+P: mở, Ctrl+E: xuất)</source>
        <translation>Digitised copies (Ctrl+P: open, Ctrl+E: export)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="64"/>
        <source>Mở bản số hóa</source>
        <translation>Open the copy</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="65"/>
        <source>Xuất ra thư mục…</source>
        <translation>Export to a folder…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="92"/>
        <source>%1 (khóa của cơ quan)</source>
        <translation>%1 (the office&apos;s key)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="120"/>
        <source>Xuất bản số hóa vào thư mục</source>
        <translation>Export the digitised copies to a folder</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/copies_view.py" line="129"/>
        <source>Đã xuất %1 tệp vào %2</source>
        <translation>%1 file(s) exported to %2</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="74"/>
        <source>Quý này</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="75"/>
        <source>Quý trước</source>
        <translation>Previous quarter</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="76"/>
        <source>6 tháng</source>
        <translation>Six months</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="77"/>
        <source>Cả năm</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="78"/>
        <source>Chọn ngày…</source>
        <translation>Choose dates…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="85"/>
        <source>Xem</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="86"/>
        <source>Xuất PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="87"/>
        <source>Xuất Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="93"/>
        <source>Kỳ báo cáo</source>
        <translation>Reporting period</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="95"/>
        <source>từ</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="97"/>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="109"/>
        <source>Tổng số hồ sơ tiếp nhận</source>
        <translation>Dossiers received in total</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="110"/>
        <source>Tiếp nhận trong kỳ</source>
        <translation>Received in the period</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="111"/>
        <source>Từ kỳ trước chuyển qua</source>
        <translation>Carried over from the previous period</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="112"/>
        <location filename="../../counter_app/ui/dashboard.py" line="289"/>
        <source>Đã giải quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="113"/>
        <location filename="../../counter_app/ui/dashboard.py" line="291"/>
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="114"/>
        <location filename="../../counter_app/ui/dashboard.py" line="292"/>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="115"/>
        <location filename="../../counter_app/ui/dashboard.py" line="293"/>
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="116"/>
        <location filename="../../counter_app/ui/dashboard.py" line="297"/>
        <source>Đang giải quyết</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="117"/>
        <location filename="../../counter_app/ui/dashboard.py" line="299"/>
        <source>Còn trong hạn</source>
        <translation>Within time</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="118"/>
        <location filename="../../counter_app/ui/dashboard.py" line="300"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="119"/>
        <source>Tỷ lệ trực tuyến</source>
        <translation>Online share</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="120"/>
        <source>Tỷ lệ qua bưu chính</source>
        <translation>Postal share</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="121"/>
        <source>Văn bản xin lỗi</source>
        <translation>Apology letters</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="122"/>
        <source>Hài lòng (rất hài lòng + hài lòng)</source>
        <translation>Satisfied (very satisfied + satisfied)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="123"/>
        <source>Tỷ lệ số hóa hồ sơ</source>
        <translation>Digitisation share</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="276"/>
        <source>Số hóa hồ sơ: %1 / %2 hồ sơ tiếp nhận có đủ bản điện tử (trong đó %3 không có giấy tờ phải số hóa)</source>
        <translation>Digitisation: %1 of %2 dossiers received have every electronic copy (%3 of them had no paper to digitise)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="133"/>
        <source>Hồ sơ tiếp nhận theo tuần</source>
        <translation>Dossiers received per week</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="134"/>
        <source>Tỷ lệ đúng hạn</source>
        <translation>Timeliness</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="135"/>
        <source>Trễ hạn và quá hạn theo lĩnh vực</source>
        <translation>Late and overdue by field</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="137"/>
        <source>Chưa có hồ sơ trong kỳ</source>
        <translation>No dossiers in the period</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="218"/>
        <source>Đang tính…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="240"/>
        <source>Biểu 06 từ %1 đến %2</source>
        <translation>Biểu 06 from %1 to %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="245"/>
        <source>(số liệu đến ngày %1)</source>
        <translation>(figures up to %1)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="268"/>
        <source>Đánh giá của công dân: %1 rất hài lòng · %2 hài lòng · %3 không hài lòng</source>
        <translation>Citizens&apos; ratings: %1 very satisfied · %2 satisfied · %3 dissatisfied</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="309"/>
        <source>Giải quyết trễ hạn</source>
        <translation>Resolved late</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="310"/>
        <source>Đang quá hạn</source>
        <translation>Overdue now</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="336"/>
        <source>Lưu Biểu 06</source>
        <translation>Save Biểu 06</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="338"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="338"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="353"/>
        <source>Đã lưu Biểu 06: %1</source>
        <translation>Biểu 06 saved: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dashboard.py" line="355"/>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="80"/>
        <source>%1, nhận thay theo %2 số %3 ngày %4</source>
        <translation>%1, collecting on the applicant&apos;s behalf under %2 no. %3 of %4</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="171"/>
        <source>Hỗ trợ nộp trực tuyến, mã hồ sơ trên Cổng: %1</source>
        <translation>Assisted online filing, portal dossier code: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="174"/>
        <source>Nhận hồ sơ giấy (ngoại lệ): %1</source>
        <translation>Taken on paper (exception): %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="83"/>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="88"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="89"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="90"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="91"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="92"/>
        <source>Số CCCD</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="93"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="94"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="95"/>
        <source>Nhận lúc</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="96"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="31"/>
        <source>không được giải quyết</source>
        <translation>not granted</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="33"/>
        <source>được giải quyết</source>
        <translation>granted</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="195"/>
        <source>Kết quả trả qua bưu điện: %1 — %2. Địa chỉ nhận: %3.</source>
        <translation>Result returned by post: %1 — %2. Postal address: %3.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="197"/>
        <source>Trả cho công dân: %1 — %2. Hẹn trả: %3.</source>
        <translation>Due to the citizen: %1 — %2. Appointment: %3.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="199"/>
        <source>%1 Ghi chú: %2</source>
        <translation>%1 Note: %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="39"/>
        <source>giấy tiếp nhận</source>
        <translation>receipt</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="40"/>
        <source>phiếu yêu cầu bổ sung</source>
        <translation>supplement request</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="41"/>
        <source>phiếu từ chối</source>
        <translation>refusal slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="42"/>
        <source>văn bản xin lỗi</source>
        <translation>apology letter</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="43"/>
        <source>phiếu kiểm soát</source>
        <translation>routing slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="44"/>
        <source>phiếu giao nhận kết quả</source>
        <translation>hand-over note</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="45"/>
        <source>thông báo dừng giải quyết</source>
        <translation>stop notice</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="52"/>
        <source>Nộp trực tuyến</source>
        <translation>Submitted online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="53"/>
        <source>Hướng dẫn bổ sung khi tiếp nhận</source>
        <translation>Incomplete at intake</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="72"/>
        <source>Bưu điện đã giao kết quả</source>
        <translation>Result delivered by post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="73"/>
        <source>số hiệu bưu gửi %1</source>
        <translation>tracking number %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="88"/>
        <source>%1, gửi qua bưu điện (%2)</source>
        <translation>%1, sent by post (%2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="95"/>
        <source>%1 (bưu gửi %2)</source>
        <translation>%1 (item %2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="214"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="54"/>
        <source>Tiếp nhận</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="55"/>
        <source>Từ chối tiếp nhận</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="220"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="56"/>
        <source>Chuyển xử lý</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="221"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="57"/>
        <source>Yêu cầu bổ sung</source>
        <translation>Request papers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="225"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="58"/>
        <source>Đã nhận bổ sung</source>
        <translation>Papers received</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="228"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="59"/>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="60"/>
        <source>Giao bưu điện</source>
        <translation>Handed to post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="61"/>
        <source>Bưu điện trả lại</source>
        <translation>Returned by the post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="212"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="62"/>
        <source>Trả kết quả</source>
        <translation>Return the result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="230"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="63"/>
        <source>Rút hồ sơ</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="231"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="64"/>
        <source>Dừng giải quyết</source>
        <translation>Stop processing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="229"/>
        <location filename="../../counter_app/ui/dossier_history.py" line="65"/>
        <source>Xin lỗi, hẹn lại</source>
        <translation>Apologise, reschedule</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="66"/>
        <source>In biểu mẫu</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_history.py" line="67"/>
        <source>Gửi thông báo</source>
        <translation>Notified</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="187"/>
        <source>Kết quả đã giao bưu điện, số hiệu bưu gửi %1. Địa chỉ nhận: %2.</source>
        <translation>Result handed to the post, tracking number %1. Delivery address: %2.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="209"/>
        <source>Đã giao</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="210"/>
        <source>Không giao được</source>
        <translation>Undeliverable</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="216"/>
        <source>Hồ sơ chưa đủ</source>
        <translation>Papers missing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="218"/>
        <source>Từ chối</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="236"/>
        <source>In phiếu kiểm soát</source>
        <translation>Print the routing slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="263"/>
        <source>In lại giấy tiếp nhận</source>
        <translation>Reprint the receipt</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="267"/>
        <source>In lại phiếu yêu cầu bổ sung</source>
        <translation>Reprint the supplement request</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="269"/>
        <source>In lại phiếu từ chối</source>
        <translation>Reprint the refusal</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="270"/>
        <source>In lại văn bản xin lỗi</source>
        <translation>Reprint the apology letter</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="271"/>
        <source>In lại phiếu giao nhận kết quả</source>
        <translation>Reprint the hand-over note</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="272"/>
        <source>In lại thông báo dừng giải quyết</source>
        <translation>Reprint the stop notice</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="280"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="340"/>
        <source>Đã ghi nhận, nhưng chưa in được: %1</source>
        <translation>Recorded, but not printed: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="467"/>
        <source>Dừng giải quyết hồ sơ</source>
        <translation>Stop processing the dossier</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="467"/>
        <source>Dừng và in thông báo</source>
        <translation>Stop and print the notice</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="476"/>
        <source>Từ chối tiếp nhận hồ sơ</source>
        <translation>Refuse the application</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="476"/>
        <source>Từ chối và in phiếu</source>
        <translation>Refuse and print the slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="488"/>
        <source>Bưu điện không giao được kết quả</source>
        <translation>The post could not deliver the result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="488"/>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_dialog.py" line="118"/>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>DossierListView</name>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="52"/>
        <source>Tìm theo tên, mã hồ sơ, số CCCD, số điện thoại…</source>
        <translation>Search by name, dossier code, ID number, phone…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="55"/>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="59"/>
        <source>Mọi hình thức</source>
        <translation>All channels</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="61"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="62"/>
        <source>Bưu chính</source>
        <translation>Postal</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="63"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="64"/>
        <source>Trực tuyến (hỗ trợ)</source>
        <translation>Online (assisted)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="67"/>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="68"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="69"/>
        <source>Nhận từ</source>
        <translation>Received from</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="84"/>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/dossier_list.py" line="155"/>
        <source>%n hồ sơ</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="40"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="41"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="42"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="43"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="44"/>
        <source>Ngày nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="45"/>
        <source>Hẹn trả</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_model.py" line="47"/>
        <source>Hình thức</source>
        <translation>Channel</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../counter_app/ui/crash.py" line="73"/>
        <source>Lỗi không mong đợi</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/crash.py" line="76"/>
        <source>Phần mềm gặp lỗi không mong đợi. Hồ sơ đã lưu không bị mất; thao tác vừa rồi có thể chưa hoàn thành, hãy kiểm tra lại. Thông tin lỗi đã ghi vào nhật ký (không có dữ liệu cá nhân).</source>
        <translation>The software met an unexpected error. Saved dossiers are not lost; the last action may not have finished, so check it. The error details are in the log (without personal data).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/crash.py" line="83"/>
        <source>Sao chép thông tin lỗi</source>
        <translation>Copy the error details</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/crash.py" line="85"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/crash.py" line="104"/>
        <source>Đã sao chép</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="82"/>
        <source>Nhập hồ sơ cũ từ tệp CSV</source>
        <translation>Import old dossiers from a CSV file</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="84"/>
        <source>Chưa chọn tệp</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="86"/>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="98"/>
        <source>Nhập hồ sơ</source>
        <translation>Import dossiers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="101"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="117"/>
        <source>Lỗi (sửa tệp rồi chọn lại; chưa nhập gì):</source>
        <translation>Errors (fix the file and choose it again; nothing was imported):</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="134"/>
        <source>Chọn tệp CSV</source>
        <translation>Choose a CSV file</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="134"/>
        <source>Tệp CSV (*.csv);;Mọi tệp (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="145"/>
        <source>Đang kiểm tra tệp…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="156"/>
        <source>%1 dòng dữ liệu, %2 dòng hợp lệ.</source>
        <translation>%1 data lines, %2 valid.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="157"/>
        <source>Theo trạng thái: %1</source>
        <translation>By status: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="158"/>
        <source>Mã hồ sơ có sẵn: %1; sẽ cấp mã mới: %2</source>
        <translation>Codes given: %1; new codes to allot: %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="161"/>
        <source>Tiếp nhận từ %1 đến %2</source>
        <translation>Received from %1 to %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="172"/>
        <source>%1 dòng có lỗi: chưa thể nhập.</source>
        <translation>%1 lines have errors: nothing can be imported yet.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="175"/>
        <source>Tệp không có dòng dữ liệu nào.</source>
        <translation>The file has no data lines.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="177"/>
        <source>Tệp hợp lệ: bấm “Nhập hồ sơ” để nhập %1 hồ sơ.</source>
        <translation>The file is valid: press “Import dossiers” to import %1 dossiers.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="183"/>
        <source>Dòng %1: %2</source>
        <translation>Line %1: %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="191"/>
        <source>Dòng</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="205"/>
        <source>%1 dòng đầu của tệp:</source>
        <translation>The first %1 lines of the file:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="207"/>
        <source>Các dòng của tệp:</source>
        <translation>The lines of the file:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="232"/>
        <source>Đang nhập…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="248"/>
        <source>Đã nhập %1 hồ sơ (%2); cấp mã mới cho %3 hồ sơ.</source>
        <translation>Imported %1 dossiers (%2); new codes allotted to %3.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/import_dialog.py" line="254"/>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="51"/>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="52"/>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="53"/>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="54"/>
        <source>Bản chính hoặc bản sao</source>
        <translation>Original or copy</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="91"/>
        <location filename="../../counter_app/ui/intake_view.py" line="441"/>
        <source>Chưa chọn thủ tục</source>
        <translation>No procedure chosen</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="100"/>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="101"/>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="109"/>
        <source>Người nộp hồ sơ (quét mã QR trên CCCD để điền nhanh)</source>
        <translation>Applicant (scan the QR code on the ID card to fill in)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="111"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="112"/>
        <source>Số CCCD/định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="113"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="114"/>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="115"/>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="116"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="117"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="121"/>
        <location filename="../../counter_app/ui/intake_view.py" line="335"/>
        <source>Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)</source>
        <translation>Papers (tick those handed in)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="144"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="145"/>
        <source>Qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="146"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="149"/>
        <source>Trả kết quả qua bưu điện</source>
        <translation>Return the result by post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="150"/>
        <source>Địa chỉ nhận kết quả</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="154"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="126"/>
        <source>Hỗ trợ nộp trực tuyến</source>
        <translation>Assisted online filing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="129"/>
        <source>Đã hỗ trợ người dân nộp hồ sơ trên Cổng Dịch vụ công</source>
        <translation>Filed with the citizen on the public service portal</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="131"/>
        <source>vd. 000.12.34.H26-251118-0001</source>
        <translation>e.g. 000.12.34.H26-251118-0001</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="132"/>
        <source>Lý do buộc phải nhận hồ sơ giấy</source>
        <translation>Why paper cannot be avoided</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="137"/>
        <source>Mã hồ sơ trên Cổng</source>
        <translation>Portal dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="138"/>
        <source>Nhận hồ sơ giấy (ngoại lệ)</source>
        <translation>Take on paper (exception)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="227"/>
        <source>Số hóa giấy tờ đang chọn (S, Ctrl+D)</source>
        <translation>Digitise the selected paper (S, Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="321"/>
        <source>Từ ngày %1, theo %2, thủ tục này không nhận hồ sơ giấy: hướng dẫn, hỗ trợ người dân nộp trên Cổng Dịch vụ công, ghi mã hồ sơ Cổng cấp và đánh dấu giấy tờ đã số hóa.</source>
        <translation>From %1, under %2, this procedure takes no paper dossier: guide and help the citizen to file on the public service portal, record the code the portal gives and tick the papers digitised.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="333"/>
        <source>Thành phần hồ sơ (đánh dấu giấy tờ đã số hóa)</source>
        <translation>Dossier papers (tick those digitised)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="159"/>
        <source>vd. EA123456785VN</source>
        <translation>e.g. EA123456785VN</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="164"/>
        <source>Số hiệu bưu gửi</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="166"/>
        <source>Số phiếu hồ sơ của bưu điện</source>
        <translation>Post office&apos;s dossier slip number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="171"/>
        <source>Tiếp nhận và in giấy hẹn (Ctrl+Enter)</source>
        <translation>Accept and print the receipt (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="172"/>
        <source>Yêu cầu bổ sung (Ctrl+B)</source>
        <translation>Request a supplement (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="173"/>
        <source>Từ chối (Ctrl+T)</source>
        <translation>Refuse (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="174"/>
        <source>Hồ sơ mới (Ctrl+N)</source>
        <translation>New dossier (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="205"/>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="228"/>
        <source>Dùng lại bản đã số hóa (U)</source>
        <translation>Reuse the copy already digitised (U)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="275"/>
        <source>miễn phí</source>
        <translation>free of charge</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="280"/>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="282"/>
        <source>%1 ngày làm việc</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="284"/>
        <source> · thông tin chưa kiểm chứng</source>
        <translation> · unverified information</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="287"/>
        <source> · cơ quan giải quyết: %1</source>
        <translation> · decided by: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="354"/>
        <source>Số CCCD không khớp với giới tính hoặc năm sinh trên thẻ — đề nghị kiểm tra lại giấy tờ.</source>
        <translation>The ID number does not match the sex or birth year on the card — please check the papers.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="401"/>
        <source>Hồ sơ đang nhập dở</source>
        <translation>Unfinished intake</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="402"/>
        <source>Hồ sơ đang nhập chưa được lưu. Bỏ dữ liệu đã nhập?</source>
        <translation>The dossier being entered is not saved. Discard what was typed?</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="406"/>
        <source>&amp;Bỏ dữ liệu đã nhập</source>
        <translation>&amp;Discard</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="407"/>
        <source>&amp;Tiếp tục nhập</source>
        <translation>&amp;Keep typing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="464"/>
        <source>Chọn thủ tục trước.</source>
        <translation>Choose the procedure first.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="545"/>
        <source>Bỏ đánh dấu các giấy tờ còn thiếu trước khi lập phiếu yêu cầu bổ sung.</source>
        <translation>Untick the missing papers before issuing a supplement request.</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="134"/>
        <source>Số hiệu bưu gửi</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="135"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="136"/>
        <source>Nội dung</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="137"/>
        <source>Người nhận</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="138"/>
        <source>Người gửi</source>
        <translation>Sender</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="139"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="140"/>
        <source>Cước</source>
        <translation>Postage</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="141"/>
        <source>Số phiếu bưu điện</source>
        <translation>Post office slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="142"/>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>LateBoardModel</name>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="64"/>
        <source>Mức độ</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="65"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="66"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="67"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="68"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="69"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="70"/>
        <source>Hạn giải quyết</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="71"/>
        <source>Hẹn trả</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="72"/>
        <source>Số ngày</source>
        <translation>Days</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="128"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="129"/>
        <source>Bưu điện trả lại</source>
        <translation>Returned by the post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="130"/>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="131"/>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="133"/>
        <source>%1 · chưa xin lỗi</source>
        <translation>%1 · no apology yet</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="137"/>
        <source>Bưu điện không giao được kết quả: liên hệ công dân để trả tại bộ phận một cửa hoặc gửi lại</source>
        <translation>The post could not deliver the result: contact the citizen to hand it over at the counter or send it again</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="139"/>
        <source>Chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>No apology letter with a new return date yet</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="146"/>
        <source>%1 ⚑ hẹn lại lần %2</source>
        <translation>%1 ⚑ rescheduled %2 times</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="150"/>
        <source>Đã hẹn lại nhiều hơn một lần (lãnh đạo đã xác nhận)</source>
        <translation>Rescheduled more than once (confirmed by a leader)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/late_board.py" line="155"/>
        <source>quá %n ngày</source>
        <translation>
            <numerusform>%n day late</numerusform>
            <numerusform>%n days late</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="157"/>
        <source>hôm nay</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="159"/>
        <source>liên hệ công dân</source>
        <translation>contact the citizen</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/late_board.py" line="160"/>
        <source>còn %n ngày</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LateBoardView</name>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="177"/>
        <source> ngày làm việc</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="178"/>
        <source>trong </source>
        <translation>within </translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/late_board.py" line="193"/>
        <source>Hồ sơ quá hạn, đến hạn hôm nay và sắp đến hạn</source>
        <translation>Dossiers overdue, due today and due soon</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/late_board.py" line="224"/>
        <source>%n hồ sơ trên bảng</source>
        <translation>
            <numerusform>%n dossier on the board</numerusform>
            <numerusform>%n dossiers on the board</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/late_board.py" line="224"/>
        <source>%n hồ sơ quá hạn</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeaderForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="387"/>
        <source>Lãnh đạo xác nhận hẹn lại</source>
        <translation>Leader&apos;s confirmation of a new date</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="387"/>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="388"/>
        <source>Hồ sơ đã hẹn lại một lần. Hẹn lại lần nữa cần lãnh đạo đăng nhập để xác nhận.</source>
        <translation>This dossier was already rescheduled once. Another new date needs a leader to sign in and confirm it.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="393"/>
        <source>Tên đăng nhập của lãnh đạo</source>
        <translation>Leader&apos;s user name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="394"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../counter_app/ui/login.py" line="92"/>
        <source>Màn hình đã khóa</source>
        <translation>The screen is locked</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="97"/>
        <source>Đăng nhập lại để tiếp tục. Công việc đang làm dở được giữ nguyên.</source>
        <translation>Sign in again to go on. Work in progress is kept as it was.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="105"/>
        <source>&amp;Mở khóa</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="108"/>
        <source>&amp;Thoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="114"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="115"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../counter_app/ui/login.py" line="46"/>
        <source>Đăng nhập — %1</source>
        <translation>Sign in — %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="53"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="54"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="56"/>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="57"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="62"/>
        <source>Màn hình đã khóa do không thao tác. Đăng nhập lại để tiếp tục.</source>
        <translation>The screen was locked after a period of inactivity. Sign in again to continue.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="205"/>
        <source>Màn hình đang khóa: đăng nhập trước khi quét.</source>
        <translation>The screen is locked: sign in before scanning.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="107"/>
        <location filename="../../counter_app/ui/main_window.py" line="440"/>
        <source>Bộ phận Một cửa — %1</source>
        <translation>One-stop counter — %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="136"/>
        <source>Tiếp nhận hồ sơ (F2)</source>
        <translation>Intake (F2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="137"/>
        <source>Danh sách hồ sơ (F3)</source>
        <translation>Dossiers (F3)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="138"/>
        <location filename="../../counter_app/ui/main_window.py" line="285"/>
        <source>Hồ sơ trễ hạn (F4)</source>
        <translation>Late dossiers (F4)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="139"/>
        <source>Hồ sơ quá hạn, đến hạn hôm nay và sắp đến hạn (F4)</source>
        <translation>Dossiers overdue, due today and due soon (F4)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="140"/>
        <source>Bưu chính (F5)</source>
        <translation>Postal (F5)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="141"/>
        <source>Lô gửi bưu điện, hồ sơ nhận qua bưu điện, biên bản bàn giao (F5)</source>
        <translation>Postal batches out and in, hand-over records (F5)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="143"/>
        <source>Thống kê (F6)</source>
        <translation>Statistics (F6)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="144"/>
        <source>Biểu 06, biểu đồ, xuất PDF và Excel (F6)</source>
        <translation>Biểu 06, charts, PDF and Excel export (F6)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="273"/>
        <source>%1 (%2) · máy %3</source>
        <translation>%1 (%2) · workstation %3</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="282"/>
        <source>Hồ sơ trễ hạn (%1)</source>
        <translation>Late dossiers (%1)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="296"/>
        <source>Cán bộ: %1</source>
        <translation>Clerk: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="301"/>
        <source>Cán bộ: %1 — chưa có họ tên thật, các phiếu sẽ để trống dòng họ tên; hãy nhập ở Tài khoản</source>
        <translation>Clerk: %1 — no real name yet, forms leave the name line blank; set it in Accounts</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="157"/>
        <source>Nhập họ tên…</source>
        <translation>Enter your name…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="307"/>
        <source>Tài khoản này chưa có họ tên thật: giấy tờ in ra sẽ để trống dòng họ tên người ký. Hãy nhập họ tên và chức danh của cán bộ.</source>
        <translation>This account has no real name yet: printed papers leave the signer&apos;s name line blank. Enter the official&apos;s full name and title.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="317"/>
        <source>&amp;Hệ thống</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="318"/>
        <source>Khóa màn hình</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="320"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="322"/>
        <source>Màn hình đánh giá cho công dân</source>
        <translation>Rating screen for citizens</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="324"/>
        <source>Đồng bộ với máy chủ huyện…</source>
        <translation>Sync with the district server…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="326"/>
        <source>Nhập hồ sơ cũ từ tệp CSV…</source>
        <translation>Import old dossiers from a CSV file…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="332"/>
        <source>&amp;Đi tới</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="334"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="335"/>
        <source>Danh sách hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="336"/>
        <source>Hồ sơ trễ hạn</source>
        <translation>Late dossiers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="337"/>
        <source>Bưu chính</source>
        <translation>Postal</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="338"/>
        <source>Thống kê</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="343"/>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="354"/>
        <source>Sổ theo dõi hồ sơ…</source>
        <translation>Dossier register…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="356"/>
        <source>Cài đặt…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="358"/>
        <source>Tài khoản cán bộ…</source>
        <translation>Clerk accounts…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="405"/>
        <source>Đã lưu cài đặt.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="436"/>
        <source>Đã đổi ngôn ngữ.</source>
        <translation>Language changed.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="452"/>
        <source>Đã in: %1</source>
        <translation>Printed: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="459"/>
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Receipt and appointment</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="460"/>
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request to complete the dossier</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="461"/>
        <source>Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Refusal of the application</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="462"/>
        <source>Văn bản xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apology and new return date</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="463"/>
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Routing slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="464"/>
        <source>Phiếu giao nhận kết quả</source>
        <translation>Result hand-over note</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="465"/>
        <source>Thông báo dừng giải quyết hồ sơ</source>
        <translation>Notice of stopped processing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="466"/>
        <source>Biên bản bàn giao bưu gửi</source>
        <translation>Postal hand-over record</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="487"/>
        <source>Đã lập hồ sơ %1</source>
        <translation>Dossier %1 recorded</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="516"/>
        <source>Mã QR đọc chưa đủ (quét bị ngắt giữa chừng) — hãy quét lại.</source>
        <translation>The QR code was read only in part (the scan was cut short) — scan it again.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="535"/>
        <source>Giấy tiếp nhận %1 KHÔNG HỢP LỆ: chữ ký số sai, có thể bị làm giả hoặc sửa đổi.</source>
        <translation>Receipt %1 is NOT VALID: its digital signature does not match; it may be forged or altered.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="537"/>
        <source>Không có hồ sơ %1 trên máy này.</source>
        <translation>There is no dossier %1 on this PC.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="539"/>
        <source>Hồ sơ %1 do máy tiếp nhận khác lập; chưa có trên máy này.</source>
        <translation>Dossier %1 was taken in at another workstation; it is not on this PC yet.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="543"/>
        <source>Quét giấy tiếp nhận</source>
        <translation>Receipt scan</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="545"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="551"/>
        <source>Giấy tiếp nhận không khớp với dữ liệu hồ sơ — kiểm tra lại.</source>
        <translation>The receipt does not match the dossier’s data — please check.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="614"/>
        <source>Công dân đã đánh giá hồ sơ %1</source>
        <translation>The citizen rated dossier %1</translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <location filename="../../counter_app/ui/page_strip.py" line="153"/>
        <source>Trang %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/page_strip.py" line="154"/>
        <source> (trắng?)</source>
        <translation> (blank?)</translation>
    </message>
</context>
<context>
    <name>PaperChecklist</name>
    <message>
        <location filename="../../counter_app/ui/paper_checklist.py" line="138"/>
        <source> — đã số hóa (%1 trang)</source>
        <translation> — digitised (%1 page(s))</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_checklist.py" line="142"/>
        <source> — dùng lại bản số hóa ngày %1 do %2 chứng thực</source>
        <translation> — reusing the copy of %1 certified by %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_checklist.py" line="149"/>
        <source> — Dùng lại bản số hóa ngày %1 do %2 chứng thực? (U)</source>
        <translation> — Reuse the copy of %1 certified by %2? (U)</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="55"/>
        <source>Mã PIN của USB ký số</source>
        <translation>USB signing token PIN</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="59"/>
        <source>Nhập mã PIN của USB ký số để chứng thực bản sao điện tử (một lần cho cả phiên làm việc). Esc: ký bằng khóa của cơ quan.</source>
        <translation>Type the PIN of the USB signing token to certify the electronic copies (once for the whole working session). Esc: sign with the office key.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="72"/>
        <source>&amp;Đăng nhập USB ký số</source>
        <translation>&amp;Log in to the token</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="73"/>
        <source>Dùng khóa của cơ quan (Esc)</source>
        <translation>Use the office key (Esc)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="90"/>
        <source>Cần nhập mã PIN của USB ký số.</source>
        <translation>Type the PIN of the USB signing token.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/token_session.py" line="93"/>
        <source>Đang đăng nhập USB ký số…</source>
        <translation>Logging in to the USB signing token…</translation>
    </message>
</context>
<context>
    <name>PostalView</name>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="81"/>
        <source>Gửi đi</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="82"/>
        <source>Nhận về</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="83"/>
        <source>Lô đã đóng</source>
        <translation>Closed batches</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="98"/>
        <source>Mã hồ sơ (hoặc quét giấy tiếp nhận)</source>
        <translation>Dossier code (or scan the receipt)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="99"/>
        <source>Số hiệu bưu gửi, vd. EA123456785VN</source>
        <translation>Tracking number, e.g. EA123456785VN</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="101"/>
        <source>Cước (đồng)</source>
        <translation>Postage (VND)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="103"/>
        <source>Công dân (trả kết quả qua bưu điện)</source>
        <translation>Citizen (result returned by post)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="106"/>
        <source>Liên thông: %1 (%2)</source>
        <translation>Interlinked: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="108"/>
        <source>Thêm vào lô</source>
        <translation>Add to batch</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="120"/>
        <location filename="../../counter_app/ui/postal_view.py" line="165"/>
        <source>Đóng lô và in biên bản</source>
        <translation>Close batch and print the record</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="122"/>
        <source>Bỏ khỏi lô</source>
        <translation>Remove from batch</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="123"/>
        <source>Bỏ bưu gửi đang chọn ra khỏi lô đang mở (nhầm hồ sơ, nhầm số hiệu)</source>
        <translation>Take the selected item out of the open batch (wrong dossier or number)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="127"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="127"/>
        <source>Người nhận</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="127"/>
        <source>Địa chỉ nhận</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="127"/>
        <source>Có kết quả lúc</source>
        <translation>Result ready at</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="135"/>
        <source>Chọn một kết quả (Enter hoặc bấm đúp) để đưa mã hồ sơ vào ô thêm bưu gửi</source>
        <translation>Choose a result (Enter or double-click) to put its dossier code in the add form</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="144"/>
        <source>Thêm bưu gửi: mã hồ sơ, số hiệu bưu gửi, cước, nơi nhận</source>
        <translation>Add an item: dossier code, tracking number, postage, destination</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="167"/>
        <source>Hồ sơ gửi đến qua bưu điện được tiếp nhận ở màn hình Tiếp nhận (hình thức: bưu chính).</source>
        <translation>Dossiers sent in by post are taken in on the Intake screen (channel: by post).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="185"/>
        <source>In lại biên bản</source>
        <translation>Print the record again</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="187"/>
        <source>Đã giao</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="189"/>
        <source>Không giao được</source>
        <translation>Undeliverable</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="199"/>
        <source>Bưu gửi của lô đang chọn</source>
        <translation>Items of the selected batch</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="228"/>
        <source>Chưa có lô đang mở.</source>
        <translation>No open batch.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/postal_view.py" line="231"/>
        <source>Lô %1 đang mở: %n bưu gửi, cước %2</source>
        <translation>
            <numerusform>Batch %1 open: %n item, postage %2</numerusform>
            <numerusform>Batch %1 open: %n items, postage %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="238"/>
        <source>Kết quả chờ gửi qua bưu điện (%1) — chọn để thêm vào lô</source>
        <translation>Results waiting for the post (%1) — choose one to add it to the batch</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="240"/>
        <source>Không có kết quả nào chờ gửi qua bưu điện.</source>
        <translation>No result is waiting for the post.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="359"/>
        <source>Nhập mã hồ sơ hoặc quét giấy tiếp nhận.</source>
        <translation>Type the dossier code or scan the receipt.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="390"/>
        <source>Chọn bưu gửi cần bỏ khỏi lô.</source>
        <translation>Select the item to remove from the batch.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="414"/>
        <source>Đã đóng lô %1, nhưng chưa in được biên bản: %2</source>
        <translation>Batch %1 is closed, but its record could not be printed: %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="458"/>
        <source>Bưu điện không giao được %1</source>
        <translation>The post could not deliver %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_view.py" line="458"/>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../counter_app/ui/preview.py" line="32"/>
        <source>%1 trang</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/preview.py" line="33"/>
        <source>In (Enter)</source>
        <translation>Print (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/preview.py" line="35"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../counter_app/ui/procedure_picker.py" line="50"/>
        <source>Tìm thủ tục: gõ vài chữ, không cần dấu (vd. khai sinh)</source>
        <translation>Find a procedure: type a few letters, tones optional (e.g. khai sinh)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_picker.py" line="72"/>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_picker.py" line="74"/>
        <source>%1 ngày làm việc</source>
        <translation>%1 working days</translation>
    </message>
</context>
<context>
    <name>RatingWindow</name>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="117"/>
        <source>Đánh giá mức độ hài lòng</source>
        <translation>Satisfaction rating</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="134"/>
        <location filename="../../counter_app/ui/rating.py" line="159"/>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="135"/>
        <location filename="../../counter_app/ui/rating.py" line="159"/>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="136"/>
        <location filename="../../counter_app/ui/rating.py" line="159"/>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="150"/>
        <source>Đánh giá chi tiết theo từng tiêu chí (không bắt buộc)</source>
        <translation>Rate each criterion (optional)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="172"/>
        <source>Ý kiến góp ý (không bắt buộc)</source>
        <translation>Comments (optional)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="180"/>
        <source>Bấm một nút, hoặc phím 1, 2, 3. Esc: bỏ qua.</source>
        <translation>Press a button, or key 1, 2, 3. Esc: skip.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="212"/>
        <source>Chất lượng phục vụ nói chung</source>
        <translation>Overall service</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="213"/>
        <source>Sự thuận tiện khi thực hiện thủ tục</source>
        <translation>Convenience of use</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="214"/>
        <source>Giải quyết và trả kết quả đúng hẹn</source>
        <translation>On-time handling and result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="215"/>
        <source>Thái độ của cán bộ, công chức</source>
        <translation>Attitude of officials</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="216"/>
        <source>Thời hạn giải quyết so với quy định của pháp luật</source>
        <translation>Processing time compared with the legal limit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="217"/>
        <source>Thời gian thực tế giải quyết so với quy định</source>
        <translation>Actual time compared with the rules</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="218"/>
        <source>Số lần phải liên hệ để hoàn thiện hồ sơ</source>
        <translation>Number of contacts needed to complete the dossier</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="219"/>
        <source>Số cơ quan, đơn vị phải liên hệ</source>
        <translation>Number of agencies contacted</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="220"/>
        <source>Giải quyết qua Bộ phận Một cửa</source>
        <translation>Handling through the one-stop unit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="221"/>
        <source>Công khai, minh bạch thủ tục hành chính</source>
        <translation>Publicity of procedures</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="222"/>
        <source>Tiếp nhận, trả lời phản ánh, kiến nghị</source>
        <translation>Responses to feedback</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="223"/>
        <source>Chất lượng dịch vụ công trực tuyến</source>
        <translation>Quality of online services</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="233"/>
        <source>Xin mời ông/bà đánh giá sau khi nhận kết quả</source>
        <translation>Please rate our service after receiving your result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="243"/>
        <source>Ông/bà có hài lòng với việc giải quyết hồ sơ không?</source>
        <translation>Are you satisfied with how your dossier was handled?</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="245"/>
        <source>Hồ sơ %1 — %2
%3</source>
        <translation>Dossier %1 — %2
%3</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/rating.py" line="292"/>
        <source>Xin cảm ơn ông/bà đã đánh giá!</source>
        <translation>Thank you for your rating!</translation>
    </message>
</context>
<context>
    <name>ReasonForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="428"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../../counter_app/ui/refusal_dialog.py" line="16"/>
        <source>Từ chối tiếp nhận</source>
        <translation>Refuse the application</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/refusal_dialog.py" line="25"/>
        <source>Từ chối và in phiếu</source>
        <translation>Refuse and print the slip</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/refusal_dialog.py" line="26"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/refusal_dialog.py" line="30"/>
        <source>Lý do từ chối:</source>
        <translation>Reason for refusal:</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="82"/>
        <source>Sổ theo dõi hồ sơ</source>
        <translation>Dossier register</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="90"/>
        <source>&amp;Xem</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="93"/>
        <source>Xuất &amp;PDF…</source>
        <translation>Export &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="95"/>
        <source>Xuất &amp;Excel…</source>
        <translation>Export &amp;Excel…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="97"/>
        <source>Đó&amp;ng</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="100"/>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="102"/>
        <source>đến ngày</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="110"/>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="111"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="112"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="113"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="114"/>
        <source>Địa chỉ, điện thoại</source>
        <translation>Address, phone</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="115"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="116"/>
        <source>Hẹn trả</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="117"/>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="118"/>
        <source>Đã trả</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="119"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="120"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/register_view.py" line="175"/>
        <source>%n hồ sơ trong kỳ</source>
        <translation>
            <numerusform>%n dossier in the period</numerusform>
            <numerusform>%n dossiers in the period</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="191"/>
        <source>Lưu sổ theo dõi hồ sơ</source>
        <translation>Save the dossier register</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="193"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="193"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="206"/>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/register_view.py" line="208"/>
        <source>Đã lưu: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>ResultForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="292"/>
        <source>Ghi nhận kết quả giải quyết</source>
        <translation>Record the result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="292"/>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="294"/>
        <source>Được giải quyết</source>
        <translation>Granted</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="295"/>
        <source>Không được giải quyết (có văn bản nêu lý do)</source>
        <translation>Not granted (with a reasoned letter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="297"/>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="298"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ReturnForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="313"/>
        <source>Mỗi dòng một giấy tờ; thêm x2 nếu giao 2 bản</source>
        <translation>One paper a line; add x2 for two copies</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="318"/>
        <source>Giấy tờ trả</source>
        <translation>Result papers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="319"/>
        <source>Giấy ủy quyền của người nhận thay</source>
        <translation>Authorisation of the person collecting on the applicant&apos;s behalf</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="321"/>
        <source>Giấy ủy quyền</source>
        <translation>Letter of authorisation</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="328"/>
        <source>Loại giấy</source>
        <translation>Kind of paper</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="329"/>
        <source>Số</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="330"/>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="309"/>
        <source>Trả kết quả cho công dân</source>
        <translation>Return the result to the citizen</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="309"/>
        <source>Trả kết quả và in phiếu giao nhận</source>
        <translation>Return and print the hand-over note</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="312"/>
        <source>Số CCCD/định danh của người nhận</source>
        <translation>The receiver&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="316"/>
        <source>Người nhận kết quả</source>
        <translation>Received by</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="317"/>
        <source>Số giấy tờ người nhận</source>
        <translation>Receiver&apos;s ID</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="144"/>
        <source>Số hóa: %1</source>
        <translation>Digitise: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="167"/>
        <source>Quét (S)</source>
        <translation>Scan (S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="168"/>
        <source>Quét lại trang (Ctrl+S)</source>
        <translation>Scan the page again (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="169"/>
        <source>Thêm tệp… (Ctrl+O)</source>
        <translation>Add files… (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="170"/>
        <source>Lấy từ thư mục quét (F)</source>
        <translation>From the scan folder (F)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="171"/>
        <source>Xoay phải (R)</source>
        <translation>Turn right (R)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="172"/>
        <source>Xoay trái (Shift+R)</source>
        <translation>Turn left (Shift+R)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="173"/>
        <source>Lên trước (Ctrl+←)</source>
        <translation>Earlier (Ctrl+←)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="174"/>
        <source>Ra sau (Ctrl+→)</source>
        <translation>Later (Ctrl+→)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="175"/>
        <source>Xóa trang (Delete)</source>
        <translation>Delete the page (Delete)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="176"/>
        <source>Xóa trang trắng (B)</source>
        <translation>Delete blank pages (B)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="188"/>
        <source>Xong — về danh mục giấy tờ (Enter)</source>
        <translation>Done — back to the papers (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="191"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="195"/>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="221"/>
        <source>Chọn máy quét (phím mũi tên) rồi nhấn S; máy được nhớ cho lần sau.</source>
        <translation>Choose the scanner (arrow keys), then press S; it is remembered for next time.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="236"/>
        <source>%1 trang</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="238"/>
        <source> · %1 trang có vẻ trắng: nhấn B để xóa</source>
        <translation> · %1 page(s) look blank: press B to delete them</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="240"/>
        <source> · đang quét…</source>
        <translation> · scanning…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="242"/>
        <source> · thư mục quét có %1 tệp mới: nhấn F</source>
        <translation> · the scan folder has %1 new file(s): press F</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="258"/>
        <source>%1 (không tìm thấy)</source>
        <translation>%1 (not found)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="264"/>
        <source>Không tìm thấy máy quét: thêm tệp (Ctrl+O) hoặc lấy từ thư mục quét (F).</source>
        <translation>No scanner found: add files (Ctrl+O) or take one from the scan folder (F).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="286"/>
        <source>Thư mục quét chưa có tệp mới.</source>
        <translation>The scan folder has no new file yet.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="309"/>
        <source>Chưa chọn máy quét.</source>
        <translation>No scanner chosen.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="334"/>
        <source>Chọn tệp giấy tờ</source>
        <translation>Choose the paper&apos;s files</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="334"/>
        <source>Ảnh và PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Images and PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="342"/>
        <source>Chưa đặt thư mục quét: vào Cài đặt (Ctrl+,).</source>
        <translation>No scan folder set: see Settings (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/scan_panel.py" line="370"/>
        <source>Đã xóa %1 trang trắng.</source>
        <translation>%1 blank page(s) deleted.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="76"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="78"/>
        <source>Không dùng máy in — lưu thành tệp PDF</source>
        <translation>No printer — save as PDF files</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="83"/>
        <source>%1 (không tìm thấy)</source>
        <translation>%1 (not found)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="86"/>
        <source> phút</source>
        <translation> minutes</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="93"/>
        <source>Máy in giấy tiếp nhận</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="94"/>
        <source>Tự khóa màn hình sau</source>
        <translation>Lock the screen after</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="95"/>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="98"/>
        <source>chọn trong khung số hóa, vd. test:0</source>
        <translation>chosen in the scan panel, e.g. test:0</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="100"/>
        <source>không dùng</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="101"/>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="102"/>
        <source>Thư mục máy quét mạng lưu tệp</source>
        <translation>Network scanner&apos;s folder</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="108"/>
        <source>vd. C:\Windows\System32\vnptca_p11_v8.dll · viettel-ca_v6.dll · BkavCA.dll · fptca_v6.dll</source>
        <translation>e.g. C:\Windows\System32\vnptca_p11_v8.dll · viettel-ca_v6.dll · BkavCA.dll · fptca_v6.dll</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="112"/>
        <source>Thư viện PKCS#11 của USB ký số, thường trong C:\Windows\System32: VNPT-CA vnptca_p11_v8.dll (hoặc _v6, _v7, _v9, _v10), Viettel-CA viettel-ca_v6.dll, BKAV-CA BkavCA.dll, FPT-CA fptca_v6.dll, SafeNet eToken eTPKCS11.dll. Để trống: dùng biến môi trường COUNTER_APP_PKCS11_LIB nếu có, nếu không bản sao được ký bằng khóa của cơ quan.</source>
        <translation>The PKCS#11 library of the USB signing token, usually in C:\Windows\System32: VNPT-CA vnptca_p11_v8.dll (or _v6, _v7, _v9, _v10), Viettel-CA viettel-ca_v6.dll, BKAV-CA BkavCA.dll, FPT-CA fptca_v6.dll, SafeNet eToken eTPKCS11.dll. Empty: the COUNTER_APP_PKCS11_LIB environment variable if set, else the copies are signed with the office key.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="118"/>
        <source>chỉ khi cắm nhiều USB ký số</source>
        <translation>only when several tokens are plugged in</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="119"/>
        <source>Thư viện USB ký số (PKCS#11)</source>
        <translation>USB signing token library (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="120"/>
        <source>Nhãn USB ký số</source>
        <translation>Token label</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="121"/>
        <source>Máy in và ngôn ngữ có hiệu lực ngay sau khi lưu.</source>
        <translation>The printer and the language apply as soon as they are saved.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="124"/>
        <source>&amp;Lưu</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="125"/>
        <source>&amp;Hủy</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="145"/>
        <source>Số văn bản và người ký (thư xin lỗi, thông báo dừng)</source>
        <translation>Document numbers and signer (apology letters, stop notices)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="149"/>
        <source>Người đứng đầu ký</source>
        <translation>The head signs</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="150"/>
        <source>TM. — thay mặt tập thể</source>
        <translation>TM. — on behalf of the collective body</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="151"/>
        <source>KT. — cấp phó ký thay</source>
        <translation>KT. — a deputy signs for the head</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="152"/>
        <source>Q. — quyền người đứng đầu</source>
        <translation>Q. — acting head</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="157"/>
        <source>ỦY BAN NHÂN DÂN</source>
        <translation>PEOPLE&apos;S COMMITTEE</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="158"/>
        <source>CHỦ TỊCH</source>
        <translation>CHAIRPERSON</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="161"/>
        <source>Chữ viết tắt tên cơ quan</source>
        <translation>Agency abbreviation</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="162"/>
        <source>Quyền hạn ký</source>
        <translation>Signing capacity</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="163"/>
        <source>Tập thể / chức vụ được ký thay</source>
        <translation>Body / head&apos;s title signed for</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="164"/>
        <source>Chức vụ người ký</source>
        <translation>Signer&apos;s title</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="165"/>
        <source>Họ và tên người ký</source>
        <translation>Signer&apos;s full name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="173"/>
        <source>Không có thư mục %1: nhập đường dẫn thư mục máy quét lưu tệp.</source>
        <translation>There is no folder %1: enter the folder the scanner saves its files in.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/settings_dialog.py" line="181"/>
        <source>Không có tệp %1: nhập đường dẫn thư viện PKCS#11 (tệp .dll) của USB ký số, hoặc để trống.</source>
        <translation>There is no file %1: give the path of the token&apos;s PKCS#11 library (a .dll file), or leave it empty.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="116"/>
        <source>Thiết lập Bộ phận Một cửa</source>
        <translation>Set up the one-stop counter</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="122"/>
        <source>Tiếp theo</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="123"/>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="124"/>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="125"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="161"/>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>SupplementForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="272"/>
        <source>Yêu cầu bổ sung hồ sơ</source>
        <translation>Request missing papers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="272"/>
        <source>Lập phiếu yêu cầu bổ sung</source>
        <translation>Issue the supplement request</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="280"/>
        <source>Nội dung cần bổ sung, hoàn thiện</source>
        <translation>What must be completed</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="281"/>
        <source>Đánh dấu các giấy tờ công dân cần bổ sung:</source>
        <translation>Tick the papers the citizen must bring:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="283"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="220"/>
        <source>Đồng bộ với máy chủ huyện</source>
        <translation>Sync with the district server</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="227"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="230"/>
        <source>Ghi danh máy này với máy chủ huyện</source>
        <translation>Enrol this PC with the district server</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="233"/>
        <source>Mã ghi danh dùng một lần do máy chủ cấp</source>
        <translation>One-time enrolment code issued by the server</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="234"/>
        <source>Ghi danh</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="238"/>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="239"/>
        <source>Mã ghi danh</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="244"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="244"/>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="244"/>
        <source>Lý do máy chủ từ chối</source>
        <translation>Reason the server refused it</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="244"/>
        <source>Lúc</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="249"/>
        <source>Gửi lại tất cả</source>
        <translation>Send all again</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="251"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="266"/>
        <source>Mục máy chủ không nhận (giữ lại, không chặn các mục khác)</source>
        <translation>Items the server refused (set aside; they do not block the others)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="285"/>
        <source>Máy này chưa ghi danh với máy chủ huyện: hồ sơ được lưu trên máy và chờ đồng bộ.</source>
        <translation>This PC is not enrolled with the district server: dossiers are kept on this PC and wait for sync.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="287"/>
        <source>Máy chủ: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="288"/>
        <source>Đơn vị: %1</source>
        <translation>Unit: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="290"/>
        <source>Thiết bị đã bị thu hồi: cần mã ghi danh mới để đồng bộ lại.</source>
        <translation>This device was revoked: a new enrolment code is needed to sync again.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="292"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="292"/>
        <source>Ngoại tuyến</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="294"/>
        <source>Đồng bộ thành công lần cuối: %1</source>
        <translation>Last successful sync: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="296"/>
        <source>Lần thử tiếp theo: %1</source>
        <translation>Next attempt: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="298"/>
        <source>Đang chờ gửi: %1 · Bị giữ lại: %2</source>
        <translation>Waiting to be sent: %1 · Set aside: %2</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="301"/>
        <source>Lỗi gần nhất: %1</source>
        <translation>Last error: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="304"/>
        <source>Giờ máy lệch %1 phút so với máy chủ</source>
        <translation>The PC clock is %1 minutes off the server&apos;s</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="327"/>
        <source>Gửi lại</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="336"/>
        <source>Đánh giá hài lòng</source>
        <translation>Satisfaction rating</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="336"/>
        <source>Dữ liệu đồng bộ khác</source>
        <translation>Other sync data</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="345"/>
        <source>Đã gửi %1, đã nhận %2.</source>
        <translation>Sent %1, received %2.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="362"/>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="369"/>
        <source>Đã đưa %1 mục vào hàng chờ gửi lại.</source>
        <translation>%1 items put back in the queue.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="381"/>
        <source>Đang ghi danh…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="387"/>
        <source>Đã ghi danh với %1 (%2).</source>
        <translation>Enrolled with %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="321"/>
        <source>%1 giấy tờ đang chờ gửi (%2)</source>
        <translation>%1 papers waiting to be sent (%2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="326"/>
        <source> · %1 giấy tờ bị giữ lại</source>
        <translation> · %1 papers set aside</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="331"/>
        <source>Giấy tờ: %1</source>
        <translation>Papers: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="378"/>
        <source>Đã gửi %1 giấy tờ.</source>
        <translation>Sent %1 papers.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="157"/>
        <source>Đồng bộ: …</source>
        <translation>Sync: …</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="177"/>
        <source>Chưa ghi danh với máy chủ huyện</source>
        <translation>Not enrolled with the district server</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="180"/>
        <source>Thiết bị đã bị thu hồi</source>
        <translation>Device revoked</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="183"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="186"/>
        <source>Ngoại tuyến</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="188"/>
        <source>%1 đang chờ</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="190"/>
        <source>đồng bộ lúc %1</source>
        <translation>synced at %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="192"/>
        <source>%1 bị giữ lại</source>
        <translation>%1 set aside</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="198"/>
        <source>Giờ máy lệch %1 phút so với máy chủ</source>
        <translation>The PC clock is %1 minutes off the server&apos;s</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="202"/>
        <source>Bấm để xem chi tiết đồng bộ</source>
        <translation>Click for sync details</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_view.py" line="198"/>
        <source>%1 giấy tờ đang chờ gửi</source>
        <translation>%1 papers waiting</translation>
    </message>
</context>
<context>
    <name>TransferForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="253"/>
        <source>Chuyển xử lý</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="253"/>
        <source>Chuyển</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="259"/>
        <source>Họ tên người nhận hồ sơ</source>
        <translation>Name of the person receiving the dossier</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="261"/>
        <source>Chuyển đến</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="262"/>
        <source>Người nhận</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="263"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>WithdrawForm</name>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="408"/>
        <source>Rút hồ sơ</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="409"/>
        <source>Lý do rút hồ sơ</source>
        <translation>Why the dossier is withdrawn</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="410"/>
        <source>Có đơn đề nghị của công dân</source>
        <translation>The citizen made a written request</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="411"/>
        <source>Số, ngày của đơn đề nghị</source>
        <translation>Number and date of the request</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="412"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_actions.py" line="415"/>
        <source>Đơn đề nghị</source>
        <translation>Request</translation>
    </message>
</context>
<context>
    <name>_AdminPage</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="75"/>
        <source>Tài khoản quản trị</source>
        <translation>Administrator account</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="76"/>
        <source>Tài khoản &apos;admin&apos; dùng để tạo tài khoản cho cán bộ một cửa.</source>
        <translation>The &apos;admin&apos; account creates the clerks&apos; accounts.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="77"/>
        <source>Nguyễn Văn A</source>
        <translation>Full name, as printed on the forms</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="78"/>
        <source>Công chức Văn phòng - Thống kê</source>
        <translation>Office and statistics officer</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="83"/>
        <source>Họ và tên người quản trị</source>
        <translation>Administrator&apos;s full name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="84"/>
        <source>Chức danh</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="85"/>
        <source>Mật khẩu (ít nhất 8 ký tự)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="86"/>
        <source>Nhập lại mật khẩu</source>
        <translation>Repeat the password</translation>
    </message>
</context>
<context>
    <name>_OfficePage</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="38"/>
        <source>Thông tin đơn vị</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="39"/>
        <source>Các dòng này in trên giấy tiếp nhận và các phiếu.</source>
        <translation>These lines are printed on receipts and slips.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="41"/>
        <source>UBND xã Tân Lập</source>
        <translation>Official name, as on the forms</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="42"/>
        <source>UBND tỉnh Phú Thọ</source>
        <translation>The governing body, as on the forms</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="43"/>
        <source>Tân Lập</source>
        <translation>Place name for the date line</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="47"/>
        <source>Bộ mẫu 2025 (Thông tư 03/2025/TT-VPCP)</source>
        <translation>2025 form set (Circular 03/2025/TT-VPCP)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="48"/>
        <source>Bộ mẫu 2018 (chỉ để in lại hồ sơ tiếp nhận trước 01/07/2025)</source>
        <translation>2018 form set (only to reprint dossiers received before 01/07/2025)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="55"/>
        <source>Mã định danh cơ quan (13 ký tự)</source>
        <translation>Agency code (13 characters)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="56"/>
        <source>Tên đơn vị</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="57"/>
        <source>Cơ quan chủ quản</source>
        <translation>Governing body</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="58"/>
        <source>Địa danh (dòng ngày tháng)</source>
        <translation>Place (on the date line)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="59"/>
        <source>Số điện thoại đường dây nóng</source>
        <translation>Hotline</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="60"/>
        <source>Số máy tiếp nhận (mỗi máy một số)</source>
        <translation>Workstation number (one per PC)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="61"/>
        <source>Bộ biểu mẫu</source>
        <translation>Form set</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="63"/>
        <source>Địa chỉ trang tra cứu</source>
        <translation>Lookup page address</translation>
    </message>
</context>
<context>
    <name>_PrinterPage</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="94"/>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="96"/>
        <source>Không dùng máy in — lưu thành tệp PDF</source>
        <translation>No printer — save as PDF files</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="103"/>
        <source>Máy in giấy tiếp nhận</source>
        <translation>Receipt printer</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../counter_app/ui/errors.py" line="28"/>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/errors.py" line="33"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>postal</name>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="30"/>
        <source>Trả kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="31"/>
        <source>Chuyển liên thông</source>
        <translation>Interlinked transfer</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="32"/>
        <source>Hồ sơ gửi đến</source>
        <translation>Dossier sent in</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="38"/>
        <source>Đã nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="40"/>
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="42"/>
        <source>Đang phát</source>
        <translation>Out for delivery</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="43"/>
        <source>Đã giao</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="44"/>
        <source>Không giao được</source>
        <translation>Undeliverable</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="51"/>
        <source>Gửi đi</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/postal_models.py" line="53"/>
        <source>Nhận về</source>
        <translation>Incoming</translation>
    </message>
</context>
<context>
    <name>PaperScheduleBox</name>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="50"/>
        <source>Gửi giấy tờ (bản sao điện tử) lên máy chủ</source>
        <translation>Sending papers (electronic copies) to the hub</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="57"/>
        <source>Không giới hạn</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="58"/>
        <source>Gửi bất kỳ lúc nào</source>
        <translation>Any time</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="64"/>
        <source>Lưu cài đặt gửi giấy tờ</source>
        <translation>Save the papers' settings</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="70"/>
        <source>Từ</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="72"/>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="77"/>
        <source>Giới hạn tốc độ (0 = không giới hạn)</source>
        <translation>Speed cap (0 = no limit)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="78"/>
        <source>Giờ gửi giấy tờ</source>
        <translation>Sending hours</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="110"/>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>SetAsidePapers</name>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="130"/>
        <source>Giấy tờ máy chủ không nhận (giữ lại, không chặn các giấy tờ khác)</source>
        <translation>Papers the hub refused (set aside, they do not block the others)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="132"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="132"/>
        <source>Giấy tờ</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="132"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/paper_sync_view.py" line="154"/>
        <source>Gửi lại</source>
        <translation>Send again</translation>
    </message>
</context>
</TS>
