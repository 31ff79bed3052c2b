"""CLI fixtures: run ``counter-app`` in-process against a temporary data directory."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from counter_app.cli import main

OFFICE = ["--office-code", "000.12.34.H26", "--office-name", "UBND xã Tân Lập"]


class Cli:
    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        if stdin is not None:
            old, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            code = main(["--data-dir", str(self.data_dir), *args])
        finally:
            if stdin is not None:
                sys.stdin = old
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def table_count(self, table: str) -> int:
        raw = sqlite3.connect(self.data_dir / "counter.sqlite3")
        try:
            return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            raw.close()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def ready(cli: Cli) -> Cli:
    code, _, err = cli("init", *OFFICE, "--workstation", "3", "--admin-password-stdin", stdin="mat-khau-123\n")
    assert code == 0, err
    return cli
