"""How numbers are written in Norwegian text."""

from __future__ import annotations


def norwegian_number(value: int) -> str:
    """``14125`` as ``14 125`` (a space groups thousands in Norwegian)."""
    return f"{value:,}".replace(",", " ")
