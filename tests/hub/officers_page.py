"""The officers' page (/co-quan) as an officer reads it: the agency line, the dossiers in order with their
fields, each dossier's paper rows and download links, the visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ListedDossier:
    code: str
    fields: dict[str, str] = field(default_factory=dict)
    papers: list[dict[str, str]] = field(default_factory=list)


class OfficersPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.values: dict[str, str] = {}
        self.dossiers: list[ListedDossier] = []
        self.links: list[str] = []
        self.forms: list[str] = []
        self.scripts = 0
        self._text: list[str] = []
        self._field: str | None = None
        self._paper: dict[str, str] | None = None
        self._skip = 0

    @classmethod
    def parse(cls, html: str) -> OfficersPage:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
            self.scripts += tag == "script"
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "form":
            self.forms.append(str(a.get("action")))
        if tag == "section" and a.get("data-dossier"):
            self.dossiers.append(ListedDossier(str(a["data-dossier"])))
        if tag == "tr" and a.get("data-paper") and self.dossiers:
            self._paper = {}
            self.dossiers[-1].papers.append(self._paper)
        if a.get("data-field"):
            self._field = str(a["data-field"])
            if self._paper is not None and tag == "a":
                self._paper["href"] = str(a.get("href"))
            if self._paper is not None and "title" in a:
                self._paper[f"{self._field}_exact"] = str(a["title"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "tr":
            self._paper = None
        if tag in ("td", "dd", "span", "p", "h2", "a", "button"):
            self._field = None

    def handle_data(self, data: str) -> None:
        if self._skip or not data.strip():
            return
        text = data.strip()
        self._text.append(text)
        if self._field is None:
            return
        if self._paper is not None:
            self._paper[self._field] = (self._paper.get(self._field, "") + " " + text).strip()
        elif self.dossiers and self._field not in ("count", "agency", "none", "error", "lang-switch", "sign-out"):
            fields = self.dossiers[-1].fields
            fields[self._field] = (fields.get(self._field, "") + " " + text).strip()
        else:
            self.values[self._field] = (self.values.get(self._field, "") + " " + text).strip()

    @property
    def text(self) -> str:
        return " ".join(self._text)

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.dossiers]

    def dossier(self, code: str) -> ListedDossier:
        return next(d for d in self.dossiers if d.code == code)
