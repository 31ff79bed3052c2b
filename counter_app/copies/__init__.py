"""The electronic copy of a paper (issue 13, item 3): a PDF/A-2b file of its pages (:mod:`.build`),
its Vietnamese OCR text layer (:mod:`.ocr`) and our check of the PDF/A-2b rules (:mod:`.pdfa`).

Never imports storage, services, the GUI, SQLAlchemy or Qt (import-linter contract in pyproject).
"""
