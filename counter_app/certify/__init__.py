"""PAdES signatures of the electronic copies (issue 13): the clerk's token, the office key, checks.

Imports no storage, services, ui, SQLAlchemy or Qt (an import-linter contract keeps it so).
"""
