"""Small value types shared across the domain."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Channel(StrEnum):
    """How the dossier reached the counter (Biểu 06 splits online from direct + postal)."""

    DIRECT = "direct"
    POSTAL = "postal"
    ONLINE = "online"


class ComponentForm(StrEnum):
    """Form of a dossier component: bản chính, bản sao, bản sao có chứng thực, bản chính hoặc bản sao."""

    ORIGINAL = "original"
    COPY = "copy"
    CERTIFIED_COPY = "certified_copy"
    ORIGINAL_OR_COPY = "original_or_copy"


class Role(StrEnum):
    """Clerk account roles: a clerk takes dossiers in, a leader confirms, an admin manages."""

    CLERK = "clerk"
    LEADER = "leader"
    ADMIN = "admin"
