"""The district server (hub): many communes' counters sync with it; it serves the citizen lookup page."""

__version__ = "0.1.0"
