"""The school register: every school's location, sector, levels, shift and facilities.

Rural schools are many and small (often one or two teachers teaching several grades),
urban schools fewer and larger, as in most of the region. Columns ending in ``_`` are
internal to the generator (how many children a school draws, its hidden quality and
its pupils' average socio-economic level) and are not written out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emiskit.data.seeds import stream
from emiskit.data.settings import YEARS, Scale

LEVELS = ("primary", "primary_lower_secondary", "lower_secondary")


def level_grades(primary_grades: int = 6) -> dict[str, tuple[int, int]]:
    """First and last grade of each kind of school, for a primary of ``primary_grades``
    grades (six in the sample country) followed by lower secondary up to grade 9."""
    return {"primary": (1, primary_grades), "primary_lower_secondary": (1, 9),
            "lower_secondary": (primary_grades + 1, 9)}


LEVEL_GRADES = level_grades()
SECTORS = ("public", "private_subsidised", "private")
SHIFTS = ("morning", "afternoon", "double", "full_day")

_PATRONS = (
    "Profesora Amalia Ordóñez", "Maestro Julián Barrientos", "Doctor Efraín Solís",
    "Rosa Elvira Cuadra", "Leonor Valdivieso", "Capitán Manuel Arzúa", "Inés Mallorquín",
    "Aurelio Benavides", "Clemencia Tapia", "Hermelinda Paz", "Teodoro Quintanilla",
    "Dolores Arriaga", "Benigno Salcedo", "Magdalena Ocampo", "Próspero Villagrán",
    "Celia Montenegro", "Anselmo Fuentealba", "Eloísa Carranza", "Justo Ribadeneira",
    "Marcelina Quispe", "Nicanor Albornoz", "Encarnación Ledesma", "Graciela Ybarra",
    "Herminio Cárdenas", "Ofelia Santamaría", "Florencio Aguirre", "Maestra Tránsito Lobo",
    "Bernardina Ulloa", "Rigoberto Anchía", "Sor Visitación Mena",
)
_PLACES = (
    "El Jocotal", "Los Naranjos", "La Pedregosa", "Buenavista", "Las Tablas", "El Zapotal",
    "Loma Larga", "Santa Rita", "El Paraíso", "Agua Zarca", "Los Mangos", "La Ceibita",
    "El Tule", "Cañas Bravas", "Quebrada Seca", "Palo Verde", "El Roble", "La Esperanza",
    "Tres Ríos", "Monte Oscuro", "Los Jazmines", "El Guayabal", "La Montañita",
    "San Isidro Arriba", "Las Pitas", "Ojo de Agua", "El Coyol", "Llano Grande",
)
_SAINTS = (
    "Santa Inés", "San Gabriel", "Santa Teresita", "San Martín de Porres", "La Salle",
    "Sagrado Corazón", "San Benito", "María Auxiliadora", "San Lucas", "Santa Clara",
)
_PRIVATE = (
    "Colegio Bilingüe", "Colegio", "Liceo", "Instituto Privado", "Centro Educativo Privado",
)
_PRIVATE_NAMES = (
    "Los Andes", "Nuevo Horizonte", "Del Pacífico", "Americano", "Montessori del Valle",
    "Santa Inés", "Aurora School", "Cristóbal Pardo", "Las Acacias", "Integral",
)


def _allocate(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    raw = weights / weights.sum() * (total - minimum * len(weights))
    counts = np.floor(raw).astype(int) + minimum
    order = np.argsort(-(raw - np.floor(raw)), kind="stable")
    for i in order[: total - counts.sum()]:
        counts[i] += 1
    return counts


def _name(rng: np.random.Generator, level: str, sector: str, rural: bool) -> str:
    if sector == "private":
        return f"{rng.choice(_PRIVATE)} {rng.choice(_PRIVATE_NAMES)}"
    if sector == "private_subsidised":
        return f"Escuela Parroquial {rng.choice(_SAINTS)}"
    if level == "lower_secondary":
        return f"Instituto Nacional {rng.choice(_PATRONS)}"
    if rural:
        return f"Escuela Rural {rng.choice(_PLACES)}"
    if level == "primary_lower_secondary":
        return f"Centro Escolar {rng.choice(_PATRONS)}"
    return f"Escuela {rng.choice(_PATRONS)}"


def schools_frame(seed: int, scale: Scale, districts: pd.DataFrame,
                  primary_grades: int = 6) -> pd.DataFrame:
    """Draw the register. Capacity is added later, once enrolment is known."""
    rng = stream(seed, "schools")
    rural_share = districts["rural_share"].to_numpy() / 100
    poverty = districts["poverty_rate"].to_numpy() / 100
    weights = districts["weight_"].to_numpy() * (1 + 2.5 * rural_share)
    per_district = _allocate(scale.n_schools, weights, minimum=6)

    parts = []
    for d, n in enumerate(per_district):
        rho = rural_share[d]
        n_rural = round(n * 5 * rho / (1 - rho + 5 * rho))
        n_rural = min(n_rural, n - 2)
        rural = np.r_[np.zeros(n - n_rural, bool), np.ones(n_rural, bool)]
        capital = districts["region_code"].iat[d] == "01"
        p_urban = [0.58, 0.15, 0.27] if capital else [0.66, 0.14, 0.20]
        sector = np.where(
            rural,
            rng.choice(3, n, p=[0.94, 0.05, 0.01]),
            rng.choice(3, n, p=p_urban),
        )
        level = np.where(
            rural,
            rng.choice(3, n, p=[0.72, 0.24, 0.04]),
            rng.choice(3, n, p=[0.42, 0.33, 0.25]),
        )
        level[0] = 1  # the district town's main public school teaches grades 1–9
        sector[0] = 0
        parts.append(pd.DataFrame({"d_": d, "rural_": rural, "sector_": sector, "level_": level}))
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    d = frame["d_"].to_numpy()
    rural = frame["rural_"].to_numpy()
    sector = frame["sector_"].to_numpy()
    level = frame["level_"].to_numpy()
    public = sector == 0
    private = sector == 2
    pov = poverty[d]

    # Children drawn: rural schools are about a fifth of an urban one's size.
    size = np.where(rural, 1.0, 5.0) * np.exp(rng.normal(0, 0.5, n))
    size = np.where(private, size * 0.6, size)
    # Hidden school quality and the average socio-economic level of its families.
    quality = rng.normal(0, 1, n)
    ses = (
        -2.2 * (pov - 0.3)
        - 0.45 * rural
        + np.select([sector == 1, private], [0.45, 1.25], 0.0)
        + rng.normal(0, 0.3, n)
    )

    year_opened = np.where(
        rural,
        rng.integers(1948, 2012, n),
        rng.integers(1925, 2018, n),
    )
    new = (~rural) & (rng.random(n) < 0.04)
    # The district town's main school is old, so every district always has a school.
    first = frame.groupby("d_").cumcount().to_numpy() == 0
    new &= ~first
    year_opened = np.where(first, np.minimum(year_opened, 1990), year_opened)
    year_opened = np.where(new, rng.integers(YEARS[1], YEARS[-2] + 1, n), year_opened)

    shift = np.where(
        rural,
        rng.choice(4, n, p=[0.85, 0.05, 0.0, 0.10]),
        np.where(
            public,
            rng.choice(4, n, p=[0.35, 0.15, 0.35, 0.15]),
            rng.choice(4, n, p=[0.60, 0.0, 0.0, 0.40]),
        ),
    )
    electricity = rng.random(n) < np.where(rural, 0.86 - 0.35 * (pov - 0.4), 0.996)
    internet = electricity & (
        rng.random(n) < np.where(private, 0.97, np.where(rural, 0.20, 0.72))
    )
    water = rng.random(n) < np.where(rural, 0.74 - 0.3 * (pov - 0.4), 0.97)
    sanitation = rng.random(n) < np.where(rural, 0.66 - 0.3 * (pov - 0.4), 0.95)
    accessible = rng.random(n) < np.where(rural, 0.08, np.where(private, 0.55, 0.32))

    lat0 = districts["latitude"].to_numpy()[d]
    lon0 = districts["longitude"].to_numpy()[d]
    spread = np.where(rural, 0.22, 0.025)
    lat = np.round(lat0 + rng.normal(0, 1, n) * spread, 5)
    lon = np.round(lon0 + rng.normal(0, 1, n) * spread, 5)

    names = [
        _name(rng, LEVELS[lv], SECTORS[sc], bool(ru))
        for lv, sc, ru in zip(level, sector, rural, strict=True)
    ]
    grades = level_grades(primary_grades)
    lowest = np.array([grades[LEVELS[lv]][0] for lv in level])
    highest = np.array([grades[LEVELS[lv]][1] for lv in level])
    # Codes: the district's four digits, then a running number within the district.
    # They start with a zero, as many real codes do (spreadsheets like to drop it).
    running = frame.groupby("d_").cumcount().to_numpy() + 1
    codes = districts["district_code"].to_numpy()[d]
    ids = [f"{c}{k:03d}" for c, k in zip(codes, running, strict=True)]
    frame = pd.DataFrame(
        {
            "school_id": ids,
            "school_name": names,
            "district_code": districts["district_code"].to_numpy()[d],
            "area": np.where(rural, "rural", "urban"),
            "sector": np.array(SECTORS)[sector],
            "levels": np.array(LEVELS)[level],
            "lowest_grade": lowest,
            "highest_grade": highest,
            "shift": np.array(SHIFTS)[shift],
            "latitude": lat,
            "longitude": lon,
            "electricity": electricity,
            "internet": internet,
            "drinking_water": water,
            "sanitation": sanitation,
            "accessible": accessible,
            "year_opened": year_opened,
            "d_": d,
            "rural_": rural,
            "sector_": sector,
            "size_": size,
            "quality_": quality,
            "ses_": ses,
        }
    )
    return frame


def with_capacity(seed: int, schools: pd.DataFrame, peak_pupils: np.ndarray) -> pd.DataFrame:
    """Add the designed number of pupil places, once the enrolment peak is known.

    Most schools have some spare room; some urban public schools are overcrowded, and
    double-shift schools were built for half their pupils.
    """
    rng = stream(seed, "capacity")
    n = len(schools)
    rural = schools["rural_"].to_numpy()
    public = schools["sector_"].to_numpy() == 0
    double = schools["shift"].to_numpy() == "double"
    room = rng.uniform(1.0, 1.45, n)
    crowded = (~rural) & public & (rng.random(n) < 0.10)
    room = np.where(crowded, rng.uniform(0.78, 0.95, n), room)
    places = peak_pupils * room / np.where(double, 2.0, 1.0)
    places = np.maximum(places, np.where(rural, 20, 120))
    capacity = (np.ceil(places / 5) * 5).astype(np.int64)
    out = schools.copy()
    out.insert(out.columns.get_loc("year_opened"), "capacity", capacity)
    return out
