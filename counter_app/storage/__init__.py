"""Storage: SQLAlchemy 2 typed models over one SQLite file, Alembic migrations, full-text search.

ORM objects never leave this package and the services' units of work.
"""
