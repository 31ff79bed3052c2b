"""Sync with the hub: the wire format (:mod:`.protocol`, its USB files :mod:`.sneakernet` and parts
:mod:`.parts`), the HTTP client (:mod:`.client`) and the retry schedule (:mod:`.backoff`). Knows nothing
of the database (ARCHITECTURE.md §3)."""
