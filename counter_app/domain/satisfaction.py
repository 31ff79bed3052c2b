"""The citizen's satisfaction rating after a return (DOMAIN.md §8).

The kiosk scale has three levels (rất hài lòng / hài lòng / không hài lòng). The optional criteria are
the twelve the Thừa Thiên Huế portal asks about, each answered on the same three-level scale. This
module is a pure table plus the checks of what a counter may record; the service stores it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.text import LIMITS, clean, clean_optional

COMMENT_MAX = LIMITS["note"]


class Rating(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"


RATING_LABELS: dict[Rating, tuple[str, str]] = {
    Rating.VERY_SATISFIED: ("Rất hài lòng", "Very satisfied"),
    Rating.SATISFIED: ("Hài lòng", "Satisfied"),
    Rating.DISSATISFIED: ("Không hài lòng", "Dissatisfied"),
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label_vi: str
    label_en: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("overall", "Chất lượng phục vụ nói chung", "Overall service"),
    Criterion("convenience", "Sự thuận tiện khi thực hiện thủ tục", "Convenience of use"),
    Criterion("on_time", "Giải quyết và trả kết quả đúng hẹn", "On-time handling and result"),
    Criterion("attitude", "Thái độ của cán bộ, công chức", "Attitude of officials"),
    Criterion(
        "legal_time",
        "Thời hạn giải quyết so với quy định của pháp luật",
        "Processing time compared with the legal limit",
    ),
    Criterion("actual_time", "Thời gian thực tế giải quyết so với quy định", "Actual time compared with the rules"),
    Criterion(
        "contacts", "Số lần phải liên hệ để hoàn thiện hồ sơ", "Number of contacts needed to complete the dossier"
    ),
    Criterion("agencies", "Số cơ quan, đơn vị phải liên hệ", "Number of agencies contacted"),
    Criterion("one_stop", "Giải quyết qua Bộ phận Một cửa", "Handling through the one-stop unit"),
    Criterion("publicity", "Công khai, minh bạch thủ tục hành chính", "Publicity of procedures"),
    Criterion("feedback", "Tiếp nhận, trả lời phản ánh, kiến nghị", "Responses to feedback"),
    Criterion("online", "Chất lượng dịch vụ công trực tuyến", "Quality of online services"),
)
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)

# A rating is asked for once the citizen has the result: at the counter, or sent by post.
RATEABLE: frozenset[Status] = frozenset({Status.RETURNED, Status.HANDED_TO_POST})


def rating_label(rating: Rating, lang: str = "vi") -> str:
    vi, en = RATING_LABELS[rating]
    return en if lang == "en" else vi


def criterion_label(key: str, lang: str = "vi") -> str:
    criterion = next(c for c in CRITERIA if c.key == key)
    return criterion.label_en if lang == "en" else criterion.label_vi


def parse_rating(text: str) -> Rating:
    """``very_satisfied`` / ``satisfied`` / ``dissatisfied`` (also 1 / 2 / 3, the kiosk keys)."""
    value = clean(text).lower().replace("-", "_")
    by_key = {"1": Rating.VERY_SATISFIED, "2": Rating.SATISFIED, "3": Rating.DISSATISFIED}
    if value in by_key:
        return by_key[value]
    try:
        return Rating(value)
    except ValueError:
        raise InvalidInput("satisfaction.rating", value=text) from None


def parse_criteria(answers: Mapping[str, str] | None) -> dict[str, str]:
    """Checked per-criterion answers, in the table's order; unanswered criteria are left out."""
    if not answers:
        return {}
    unknown = sorted(set(answers) - set(CRITERION_KEYS))
    if unknown:
        raise InvalidInput("satisfaction.criterion", value=unknown[0])
    return {key: parse_rating(answers[key]).value for key in CRITERION_KEYS if key in answers}


def check_comment(text: str | None) -> str | None:
    """The citizen's comment under the text rule of a note (its length capped at :data:`COMMENT_MAX`)."""
    return clean_optional(text, "note")


def rateable(status: Status) -> bool:
    return status in RATEABLE
