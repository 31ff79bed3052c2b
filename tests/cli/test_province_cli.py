"""Reception regardless of residence from the command line: a provincial-level procedure is taken in,
its receipt names the competent agency, and ``transfer`` without ``--to`` sends it there."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.cli.conftest import Cli

CRIMINAL_RECORD = "3.000333"  # Cấp Phiếu lý lịch tư pháp: Công an tỉnh


def _pdf(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_transfer_without_to_goes_to_the_competent_agency(ready: Cli, tmp_path: Path) -> None:
    code = ready.json(
        "intake", "--procedure", CRIMINAL_RECORD, "--applicant-name", "Nguyễn Văn Đức", "--phone", "0912345678"
    )["code"]
    ready.json("receipt", code, "--out", str(tmp_path / "r.pdf"))
    assert "Cơ quan có thẩm quyền giải quyết: Công an tỉnh" in _pdf(tmp_path / "r.pdf")
    assert ready.json("transfer", code)["status"] == "interlinked"
    shown = ready.json("show", code)
    assert shown["events"][-1]["payload"]["to"] == "CA_TINH"
    ready.json("routing-slip", code, "--out", str(tmp_path / "s.pdf"))
    assert "Công an tỉnh" in _pdf(tmp_path / "s.pdf")


def test_procedures_json_lists_the_competent_agency_and_sources(ready: Cli) -> None:
    found = {p["code"]: p for p in ready.json("procedures")}
    assert found[CRIMINAL_RECORD]["agency_code"] == "CA_TINH"
    assert found["1.004222"]["sources"][0]["certainty"] == "C"


def test_a_commune_procedure_goes_to_the_commune_body_and_a_bad_code_is_one_line(ready: Cli) -> None:
    code = ready.json("intake", "--procedure", "2.001035", "--applicant-name", "Lê Văn An", "--phone", "0912345678")[
        "code"
    ]
    assert ready.json("transfer", code)["status"] == "processing"  # UBND xã: the commune's own body
    status, _out, err = ready("transfer", code, "--to", "NOWHERE")
    assert status == 2 and len(err.strip().splitlines()) == 1
