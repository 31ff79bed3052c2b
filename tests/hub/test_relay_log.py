"""The hub's relay log carries no recipient: a gateway's error quoting the phone or e-mail is masked."""

from __future__ import annotations

import logging

import pytest

from district_server import relay


def test_a_relay_warning_quoting_the_recipient_is_masked(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=relay.log.name):
        relay.log.warning("notice %s not sent (attempt %d): %s", "n-1", 2, "HTTP 400: bad number 0912345678, an@x.vn")
    assert caplog.messages == ["notice n-1 not sent (attempt 2): HTTP 400: bad number 09******78, <e-mail>"]
