"""Numbers as people read them, shared by pages, notifications and error messages."""

from __future__ import annotations

from decimal import Decimal


def number(value: Decimal | int | None) -> str:
    """1234.50 -> '1,234.50', 1234.00 -> '1,234' (prices and quantities are stored with decimals)."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def money(value: Decimal) -> str:
    """380 -> '380', 380.5 -> '380.50': whole yuan without decimals, otherwise with fen."""
    return number(value) if value == value.to_integral_value() else f"{value:,.2f}"
