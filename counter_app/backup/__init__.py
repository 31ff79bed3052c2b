"""Encrypted, verified backups of the counter: the file format, the backup key and the backup set.

No Qt, no services, no database model: this package reads and writes bytes and files (the services
module ``counter_app.services.backups`` takes the database snapshot and checks what was restored).
See docs/backups.md for the format.
"""
