"""Independent random streams, one per table family, all derived from one seed.

Each generator asks for its own stream by name, so adding a draw in one table does not
shift the numbers of another table.
"""

from __future__ import annotations

import zlib

import numpy as np

DEFAULT_SEED = 2024


def stream(seed: int, name: str) -> np.random.Generator:
    """Return a numpy Generator for ``name`` that depends only on ``seed`` and ``name``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence([int(seed), key]))
