"""Text helpers shared across the kit.

Names in the region carry accents that people type inconsistently ("Gómez", "Gomez"):
one rule for dropping them keeps learner ids, participant names and the synthetic
census's misspellings in agreement.
"""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """``text`` in Unicode NFKD with every combining mark dropped: "Gómez" → "Gomez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
