"""`counter-app intake` and Directive 24/CT-TTg: paper refused with the rule, --assisted-online taken."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli

BIRTH = "1.001193"  # Đăng ký khai sinh: no paper dossier from 01/10/2025


def test_paper_intake_of_an_online_only_service_exits_2_citing_the_directive(ready: Cli) -> None:
    code, out, err = ready("intake", "--procedure", BIRTH, "--applicant-name", "Lê An")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "Chỉ thị số 24/CT-TTg" in err and "01/10/2025" in err


def test_assisted_online_intake_is_an_online_dossier_with_the_portal_code(ready: Cli) -> None:
    result = ready.json(
        "intake", "--procedure", BIRTH, "--applicant-name", "Lê An", "--assisted-online",
        "--portal-code", "000.12.34.H26-251118-0042",
    )  # fmt: skip
    assert result["channel"] == "online" and result["assisted"] is True
    shown = ready.json("show", result["code"])
    assert shown["assisted"] is True and shown["portal_code"] == "000.12.34.H26-251118-0042"
    code, out, _ = ready("show", result["code"])
    assert code == 0 and "Hỗ trợ nộp trực tuyến — mã hồ sơ trên Cổng Dịch vụ công: 000.12.34.H26-251118-0042" in out
    code, out, _ = ready("procedures", "--search", "khai sinh")
    assert "[chỉ nộp trực tuyến từ 01/10/2025]" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--assisted-online"], "mã hồ sơ trên Cổng"),
        (["--assisted-online", "--portal-code", "12"], "không hợp lệ"),
        (["--portal-code", "000.12.34.H26-251118-0042"], "chỉ ghi cho hồ sơ hỗ trợ"),
    ],
)
def test_bad_assisted_input_is_one_line_and_exit_2(ready: Cli, args: list[str], fragment: str) -> None:
    code, out, err = ready("intake", "--procedure", BIRTH, "--applicant-name", "Lê An", *args)
    assert (code, out) == (2, "") and err.count("\n") == 1 and fragment in err, err


def test_paper_exception_is_taken_with_its_reason(ready: Cli) -> None:
    reason = "Mất kết nối Internet cả ngày do bão"
    result = ready.json("intake", "--procedure", BIRTH, "--applicant-name", "Lê An", "--paper-exception", reason)
    assert result["channel"] == "direct"
    code, out, _ = ready("show", result["code"])
    assert code == 0
    assert f"Nhận hồ sơ giấy (ngoại lệ): {reason}" in out
