"""The intake form under the one text rule (issue 11, items 3 and 4): a pasted control character or an
overlong address is one clear sentence naming the field, and nothing is written."""

from __future__ import annotations

import pytest

from counter_app.services import dossiers
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("field", "pasted", "sentence"),
    [
        ("name", "Lê Văn\x00 An", "Họ tên có ký tự điều khiển không in được (U+0000 ở vị trí 7): hãy xóa và nhập lại"),
        (
            "address",
            "Xóm Đông\x1b[2J",
            "Địa chỉ có ký tự điều khiển không in được (U+001B ở vị trí 9): hãy xóa và nhập lại",
        ),
        ("address", "Xóm Đông, " * 2_000, "Địa chỉ dài 19999 ký tự, quá giới hạn 500 ký tự"),
    ],
)
def test_a_pasted_control_character_or_overlong_text_is_one_sentence_and_nothing_is_written(
    window: MainWindow, keyboard: Keyboard, ctx: Context, field: str, pasted: str, sentence: str
) -> None:
    keyboard.type("trich luc")
    keyboard.enter()
    keyboard.type("Lê Văn An")
    getattr(window.intake, field).setText(pasted)  # pasted or sent by a scanner, not typed
    before = dossiers.count(ctx)
    window.intake.accept_dossier()
    assert window.intake.message.text() == sentence
    assert dossiers.count(ctx) == before
    assert window.preview is None
