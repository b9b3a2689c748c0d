"""Small valid files for upload tests, and the fields a listing other than a product leaves empty."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

NOT_PRODUCT: dict[str, Any] = {
    "quantity": None,
    "unit": "",
    "min_order_quantity": None,
    "price_min": None,
    "price_max": None,
    "lead_time_days": None,
}


def png(name: str = "drawing.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "statement.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
