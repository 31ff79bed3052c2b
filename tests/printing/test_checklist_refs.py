"""Every test the inspector's checklist in resources/forms/README.md names exists (a renamed test would
leave a rule without its check)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "resources" / "forms" / "README.md"
REF = re.compile(r"`(tests/[\w/]+\.py)(?:::([\w:]+))?`|`::(\w+)`")


def _names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            found.add(node.name)
            found.update(f"{node.name}::{n.name}" for n in node.body if isinstance(n, ast.FunctionDef))
        elif isinstance(node, ast.FunctionDef):
            found.add(node.name)
    return found


def test_every_test_named_in_the_checklist_exists() -> None:
    missing, current = [], None
    for match in REF.finditer(README.read_text(encoding="utf-8")):
        file, name, same_file = match.groups()
        if file is not None:
            current = ROOT / file
            if not current.is_file():
                missing.append(file)
                continue
        if same_file is not None:  # "`::name`" refers to the file named just before
            name = same_file
        if name is not None and (current is None or name not in _names(current)):
            missing.append(f"{current}::{name}")
    assert missing == []
