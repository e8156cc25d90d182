"""Place names and geography of Valdoria, the fictional country of the sample data.

Names are invented (Spanish-sounding combinations chosen not to match a real district).
Coordinates put the country in open Pacific Ocean, west of South America, so that a map
of the sample schools can never be mistaken for a real place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from emiskit.data.seeds import stream
from emiskit.data.settings import Scale


@dataclass(frozen=True)
class RegionProfile:
    code: str
    name: str
    capital: str
    # latitude and longitude box (south, north, west, east)
    box: tuple[float, float, float, float]
    poverty: tuple[float, float]
    rural: tuple[float, float]
    indigenous: tuple[float, float]
    weight: float
    """Relative child population of one district of this region."""
    share: float
    """Share of the districts of a national-scale country in this region."""
    districts: tuple[str, ...]
    """Hand-written district names, used first (the workshop country uses these)."""


REGIONS: tuple[RegionProfile, ...] = (
    RegionProfile(
        "01", "Región Metropolitana de Aurora", "Aurora", (-10.9, -10.1, -96.4, -95.6),
        (0.10, 0.18), (0.02, 0.12), (0.01, 0.05), 3.2, 0.10,
        ("Aurora Centro", "Aurora Norte", "San Telmo de Aurora"),
    ),
    RegionProfile(
        "02", "Costa Dorada", "Puerto Celeste", (-13.5, -8.5, -99.8, -98.2),
        (0.22, 0.34), (0.22, 0.40), (0.02, 0.08), 1.3, 0.20,
        ("Puerto Celeste", "Bahía Serena", "Playa Honda del Sur", "Las Salinetas"),
    ),
    RegionProfile(
        "03", "Valle del Lindero", "Villa Olmedal", (-12.8, -8.8, -98.0, -96.6),
        (0.20, 0.30), (0.30, 0.50), (0.03, 0.10), 1.1, 0.20,
        ("Villa Olmedal", "San Anselmo del Valle", "Río Lindero", "Santa Brígida del Olmo"),
    ),
    RegionProfile(
        "04", "Sierra de Quimal", "Quimal", (-13.8, -8.4, -95.4, -94.6),
        (0.38, 0.55), (0.55, 0.75), (0.30, 0.55), 0.7, 0.22,
        ("Quimal", "Alto Pircas", "Santa Olvido de la Sierra", "Cumbre de Azufral"),
    ),
    RegionProfile(
        "05", "Llanos de Tamarí", "Tamarí", (-14.0, -12.9, -98.0, -95.6),
        (0.32, 0.45), (0.50, 0.70), (0.04, 0.12), 0.75, 0.15,
        ("Tamarí", "Los Garzales", "Mesa de Colibríes"),
    ),
    RegionProfile(
        "06", "Selva de Yaruní", "Yaruní", (-12.5, -8.0, -94.4, -93.0),
        (0.50, 0.66), (0.72, 0.90), (0.60, 0.85), 0.45, 0.13,
        ("Yaruní", "Paso de las Guacamayas"),
    ),
)

_SAINTS = (
    "San Abundio", "Santa Rufina", "San Evaristo", "Santa Clodia", "San Leoncio",
    "Santa Otilia", "San Ramiro", "Santa Zoraida", "San Crispín", "Santa Amaranta",
    "San Fulgencio", "Santa Eduviges", "San Teodulo", "Santa Casilda", "San Nemesio",
    "Santa Iluminada", "San Prudencio", "Santa Filomena", "San Wenceslao", "Santa Engracia",
)
_FEATURES = (
    "de los Almendros", "del Peñón", "de la Quebrada Honda", "de las Lomas", "del Río Claro",
    "de Piedra Blanca", "de los Cedros", "del Carrizal", "de la Ciénaga", "de las Garzas",
    "del Mirador", "de Agua Tibia", "de los Tunales", "de la Vega Alta", "del Palmar",
    "de las Tres Cruces", "del Cerro Chato", "de la Horqueta", "de los Guayabos",
    "de Peña Parda",
)


def _generated_names(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    combos = [f"{s} {f}" for s in _SAINTS for f in _FEATURES]
    order = rng.permutation(len(combos))
    names = [combos[i] for i in order if combos[i] not in taken]
    if n > len(names):
        raise ValueError(f"cannot invent {n} more district names (at most {len(names)})")
    return names[:n]


def _districts_per_region(scale: Scale) -> list[int]:
    curated = [len(r.districts) for r in REGIONS]
    if scale.n_districts == sum(curated):
        return curated
    shares = np.array([r.share for r in REGIONS])
    counts = np.maximum(1, np.floor(shares * scale.n_districts)).astype(int)
    while counts.sum() < scale.n_districts:
        counts[np.argmax(shares * scale.n_districts - counts)] += 1
    while counts.sum() > scale.n_districts:
        counts[np.argmax(counts)] -= 1
    return [int(c) for c in counts]


def regions_table() -> pd.DataFrame:
    """The regions of Valdoria (the same at every scale)."""
    return pd.DataFrame(
        {
            "region_code": [r.code for r in REGIONS],
            "region_name": [r.name for r in REGIONS],
            "capital_city": [r.capital for r in REGIONS],
        }
    )


def districts_frame(seed: int, scale: Scale) -> pd.DataFrame:
    """Districts with their published attributes and an internal child-population weight.

    Columns ending in ``_`` are internal to the generator (not written to the tables).
    """
    rng = stream(seed, "districts")
    counts = _districts_per_region(scale)
    taken = {name for r in REGIONS for name in r.districts}
    extra_needed = sum(max(0, c - len(r.districts)) for r, c in zip(REGIONS, counts, strict=True))
    extra = iter(_generated_names(rng, extra_needed, taken))
    rows = []
    for region, count in zip(REGIONS, counts, strict=True):
        names = list(region.districts[:count])
        names += [next(extra) for _ in range(count - len(names))]
        south, north, west, east = region.box
        for i, name in enumerate(names):
            lo_p, hi_p = region.poverty
            lo_r, hi_r = region.rural
            lo_i, hi_i = region.indigenous
            # Poorer districts are more rural and more often Indigenous-language speaking.
            u = rng.random()
            v = np.clip(u + rng.normal(0, 0.15), 0, 1)
            w = np.clip(u + rng.normal(0, 0.25), 0, 1)
            rows.append(
                {
                    "district_code": f"{region.code}{i + 1:02d}",
                    "district_name": name,
                    "region_code": region.code,
                    "poverty_rate": round(100 * (lo_p + u * (hi_p - lo_p)), 1),
                    "rural_share": round(100 * (lo_r + v * (hi_r - lo_r)), 1),
                    "indigenous_language_share": round(100 * (lo_i + w * (hi_i - lo_i)), 1),
                    "latitude": round(float(rng.uniform(south, north)), 4),
                    "longitude": round(float(rng.uniform(west, east)), 4),
                    "weight_": region.weight * float(np.exp(rng.normal(0, 0.3))),
                }
            )
    return pd.DataFrame(rows)
