"""``emiskit data validate``: real bad files, clear messages, exit codes, input untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from emiskit.cli import main
from emiskit.paths import course_root, datasets_dir

CLEAN = course_root() / "examples" / "country-extract" / "clean"
HEADER = "school_id,year,grade,sex,age,pupils,repeaters,graduates"
GOOD_ROWS = [
    "0101001,2023,1,F,6,23,1,",
    "0101001,2023,1,M,6,25,2,",
    "0101001,2023,6,F,11,20,0,19",
]


def write(tmp_path: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode(encoding))
    return path


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def run(capsys, path: Path, *extra: str) -> tuple[int, str]:
    """Run the command, check the file did not change, return exit code and output."""
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    mtime = path.stat().st_mtime_ns if path.is_file() else None
    code = main(["data", "validate", str(path), *extra])
    out = capsys.readouterr()
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert path.stat().st_mtime_ns == mtime
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def minimal_xlsx(path: Path) -> None:
    """A real (tiny) Excel workbook, written without Excel libraries."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applica'
            'tion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType'
            '="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.open'
            'xmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.open'
            'xmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxml'
            'formats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="enrolment" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.open'
            'xmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
            'formats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inline'
            'Str"><is><t>school_id</t></is></c></row></sheetData></worksheet>'),
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)


def test_valid_file(tmp_path, capsys):
    path = write(tmp_path, "enrolment.csv", csv_text(*GOOD_ROWS))
    code, out = run(capsys, path)
    assert code == 0
    assert "No problems found: 3 rows" in out


def test_committed_tables_are_valid(capsys):
    for name in ("schools", "teachers", "census_raw"):
        code, out = run(capsys, datasets_dir() / f"{name}.csv")
        assert code == 0, out


def test_utf8_with_bom_from_excel_is_fine(tmp_path, capsys):
    path = write(tmp_path, "enrolment.csv", "\ufeff" + csv_text(*GOOD_ROWS))
    assert run(capsys, path)[0] == 0


def test_wrong_delimiter(tmp_path, capsys):
    text = csv_text(*GOOD_ROWS).replace(",", ";")
    code, out = run(capsys, write(tmp_path, "enrolment.csv", text))
    assert code == 1
    assert "separated by semicolons (;), not commas" in out
    assert "CSV UTF-8 (comma delimited)" in out


def test_latin1_file(tmp_path, capsys):
    header = (datasets_dir() / "schools.csv").read_text(encoding="utf-8").splitlines()[:4]
    path = write(tmp_path, "schools.csv", "\n".join(header) + "\n", encoding="latin-1")
    code, out = run(capsys, path)
    assert code == 1
    assert "not saved as UTF-8" in out
    assert "Latin-1" in out
    assert "row 2" in out  # where the first accented letter is


def test_missing_and_extra_columns(tmp_path, capsys):
    header = "school_id,year,grade,sex,age,repeaters,graduates,comentarios"
    rows = ["0101001,2023,1,F,6,1,,ok"]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows, header=header)))
    assert code == 1
    assert 'Missing column "pupils"' in out
    assert 'Extra column "comentarios"' in out


def test_misnamed_column_gets_a_suggestion(tmp_path, capsys):
    header = HEADER.replace("pupils", "Pupils").replace("repeaters", "repeater")
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*GOOD_ROWS, header=header)))
    assert code == 1
    assert 'should be named exactly "pupils"' in out
    assert 'Did you mean "repeaters"?' in out


def test_excel_file_renamed_csv(tmp_path, capsys):
    path = tmp_path / "enrolment.csv"
    minimal_xlsx(path)
    code, out = run(capsys, path)
    assert code == 1
    assert "Excel workbook" in out
    assert "Renaming the file is not enough" in out


def test_old_excel_file_renamed_csv(tmp_path, capsys):
    path = write(tmp_path, "enrolment.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    code, out = run(capsys, path)
    assert code == 1
    assert "Excel workbook" in out


def test_empty_file(tmp_path, capsys):
    code, out = run(capsys, write(tmp_path, "enrolment.csv", ""))
    assert code == 1
    assert "The file is empty" in out


def test_header_only(tmp_path, capsys):
    code, out = run(capsys, write(tmp_path, "enrolment.csv", HEADER + "\n"))
    assert code == 1
    assert "no rows of data" in out


def test_duplicate_keys(tmp_path, capsys):
    rows = [*GOOD_ROWS, GOOD_ROWS[0].replace(",23,", ",5,")]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert "Row 5 repeats row 2" in out
    assert "school_id, year, grade, sex, age" in out


def test_text_in_a_number_column(tmp_path, capsys):
    rows = [*GOOD_ROWS, "0101001,2023,2,F,7,doce,0,", "0101001,2023,2,M,7,1.200,0,",
            "0101001,2023,3,M,8,12.0,0,"]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert 'Row 5: "doce" in "pupils" is not a whole number' in out
    assert "thousands separators" in out
    assert "without decimals" in out


def test_negative_counts(tmp_path, capsys):
    rows = [*GOOD_ROWS, "0101001,2023,2,F,7,-3,0,"]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert 'Row 5: "pupils" is -3' in out
    assert "cannot be negative" in out


def test_codes_categories_and_ranges(tmp_path, capsys):
    rows = ["101001,2023,1,X,6,23,1,", "0101001,2023,1,F,99,2,0,"]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert "leading zero" in out
    assert '"X" is not an allowed value for "sex"' in out
    assert "Codes such as 99" in out


def test_every_problem_is_counted_and_the_first_20_shown_with_their_rows(tmp_path, capsys):
    rows = [f"0101001,2023,1,F,6,x{i},0," for i in range(40)]
    rows = [r.replace(",6,", f",{6 + i % 10},") for i, r in enumerate(rows)]
    rows = [r.replace(",1,F,", f",{1 + i // 10},F,") for i, r in enumerate(rows)]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert "40 problems found" in out
    assert 'Column "pupils": 40 problems (the first 20 below).' in out
    for i in range(20):
        assert f'Row {i + 2}: "x{i}"' in out
    assert 'Row 22: "x20"' not in out
    assert "… and 20 more like these" in out


def test_table_inferred_from_file_name(tmp_path, capsys):
    path = write(tmp_path, "mi_enrolment_2023.csv", csv_text(*GOOD_ROWS))
    code, out = run(capsys, path)
    assert code == 0
    assert 'the "enrolment" table' in out


def test_table_given_explicitly(tmp_path, capsys):
    path = write(tmp_path, "matricula.csv", csv_text(*GOOD_ROWS))
    assert run(capsys, path, "--table", "enrolment")[0] == 0


def test_table_cannot_be_inferred_is_a_usage_error(tmp_path, capsys):
    path = write(tmp_path, "matricula.csv", csv_text(*GOOD_ROWS))
    code, out = run(capsys, path)
    assert code == 2
    assert "--table" in out


def test_unknown_table_is_a_usage_error(tmp_path, capsys):
    path = write(tmp_path, "x.csv", csv_text(*GOOD_ROWS))
    code, out = run(capsys, path, "--table", "enrollment")
    assert code == 2
    assert 'Did you mean "enrolment"?' in out


def test_missing_file_is_a_usage_error(tmp_path, capsys):
    code, out = run(capsys, tmp_path / "enrolment.csv")
    assert code == 2
    assert "There is no file" in out


def test_folder_is_a_usage_error(tmp_path, capsys):
    code, _out = run(capsys, tmp_path)
    assert code == 2


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary", b"a;b\n1;2\n"])
def test_command_line_never_shows_a_traceback(tmp_path, content):
    path = write(tmp_path, "enrolment.csv", content)
    result = subprocess.run(
        [sys.executable, "-m", "emiskit", "data", "validate", str(path)],
        capture_output=True, text=True, cwd=course_root(), check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Hint:" in result.stdout


# ---------------------------------------------------------------------------------------
# Capped reports, the full list, pipes and formulas


def test_all_errors_lists_every_problem_while_the_report_shows_20(tmp_path, capsys):
    rows = [f"0101001,2023,{1 + i % 5},{'FM'[i % 2]},{6 + i // 10},x{i},0," for i in range(60)]
    path = write(tmp_path, "enrolment.csv", csv_text(*rows))
    listing = tmp_path / "every-problem.csv"
    code, out = run(capsys, path, "--all-errors", str(listing))
    assert code == 1
    assert "60 problems found" in out
    assert "… and 40 more like these" in out
    assert out.count('in "pupils" is not a whole number') == 20
    assert "Every problem (60 rows) was written to" in out
    import csv

    with listing.open(encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    assert [int(r["row"]) for r in listed] == list(range(2, 62))
    assert {r["value"] for r in listed} == {f"x{i}" for i in range(60)}
    assert {(r["rule"], r["column"], r["severity"]) for r in listed} == {
        ("type", "pupils", "error")}


def test_capped_counts_are_exact_per_rule_and_column(tmp_path, capsys):
    rows = [f"0101001,2023,1,{'H' if i % 3 == 0 else 'F'},{6 + i % 10},{i + 1},-1,"
            for i in range(90)]
    rows = [r.replace(",2023,1,", f",2023,{1 + i // 10},") for i, r in enumerate(rows)]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert 'Column "sex": 30 problems (the first 20 below).' in out
    assert 'Column "repeaters": 90 problems (the first 20 below).' in out
    assert "… and 10 more like these" in out and "… and 70 more like these" in out
    assert "120 problems found" in out


def test_ragged_rows_are_reported_with_their_own_row_numbers(tmp_path, capsys):
    rows = [*GOOD_ROWS, "0101001,2023,2,F,7,5", "", "0101001,2023,3,F,8,x,0,"]
    code, out = run(capsys, write(tmp_path, "enrolment.csv", csv_text(*rows)))
    assert code == 1
    assert "Row 5 has fewer cells than there are column names" in out
    assert "Row 6 is empty" in out
    assert 'Row 7: "x" in "pupils"' in out


def test_a_named_pipe_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "enrolment.csv"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "emiskit", "data", "validate", str(fifo)],
        capture_output=True, text=True, cwd=course_root(), check=False, timeout=60,
    )
    assert result.returncode == 2
    assert "named pipe" in result.stderr and "Traceback" not in result.stderr


def test_a_named_pipe_in_a_folder_does_not_stop_the_other_tables(tmp_path, capsys):
    folder = tmp_path / "country"
    shutil.copytree(CLEAN, folder)
    (folder / "toolkit.csv").unlink()
    os.mkfifo(folder / "toolkit.csv")
    code = main(["data", "validate", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    assert "named pipe" in out
    assert "OK       schools.csv" in out and "13 of 14 tables are valid" in out


def test_cells_a_spreadsheet_would_run_are_warned_about(tmp_path, capsys):
    header = (datasets_dir() / "schools.csv").read_text(encoding="utf-8").splitlines()[:3]
    cells = header[1].split(",")
    cells[1] = '"=HYPERLINK(""http://x"",""click"")"'
    negative = header[2].split(",")
    path = write(tmp_path, "schools.csv", "\n".join([header[0], ",".join(cells),
                                                     ",".join(negative)]) + "\n")
    code, out = run(capsys, path)
    assert code == 0  # a warning does not make the file invalid
    assert "1 warning (the file is still valid, but check these)" in out
    assert 'Row 2: "=HYPERLINK' in out and "would run it as a formula" in out
    assert "Row 3" not in out  # negative latitudes in number columns are not formulas


# ---------------------------------------------------------------------------------------
# Checks between tables


def test_a_folder_whose_enrolment_names_unknown_schools_is_not_valid(tmp_path, capsys):
    folder = tmp_path / "country"
    shutil.copytree(CLEAN, folder)
    schools = (folder / "schools.csv").read_text(encoding="utf-8").splitlines()
    kept = [schools[0]] + [line for line in schools[1:] if not line.startswith("01")]
    (folder / "schools.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    import pandas as pd

    enrolment = pd.read_csv(folder / "enrolment.csv", dtype=str)
    orphans = enrolment[enrolment["school_id"].str.startswith("01")]
    teachers = pd.read_csv(folder / "teachers.csv", dtype=str)
    code = main(["data", "validate", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    assert "14 of 14 tables are valid" not in out
    assert "checks between tables failed" in out
    n, keys = len(orphans), orphans["school_id"].nunique()
    assert f"{n:,} of {len(enrolment):,} rows" in out
    assert f"{keys:,} different values" in out
    first = orphans.index[0] + 2
    assert f'row {first}: "{orphans["school_id"].iloc[0]}"' in out
    assert "FAILED   every school_id in enrolment.csv must be in schools.csv" in out
    assert "FAILED   every school_id in teachers.csv" in out
    assert teachers["school_id"].str.startswith("01").any()
    assert "OK       every district_code in schools.csv must be in districts.csv" in out
    assert "would be left out of every indicator" in out

    listing = tmp_path / "all.csv"
    assert main(["data", "validate", str(folder), "--all-errors", str(listing)]) == 1
    capsys.readouterr()
    listed = pd.read_csv(listing, dtype=str)
    rows = listed[(listed["file"] == "enrolment.csv") & (listed["rule"] == "foreign-key")]
    assert rows["row"].astype(int).tolist() == (orphans.index + 2).tolist()
    assert rows["value"].tolist() == orphans["school_id"].tolist()


def test_a_country_descriptor_adds_its_own_foreign_keys(tmp_path, capsys):
    folder = tmp_path / "country"
    shutil.copytree(CLEAN, folder)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == "census_raw":
            resource["schema"]["foreignKeys"] = [{
                "fields": ["district_name"],
                "reference": {"resource": "districts", "fields": ["district_name"]}}]
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    code = main(["data", "validate", str(folder)])
    out = capsys.readouterr().out
    assert "every district_name in census_raw.csv must be in districts.csv" in out
    assert code == 1  # census_raw holds district names as typed, with their typos


def test_clean_folder_runs_every_check_between_tables(capsys):
    code = main(["data", "validate", str(CLEAN)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "14 of 14 tables are valid." in out
    assert out.count("  OK       every") == 10


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_at_once(capsys):
    code = main(["data", "validate", "/dev/zero", "--table", "enrolment"])
    err = capsys.readouterr().err
    assert code == 2 and "a character device" in err
