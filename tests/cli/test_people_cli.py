"""People by name in the CLI (issue 12 item 3): `show` prints the official's full name; its JSON keeps
the login under "actor" (public contract) and adds "actor_name"/"actor_title"."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_show_names_the_official_and_keeps_the_login_key(ready: Cli) -> None:
    code, _, err = ready("user", "add", "thu.ha", "--full-name", "Lê Thu Hà", "--password-stdin", stdin="12345678\n")
    assert code == 0, err
    taken = ready.json("intake", "--procedure", "2.000815", "--applicant-name", "Phạm Dung", "--user", "thu.ha")
    shown = ready.json("show", taken["code"])
    first = shown["events"][0]
    assert (first["actor"], first["actor_name"], first["actor_title"]) == ("thu.ha", "Lê Thu Hà", None)
    status, out, _ = ready("show", taken["code"])
    assert status == 0 and "(Lê Thu Hà)" in out and "(thu.ha)" not in out
