"""Who acted, by name: the one rule every printed form and every screen uses to show a person.

An event or a record keeps the acting account's id (and its login, as recorded); people read the
official's full name and title. History imported from the old paper book is attributed to "nhập từ
sổ cũ", never to the clerk who ran the import. An event from another counter names the account the
hub published, when it did; otherwise only its login is known, and a screen shows that login marked
as a login (a printed form prints a dotted line to write the name by hand)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app import messages
from counter_app.domain.signers import IMPORTED_ACTOR, printable_name
from counter_app.storage.models import UserAccount


@dataclass(frozen=True)
class Person:
    """A person as shown: ``name`` is the full name to print (None when there is none to print),
    ``title`` the account's chức danh, ``login`` the login recorded, ``imported`` for history taken
    over from the old book."""

    name: str | None
    title: str | None = None
    login: str | None = None
    imported: bool = False


IMPORTED = Person(IMPORTED_ACTOR, None, None, True)


def person(session: Session, user_id: int | None, recorded_name: str | None = None) -> Person:
    """The person behind an account id and/or the login recorded with an event or record."""
    if recorded_name == IMPORTED_ACTOR:
        return IMPORTED
    user = None if user_id is None else session.get(UserAccount, user_id)
    if user is None and recorded_name:  # an event from another counter: an account the hub published
        user = session.scalar(select(UserAccount).where(UserAccount.username == recorded_name))
    if user is None:
        return Person(None, None, recorded_name or None)
    return Person(printable_name(user.full_name, user.username), user.title, user.username)


def label(name: str | None, title: str | None = None, login: str | None = None, *, with_title: bool = True) -> str:
    """How a screen (or the CLI's text) shows a person: "full name, title"; "nhập từ sổ cũ" for
    imported history; for an account with no name known here, its login marked as a login."""
    if name == IMPORTED_ACTOR:
        return messages.message("person.imported")
    if name:
        return f"{name}, {title}" if with_title and title else name
    if login:
        return messages.message("person.login", {"login": login})
    return "—"


def shown(who: Person, *, with_title: bool = True) -> str:
    return label(who.name, who.title, who.login, with_title=with_title)
