"""Sync with the hub: the wire format (:mod:`.protocol`), the HTTP client (:mod:`.client`) and the
retry schedule (:mod:`.backoff`). Knows nothing of the database (ARCHITECTURE.md §3)."""
