"""Label sets: every printed word of the forms, per form set ("2018", "2025") and language.

A label set is ``resources/forms/<set>.<lang>.json`` (see the README there)::

    {"form_set": "2025", "lang": "vi", "basis_verified": false, "source": "…",
     "labels": {"receipt_title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                "code_line": "Mã hồ sơ: {code}", …}}

Templates use ``str.format`` fields (``{code}``). A set must hold exactly :data:`REQUIRED_KEYS`;
a missing key, an unknown key, a missing or an unexpected parameter is a :class:`LabelError`,
never a silently blank line on an official form. Texts are NFC from the moment they are loaded.
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from counter_app.paths import resources_dir
from counter_app.printing.fonts import nfc

FORM_SETS = ("2018", "2025")

REQUIRED_KEYS: frozenset[str] = frozenset(
    {
        # header, date and signature blocks (every form)
        "national_name",
        "national_motto",
        "date_line",
        "moment",
        "basis",
        "form_no_receipt",
        "form_no_supplement",
        "form_no_refusal",
        "code_line",
        "reprint_mark",
        "reprint_printed_at",
        "sign_hint",
        "sign_applicant",
        "sign_receiver",
        "sign_guide",
        "thousands_separator",
        "blank",
        # applicant block
        "unit_line",
        "applicant_name",
        "slip_applicant_name",
        "address",
        "phone",
        "email",
        "id_number",
        "procedure",
        "procedure_code",
        "competent_agency",
        # component tables
        "col_no",
        "col_paper",
        "col_component",
        "col_form",
        "col_count",
        "form_original",
        "form_copy",
        "form_certified_copy",
        "form_original_or_copy",
        # Mẫu 01
        "receipt_title",
        "copy_archive",
        "copy_applicant",
        "copy_continued",
        "components_heading",
        "dossier_sets",
        "time_limit",
        "limit_days",
        "limit_same_day",
        "received_at",
        "appointment_at",
        "return_option",
        "return_counter",
        "return_post",
        "return_post_no_address",
        "fee_amount",
        "fee_amount_note",
        "fee_note",
        "fee_none",
        "register_line",
        "lookup_secret",
        "lookup_with_url",
        "lookup_qr_only",
        "hotline",
        # the QR's plain text before enrolment (Circular 01/2023, every paper)
        "qr_procedure",
        "qr_applicant",
        "qr_due",
        "qr_issued",
        "qr_contact",
        "qr_contact_no_phone",
        "pending_sync",
        "footnote_heading",
        "footnote_copies",
        "footnote_return",
        # Mẫu 02
        "supplement_title",
        "supplement_request",
        "reason",
        "supplement_guidance",
        "supplement_guidance_no_phone",
        # Mẫu 03
        "refusal_title",
        "refusal_body",
        "refusal_closing",
        # PDF metadata
        "meta_receipt",
        "meta_supplement",
        "meta_refusal",
        "meta_title",
        "meta_title_reprint",
        "meta_subject",
        # lifecycle forms: shared
        "sign_seal_hint",
        "addressee",
        "received_dossier",
        "field_line",
        "recipients_heading",
        "recipient_addressee",
        "recipient_archive",
        "printed_on",
        "page_of",
        "meta_subject_plain",
        # apology (2018 and 2025 Mẫu 04)
        "form_no_apology",
        "apology_title",
        "apology_number",
        "apology_due",
        "apology_late",
        "apology_sorry",
        "apology_new_time",
        "apology_second",
        "apology_closing",
        "meta_apology",
        # routing slip (2018 Mẫu 05, 2025 Mẫu 06)
        "form_no_routing",
        "routing_title",
        "routing_applicant",
        "routing_received",
        "routing_due",
        "routing_col_agency",
        "routing_col_time",
        "routing_col_outcome",
        "routing_col_outcome_hint",
        "routing_col_note",
        "routing_given",
        "routing_giver",
        "routing_receiver",
        "outcome_early",
        "outcome_on_time",
        "outcome_late",
        "meta_routing",
        # register (2018 Mẫu 06, 2025 Mẫu 07), PDF and XLSX
        "form_no_register",
        "register_title",
        "register_period",
        "register_col_no",
        "register_col_code",
        "register_col_procedure",
        "register_col_sets",
        "register_col_applicant",
        "register_col_contact",
        "register_col_agency",
        "register_col_received",
        "register_col_due",
        "register_col_transferred",
        "register_col_result",
        "register_col_returned",
        "register_col_signature",
        "register_col_note",
        "register_empty",
        "register_sheet",
        "channel_direct",
        "channel_postal",
        "channel_online",
        "meta_register",
        "meta_subject_register",
        # hand-over note of a result (no official form in either set)
        "form_no_handover",
        "handover_title",
        "handover_unit",
        "handover_applicant",
        "handover_granted",
        "handover_denied",
        "handover_papers",
        "handover_no_papers",
        "handover_receiver",
        "handover_on_behalf",
        "handover_time",
        "sign_result_receiver",
        "sign_result_giver",
        "meta_handover",
        # stop notice (2025 Mẫu 05; none in the 2018 set)
        "form_no_stop_notice",
        "stop_title",
        "stop_number",
        "stop_body",
        "stop_closing",
        "meta_stop_notice",
        # hand-over record with the post office (Decision 45/2016/QĐ-TTg; not an official form)
        "form_no_manifest",
        "manifest_title",
        "manifest_number",
        "manifest_direction_out",
        "manifest_direction_in",
        "manifest_time",
        "manifest_giver",
        "manifest_receiver",
        "manifest_party_counter",
        "manifest_party_post",
        "manifest_items_heading",
        "manifest_col_no",
        "manifest_col_tracking",
        "manifest_col_code",
        "manifest_col_purpose",
        "manifest_col_recipient",
        "manifest_col_sender",
        "manifest_col_address",
        "manifest_col_postage",
        "manifest_purpose_result",
        "manifest_purpose_transfer",
        "manifest_purpose_intake",
        "manifest_slip",
        "manifest_total",
        "manifest_total_no_postage",
        "manifest_agreed",
        "sign_manifest_giver",
        "sign_manifest_receiver",
        "manifest_continued",
        "meta_manifest",
        "meta_subject_manifest",
        # records that must be true (issue 12 item 5; README "Records")
        "routing_taken",
        "apology_late_before",
        "apology_sorry_before",
        "handover_col_copies",
        "handover_papers_total",
        "handover_authorisation",
        # number and symbol, signer capacity (Decree 30/2020 Annex I), imported history
        "number_symbol",
        "signer_tm",
        "signer_kt",
        "signer_q",
        "imported_actor",
        # an assisted filing's receipt (Directive 24/CT-TTg; README "Online-only services")
        "components_heading_digitised",
        "assisted_online",
        # the receipt's mark on a paper digitised at intake (issue 13)
        "paper_digitised",
        "paper_reused",
    }
)

# Labels that may be empty: the form number of a form that is not in the set (it then prints
# neither "Mẫu số" nor the legal basis). Every other label must have text.
MAY_BE_EMPTY: frozenset[str] = frozenset({"form_no_handover", "form_no_stop_notice", "form_no_manifest"})

_FORMATTER = string.Formatter()


def _same(text: str) -> str:
    return text


class LabelError(LookupError):
    """A label set is missing, malformed, lacks a key, or a template got the wrong parameters."""


def template_fields(template: str) -> frozenset[str]:
    """The ``{name}`` fields of a template (positional or attribute fields are not allowed)."""
    names: set[str] = set()
    for _literal, name, spec, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise LabelError(f"label template field must be a plain {{name}}: {template!r}")
        names.add(name)
    return frozenset(names)


@dataclass(frozen=True, eq=False)
class Labels:
    """One loaded label set. ``labels.get("code_line", code=…)``, or ``labels.receipt_title`` for a
    label without parameters."""

    form_set: str
    lang: str
    basis_verified: bool
    texts: Mapping[str, str] = field(repr=False)
    _fields: Mapping[str, frozenset[str]] = field(repr=False, compare=False)

    @classmethod
    def from_mapping(cls, form_set: str, lang: str, texts: Mapping[str, str], *, basis_verified: bool) -> Labels:
        """Validate and build a label set (NFC-normalised; exactly :data:`REQUIRED_KEYS`)."""
        normalised = {key: nfc(value) for key, value in texts.items()}
        missing = REQUIRED_KEYS - normalised.keys()
        unknown = normalised.keys() - REQUIRED_KEYS
        if missing or unknown:
            raise LabelError(
                f"label set {form_set}.{lang}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}"
            )
        fields = {key: template_fields(value) for key, value in normalised.items()}
        return cls(form_set, lang, basis_verified, MappingProxyType(normalised), MappingProxyType(fields))

    def template(self, key: str) -> str:
        """The raw template of ``key`` (with its ``{fields}``)."""
        try:
            return self.texts[key]
        except KeyError:
            raise LabelError(f"label {key!r} is not in label set {self.form_set}.{self.lang}") from None

    def fields(self, key: str) -> frozenset[str]:
        self.template(key)
        return self._fields[key]

    def get(self, key: str, /, **params: object) -> str:
        """The label ``key`` filled with ``params`` (each converted with ``str`` and NFC-normalised).

        The parameters must be exactly the template's fields.
        """
        template = self.template(key)
        expected = self._fields[key]
        if expected != params.keys():
            raise LabelError(
                f"label {key!r} takes {sorted(expected)}, got {sorted(params)} ({self.form_set}.{self.lang})"
            )
        if not expected:
            return template
        return self.render(key, params)

    def parts(self, key: str, params: Mapping[str, object]) -> list[tuple[str, bool]]:
        """``key`` filled with ``params`` as ``(text, is_parameter)`` pieces (NFC), e.g. to draw the
        label's words and its values in different faces. Parameters are not checked here (see
        :meth:`get`)."""
        pieces: list[tuple[str, bool]] = []
        for text, name, _spec, _conversion in _FORMATTER.parse(self.template(key)):
            if text:
                pieces.append((text, False))
            if name is not None:
                pieces.append((nfc(str(params[name])), True))
        return pieces

    def render(
        self,
        key: str,
        params: Mapping[str, object],
        *,
        literal: Callable[[str], str] = _same,
        value: Callable[[str], str] = _same,
    ) -> str:
        """Fill ``key``, passing its literal words through ``literal`` and each (NFC) parameter through
        ``value`` (e.g. escape the words and embolden the values for Paragraph markup)."""
        return "".join(value(text) if is_param else literal(text) for text, is_param in self.parts(key, params))

    def money(self, amount: int) -> str:
        """An amount of đồng with the label set's thousands separator ("50.000")."""
        return f"{amount:,}".replace(",", self.get("thousands_separator"))

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.get(name)
        except LabelError as exc:
            raise AttributeError(str(exc)) from exc


def forms_dir() -> Path:
    return resources_dir() / "forms"


def label_path(form_set: str, lang: str, directory: Path | None = None) -> Path:
    return (directory or forms_dir()) / f"{form_set}.{lang}.json"


def available_label_sets(directory: Path | None = None) -> tuple[tuple[str, str], ...]:
    """The ``(form_set, lang)`` pairs present, sorted."""
    found: list[tuple[str, str]] = []
    for path in (directory or forms_dir()).glob("*.*.json"):
        form_set, lang = path.name.removesuffix(".json").split(".", 1)
        found.append((form_set, lang))
    return tuple(sorted(found))


def load_labels(form_set: str, lang: str = "vi", directory: Path | None = None) -> Labels:
    """Load (once per process; cached) and validate the label set ``<form_set>.<lang>``."""
    return _load(form_set, lang, directory or forms_dir())


@functools.lru_cache(maxsize=32)
def _load(form_set: str, lang: str, directory: Path) -> Labels:
    path = label_path(form_set, lang, directory)
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelError(f"no label set {form_set}.{lang} at {path}") from None
    except (OSError, ValueError) as exc:
        raise LabelError(f"label set {path} cannot be read: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("labels"), dict):
        raise LabelError(f"label set {path}: expected an object with a 'labels' object")
    if raw.get("form_set") != form_set or raw.get("lang") != lang:
        raise LabelError(f"label set {path} declares {raw.get('form_set')}.{raw.get('lang')}")
    texts = raw["labels"]
    bad = sorted(key for key, value in texts.items() if not isinstance(value, str))
    if bad:
        raise LabelError(f"label set {path}: non-text values for {bad}")
    return Labels.from_mapping(form_set, lang, texts, basis_verified=raw.get("basis_verified") is True)
