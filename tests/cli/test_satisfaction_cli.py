"""Satisfaction ratings from the command line: rate once, count a period, one-line refusals."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli

CONTRACT = "2.001035"


def _returned(ready: Cli, name: str = "Nguyễn Văn Đức") -> str:
    code = str(ready.json("intake", "--procedure", CONTRACT, "--applicant-name", name, "--phone", "0912345678")["code"])
    ready.json("result", code)
    ready.json("return", code, "--receiver", name)
    return code


def test_rate_then_count(ready: Cli) -> None:
    code = _returned(ready)
    other = _returned(ready, "Trần Thị Lan")
    rated = ready.json(
        "rate", code, "--rating", "very_satisfied", "--criterion", "attitude=satisfied", "--comment", "Nhanh gọn"
    )
    assert (rated["dossier_code"], rated["rating"], rated["criteria"]) == (
        code,
        "very_satisfied",
        {"attitude": "satisfied"},
    )
    exit_code, out, err = ready("rate", other, "--rating", "dissatisfied")
    assert (exit_code, err) == (0, "")
    assert out.strip() == f"{other}: Không hài lòng — đã ghi nhận đánh giá"
    assert ready.table_count("outbox WHERE topic = 'rating'") == 2

    today = "2100-12-31"  # whatever the clock says now
    found = ready.json("satisfaction", "--from", "2020-01-01", "--to", today)
    assert found["total"] == 2
    assert found["ratings"] == {"very_satisfied": 1, "satisfied": 0, "dissatisfied": 1}
    assert found["criteria"]["attitude"] == {"very_satisfied": 0, "satisfied": 1, "dissatisfied": 0}
    assert found["satisfied_share"] == 0.5
    exit_code, out, _ = ready("satisfaction", "--from", "2020-01-01", "--to", today)
    assert exit_code == 0
    assert "2 lượt" in out
    assert "Rất hài lòng" in out
    assert "Thái độ của cán bộ, công chức: 0 / 1 / 0" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--rating", "great"], "Mức đánh giá phải là"),
        (["--rating", "satisfied", "--criterion", "parking=satisfied"], "Không có tiêu chí đánh giá 'parking'"),
        (["--rating", "satisfied", "--criterion", "attitude"], "Không có tiêu chí đánh giá"),
    ],
)
def test_bad_ratings_are_one_line_and_write_nothing(ready: Cli, args: list[str], fragment: str) -> None:
    code = _returned(ready)
    exit_code, out, err = ready("rate", code, *args)
    assert (exit_code, out) == (2, "")
    assert fragment in err
    assert err.count("\n") == 1
    assert ready.table_count("satisfaction_rating") == 0


def test_a_second_rating_and_an_unreturned_dossier_are_refused(ready: Cli) -> None:
    code = _returned(ready)
    ready.json("rate", code, "--rating", "satisfied")
    exit_code, _, err = ready("rate", code, "--rating", "dissatisfied")
    assert exit_code == 2
    assert "mỗi hồ sơ chỉ được đánh giá một lần" in err
    fresh = str(ready.json("intake", "--procedure", CONTRACT, "--applicant-name", "Lê Văn Nam")["code"])
    exit_code, _, err = ready("rate", fresh, "--rating", "satisfied")
    assert exit_code == 2
    assert "chưa trả kết quả" in err
    assert ready.table_count("satisfaction_rating") == 1
    exit_code, _, err = ready("satisfaction", "--from", "2025-12-01", "--to", "2025-11-01")
    assert exit_code == 2
    assert "Khoảng thời gian không hợp lệ" in err
