"""Result papers as stored in a return event: the hand-over note reads both the old and the new shape."""

from __future__ import annotations

from counter_app.domain.handover import ResultPaper, paper_from_json


def test_a_paper_recorded_by_name_only_is_one_copy_and_a_recorded_count_is_kept() -> None:
    # Returns recorded before copies were counted stored a plain name: one copy on the note.
    assert paper_from_json("Trích lục kết hôn") == ResultPaper("Trích lục kết hôn", 1)
    assert paper_from_json({"name": "Giấy chứng nhận kết hôn", "copies": 2}) == ResultPaper(
        "Giấy chứng nhận kết hôn", 2
    )
