"""``emiskit data import``: real ministry-style files in, the course's UTF-8 CSVs out."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from emiskit.cli import main
from emiskit.paths import course_root

DISTRICTS = (
    "district_code;district_name;region_code;poverty_rate;rural_share;"
    "indigenous_language_share;latitude;longitude\r\n"
    "0101;Año Nuevo;01;12,5;40;3,25;-12,5;-70,25\r\n"
    "0102;Peñas Blancas;01;10,75;20;1;-12,75;-70,5\r\n"
)
DISTRICTS_EXPECTED = (
    "district_code,district_name,region_code,poverty_rate,rural_share,"
    "indigenous_language_share,latitude,longitude\n"
    "0101,Año Nuevo,01,12.5,40,3.25,-12.5,-70.25\n"
    "0102,Peñas Blancas,01,10.75,20,1,-12.75,-70.5\n"
)
ENROLMENT_HEADER = "school_id,year,grade,sex,age,pupils,repeaters,graduates"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def run(capsys, raw: Path, to: Path, *extra: str) -> tuple[int, str]:
    before = digest(raw if raw.is_dir() else raw.parent)
    code = main(["data", "import", str(raw), "--to", str(to), *extra])
    out = capsys.readouterr()
    assert digest(raw if raw.is_dir() else raw.parent) == before  # raw files untouched
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def test_windows_1252_semicolons_and_decimal_commas(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "districts.csv").write_bytes(DISTRICTS.encode("cp1252"))
    code, out = run(capsys, raw, tmp_path / "out")
    assert code == 0, out
    assert (tmp_path / "out" / "districts.csv").read_text(encoding="utf-8") == DISTRICTS_EXPECTED
    assert "Windows-1252" in out and "not valid UTF-8 (first at line 2" in out
    assert "semicolons (;); written with commas" in out
    assert "poverty_rate: 2 values written with a decimal comma" in out
    assert "rural_share" not in out.split("numbers:")[-1].split("\n")[0]
    assert 'emiskit data validate "' in out
    assert main(["data", "validate", str(tmp_path / "out" / "districts.csv")]) == 0


def test_ambiguous_numbers_are_left_as_they_are_and_said_so(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = DISTRICTS.replace("12,5;40;3,25;-12,5;-70,25", "1.250;40;3;-12;-70")
    text = text.replace("10,75;20;1;-12,75;-70,5", "1.500;20;1;-12;-70")
    (raw / "districts.csv").write_text(text, encoding="utf-8")
    code, out = run(capsys, raw, tmp_path / "out")
    assert code == 0
    assert "poverty_rate: not converted" in out and "read two ways" in out
    assert ",1.250," in (tmp_path / "out" / "districts.csv").read_text(encoding="utf-8")


def test_thousands_in_whole_numbers_with_semicolons(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = ["0101001;2023;1;F;6;1.234;1;", "0101001;2023;1;M;6;25;2;"]
    (raw / "matricula.csv").write_text(
        "\n".join([ENROLMENT_HEADER.replace(",", ";").upper(), *rows]) + "\n",
        encoding="utf-8")
    code, out = run(capsys, raw, tmp_path / "out", "--table", "enrolment")
    assert code == 0, out
    written = (tmp_path / "out" / "enrolment.csv").read_text(encoding="utf-8")
    assert written.splitlines() == [ENROLMENT_HEADER, "0101001,2023,1,F,6,1234,1,",
                                    "0101001,2023,1,M,6,25,2,"]
    assert '"SCHOOL_ID" → "school_id"' in out and "as given with --table" in out


def test_utf8_with_bom_loses_the_mark(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "enrolment.csv").write_bytes(
        ("\ufeff" + ENROLMENT_HEADER + "\r\n0101001,2023,1,F,6,23,1,\r\n").encode("utf-8"))
    code, out = run(capsys, raw, tmp_path / "out")
    assert code == 0
    data = (tmp_path / "out" / "enrolment.csv").read_bytes()
    assert data == (ENROLMENT_HEADER + "\n0101001,2023,1,F,6,23,1,\n").encode()
    assert "UTF-8 with a byte-order mark (BOM)" in out
    assert "columns renamed: none" in out


def test_a_real_xlsx_workbook_round_trips(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matrícula 2023"
    sheet.append(ENROLMENT_HEADER.split(","))
    sheet.append(["0101001", 2023, 1, "F", 6, 23, 1, None])
    sheet.append(["0101001", 2023.0, 6, "M", 11, 20, 0, 19])
    notes = book.create_sheet("Notas")
    notes.append(["Exportado el", dt.date(2024, 3, 15)])
    codes = book.create_sheet("escuelas")
    header = ["school_id", "school_name", "district_code", "area", "sector", "levels",
              "lowest_grade", "highest_grade", "shift", "latitude", "longitude"]
    codes.append(header)
    codes.append([101001, "Escuela Nº 1", "0101", "urban", "public", "primary", 1, 6,
                  "morning", -12.5, -70.25])
    raw = tmp_path / "raw"
    raw.mkdir()
    book.save(raw / "censo.xlsx")
    code, out = run(capsys, raw, tmp_path / "out")
    enrolment = (tmp_path / "out" / "enrolment.csv").read_text(encoding="utf-8")
    assert enrolment.splitlines() == [ENROLMENT_HEADER, "0101001,2023,1,F,6,23,1,",
                                      "0101001,2023,6,M,11,20,0,19"]
    schools = (tmp_path / "out" / "schools.csv").read_text(encoding="utf-8").splitlines()
    assert schools[1] == "101001,Escuela Nº 1,0101,urban,public,primary,1,6,morning,-12.5,-70.25"
    assert 'sheet "Matrícula 2023"' in out and "by its columns (8 of the 8" in out
    assert "school_id: 1 cells were stored as numbers" in out
    assert 'NOT CONVERTED  censo.xlsx, sheet "Notas"' in out
    assert code == 1  # one sheet was not a table
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["enrolment.csv",
                                                                     "schools.csv"]


def test_the_raw_folder_itself_is_refused(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "districts.csv").write_bytes(DISTRICTS.encode("cp1252"))
    code, out = run(capsys, raw, raw)
    assert code == 2 and "is the folder of the raw files" in out
    code, out = run(capsys, raw / "districts.csv", raw)
    assert code == 2
    assert [p.name for p in raw.iterdir()] == ["districts.csv"]


def test_a_pipe_is_refused_and_the_other_files_are_converted(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "districts.csv").write_bytes(DISTRICTS.encode("cp1252"))
    os.mkfifo(raw / "schools.csv")
    (raw / "README.txt").write_text("Export of 2024\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "emiskit", "data", "import", str(raw), "--to",
         str(tmp_path / "out")],
        capture_output=True, text=True, cwd=course_root(), check=False, timeout=60,
    )
    assert result.returncode == 1
    assert "NOT CONVERTED  schools.csv" in result.stdout and "named pipe" in result.stdout
    assert (tmp_path / "out" / "districts.csv").read_text(encoding="utf-8") == \
        DISTRICTS_EXPECTED
    assert "README.txt" in result.stdout and "Traceback" not in result.stderr


def test_formula_like_cells_are_copied_and_warned_about(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = DISTRICTS.replace("Peñas Blancas", '=HYPERLINK("http://x")')
    (raw / "districts.csv").write_text(text, encoding="utf-8")
    code, out = run(capsys, raw, tmp_path / "out")
    assert code == 0
    assert "1 text cells start like a spreadsheet formula" in out
    assert '"=HYPERLINK(""http://x"")"' in (tmp_path / "out" / "districts.csv").read_text(
        encoding="utf-8")


def test_import_then_validate_a_whole_country_folder(tmp_path, capsys):
    """The workflow of the guide: an export in Excel's Spanish CSV, imported, then valid."""
    clean = course_root() / "examples" / "country-extract" / "clean"
    raw = tmp_path / "raw"
    raw.mkdir()
    for source in clean.glob("*.csv"):
        text = source.read_text(encoding="utf-8")
        rows = [line.split(",") if '"' not in line else None for line in text.splitlines()]
        if any(r is None for r in rows):  # quoted cells: copy as Excel's "CSV UTF-8"
            (raw / source.name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
            continue
        rows = [[re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", c) for c in r] for r in rows]
        (raw / source.name).write_bytes(
            "\r\n".join(";".join(r) for r in rows).encode("cp1252") + b"\r\n")
    code, out = run(capsys, raw, tmp_path / "out")
    assert code == 0, out
    assert "decimal comma" in out and "Windows-1252" in out
    assert main(["data", "validate", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "14 of 14 tables are valid." in out
    for source in clean.glob("*.csv"):  # the very same files come back
        assert (tmp_path / "out" / source.name).read_bytes() == source.read_bytes(), source
