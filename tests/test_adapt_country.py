"""Adapting the course to a country: the one ``data_dir`` setting and the worked example.

The example (``examples/country-extract/``) is a second fictional country, Marisal: a raw
EMIS export with three planted problems, the script that fixes them, and the clean folder
the course is then pointed at.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from emiskit import datasets, paths
from emiskit.data import generate
from emiskit.data.settings import WORKSHOP
from emiskit.data.validate import validate_file, validate_folder
from emiskit.grading.build import build, masters
from emiskit.indicators import access_indicators
from emiskit.structure import SAMPLE, school_structure

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "country-extract"
RAW, CLEAN = EXAMPLE / "raw", EXAMPLE / "clean"


def _fix_export():
    spec = importlib.util.spec_from_file_location("fix_export", EXAMPLE / "fix_export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def course(tmp_path, monkeypatch):
    """An empty course folder (``EMISKIT_HOME``) whose settings the test writes."""
    monkeypatch.setenv("EMISKIT_HOME", str(tmp_path))
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    return tmp_path


def settings(course: Path, text: str) -> None:
    (course / paths.SETTINGS_FILE).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------
# The worked example


def test_the_raw_export_fails_validation_with_its_three_problems():
    schools = validate_file(RAW / "schools.csv")
    kinds = {(p.kind, p.column) for p in schools.problems}
    assert ("extra-label", "cod_escuela") in kinds  # a column named differently
    assert ("missing-label", "school_id") in kinds
    assert ("pattern", "district_code") in kinds  # codes that lost their leading zero
    assert any("leading zero" in p.hint for p in schools.problems)

    enrolment = validate_file(RAW / "enrolment.csv")
    kinds = {(p.kind, p.column) for p in enrolment.problems}
    assert kinds == {("pattern", "school_id"), ("enum", "sex")}
    bad_sex = {p.value for p in enrolment.problems if p.column == "sex"}
    # H (hombre) is caught; M (mujer) is a valid code with the opposite meaning, which no
    # validator can see: the guide warns about it and fix_export.py recodes both.
    assert bad_sex == {"H"}


def test_the_fix_script_turns_the_raw_export_into_the_clean_tables(tmp_path):
    written = _fix_export().fix_folder(RAW, tmp_path)
    for file in written:
        assert validate_file(file).valid, file
        assert file.read_bytes() == (CLEAN / file.name).read_bytes(), file.name


def test_the_fix_script_refuses_codes_it_does_not_know():
    fix = _fix_export()
    raw = pd.read_csv(RAW / "enrolment.csv", dtype=str, keep_default_na=False).head(3)
    raw.loc[0, "sex"] = "X"
    with pytest.raises(ValueError, match="unexpected codes \\['X'\\]"):
        fix.fix_enrolment(raw)


def test_the_clean_extract_validates_and_is_small():
    reports = validate_folder(CLEAN)
    assert [r.table.name for r in reports if not r.valid] == []
    size = sum(p.stat().st_size for p in EXAMPLE.rglob("*") if p.is_file())
    assert size < 2_000_000
    package = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"].startswith("marisal")


def test_marisal_has_its_own_school_structure_and_data_that_follow_it():
    """Five years of primary from age 6, four of lower secondary (grades 6-9, ages 11-14)."""
    structure = school_structure(CLEAN)
    assert structure.level_grades("primary") == (1, 2, 3, 4, 5)
    assert structure.official_ages("primary") == (6, 10)
    assert structure.level_grades("lower_secondary") == (6, 7, 8, 9)
    assert structure.official_ages("lower_secondary") == (11, 14)
    enrolment = pd.read_csv(CLEAN / "enrolment.csv")
    # graduates complete a level: grade 5 ends primary, grade 9 lower secondary
    assert sorted(enrolment.loc[enrolment["graduates"].notna(), "grade"].unique()) == [5, 9]
    schools = pd.read_csv(CLEAN / "schools.csv")
    grades = schools.groupby("levels")[["lowest_grade", "highest_grade"]].agg(set)
    assert grades.loc["primary"].tolist() == [{1}, {5}]
    assert grades.loc["lower_secondary"].tolist() == [{6}, {9}]
    package = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    enrolment_text = next(r["description"] for r in package["resources"]
                          if r["name"] == "enrolment")
    assert "Grades 1–5 are primary, 6–9 lower secondary" in enrolment_text
    assert "1–6" not in enrolment_text


def test_ger_and_ner_on_marisal_use_marisals_official_ages(course):
    """Computed by hand from the raw CSV files: primary is grades 1-5, ages 6-10."""
    settings(course, f'data_dir = "{CLEAN.as_posix()}"\n')
    enrolment = pd.read_csv(CLEAN / "enrolment.csv")
    population = pd.read_csv(CLEAN / "population.csv")
    year = int(enrolment["year"].max())
    pupils = enrolment[enrolment["year"] == year]
    children = population.loc[(population["year"] == year)
                              & population["age"].between(6, 10), "population"].sum()
    primary = pupils[pupils["grade"].between(1, 5)]
    ger = 100 * primary["pupils"].sum() / children
    ner = 100 * primary.loc[primary["age"].between(6, 10), "pupils"].sum() / children
    # the census has only schools of the register here, so national sums are plain sums
    national = access_indicators().loc[year]
    assert national["ger"] == pytest.approx(ger, rel=1e-12)
    assert national["ner"] == pytest.approx(ner, rel=1e-12)
    assert national["population"] == children
    # Valdoria's structure (grades 1-6, ages 6-11) would give other figures: the test can
    # tell them apart.
    with_sample = access_indicators(structure=SAMPLE).loc[year]
    assert abs(with_sample["ger"] - ger) > 0.5 and abs(with_sample["ner"] - ner) > 0.5

    lower = pupils[pupils["grade"].between(6, 9)]
    teens = population.loc[(population["year"] == year)
                           & population["age"].between(11, 14), "population"].sum()
    secondary = access_indicators(level="lower_secondary").loc[year]
    assert secondary["ger"] == pytest.approx(100 * lower["pupils"].sum() / teens, rel=1e-12)
    assert secondary["ner"] == pytest.approx(
        100 * lower.loc[lower["age"].between(11, 14), "pupils"].sum() / teens, rel=1e-12)


# ---------------------------------------------------------------------------------------
# The setting


def test_without_settings_the_sample_data_are_used(course):
    assert paths.datasets_dir() == course / "datasets"
    assert paths.data_dir_setting().is_sample


def test_data_dir_in_the_settings_file_is_read_from_the_course_folder(course):
    (course / "mine").mkdir()
    settings(course, 'data_dir = "mine"\n')
    assert paths.datasets_dir() == course / "mine"
    assert paths.data_dir_setting().source == str(course / paths.SETTINGS_FILE)


def test_the_environment_variable_overrides_the_file(course, monkeypatch):
    settings(course, 'data_dir = "mine"\n')
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(CLEAN))
    assert paths.datasets_dir() == CLEAN


def test_a_missing_configured_folder_is_a_clear_error(course):
    settings(course, 'data_dir = "our-country"\n')
    with pytest.raises(paths.DataDirError) as err:
        paths.datasets_dir()
    message = str(err.value)
    assert str(course / "our-country") in message and paths.SETTINGS_FILE in message
    assert "sample data" in message


@pytest.mark.parametrize(("text", "words"), [
    ("data_dir = datasets\n", "double quotes"),
    ("data_dir = 3\n", "double quotes"),
    ('data_folder = "x"\n', "unknown setting: data_folder"),
])
def test_a_broken_settings_file_says_what_to_write(course, text, words):
    settings(course, text)
    with pytest.raises(paths.SettingsError, match=words):
        paths.datasets_dir()


def test_load_reads_the_configured_country(course):
    settings(course, f'data_dir = "{CLEAN.as_posix()}"\n')
    regions = datasets.load("regions")
    expected = pd.read_csv(CLEAN / "regions.csv", dtype=str)
    assert regions["region_name"].tolist() == expected["region_name"].tolist()
    assert len(datasets.load("schools")) == len(pd.read_csv(CLEAN / "schools.csv"))


def test_a_file_outside_the_schema_gives_an_error_that_points_to_validate(course):
    folder = course / "country"
    shutil.copytree(CLEAN, folder)
    shutil.copyfile(RAW / "schools.csv", folder / "schools.csv")
    settings(course, 'data_dir = "country"\n')
    with pytest.raises(datasets.DatasetInvalidError, match="emiskit data validate"):
        datasets.load("schools")
    (folder / "teachers.csv").unlink()
    with pytest.raises(datasets.DatasetNotGeneratedError, match=r"emiskit\.toml"):
        datasets.load("teachers")


def test_regenerating_the_sample_never_writes_into_a_country_folder(course):
    folder = course / "country"
    folder.mkdir()
    shutil.copyfile(CLEAN / "datapackage.json", folder / "datapackage.json")
    settings(course, 'data_dir = "country"\n')
    assert generate.default_out(WORKSHOP) == course / "datasets"
    small = generate.build(scale=WORKSHOP.resized(n_districts=6, n_schools=40))
    with pytest.raises(generate.ForeignDataError, match="other data"):
        generate.write(small, out=folder)
    assert [p.name for p in folder.iterdir()] == ["datapackage.json"]


# ---------------------------------------------------------------------------------------
# Real notebooks on the country's data


def _outputs(nb) -> str:
    return json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)


@pytest.mark.slow
def test_the_settings_file_reaches_a_notebook_that_names_a_district(course):
    """Through ``emiskit.toml``, a notebook shows the country's district, named by its data."""
    settings(course, f'data_dir = "{CLEAN.as_posix()}"\n')
    nb = nbformat.read(ROOT / "notebooks" / "module3-census-to-indicators.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(course)}}).execute()
    shown = _outputs(nb)
    districts = pd.read_csv(CLEAN / "districts.csv")["district_name"]
    assert any(d in shown for d in districts), "the notebook did not show Marisal's data"
    # The worked district's line is labelled from the data, not with Valdoria's name.
    assert "Valle del Lindero" not in shown and "Yaruní" not in shown


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _failure(name: str, nb, err: Exception) -> str:
    """One line: the notebook, the cell that failed and the first line of its error."""
    cell = next((i for i, c in enumerate(nb.cells)
                 if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    where = f" (cell {cell})" if cell is not None else ""
    message = str(getattr(err, "evalue", err)).strip().splitlines() or [""]
    return f"{name}{where}: {getattr(err, 'ename', type(err).__name__)}: {message[0]}"


@pytest.mark.slow
def test_every_course_notebook_runs_to_the_end_on_the_country(tmp_path, monkeypatch):
    """Each notebook in notebooks/, run on Marisal: none may stop with an error.

    A notebook that names a Valdoria school, district or region in its code stops here (or
    shows an empty table that a later cell trips over). Copies run in a temporary folder,
    so the committed outputs are never touched; EMISKIT_DATA_DIR reaches every kernel.
    """
    assert len(NOTEBOOKS) > 10, "the course's notebooks were not found"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(CLEAN))
    failures, shown = [], []
    for source in NOTEBOOKS:
        copy = tmp_path / source.name  # notebooks that read themselves find their copy
        shutil.copyfile(source, copy)
        nb = nbformat.read(copy, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(tmp_path)}})
        try:
            client.execute()
        except Exception as err:  # a cell's error, a timeout or a dead kernel
            failures.append(_failure(source.name, nb, err))
        shown.append(_outputs(nb))
    assert not failures, (
        f"{len(failures)} of {len(NOTEBOOKS)} notebooks stop on another country's data "
        "(replace Valdoria's codes by a choice from the data, e.g. "
        "datasets.example_district):\n" + "\n".join(failures)
    )
    districts = pd.read_csv(CLEAN / "districts.csv")["district_name"]
    assert any(d in "".join(shown) for d in districts), "the notebooks did not read Marisal"


# ---------------------------------------------------------------------------------------
# Graded exercises on the country's data

#: A school (7 digits), district (4) or region (2) code written in quotes.
PLACE_CODE = re.compile(r"""["'](\d{2}|\d{4}|\d{7})["']""")


def _code_without_defaults(source: str) -> str:
    """A code cell's code, without comments and without ``prefer="..."`` (the sample's
    default, which :func:`emiskit.datasets.example_district` uses only when it exists)."""
    code = "\n".join(line.split("#", 1)[0] for line in source.splitlines())
    return re.sub(r"""prefer=["']\d+["']""", "", code)


@pytest.mark.parametrize("master", masters(ROOT), ids=lambda m: m.stem)
def test_exercise_masters_take_every_place_from_the_data(master: Path):
    """A quoted code outside ``prefer=`` is a place of Valdoria that another country lacks:
    its solution would lose points there, and its checks would expect Valdoria's answer."""
    nb = nbformat.read(master, as_version=4)
    found = [(i, m.group(0)) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             for m in PLACE_CODE.finditer(_code_without_defaults(cell.source))]
    assert not found, f"{master.name}: codes written in the notebook (cell, code): {found}"


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning")
def test_every_exercise_builds_on_the_country(tmp_path, monkeypatch):
    """Every graded exercise, built on Marisal: each solution earns every point, each blank
    copy none, and the learner notebooks are those committed (they hold no data).

    The build's check mode grades as ``emiskit grade`` does and writes nothing; it runs in a
    copy of the masters and learner notebooks, so the repository's ``exercises/`` is never
    touched. EMISKIT_DATA_DIR reaches every grading kernel.
    """
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(CLEAN))
    course = tmp_path / "course"
    (course / "exercises" / "source").mkdir(parents=True)
    found = masters(ROOT)
    assert len(found) >= 5, "the course's exercise masters were not found"
    for master in found:
        shutil.copy2(master, course / "exercises" / "source" / master.name)
        shutil.copy2(ROOT / "exercises" / master.name, course / "exercises" / master.name)
    log = io.StringIO()
    problems = build(course, check=True, log=log)
    assert problems == 0, f"the exercises do not work on Marisal:\n{log.getvalue()}"
    assert not (course / "exercises" / "autograder").exists()  # check mode wrote nothing
