"""Normalising values that come from outside (names, e-mails, aliases)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str | None:
    """Trimmed text with inner runs of white space folded; None for blank."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def match_key(value: str) -> str:
    """The case- and accent-insensitive form used to compare names and aliases.

    "José  ÁLVAREZ" and "jose alvarez" share a key; "Jose-Alvarez" does not.
    """
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()
