"""The Vietnamese text layer of a stored copy: OCRmyPDF with tesseract's ``vie`` model.

:func:`add_text_layer` runs OCRmyPDF in a child Python process (``python -m ocrmypdf``), never in
the app's own process: a crash or a hang of tesseract stays out of the app, a timeout can kill it,
and the child runs at a lower priority with one job and one tesseract thread, so the counter's own
work keeps one core and the foreground (see ``benchmarks/bench_ocr_throughput.py``). OCRmyPDF 17
allows concurrent in-process jobs only with the same plugin set and image limit, and its plugins
are interpreter-global; a child process avoids that question too. Call it from the task runner:
it blocks for seconds a page.

Choices, measured on an A4 300 dpi text page (docs/PERFORMANCE.md):

* ``--output-type pdf``, then our own PDF/A-2b fix-up (:func:`._pdfa_write.finish_pdfa`): the
  ``pdfa`` output types re-render the file through Ghostscript (missing on most Windows PCs), while
  ``pdf`` only grafts the text layer onto the pages, so the G4 and JPEG images stay byte for byte;
* ``--pdf-renderer sandwich``: tesseract's own invisible-text PDF with its 1 KB glyphless font,
  about 6 KB a page less than the fpdf2 renderer's Noto Sans subset;
* ``--optimize 0``: nothing to gain on images that are already G4 or JPEG, and no recompression;
* ``--skip-text``: a page that already has text (a copy OCRed before) is kept as it is;
* the text comes from ``--sidecar`` (tesseract's own reading order), normalised to NFC.

A signed copy's signatures are removed first (their byte ranges cannot survive the rewrite): the
caller signs the searchable copy again.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import pikepdf

from counter_app.copies._pdfa_write import finish_pdfa
from counter_app.copies.pdfa import pdfa_problems
from counter_app.domain.errors import InvalidInput, Unavailable
from counter_app.domain.text import shorten

LANGUAGE = "vie"
MAX_PDF_BYTES = 200 * 1024 * 1024
PAGE_TIMEOUT = 180  # seconds tesseract may spend on one page
TIMEOUT_BASE, TIMEOUT_PER_PAGE = 60, 120  # the whole child process
_SKIPPED = re.compile(r"\[OCR skipped on page\(s\) [0-9-]+\]")
# Exit codes of OCRmyPDF (ocrmypdf.ExitCode) that say the input, not the machine, is at fault.
_BAD_INPUT_CODES = {2, 6, 8}  # bad args / already has text (never with --skip-text) / encrypted
_MISSING_DEPENDENCY = 3


@cache
def ocr_available() -> bool:
    """True when OCRmyPDF is importable and tesseract is on PATH with the Vietnamese model.

    Asked once per process (tesseract is not installed while the app runs).
    """
    tesseract = shutil.which("tesseract")
    if tesseract is None or find_spec("ocrmypdf") is None:
        return False
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.split()


def add_text_layer(pdf: bytes, *, timeout: float | None = None) -> tuple[bytes, str]:
    """The searchable PDF/A-2b version of the copy ``pdf`` and its text (NFC).

    Raises InvalidInput ``copy.not_pdf`` for bytes that are not a readable PDF, Unavailable
    ``ocr.unavailable`` / ``ocr.timeout`` / ``ocr.failed`` / ``ocr.not_pdfa`` when the machine
    cannot do it now (the caller keeps the copy with its OCR pending).
    """
    if not ocr_available():
        raise Unavailable("ocr.unavailable")
    source, pages = _unsigned(pdf)
    limit = timeout if timeout is not None else TIMEOUT_BASE + TIMEOUT_PER_PAGE * pages
    with tempfile.TemporaryDirectory(prefix="counter-ocr-") as work:
        folder = Path(work)
        (folder / "in.pdf").write_bytes(source)
        _run(folder, limit)
        searchable = (folder / "out.pdf").read_bytes()
        text = (folder / "text.txt").read_text(encoding="utf-8", errors="replace")
    with pikepdf.open(io.BytesIO(searchable)) as doc:
        result = finish_pdfa(doc)
    problems = pdfa_problems(result)
    if problems:
        raise Unavailable("ocr.not_pdfa", problem=problems[0])
    return result, _clean_text(text)


def _unsigned(pdf: bytes) -> tuple[bytes, int]:
    """``pdf`` without its signature fields (and their widgets), and its page count."""
    if len(pdf) > MAX_PDF_BYTES or not pdf.startswith(b"%PDF-"):
        raise InvalidInput("copy.not_pdf")
    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise InvalidInput("copy.not_pdf") from exc
    with doc:
        form = doc.Root.get("/AcroForm")
        if isinstance(form, pikepdf.Dictionary):
            signatures = {
                f.objgen
                for f in form.get("/Fields", pikepdf.Array())
                if isinstance(f, pikepdf.Dictionary) and f.get("/FT") == "/Sig"
            }
            for page in doc.pages:
                annots = page.obj.get("/Annots")
                if isinstance(annots, pikepdf.Array):
                    kept = [a for a in annots if not _is_signature(a, signatures)]
                    page.obj.Annots = pikepdf.Array(kept)
            fields = [
                f
                for f in form.get("/Fields", pikepdf.Array())
                if isinstance(f, pikepdf.Dictionary) and f.objgen not in signatures
            ]
            if fields:
                form.Fields = pikepdf.Array(fields)
                if "/SigFlags" in form:
                    del form["/SigFlags"]
            else:
                del doc.Root["/AcroForm"]
        for key in ("/Perms", "/DSS"):
            if key in doc.Root:
                del doc.Root[key]
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue(), len(doc.pages)


def _is_signature(annot: pikepdf.Object, fields: set[tuple[int, int]]) -> bool:
    """A signature field's widget (merged with its field or a kid of it)."""
    if not isinstance(annot, pikepdf.Dictionary):
        return False
    parent = annot.get("/Parent")
    return (
        annot.objgen in fields
        or annot.get("/FT") == "/Sig"
        or (isinstance(parent, pikepdf.Dictionary) and (parent.objgen in fields or parent.get("/FT") == "/Sig"))
    )


# Run OCRmyPDF's command line in the child at a lower priority (POSIX: nice; Windows: creation flag).
_CHILD = (
    "import os, sys\n"
    "hasattr(os, 'nice') and os.nice(10)\n"
    "from ocrmypdf.__main__ import run\n"
    "sys.argv[0] = 'ocrmypdf'\n"
    "sys.exit(run())\n"
)


def _run(folder: Path, limit: float) -> None:
    command = [
        sys.executable, "-c", _CHILD,
        "--language", LANGUAGE,
        "--output-type", "pdf",
        "--pdf-renderer", "sandwich",
        "--optimize", "0",
        "--skip-text",
        "--jobs", "1",
        "--tesseract-timeout", str(PAGE_TIMEOUT),
        "--quiet",
        "--sidecar", str(folder / "text.txt"),
        str(folder / "in.pdf"), str(folder / "out.pdf"),
    ]  # fmt: skip
    # OCRmyPDF's and tesseract's temporary files go into our folder: removed even if the child is killed.
    temp = str(folder)
    env = {
        **os.environ,
        "OMP_THREAD_LIMIT": "1",
        "PYTHONIOENCODING": "utf-8",
        "TMPDIR": temp,
        "TEMP": temp,
        "TMP": temp,
    }
    if sys.platform == "win32":
        flags = subprocess.BELOW_NORMAL_PRIORITY_CLASS | subprocess.CREATE_NO_WINDOW
    else:
        flags = 0
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            cwd=folder,
            creationflags=flags,
            start_new_session=sys.platform != "win32",  # its own process group: a timeout ends tesseract too
        )
    except OSError as exc:
        raise Unavailable("ocr.failed", reason=shorten(str(exc))) from exc
    try:
        _, stderr = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired as exc:
        _kill_tree(child)
        raise Unavailable("ocr.timeout", seconds=round(limit)) from exc
    except BaseException:
        _kill_tree(child)
        raise
    done = subprocess.CompletedProcess(command, child.returncode, b"", stderr)
    if done.returncode == 0 and (folder / "out.pdf").exists():
        return
    reason = _last_line(done.stderr) or f"exit code {done.returncode}"
    if done.returncode == _MISSING_DEPENDENCY:
        ocr_available.cache_clear()
        raise Unavailable("ocr.unavailable")
    if done.returncode in _BAD_INPUT_CODES:
        raise InvalidInput("copy.not_pdf")
    raise Unavailable("ocr.failed", reason=shorten(reason))


def _kill_tree(child: subprocess.Popen[bytes]) -> None:
    """End the OCRmyPDF child and the tesseract it started."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(child.pid)], capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    child.kill()
    child.communicate()  # reaps it and closes the pipe


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _clean_text(text: str) -> str:
    """The sidecar's text in NFC, without OCRmyPDF's notes on skipped pages or form feeds."""
    text = _SKIPPED.sub("", unicodedata.normalize("NFC", text)).replace("\f", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
