"""The capstone: the rubric as data, the self-check of a brief notebook, and its CLI.

The self-check is run on the shipped template (which must fail: its sections are still
``...``), on the two worked examples of the facilitator edition (the strong one passes every
mechanical check, the weak one fails six specific ones), on small notebooks built here to
pin each rule, and on files that are not notebooks at all.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pytest

from emiskit.capstone import (
    BriefError,
    RubricError,
    check_brief,
    current_notebook,
    load_rubric,
    scoring_sheet_csv,
    total_points,
)
from emiskit.capstone import cli as capstone_cli
from emiskit.capstone.rubric import PAGE_BLOCKS, RUBRIC_PATH, find_page_block, page_block

TEMPLATE = Path("notebooks/capstone-policy-brief.ipynb")
STRONG = Path("book/facilitators/capstone/brief-strong.ipynb")
WEAK = Path("book/facilitators/capstone/brief-weak.ipynb")
SECTIONS = ["key_message", "problem", "evidence", "limits", "options", "monitoring", "sources"]


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


# -- building small briefs ------------------------------------------------------------------

FILLED = {
    "Key message": "Rural dropout in grade 7 is 12.7%, twice the national rate; follow up "
                   "every grade-6 pupil from 2026.",
    "The problem and why it matters": " ".join(["Young people leave school early."] * 8),
    "What the evidence says": "The out-of-school rate is 33.8% in 2024 against 18.8% "
                              "nationally. " + " ".join(["The gap is wide."] * 12),
    "Limits of the evidence and data quality": " ".join(["Projections may be off."] * 8),
    "Options and recommendation": "Option A has a low cost and is feasible; it helps equity. "
                                  + " ".join(["We compare options."] * 12),
    "Monitoring plan": "Out-of-school rate from 33.8% (2024) to 28% (2028), from the census "
                       "and projections, reviewed every June by the regional office with the "
                       "EMIS unit.",
    "Sources": "- Valdoria census, fictional, 2024\n- Haimovich et al. (2021)",
}

SPEC = {
    "mark": {"type": "bar"},
    "encoding": {"x": {"field": "rate", "type": "quantitative"},
                 "y": {"field": "region", "type": "nominal"}},
    "description": "Bar chart of the out-of-school rate in six regions of a fictional "
                   "country, longest in the east.",
    "title": {"text": "Out of school", "subtitle": "Valdoria (fictional data)"},
}


def _chart_output(spec: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "execute_result", data={"application/vnd.vegalite.v6+json": spec}, execution_count=2)


def write_brief(path: Path, *, sections: dict[str, str] | None = None,
                title: str = "Keeping young people in school",
                spec: dict | None = SPEC, code: str = "x = datasets.load('schools')",
                guidance: str = "") -> Path:
    """A brief notebook with the given section texts, one chart, and a clean run."""
    nb = nbformat.v4.new_notebook()
    cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    for heading, text in (FILLED if sections is None else sections).items():
        cells.append(nbformat.v4.new_markdown_cell(f"## {heading}\n\n{guidance}{text}"))
    setup = nbformat.v4.new_code_cell(code)
    setup.execution_count = 1
    chart = nbformat.v4.new_code_cell("alt.Chart(table).mark_bar()")
    chart.execution_count = 2
    if spec is not None:
        chart.outputs = [_chart_output(spec)]
    cells[3:3] = [setup, chart]
    nb.cells = cells
    nbformat.write(nb, path)
    return path


def failed(report) -> set[str]:
    return set(report.failed_checks)


# -- the shipped notebooks ------------------------------------------------------------------

def test_template_fails_because_its_sections_are_unfilled(root: Path) -> None:
    report = check_brief(root / TEMPLATE)
    assert not report.passed
    for section in SECTIONS:
        finding = report.finding(f"{section}_filled")
        assert not finding.passed, section
    assert "placeholder" in report.finding("key_message_filled").message
    assert not report.finding("title").passed
    assert not report.finding("no_code_placeholders").passed
    # What the template ships ready-made works: the example chart and a clean run.
    for check in ("chart_present", "chart_description", "chart_bars_from_zero",
                  "ran_cleanly", "synthetic_data_labelled"):
        assert report.finding(check).passed, check


def test_strong_example_passes_every_mechanical_check(root: Path) -> None:
    report = check_brief(root / STRONG)
    assert report.passed, report.to_text()


def test_weak_example_fails_the_checks_its_flaws_predict(root: Path) -> None:
    report = check_brief(root / WEAK)
    assert failed(report) == {
        "key_message_length",      # 79 words
        "chart_description",       # no .properties(description=...)
        "chart_bars_from_zero",    # the axis starts at 4%
        "limits_filled",           # no limits section
        "options_criteria",        # one option, no cost/feasibility/equity
        "synthetic_data_labelled",  # Valdoria never called fictional
    }
    assert "No section 'Limits of the evidence and data quality'" in \
        report.finding("limits_filled").message


def test_worked_examples_are_facilitator_only_and_executed(root: Path) -> None:
    for path in (STRONG, WEAK):
        nb = json.loads((root / path).read_text(encoding="utf-8"))
        assert nb["metadata"].get("audience") == "facilitator"
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] is not None for c in code), path
    template = json.loads((root / TEMPLATE).read_text(encoding="utf-8"))
    assert "audience" not in template["metadata"]


def test_report_text_names_each_criterion(root: Path, rubric) -> None:
    text = check_brief(root / WEAK).to_text()
    assert text.startswith("Self-check of brief-weak.ipynb: 12 of 18 checks passed.")
    for criterion in rubric.criteria:
        assert criterion.name in text
    assert str(root) not in text  # no machine-specific path in stored outputs


# -- each rule on small notebooks -----------------------------------------------------------

def test_a_filled_brief_passes(tmp_path: Path) -> None:
    report = check_brief(write_brief(tmp_path / "b.ipynb"))
    assert report.passed, report.to_text()


def test_spanish_headings_are_recognised(tmp_path: Path) -> None:
    spanish = dict(zip(
        ["Mensaje clave", "El problema y por qué importa", "Lo que dice la evidencia",
         "Límites de la evidencia y calidad de los datos", "Opciones y recomendación",
         "Plan de seguimiento", "Fuentes"],
        FILLED.values(), strict=True))
    report = check_brief(write_brief(tmp_path / "es.ipynb", sections=spanish))
    assert report.passed, report.to_text()


def test_guidance_lines_do_not_count_as_text(tmp_path: Path) -> None:
    sections = dict(FILLED)
    guidance = "> " + " ".join(["Write about the problem here."] * 10) + "\n\n"
    sections["The problem and why it matters"] = "Too short."
    report = check_brief(write_brief(tmp_path / "g.ipynb", sections=sections,
                                     guidance=guidance))
    assert failed(report) == {"problem_filled"}
    assert "only 2 words" in report.finding("problem_filled").message


def test_a_left_over_placeholder_fails_its_section(tmp_path: Path) -> None:
    sections = dict(FILLED)
    sections["Monitoring plan"] += "\n\n| ... | ... |"
    report = check_brief(write_brief(tmp_path / "p.ipynb", sections=sections))
    assert failed(report) == {"monitoring_filled"}


def test_key_message_word_limit_is_inclusive(tmp_path: Path, rubric) -> None:
    limit = rubric.key_message_word_limit
    for words, passes in ((limit, True), (limit + 1, False)):
        sections = dict(FILLED, **{"Key message": " ".join(["word"] * words)})
        report = check_brief(write_brief(tmp_path / f"k{words}.ipynb", sections=sections))
        assert report.finding("key_message_length").passed is passes
        assert f"{words} words" in report.finding("key_message_length").message


@pytest.mark.parametrize(("scale", "honest"), [
    ({"zero": False}, False),
    ({"domain": [4, 11]}, False),
    ({"domain": [-1, 0]}, True),   # a loss drawn from zero
    ({"domain": [0, 40]}, True),
    ({}, True),
])
def test_bars_must_start_at_zero(tmp_path: Path, scale: dict, honest: bool) -> None:
    spec = json.loads(json.dumps(SPEC))
    spec["encoding"]["x"]["scale"] = scale
    report = check_brief(write_brief(tmp_path / "z.ipynb", spec=spec))
    assert report.finding("chart_bars_from_zero").passed is honest


def test_cut_axis_is_found_inside_a_layered_chart(tmp_path: Path) -> None:
    layer = {"layer": [{"mark": "bar", "encoding": {"y": {"field": "dropout",
                                                          "type": "quantitative",
                                                          "scale": {"zero": False}}}},
                       {"mark": "rule"}],
             "description": SPEC["description"]}
    report = check_brief(write_brief(tmp_path / "l.ipynb", spec=layer))
    assert not report.finding("chart_bars_from_zero").passed
    assert "'dropout'" in report.finding("chart_bars_from_zero").message


def test_chart_is_read_from_altair_html_output(tmp_path: Path) -> None:
    path = write_brief(tmp_path / "h.ipynb")
    nb = nbformat.read(path, as_version=4)
    html = ('<div id="altair-viz-1"></div><script>(function(vegaEmbed) {'
            'vegaEmbed(outputDiv, spec, embedOpt)})(' + json.dumps(SPEC)
            + ', {"mode": "vega-lite"});</script>')
    nb.cells[4].outputs = [nbformat.v4.new_output(
        "execute_result", data={"text/html": html, "text/plain": "alt.Chart(...)"},
        execution_count=2)]
    nbformat.write(nb, path)
    assert check_brief(path).passed
    undescribed = dict(SPEC, description="A chart.")
    nb.cells[4].outputs[0]["data"]["text/html"] = html.replace(
        json.dumps(SPEC), json.dumps(undescribed))
    nbformat.write(nb, path)
    assert failed(check_brief(path)) == {"chart_description"}


def test_no_chart_in_the_outputs(tmp_path: Path) -> None:
    report = check_brief(write_brief(tmp_path / "n.ipynb", spec=None))
    assert {"chart_present", "chart_description"} <= failed(report)
    assert "save the notebook" in report.finding("chart_present").message


def test_sample_data_must_be_called_fictional(tmp_path: Path) -> None:
    sections = dict(FILLED, Sources="- Valdoria census 2024\n- Haimovich et al. (2021)")
    unlabelled = dict(SPEC, title="Out of school", description="Bar chart of the "
                      "out-of-school rate in six regions, longest in the east of the country.")
    report = check_brief(write_brief(tmp_path / "f.ipynb", sections=sections, spec=unlabelled))
    assert failed(report) == {"synthetic_data_labelled"}
    # Own data (nothing loaded from the course's datasets) need no such label.
    report = check_brief(write_brief(tmp_path / "own.ipynb", sections=sections,
                                     spec=unlabelled, code="x = pd.read_csv('mine.csv')"))
    assert report.finding("synthetic_data_labelled").passed


def test_errors_unrun_cells_and_code_placeholders_are_reported(tmp_path: Path) -> None:
    path = write_brief(tmp_path / "r.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].outputs = [nbformat.v4.new_output(
        "error", ename="KeyError", evalue="'region'", traceback=[])]
    nbformat.write(nb, path)
    finding = check_brief(path).finding("ran_cleanly")
    assert not finding.passed and "KeyError" in finding.message and "cell 4" in finding.message

    nb.cells[3].outputs = []
    nb.cells[3].execution_count = None
    nbformat.write(nb, path)
    assert "never run" in check_brief(path).finding("ran_cleanly").message

    nb.cells[3].execution_count = 5  # run after the chart cell (2)
    nbformat.write(nb, path)
    assert "out of order" in check_brief(path).finding("ran_cleanly").message

    nb.cells[3].execution_count = 1
    nb.cells[3].source = "second_indicator = ...\n"
    nbformat.write(nb, path)
    assert failed(check_brief(path)) == {"no_code_placeholders"}


# -- files that are not briefs --------------------------------------------------------------

def test_missing_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match=r"No file at .*nowhere\.ipynb\. Check the file name"):
        check_brief(tmp_path / "nowhere.ipynb")


@pytest.mark.parametrize(("content", "expected"), [
    ("print('hello')\n", "not a Jupyter notebook: it could not be read"),
    ('{"metadata": {}}', "has no list of cells"),
    ('{"cells": [], "nbformat": 3}', "old notebook format"),
])
def test_not_a_notebook_gives_a_clear_error(tmp_path: Path, content: str,
                                            expected: str) -> None:
    path = tmp_path / "brief.ipynb"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BriefError, match=expected):
        check_brief(path)


def test_binary_file_and_folder_give_clear_errors(tmp_path: Path) -> None:
    binary = tmp_path / "brief.pdf"
    binary.write_bytes(b"%PDF-1.7\n\xff\xfe\x00\x81")
    with pytest.raises(BriefError, match="not a text file"):
        check_brief(binary)
    with pytest.raises(BriefError, match="is a folder"):
        check_brief(tmp_path)


def test_current_notebook_uses_the_session_path(tmp_path: Path, monkeypatch) -> None:
    brief = write_brief(tmp_path / "brief-ana.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "course/notebooks/brief-ana.ipynb")
    assert current_notebook(fallback="template.ipynb") == Path("brief-ana.ipynb")
    monkeypatch.setenv("JPY_SESSION_NAME", str(brief))
    assert current_notebook(fallback="template.ipynb") == brief
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert current_notebook(fallback="template.ipynb") == Path("template.ipynb")


# -- the rubric as data ---------------------------------------------------------------------

def test_rubric_page_shows_the_rubric_data(root: Path, rubric) -> None:
    page = (root / "book/capstone/rubric.md").read_text(encoding="utf-8")
    for name in PAGE_BLOCKS:
        assert find_page_block(page, name) == page_block(rubric, name), (
            f"book/capstone/rubric.md: the {name} differs from emiskit/capstone/rubric.yml; "
            "run `emiskit capstone rubric` and paste its output into the page")


def test_rubric_table_has_a_row_per_criterion_and_the_total(rubric) -> None:
    table = page_block(rubric, "rubric table")
    rows = [line for line in table.splitlines() if line.startswith("| **")]
    assert [re.match(r"\| \*\*(.+?)\*\*", r).group(1) for r in rows] == \
        [c.name for c in rubric.criteria]
    assert all(row.count(" | ") == len(rubric.levels) for row in rows)
    assert f"Total: {rubric.max_points} points." in table


def test_total_points_weights_each_level(rubric) -> None:
    top = dict.fromkeys((c.id for c in rubric.criteria), 4)
    assert total_points(rubric, top) == rubric.max_points == 40
    one = dict.fromkeys((c.id for c in rubric.criteria), 1)
    assert total_points(rubric, one) == sum(c.weight for c in rubric.criteria)
    assert total_points(rubric, dict(one, evidence=3)) == total_points(rubric, one) + 4


def test_total_points_rejects_bad_scores(rubric) -> None:
    full = dict.fromkeys((c.id for c in rubric.criteria), 3)
    with pytest.raises(RubricError, match="missing: limits"):
        total_points(rubric, {k: v for k, v in full.items() if k != "limits"})
    with pytest.raises(RubricError, match="not in the rubric: style"):
        total_points(rubric, dict(full, style=2))
    with pytest.raises(RubricError, match="'chart': level 5"):
        total_points(rubric, dict(full, chart=5))


def test_scoring_sheet_formula_matches_total_points(rubric) -> None:
    sheet = list(csv.reader(io.StringIO(scoring_sheet_csv(rubric, ["Ana", "Luis"]))))
    header, ana = sheet[0], sheet[1]
    assert len(sheet) == 3 and ana[0] == "Ana"
    assert len(header) == 2 + 2 * len(rubric.criteria)
    levels = {c.id: (i % 4) + 1 for i, c in enumerate(rubric.criteria)}
    row = {chr(ord("A") + i): "" for i in range(len(header))}
    for i, c in enumerate(rubric.criteria):
        row[chr(ord("B") + 2 * i)] = levels[c.id]
    formula = ana[-1].lstrip("=")
    value = sum(row[term[0]] * int(term.split("*")[1]) for term in formula.split("+"))
    assert value == total_points(rubric, levels)


def test_assessment_page_totals_follow_the_rubric(root: Path, rubric) -> None:
    page = (root / "book/facilitators/capstone-assessment.md").read_text(encoding="utf-8")
    assert page.startswith("---\naudience: facilitator\n")
    by_name = {c.name: c for c in rubric.criteria}
    strong, weak = {}, {}
    stated = None
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] in by_name:
            criterion = by_name[cells[0]]
            assert int(cells[1]) == criterion.weight, cells[0]
            strong[criterion.id], weak[criterion.id] = int(cells[2]), int(cells[3])
        total = re.match(r"\| \*\*Total \(of (\d+)\)\*\* \| +\| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|",
                         line)
        if total:
            stated = tuple(map(int, total.groups()))
    assert stated == (rubric.max_points, total_points(rubric, strong),
                      total_points(rubric, weak))


def test_malformed_rubric_is_rejected_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yml"
    source = RUBRIC_PATH.read_text(encoding="utf-8")
    path.write_text(source.replace("      1: A wish without indicators", "      9: A wish"),
                    encoding="utf-8")
    with pytest.raises(RubricError, match="criterion 'monitoring': descriptors must cover"):
        load_rubric(path)
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(RubricError, match="expected a YAML mapping"):
        load_rubric(path)
    with pytest.raises(RubricError, match="rubric file not found"):
        load_rubric(tmp_path / "none.yml")


# -- the command line -----------------------------------------------------------------------

def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="emiskit")
    capstone_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_check_exit_codes(root: Path, tmp_path: Path, capsys) -> None:
    assert run_cli(["capstone", "check", str(root / STRONG)]) == 0
    assert "18 of 18 checks passed" in capsys.readouterr().out
    assert run_cli(["capstone", "check", str(root / WEAK)]) == 1
    assert "TO DO" in capsys.readouterr().out
    assert run_cli(["capstone", "check", str(tmp_path / "missing.ipynb")]) == 2
    assert "error: No file at" in capsys.readouterr().err


def test_cli_check_reads_every_notebook_in_a_folder(tmp_path: Path, capsys) -> None:
    write_brief(tmp_path / "a.ipynb")
    (tmp_path / "b").mkdir()
    write_brief(tmp_path / "b" / "b.ipynb", title="Policy brief: ...")
    assert run_cli(["capstone", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Self-check of a.ipynb" in out and "Self-check of b.ipynb" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli(["capstone", "check", str(empty)]) == 2
    assert "no .ipynb file found" in capsys.readouterr().err


def test_cli_rubric_prints_page_blocks_and_sheet(rubric, capsys) -> None:
    assert run_cli(["capstone", "rubric"]) == 0
    out = capsys.readouterr().out
    assert all(page_block(rubric, name) in out for name in PAGE_BLOCKS)
    assert run_cli(["capstone", "rubric", "--format", "csv", "--learner", "Ana"]) == 0
    assert capsys.readouterr().out == scoring_sheet_csv(rubric, ["Ana"])
