"""The citizen's rating screen: three big faces after a return, optional criteria, Esc to skip.

It is a top-level window (never a child of the main window, so the clerk's modal dialogs do not block
it). From the menu it can stay open on a second screen facing the citizen, fullscreen, waiting for the
next return; otherwise it opens after a return and closes once the citizen has tapped (or the clerk
pressed Esc). Keys 1, 2 and 3 choose like the buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.satisfaction import CRITERIA, Rating
from counter_app.ui.errors import describe
from counter_app.ui.screen_fit import fit_to_screen
from counter_app.ui.tasks import RunTask

# What the window hands to the service: (code, rating, criteria, comment) -> anything.
Submit = Callable[[str, str, Mapping[str, str], str | None], Any]

COLOURS: dict[Rating, str] = {
    Rating.VERY_SATISFIED: "#2e7d32",
    Rating.SATISFIED: "#f9a825",
    Rating.DISSATISFIED: "#c62828",
}
THANKS_MS = 3000
BUTTON_PADDING_PX = 16  # border and padding inside a face button, each side
FACE_PX = 128  # the faces at full size
FACE_FONT_PT = 20  # the words under the faces at full size
KEY_SETTLE_MS = 250
KEYS: dict[int, Rating] = {
    Qt.Key.Key_1.value: Rating.VERY_SATISFIED,
    Qt.Key.Key_2.value: Rating.SATISFIED,
    Qt.Key.Key_3.value: Rating.DISSATISFIED,
}


def face(rating: Rating, size: int = 96) -> QPixmap:
    """A round face in the rating's colour: a broad smile, a small smile, a frown."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(COLOURS[rating]))
    p.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    p.setBrush(QColor("white"))
    eye = size * 0.09
    for x in (0.35, 0.65):
        p.drawEllipse(QPointF(size * x, size * 0.38), eye, eye)
    pen = QPen(QColor("white"), size * 0.07)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if rating is Rating.DISSATISFIED:  # the upper half of an ellipse, low on the face: a frown
        p.drawArc(QRectF(size * 0.28, size * 0.62, size * 0.44, size * 0.3), 20 * 16, 140 * 16)
    else:
        depth = 0.3 if rating is Rating.VERY_SATISFIED else 0.14
        p.drawArc(QRectF(size * 0.26, size * (0.6 - depth / 2), size * 0.48, size * depth), 200 * 16, 140 * 16)
    p.end()
    return pixmap


@dataclass(frozen=True)
class Asked:
    """The dossier the citizen is asked about."""

    code: str
    applicant_name: str
    procedure_name: str


class RatingWindow(QWidget):
    """Big buttons for the citizen; the clerk's Esc skips."""

    rated = Signal(str)  # dossier code, once its rating is recorded
    BUTTON_PADDING = BUTTON_PADDING_PX
    skipped = Signal(str)

    def __init__(self, submit: Submit, run: RunTask) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self._submit = submit
        self._run = run
        self.asked: Asked | None = None
        self.kiosk = False  # opened from the menu: stays open, waiting for the next return
        self.setWindowTitle(self.tr("Đánh giá mức độ hài lòng"))

        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.dossier = QLabel()
        self.dossier.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dossier.setWordWrap(True)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)

        # The faces: the word under the face, so a button needs only the wider of the two; the font
        # and the face shrink with the window (_fit) so the words are never cut ("Rất hài lòn").
        self.buttons: dict[Rating, QToolButton] = {}
        row = QHBoxLayout()
        labels = {
            Rating.VERY_SATISFIED: self.tr("Rất hài lòng"),
            Rating.SATISFIED: self.tr("Hài lòng"),
            Rating.DISSATISFIED: self.tr("Không hài lòng"),
        }
        for number, rating in enumerate(Rating, start=1):
            button = QToolButton()
            button.setIcon(QIcon(face(rating, FACE_PX)))
            button.setText(f"{number}. {labels[rating]}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys 1/2/3 go to the window, never a button
            button.clicked.connect(lambda _=False, r=rating: self.choose(r))
            row.addWidget(button)
            self.buttons[rating] = button

        self.more = QToolButton()
        self.more.setText(self.tr("Đánh giá chi tiết theo từng tiêu chí (không bắt buộc)"))
        self.more.setCheckable(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.more.toggled.connect(self._toggle_details)
        self.details = QWidget()
        grid = QGridLayout(self.details)
        grid.setColumnStretch(0, 1)
        self.criteria: dict[str, QButtonGroup] = {}
        short = (self.tr("Rất hài lòng"), self.tr("Hài lòng"), self.tr("Không hài lòng"))
        for line, criterion in enumerate(CRITERIA):
            label = QLabel(self._criterion_label(criterion.key))
            label.setWordWrap(True)
            grid.addWidget(label, line, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for column, (rating, text) in enumerate(zip(Rating, short, strict=True), start=1):
                choice = QRadioButton(text)
                choice.setProperty("rating", rating.value)
                group.addButton(choice)
                grid.addWidget(choice, line, column)
            self.criteria[criterion.key] = group
        self.comment = QLineEdit(placeholderText=self.tr("Ý kiến góp ý (không bắt buộc)"))
        grid.addWidget(self.comment, len(CRITERIA), 0, 1, 4)
        self.details_area = QScrollArea()  # twelve criteria scroll on a small screen instead of being cut
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.hide()

        self.hint = QLabel(self.tr("Bấm một nút, hoặc phím 1, 2, 3. Esc: bỏ qua."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # any size: _fit() shrinks the words
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.dossier)
        layout.addSpacing(16)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.details_area, 3)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        self._scale: tuple[int, int, int] | None = None
        self._fit()

        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.setInterval(THANKS_MS)
        self.reset_timer.timeout.connect(self._after_thanks)
        self._pending_key: Rating | None = None
        self._key_timer = QTimer(self)
        self._key_timer.setSingleShot(True)
        self._key_timer.setInterval(KEY_SETTLE_MS)
        self._key_timer.timeout.connect(self._key_settled)
        self.wait_for_next()

    def _criterion_label(self, key: str) -> str:
        labels = {
            "overall": self.tr("Chất lượng phục vụ nói chung"),
            "convenience": self.tr("Sự thuận tiện khi thực hiện thủ tục"),
            "on_time": self.tr("Giải quyết và trả kết quả đúng hẹn"),
            "attitude": self.tr("Thái độ của cán bộ, công chức"),
            "legal_time": self.tr("Thời hạn giải quyết so với quy định của pháp luật"),
            "actual_time": self.tr("Thời gian thực tế giải quyết so với quy định"),
            "contacts": self.tr("Số lần phải liên hệ để hoàn thiện hồ sơ"),
            "agencies": self.tr("Số cơ quan, đơn vị phải liên hệ"),
            "one_stop": self.tr("Giải quyết qua Bộ phận Một cửa"),
            "publicity": self.tr("Công khai, minh bạch thủ tục hành chính"),
            "feedback": self.tr("Tiếp nhận, trả lời phản ánh, kiến nghị"),
            "online": self.tr("Chất lượng dịch vụ công trực tuyến"),
        }
        return labels[key]

    # ------------------------------------------------------------------ states

    def wait_for_next(self) -> None:
        """No dossier: the screen faces the citizen and waits."""
        self.asked = None
        self.reset_timer.stop()
        self.title.setText(self.tr("Xin mời ông/bà đánh giá sau khi nhận kết quả"))
        self.dossier.setText("")
        self.message.clear()
        self._clear_answers()
        self._enable(False)

    def ask(self, code: str, applicant_name: str, procedure_name: str) -> None:
        """Ask the citizen about the dossier just returned."""
        self.asked = Asked(code, applicant_name, procedure_name)
        self.reset_timer.stop()
        self.title.setText(self.tr("Ông/bà có hài lòng với việc giải quyết hồ sơ không?"))
        self.dossier.setText(
            self.tr("Hồ sơ %1 — %2\n%3").replace("%1", code).replace("%2", applicant_name).replace("%3", procedure_name)
        )
        self.message.clear()
        self._clear_answers()
        self._enable(True)

    def _enable(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)
        self.more.setEnabled(on)
        self.details.setEnabled(on)

    def _clear_answers(self) -> None:
        for group in self.criteria.values():
            checked = group.checkedButton()
            if checked is not None:
                group.setExclusive(False)
                checked.setChecked(False)
                group.setExclusive(True)
        self.comment.clear()
        self.more.setChecked(False)

    def _toggle_details(self, shown: bool) -> None:
        self.details_area.setVisible(shown)
        self.more.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def answers(self) -> dict[str, str]:
        """The criteria the citizen marked."""
        found: dict[str, str] = {}
        for key, group in self.criteria.items():
            checked = group.checkedButton()
            if checked is not None:
                found[key] = str(checked.property("rating"))
        return found

    # ------------------------------------------------------------------ choosing

    def choose(self, rating: Rating) -> None:
        asked = self.asked
        if asked is None or not self.buttons[rating].isEnabled():
            return
        answers, comment = self.answers(), self.comment.text() or None
        self._enable(False)
        self.message.clear()
        submit = self._submit

        def done(_result: object) -> None:
            self.title.setText(self.tr("Xin cảm ơn ông/bà đã đánh giá!"))
            self.dossier.setText("")
            self.rated.emit(asked.code)
            self.reset_timer.start()

        def failed(exc: BaseException) -> None:
            self.message.setText(describe(exc))
            self._enable(True)

        self._run(lambda: submit(asked.code, rating.value, answers, comment), done, failed)

    def skip(self) -> None:
        asked = self.asked
        self.wait_for_next()
        if asked is not None:
            self.skipped.emit(asked.code)
        if not self.kiosk:
            self.hide()

    def _after_thanks(self) -> None:
        self.wait_for_next()
        if not self.kiosk:
            self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1, 2, 3 choose and Esc skips. A key counts only when no other key follows it within
        ``KEY_SETTLE_MS``: a receipt scanned meanwhile (a burst of keys with digits in it) chooses nothing."""
        if event.key() == Qt.Key.Key_Escape:
            self._key_timer.stop()
            self.skip()
            return
        typed = bool(event.text()) and (
            event.text().isprintable() or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )
        if not typed:
            super().keyPressEvent(event)
            return
        if self._key_timer.isActive():  # part of a burst: a scanner, not the citizen
            self._pending_key = None
        else:
            self._pending_key = KEYS.get(event.key())
        self._key_timer.start()

    def _key_settled(self) -> None:
        rating, self._pending_key = self._pending_key, None
        if rating is not None:
            self.choose(rating)

    # ------------------------------------------------------------------ fitting the words

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Font and face sizes for the window's size: full size from 1000×680 up, smaller below, and
        each face button's font the largest at which its words fit its width."""
        scale = max(0.55, min(1.0, self.width() / 1000, self.height() / 680))
        base = max(9, round(16 * scale))
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        spacing = max(0, layout.spacing())
        room = (self.width() - margins.left() - margins.right() - 2 * spacing) // 3 - 2 * BUTTON_PADDING_PX
        icon = max(40, min(FACE_PX, round(FACE_PX * scale), room))
        widest = max(self.buttons.values(), key=lambda b: len(b.text()))
        size = FACE_FONT_PT
        while size > 8:
            font = QFont(widest.font())
            font.setPointSize(size)
            font.setBold(True)
            if max(QFontMetrics(font).horizontalAdvance(b.text()) for b in self.buttons.values()) <= room:
                break
            size -= 1
        key = (base, icon, size)
        if key == self._scale:
            return
        self._scale = key
        self.setStyleSheet(f"QWidget {{ font-size: {base}pt; }}")
        self.title.setStyleSheet(f"font-size: {max(base, round(24 * scale))}pt; font-weight: bold")
        self.message.setStyleSheet("color: #b00020")
        self.hint.setStyleSheet(f"color: #666; font-size: {max(8, base - 4)}pt")
        for rating, button in self.buttons.items():
            button.setIconSize(QSize(icon, icon))
            button.setStyleSheet(
                f"QToolButton {{ border: 4px solid {COLOURS[rating]}; border-radius: 16px;"
                f" padding: {BUTTON_PADDING_PX - 4}px; font-size: {size}pt; font-weight: bold; background: white; }}"
                f" QToolButton:pressed {{ background: {COLOURS[rating]}; color: white; }}"
            )

    # ------------------------------------------------------------------ placing

    def show_for_citizen(self) -> bool:
        """Fullscreen on the second screen when there is one (True), else an ordinary window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = screens[1]
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)  # the clerk keeps the keyboard
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
            return True
        if not self.isVisible():
            fit_to_screen(self, 1000, 680)
        self.showNormal()
        self.raise_()
        self.activateWindow()
        return False
