"""Printed forms: reportlab PDFs built from the DTOs of :mod:`counter_app.printing.model` plus a
label set from ``resources/forms/``. Never touches the database; Qt-free."""
