"""The command lines themselves (issue 11, items 19 and 4): argparse's own mistakes in Vietnamese (one line,
exit 2), --json and --data-dir on either side of the command, every date and number option range-checked,
bad values quoted short, no traceback when the reader of the output goes away, words for raw names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import messages
from counter_app.cli import main
from district_server import errors as hub_errors
from district_server.cli import main as hub_main
from tests.cli.conftest import Cli

HUGE = "9" * 1_500_000
COMMUNE = "000.12.34.H26"


def _one_line(code: int, out: str, err: str) -> str:
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err[:500]
    assert "Traceback" not in err
    return err


# ----------------------------------------------------------------------------- argparse in Vietnamese


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["bogus-command"], "tham số COMMAND: giá trị không có trong danh sách: 'bogus-command'"),
        (["report", "--from"], "tham số --from: cần một giá trị"),
        (["register", "--from", "2025-01-01"], "thiếu tham số bắt buộc: --to, --out"),
        (["search", "an", "--no-such-option"], "tham số không nhận ra: --no-such-option"),
        (["result", "X", "--outcome", "maybe"], "tham số --outcome: giá trị không có trong danh sách: 'maybe'"),
        (["intake", "--procedure", "1", "--applicant-name", "A", "--missing", "1", "--submitted"], "không dùng chung"),
    ],
)
def test_argparse_mistakes_are_one_vietnamese_line(cli: Cli, args: list[str], words: str) -> None:
    err = _one_line(*cli(*args))
    assert err.startswith("counter-app") and ": lỗi: " in err and words in err, err
    assert "error:" not in err and "argument" not in err and "usage" not in err


def test_argparse_mistakes_in_english_when_the_language_is_english(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_APP_LANG", "en")
    err = _one_line(*cli("register", "--from", "2025-01-01"))
    assert err == "counter-app register: error: the following arguments are required: --to, --out\n"
    err = _one_line(*cli("report", "--year", "9999"))
    assert err.startswith("counter-app report: error: argument --year: the date '9999' is outside")


def test_help_headings_are_vietnamese(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["report", "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("cách dùng: counter-app report")
    assert "\ntùy chọn:\n" in shown and "hiện hướng dẫn này rồi thoát" in shown
    assert "usage:" not in shown and "options:" not in shown and "show this help" not in shown


def test_every_argparse_text_is_in_both_message_tables() -> None:
    from counter_app.cliparse import CODES

    for code in CODES:
        assert code in messages.known_codes(), code
        assert code in hub_errors.MESSAGES, code
        assert messages.message(code, {}, "vi") != messages.message(code, {}, "en") or code == "argparse.error"


def test_the_hub_cli_speaks_vietnamese_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    for args, words in [
        (["commune", "add", "--code", COMMUNE], "thiếu tham số bắt buộc: --name"),
        (["no-such-command"], "giá trị không có trong danh sách: 'no-such-command'"),
        (["report", "--from", "2025-01-01", "--to", "2025-01-31", "--bogus"], "tham số không nhận ra: --bogus"),
    ]:
        assert hub_main(["--db", db, *args]) == 2
        captured = capsys.readouterr()
        err = _one_line(2, captured.out, captured.err)
        assert err.startswith("district-server") and ": lỗi: " in err and words in err, err
    with pytest.raises(SystemExit):
        hub_main(["commune", "add", "--help"])
    assert capsys.readouterr().out.startswith("cách dùng: district-server commune add")


# ----------------------------------------------------------------------------- global options anywhere


def test_json_and_data_dir_before_or_after_the_command(ready: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    where = str(ready.data_dir)
    shapes = [
        ["--data-dir", where, "--json", "sync-status"],
        ["--data-dir", where, "sync-status", "--json"],
        ["--json", "sync-status", "--data-dir", where],
        ["sync-status", "--json", "--data-dir", where],
        ["--json", "--data-dir", where, "user", "list"],
        ["user", "list", "--data-dir", where, "--json"],
    ]
    documents = []
    for args in shapes:
        capsys.readouterr()
        assert main(args) == 0, args
        documents.append(json.loads(capsys.readouterr().out))
    assert documents[0] == documents[1] == documents[2] == documents[3]
    assert documents[4] == documents[5] and documents[4][0]["username"] == "admin"


def test_hub_db_and_json_before_or_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    assert hub_main(["commune", "add", "--code", COMMUNE, "--name", "UBND xã Tân Lập", "--db", db]) == 0
    capsys.readouterr()
    for args in (
        ["--db", db, "--json", "commune", "list"],
        ["--json", "commune", "list", "--db", db],
        ["commune", "list", "--json", "--db", db],
        ["--db", db, "--json", "devices"],
        ["devices", "--db", db, "--json"],
    ):
        assert hub_main(args) == 0, args
        document = json.loads(capsys.readouterr().out)
        assert document == [] or document[0]["code"] == COMMUNE, args


# ----------------------------------------------------------------------------- dates and numbers (item 4)


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--from", "0001-01-01", "--to", "0001-12-31"],
        ["report", "--from", "9999-12-01", "--to", "9999-12-31"],
        ["report", "--year", "9999"],
        ["report", "--year", "0001"],
        ["report", "--quarter", "9999-Q4"],
        ["report", "--year", "0001-H1"],
        ["register", "--from", "9999-12-31", "--to", "9999-12-31", "--out", "r.pdf"],
        ["register", "--from", "01/01/0001", "--to", "31/12/2025", "--out", "r.xlsx"],
        ["satisfaction", "--from", "0001-01-01", "--to", "9999-12-31"],
        ["due-date", "--received-at", "9999-12-31T10:00-14:00", "--working-days", "3"],
        ["due-date", "--received-at", "0001-01-01T10:00+14:00", "--working-days", "3"],
        ["due-date", "--received-at", "9999-12-30", "--working-days", "3"],
        ["due-date", "--received-at", "2025-11-18", "--working-days", HUGE],
        ["due-date", "--received-at", "2025-11-18", "--working-days", "3", "--cutoff", "25:00"],
        ["intake", "--procedure", "2.001035", "--applicant-name", "An", "--received-at", "0001-01-01"],
        ["intake", "--procedure", "2.001035", "--applicant-name", "An", "--missing", "1,999"],
        ["apology", "X", "--reason", "r", "--new-date", "9999-12-31", "--out", "a.pdf"],
        ["calendar", "--year", "9999"],
        ["calendar", "set", "--date", "9999-12-31"],
        ["calendar", "unset", "--date", "0001-01-01"],
        ["overdue", "--within", "-1"],
        ["search", "an", "--limit", "1" + "0" * 30],
        ["demo", "--dossiers", "0"],
        ["demo", "--dossiers", "10", "--seed", "-5"],
        ["postal", "add", "X", "--tracking", "EA123456785VN", "--postage", "1e9"],
        ["supplement-request", "X", "--missing", "0"],
        ["incomplete", "X", "--missing", "abc"],
        ["init", "--office-code", COMMUNE, "--office-name", "X", "--workstation", "10"],
    ],
)
def test_every_date_and_number_option_is_range_checked(ready: Cli, args: list[str]) -> None:
    overrides = ready.table_count("calendar_override")
    err = _one_line(*ready(*args))
    assert ": lỗi: tham số --" in err, err
    assert len(err) < 400
    assert ready.table_count("calendar_override") == overrides  # refused before anything is written


def test_dates_at_the_ends_of_the_range_work(ready: Cli) -> None:
    assert ready.json("report", "--from", "1990-01-01", "--to", "2200-12-31")["period"]["from"] == "1990-01-01"
    assert ready.json("due-date", "--received-at", "2200-12-30T09:00", "--working-days", "3650")["due_at"]
    assert ready.json("calendar", "--year", "1990")["year"] == 1990


# ----------------------------------------------------------------------------- values quoted short


@pytest.mark.parametrize(
    "args",
    [
        ["show", "X" * 1_500_000],
        ["intake", "--procedure", "P" * 1_500_000, "--applicant-name", "An"],
        ["report", "--from", HUGE, "--to", "2025-01-01"],
        ["result", "X", "--outcome", "o" * 1_500_000],
        ["rate", "X", "--rating", "r" * 1_500_000],
        ["enroll", "--server", "ftp://" + "h" * 1_500_000, "--code", "ABCD"],
        ["x" * 1_500_000],
    ],
)
def test_a_huge_bad_value_is_quoted_cut_short(ready: Cli, args: list[str]) -> None:
    err = _one_line(*ready(*args))
    assert len(err) < 500, len(err)
    # quoted cut short, or (a text field's length rule) refused by its length without quoting it
    assert "…" in err or "quá giới hạn" in err, err


def test_no_message_grows_with_its_values() -> None:
    """The class: every message of both tables, with every parameter 1.5 M characters long."""
    import string

    for code in messages.known_codes():
        template = messages._MESSAGES[code][0]  # the parameters each template names
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        for lang in ("vi", "en"):
            text = messages.message(code, dict.fromkeys(names, HUGE), lang)
            assert len(text) < 200 + 2010 * len(names), (code, len(text))
    for code, (vi, _) in hub_errors.MESSAGES.items():
        names = {field for _, field, _, _ in string.Formatter().parse(vi) if field}
        text = hub_errors.message(code, dict.fromkeys(names, HUGE))
        assert len(text) < 200 + 2010 * len(names), (code, len(text))


# ----------------------------------------------------------------------------- a reader that stops early


def _closed_early(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with its stdout a pipe whose reader has already gone (like ``| head -0``)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before the first line
    with process.stderr:
        err = process.stderr.read().decode("utf-8")
    process.wait(timeout=120)
    return subprocess.CompletedProcess(command, process.returncode, "", err)


def test_no_traceback_when_the_reader_closes_early(ready: Cli, tmp_path: Path) -> None:
    counter = [sys.executable, "-m", "counter_app", "--data-dir", str(ready.data_dir)]
    for args in (["procedures"], ["procedures", "--json"], ["calendar", "--year", "2026"]):
        done = _closed_early([*counter, *args])
        assert done.returncode == 1, done.stderr
        assert done.stderr == "", done.stderr  # no BrokenPipeError traceback, no "Exception ignored"
    hub = [sys.executable, "-c", "import sys; from district_server.cli import main; sys.exit(main())"]
    db = ["--db", f"sqlite:///{tmp_path / 'hub.db'}"]
    assert hub_main([*db, "commune", "add", "--code", COMMUNE, "--name", "UBND xã Tân Lập"]) == 0
    done = _closed_early([*hub, *db, "commune", "list", "--json"])
    assert (done.returncode, done.stderr) == (1, "")


def test_piped_into_head(ready: Cli) -> None:
    """The real thing: ``counter-app search nguyen --limit 1000 | head -n 1``, more than a pipe holds."""
    assert ready("demo", "--dossiers", "2000")[0] == 0
    command = f"{sys.executable} -m counter_app --data-dir {ready.data_dir} search nguyen --limit 1000 | head -n 1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.stdout.count("\n") == 1
    assert done.stderr == "", done.stderr  # no BrokenPipeError traceback


# ----------------------------------------------------------------------------- words, not raw names


def test_human_output_uses_words(ready: Cli, tmp_path: Path) -> None:
    code = ready.json("intake", "--procedure", "2.001035", "--applicant-name", "Nguyễn Văn Đức")["code"]
    status, shown, _ = ready("show", code)
    assert status == 0
    history = shown.splitlines()[-1]
    assert "Tiếp nhận → Đã tiếp nhận" in history and "received" not in history
    assert "bản chính" in shown and "original" not in shown and "copy" not in shown
    status, shown, _ = ready("user", "list")
    assert "quản trị" in shown and " admin " not in f" {shown.split(maxsplit=1)[1]} "
    status, shown, _ = ready("calendar", "--year", "2026")
    assert shown.startswith("Thứ ") and "Mon" not in shown and "Fri" not in shown
    err = _one_line(*ready("calendar", "set"))
    assert "cần --date" in err and "required" not in err
    err = _one_line(*ready("register", "--from", "2025-01-01", "--to", "2025-01-31", "--out", "/no/such/r.pdf"))
    assert "thư mục chứa nó không tồn tại" in err and "no such folder" not in err
    assert ready.json("show", code)["events"][0]["kind"] == "received"  # JSON keeps the names scripts use


def test_hub_output_uses_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    assert hub_main(["--db", db, "commune", "add", "--code", COMMUNE, "--name", "UBND xã Tân Lập"]) == 0
    capsys.readouterr()
    out = tmp_path / "no" / "such" / "r.xlsx"
    assert hub_main(["--db", db, "report", "--from", "2025-01-01", "--to", "2025-01-31", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "thư mục chứa nó không tồn tại" in err and "no such folder" not in err
    args = ["user", "add", "--commune", COMMUNE, "--username", "an", "--full-name", "An", "--role", "clerk"]
    assert hub_main(["--db", db, *args]) == 2
    assert "Nhập mật khẩu qua đầu vào chuẩn" in capsys.readouterr().err
    assert hub_main(["--db", db, "publish-calendar", str(tmp_path / "none.json")]) == 2
    err = capsys.readouterr().err
    assert "không có tệp hoặc thư mục này" in err and "No such file" not in err


def test_a_search_without_a_match_says_so_and_exits_1_like_grep(ready: Cli) -> None:
    code, out, err = ready("search", "xyzzy")
    assert (code, out) == (1, "")
    assert err == "Không tìm thấy hồ sơ nào khớp với 'xyzzy'\n"
    code, out, err = ready("search", "xyzzy", "--json")
    assert (code, json.loads(out), err) == (1, [], "")
    ready.json("intake", "--procedure", "2.001035", "--applicant-name", "Nguyễn Văn Đức")
    code, out, _ = ready("search", "nguyen")
    assert code == 0 and out.count("\n") == 1


def test_a_refused_transition_names_the_event_and_status_in_words(ready: Cli) -> None:
    code = ready.json("intake", "--procedure", "2.001035", "--applicant-name", "Nguyễn Văn Đức")["code"]
    assert ready.json("result", code)["status"] == "result_ready"
    err = _one_line(*ready("supplement-request", code, "--missing", "1"))
    assert "'Yêu cầu bổ sung'" in err and "'Đã có kết quả'" in err, err
    assert "result_ready" not in err and "supplement_requested" not in err


def test_the_hub_names_a_refused_transition_in_words() -> None:
    text = hub_errors.HubError("illegal_transition", kind="result_ready", current="returned").message("vi")
    assert "“Có kết quả”" in text and "“Đã trả kết quả”" in text and "result_ready" not in text
    english = hub_errors.HubError("illegal_transition", kind="result_ready", current="returned").message("en")
    assert "Result ready" in english and "Returned" in english


def test_shorten_keeps_the_head_and_the_tail() -> None:
    from counter_app.domain.text import quoted_params, shorten

    text = "đầu" + "x" * 1_500_000 + "cuối"
    short = shorten(text)
    assert len(short) == 80 and short.startswith("đầu") and short.endswith("cuối") and "…" in short
    assert shorten("ngắn") == "ngắn"
    shown = quoted_params({"value": text, "reason": text, "n": 5, "none": None})
    assert (len(str(shown["value"])), len(str(shown["reason"])), shown["n"], shown["none"]) == (80, 200, 5, None)
