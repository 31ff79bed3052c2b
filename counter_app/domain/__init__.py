"""The domain: pure Python rules of the commune one-stop counter.

Imports only the standard library and small pure libraries (``holidays``). No framework, no I/O
beyond reading packaged data. Errors carry a machine-readable code and parameters; the user-facing
text lives in :mod:`counter_app.messages`.
"""
