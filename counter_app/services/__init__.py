"""Use cases: one user action = one service call = one unit of work. Services return frozen
dataclasses (``dto``), never ORM objects, and record every write in the audit trail."""
