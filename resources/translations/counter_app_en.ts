<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DossierDialog</name>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="157"/>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="161"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="162"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="163"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="164"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="165"/>
        <source>Số CCCD</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="166"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="167"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="168"/>
        <source>Nhận lúc</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="169"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="185"/>
        <source>In lại giấy tiếp nhận</source>
        <translation>Reprint the receipt</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="190"/>
        <source>In lại phiếu yêu cầu bổ sung</source>
        <translation>Reprint the supplement request</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="194"/>
        <source>In lại phiếu từ chối</source>
        <translation>Reprint the refusal</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="198"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="204"/>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>DossierListView</name>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="45"/>
        <source>Tìm theo tên, mã hồ sơ, số CCCD, số điện thoại…</source>
        <translation>Search by name, dossier code, ID number, phone…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="48"/>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="52"/>
        <source>Mọi hình thức</source>
        <translation>All channels</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="54"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="55"/>
        <source>Bưu chính</source>
        <translation>Postal</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="56"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="59"/>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="60"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="61"/>
        <source>Nhận từ</source>
        <translation>Received from</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/dossier_list.py" line="76"/>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/dossier_list.py" line="132"/>
        <source>%n hồ sơ</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="159"/>
        <location filename="../../counter_app/ui/intake_view.py" line="331"/>
        <source>Chưa chọn thủ tục</source>
        <translation>No procedure chosen</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="168"/>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="169"/>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="177"/>
        <source>Người nộp hồ sơ (quét mã QR trên CCCD để điền nhanh)</source>
        <translation>Applicant (scan the QR code on the ID card to fill in)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="179"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="180"/>
        <source>Số CCCD/định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="181"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="182"/>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="183"/>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="184"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="185"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="189"/>
        <source>Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)</source>
        <translation>Papers (tick those handed in)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="194"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="195"/>
        <source>Qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="196"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="199"/>
        <source>Trả kết quả qua bưu điện</source>
        <translation>Return the result by post</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="200"/>
        <source>Địa chỉ nhận kết quả</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="204"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="209"/>
        <source>Tiếp nhận và in giấy hẹn (Ctrl+Enter)</source>
        <translation>Accept and print the receipt (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="210"/>
        <source>Yêu cầu bổ sung (Ctrl+B)</source>
        <translation>Request a supplement (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="211"/>
        <source>Từ chối (Ctrl+T)</source>
        <translation>Refuse (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="212"/>
        <source>Hồ sơ mới (Ctrl+N)</source>
        <translation>New dossier (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="238"/>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="261"/>
        <source>miễn phí</source>
        <translation>free of charge</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="266"/>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="268"/>
        <source>%1 ngày làm việc</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="270"/>
        <source> · thông tin chưa kiểm chứng</source>
        <translation> · unverified information</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="301"/>
        <source>Số CCCD không khớp với giới tính hoặc năm sinh trên thẻ — đề nghị kiểm tra lại giấy tờ.</source>
        <translation>The ID number does not match the sex or birth year on the card — please check the papers.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="351"/>
        <source>Chọn thủ tục trước.</source>
        <translation>Choose the procedure first.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="397"/>
        <source>Bỏ đánh dấu các giấy tờ còn thiếu trước khi lập phiếu yêu cầu bổ sung.</source>
        <translation>Untick the missing papers before issuing a supplement request.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="407"/>
        <source>Từ chối tiếp nhận</source>
        <translation>Refuse the application</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="407"/>
        <source>Lý do từ chối:</source>
        <translation>Reason for refusal:</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../counter_app/ui/login.py" line="28"/>
        <source>Đăng nhập — %1</source>
        <translation>Sign in — %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="35"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="36"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="38"/>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="39"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/login.py" line="44"/>
        <source>Màn hình đã khóa do không thao tác. Đăng nhập lại để tiếp tục.</source>
        <translation>The screen was locked after a period of inactivity. Sign in again to continue.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="57"/>
        <source>Bộ phận Một cửa — %1</source>
        <translation>One-stop counter — %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="64"/>
        <source>Tiếp nhận hồ sơ (F2)</source>
        <translation>Intake (F2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="65"/>
        <source>Danh sách hồ sơ (F3)</source>
        <translation>Dossiers (F3)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="71"/>
        <source>%1 (%2) · máy %3</source>
        <translation>%1 (%2) · workstation %3</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="77"/>
        <source>Đồng bộ: đã kết nối</source>
        <translation>Sync: connected</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="79"/>
        <source>Đồng bộ: chưa kết nối máy chủ — hồ sơ đang chờ đồng bộ</source>
        <translation>Sync: not connected to the server — dossiers waiting</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="112"/>
        <source>Cán bộ: %1</source>
        <translation>Clerk: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="118"/>
        <source>&amp;Hệ thống</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="119"/>
        <source>Khóa màn hình</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="121"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="124"/>
        <source>&amp;Đi tới</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="125"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="125"/>
        <source>Danh sách hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="129"/>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="140"/>
        <source>Ngôn ngữ mới được dùng từ lần mở phần mềm sau.</source>
        <translation>The new language applies from the next start.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="147"/>
        <source>Đã in: %1</source>
        <translation>Printed: %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="165"/>
        <source>Đã lập hồ sơ %1</source>
        <translation>Dossier %1 recorded</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="190"/>
        <source>Giấy tiếp nhận %1 KHÔNG HỢP LỆ: chữ ký số sai, có thể bị làm giả hoặc sửa đổi.</source>
        <translation>Receipt %1 is NOT VALID: its digital signature does not match; it may be forged or altered.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="192"/>
        <source>Không có hồ sơ %1 trên máy này.</source>
        <translation>There is no dossier %1 on this PC.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="194"/>
        <source>Hồ sơ %1 do máy tiếp nhận khác lập; chưa có trên máy này.</source>
        <translation>Dossier %1 was taken in at another workstation; it is not on this PC yet.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="198"/>
        <source>Quét giấy tiếp nhận</source>
        <translation>Receipt scan</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="200"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../counter_app/ui/preview.py" line="31"/>
        <source>%1 trang</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/preview.py" line="32"/>
        <source>In (Enter)</source>
        <translation>Print (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/preview.py" line="34"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="87"/>
        <source>Tìm thủ tục: gõ vài chữ, không cần dấu (vd. khai sinh)</source>
        <translation>Find a procedure: type a few letters, tones optional (e.g. khai sinh)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="109"/>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_view.py" line="111"/>
        <source>%1 ngày làm việc</source>
        <translation>%1 working days</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="87"/>
        <source>Thiết lập Bộ phận Một cửa</source>
        <translation>Set up the one-stop counter</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="93"/>
        <source>Tiếp theo</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="94"/>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="95"/>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="96"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="118"/>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>_AdminPage</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="53"/>
        <source>Tài khoản quản trị</source>
        <translation>Administrator account</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="54"/>
        <source>Tài khoản &apos;admin&apos; dùng để tạo tài khoản cho cán bộ một cửa.</source>
        <translation>The &apos;admin&apos; account creates the clerks&apos; accounts.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="58"/>
        <source>Mật khẩu (ít nhất 8 ký tự)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="59"/>
        <source>Nhập lại mật khẩu</source>
        <translation>Repeat the password</translation>
    </message>
</context>
<context>
    <name>_OfficePage</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="27"/>
        <source>Thông tin đơn vị</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="28"/>
        <source>Các dòng này in trên giấy tiếp nhận và các phiếu.</source>
        <translation>These lines are printed on receipts and slips.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="30"/>
        <source>UBND xã Tân Lập</source>
        <translation>UBND xã Tân Lập</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="31"/>
        <source>UBND tỉnh Phú Thọ</source>
        <translation>UBND tỉnh Phú Thọ</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="32"/>
        <source>Tân Lập</source>
        <translation>Tân Lập</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="36"/>
        <source>Bộ mẫu 2025 (Nghị định 118/2025)</source>
        <translation>2025 form set (Decree 118/2025)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="37"/>
        <source>Bộ mẫu 2018 (Thông tư 01/2018/TT-VPCP)</source>
        <translation>2018 form set (Circular 01/2018/TT-VPCP)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="40"/>
        <source>Mã định danh cơ quan (13 ký tự)</source>
        <translation>Agency code (13 characters)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="41"/>
        <source>Tên đơn vị</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="42"/>
        <source>Cơ quan chủ quản</source>
        <translation>Governing body</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="43"/>
        <source>Địa danh (dòng ngày tháng)</source>
        <translation>Place (on the date line)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="44"/>
        <source>Số điện thoại đường dây nóng</source>
        <translation>Hotline</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="45"/>
        <source>Số máy tiếp nhận (mỗi máy một số)</source>
        <translation>Workstation number (one per PC)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="46"/>
        <source>Bộ biểu mẫu</source>
        <translation>Form set</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="47"/>
        <source>Địa chỉ trang tra cứu</source>
        <translation>Lookup page address</translation>
    </message>
</context>
<context>
    <name>_PrinterPage</name>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="65"/>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="67"/>
        <source>Không dùng máy in — lưu thành tệp PDF</source>
        <translation>No printer — save as PDF files</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/wizard.py" line="74"/>
        <source>Máy in giấy tiếp nhận</source>
        <translation>Receipt printer</translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <location filename="../../counter_app/ui/errors.py" line="33"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../counter_app/ui/errors.py" line="28"/>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
</context>
</TS>
