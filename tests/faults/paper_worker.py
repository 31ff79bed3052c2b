"""A process that stores copies of a dossier's papers one after another until it is killed.

``python -m tests.faults.paper_worker DATA_DIR CODE SEED`` stores copies of many pages through
``services.papers.store_copy`` (built, signed with the office key, written, committed) and prints one
JSON line per copy once it is committed: ``{"sha256": …, "paper": …}``. The crash test kills it with
SIGKILL at random moments and checks what is left.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from counter_app.scanning.pages import Page
from counter_app.services import papers
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user

PAPERS = 5  # the checklist of 1.004873


def pages(rng: random.Random) -> list[Page]:
    """3 to 8 text-like pages, each different (so each copy has its own file)."""
    found = []
    for _ in range(rng.randint(3, 8)):
        image = Image.new("L", (827, 1169), 255)  # A4 at 100 dpi
        draw = ImageDraw.Draw(image)
        for row in range(60, 1100, 28):
            x = 60
            while x < 760:
                width = rng.randint(12, 70)
                draw.rectangle((x, row, x + width, row + 12), fill=rng.randint(0, 60))
                x += width + rng.randint(8, 16)
        found.append(Page(image, 100, "scanner"))
    return found


def main(argv: list[str]) -> int:
    data_dir, code, seed = Path(argv[0]), argv[1], int(argv[2])
    db = open_database(data_dir)
    admin = find_user(Context(db), "admin")
    ctx = Context(db, Actor(admin.id, admin.username, "cli"))
    rng = random.Random(seed)
    while True:
        paper = rng.randint(1, PAPERS)
        info = papers.store_copy(ctx, code, paper, pages(rng))
        print(json.dumps({"sha256": info.sha256, "paper": paper}), flush=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
