"""The capstone self-check: what a program can see in a policy-brief notebook.

``check_brief(path)`` reads a saved brief notebook (it never runs it) and reports, for each
rubric criterion, the mechanical checks listed in ``rubric.yml``: the required sections are
there and filled in (no ``...`` placeholder left), the key message is short, a chart is
shown with a text description and bars from zero, sources are listed, sample data are
labelled fictional, and the saved outputs show a clean top-to-bottom run. Passing every
check does not make a good brief: quality is scored by a person with the rubric.

A section starts at a level-2 heading (``##``) that contains one of the section's keywords
and runs to the next level-1 or level-2 heading. Lines that start with ``>`` are the
template's guidance and do not count as the participant's text.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from emiskit.capstone.rubric import Rubric, load_rubric

__all__ = ["BriefError", "BriefReport", "Finding", "check_brief", "current_notebook"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PLACEHOLDERS = {"...", "…"}
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
_CODE_PLACEHOLDER = re.compile(r"(^|[=(\[,:])\s*\.\.\.\s*($|[)\],#])")
_VEGALITE = "application/vnd.vegalite."
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_DESCRIPTION_MIN_WORDS = 10


class BriefError(ValueError):
    """The file cannot be checked: it is missing or is not a Jupyter notebook."""


@dataclass(frozen=True)
class Finding:
    """The result of one check: which rubric criterion it serves, and what was found."""

    criterion: str
    check: str
    passed: bool
    message: str


@dataclass(frozen=True)
class BriefReport:
    """Every check's finding for one brief, in the rubric's order."""

    name: str
    findings: tuple[Finding, ...]
    rubric: Rubric = field(repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.findings)

    @property
    def failed_checks(self) -> list[str]:
        return [f.check for f in self.findings if not f.passed]

    def finding(self, check: str) -> Finding:
        for f in self.findings:
            if f.check == check:
                return f
        raise KeyError(f"no check named {check!r}")

    def to_text(self) -> str:
        done = sum(f.passed for f in self.findings)
        lines = [
            f"Self-check of {self.name}: {done} of {len(self.findings)} checks passed.",
            "It looks only for what a program can see. Your facilitator scores the quality of",
            "the brief with the rubric.",
        ]
        for criterion in self.rubric.criteria:
            mine = [f for f in self.findings if f.criterion == criterion.id]
            if not mine:
                continue
            lines += ["", criterion.name]
            for f in mine:
                lines.append(f"  {'OK   ' if f.passed else 'TO DO'}  {f.message}")
        if self.passed:
            lines += ["", "Every mechanical check passes. Now reread the brief against the "
                          "rubric, as your reader would."]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


# -- reading the notebook -------------------------------------------------------------------

def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _read_notebook(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise BriefError(f"No file at {path}. Check the file name and the folder, and save the "
                         "notebook before checking it.")
    if path.is_dir():
        raise BriefError(f"{path} is a folder. Give the path of the brief's .ipynb file.")
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BriefError(f"{path} is not a Jupyter notebook (it is not a text file). Give the "
                         "path of the brief's .ipynb file.") from None
    except json.JSONDecodeError as error:
        raise BriefError(
            f"{path} is not a Jupyter notebook: it could not be read as notebook data (line "
            f"{error.lineno}: {error.msg}). Give the .ipynb file saved by Jupyter, not an "
            "exported copy (.py, .html, .pdf)."
        ) from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise BriefError(f"{path} is not a Jupyter notebook: it has no list of cells. Give "
                         "the .ipynb file saved by Jupyter.")
    if int(nb.get("nbformat", 0) or 0) < 4:
        raise BriefError(f"{path} uses an old notebook format (version "
                         f"{nb.get('nbformat', 'unknown')}). Open it in JupyterLab and save it "
                         "again, which converts it.")
    return nb


@dataclass
class _Parsed:
    title: str | None = None
    sections: dict[str, list[str]] = field(default_factory=dict)  # section id -> lines
    text: list[str] = field(default_factory=list)  # all participant text (no guidance)
    code_cells: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _match_section(heading: str, rubric: Rubric) -> str | None:
    lowered = heading.lower()
    by_id = {s.id: s for s in rubric.sections}
    for sid in rubric.match_order:
        if any(k in lowered for k in by_id[sid].keywords):
            return sid
    return None


def _markdown_lines(source: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for each line of a Markdown cell: heading, guidance or text."""
    in_fence = False
    for line in _COMMENT.sub("", source).splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _HEADING.match(line):
            yield "heading", line
        elif line.lstrip().startswith(">"):
            yield "guidance", line
        else:
            yield "text", line


def _parse(nb: dict[str, Any], rubric: Rubric) -> _Parsed:
    parsed = _Parsed()
    current: str | None = None
    for number, cell in enumerate(nb["cells"], start=1):
        kind = cell.get("cell_type")
        if kind == "code":
            parsed.code_cells.append((number, cell))
            continue
        if kind != "markdown":
            continue
        for line_kind, line in _markdown_lines(_source(cell)):
            if line_kind == "heading":
                match = _HEADING.match(line)
                assert match is not None
                level, text = len(match.group(1)), match.group(2)
                if level == 1:
                    if parsed.title is None:
                        parsed.title = text
                    current = None
                elif level == 2:
                    current = _match_section(text, rubric)
                    if current is not None:
                        parsed.sections.setdefault(current, [])
                continue
            if line_kind == "text":
                parsed.text.append(line)
                if current is not None:
                    parsed.sections[current].append(line)
    return parsed


def _cells(numbers: list[int]) -> str:
    """'cell 6' or 'cells 4, 7', counted the way a reader can follow."""
    label = "cell" if len(numbers) == 1 else "cells"
    return f"{label} {', '.join(map(str, numbers))} (counting every cell from the top)"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _has_placeholder(lines: list[str]) -> bool:
    return any(token in _PLACEHOLDERS
               for line in lines for token in re.split(r"[\s|]+", line.strip("-*+ ")))


def _strip_placeholders(lines: list[str]) -> str:
    return "\n".join(" ".join(t for t in line.split() if t not in _PLACEHOLDERS)
                     for line in lines)


# -- charts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Chart:
    cell: int
    spec: dict[str, Any] | None
    source: str


def _spec_from_html(html: str) -> dict[str, Any] | None:
    """The Vega-Lite spec inside Altair's HTML output: ``...})({spec}, {options});``."""
    start = html.rfind("})(")
    if "vegaEmbed" not in html or start < 0:
        return None
    try:
        spec, _ = json.JSONDecoder().raw_decode(html, start + 3)
    except json.JSONDecodeError:
        return None
    return spec if isinstance(spec, dict) else None


def _charts(nb: dict[str, Any], code_cells: list[tuple[int, dict[str, Any]]]) -> list[_Chart]:
    widget_state = (nb.get("metadata", {}).get("widgets", {}) or {}).get(_WIDGET_STATE, {})
    models = widget_state.get("state", {}) if isinstance(widget_state, dict) else {}
    found: list[_Chart] = []
    for number, cell in code_cells:
        source = _source(cell)
        for output in cell.get("outputs", []) or []:
            data = output.get("data", {}) or {}
            spec: dict[str, Any] | None = None
            is_chart = False
            for mime, value in data.items():
                if mime.startswith(_VEGALITE):
                    is_chart = True
                    spec = value if isinstance(value, dict) else json.loads("".join(value))
            if not is_chart and "text/html" in data:
                html = data["text/html"]
                spec = _spec_from_html("".join(html) if isinstance(html, list) else html)
                is_chart = spec is not None
            if not is_chart and _WIDGET_VIEW in data:
                # Altair's offline renderer draws a widget; its spec is in the saved widget
                # state when JupyterLab saved it, otherwise only the code tells.
                model = models.get(str(data[_WIDGET_VIEW].get("model_id")), {}) or {}
                state = model.get("state", {}) or {}
                if isinstance(state.get("spec"), dict):
                    is_chart, spec = True, state["spec"]
                elif not model and re.search(r"\balt\.|\bChart\(", source):
                    is_chart = True
            if is_chart:
                found.append(_Chart(number, spec, source))
    return found


def _chart_texts(spec: dict[str, Any]) -> list[str]:
    """Title, subtitle and description strings anywhere in a spec."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "subtitle", "description", "text") and isinstance(
                        value, str | list):
                    texts.extend([value] if isinstance(value, str) else
                                 [v for v in value if isinstance(v, str)])
                elif key != "datasets" and key != "data":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return texts


def _bars_not_from_zero(spec: dict[str, Any]) -> list[str]:
    """Names of the fields whose bars do not start at zero (a cut value axis)."""
    problems: list[str] = []

    def check(node: dict[str, Any], encoding: dict[str, Any]) -> None:
        mark = node["mark"]
        mark_type = mark.get("type") if isinstance(mark, dict) else mark
        if mark_type != "bar" or "x2" in encoding or "y2" in encoding:
            return
        for channel in ("x", "y"):
            enc = encoding.get(channel)
            if not isinstance(enc, dict) or enc.get("type") != "quantitative":
                continue
            scale = enc.get("scale") or {}
            domain = scale.get("domain")
            numeric = isinstance(domain, list) and len(domain) == 2 and all(
                isinstance(v, int | float) for v in domain)
            if scale.get("zero") is False or (numeric and not min(domain) <= 0 <= max(domain)):
                problems.append(str(enc.get("field") or enc.get("title") or channel))

    def walk(node: Any, inherited: dict[str, Any]) -> None:
        if not isinstance(node, dict):
            return
        encoding = {**inherited, **(node.get("encoding") or {})}
        if "mark" in node:
            check(node, encoding)
        for child in node.get("layer", []) or []:
            walk(child, encoding)
        for key in ("hconcat", "vconcat", "concat"):
            for child in node.get(key, []) or []:
                walk(child, {})
        if isinstance(node.get("spec"), dict):
            walk(node["spec"], encoding)

    walk(spec, {})
    return problems


# -- the checks -----------------------------------------------------------------------------

def _section_findings(parsed: _Parsed, rubric: Rubric) -> dict[str, Finding]:
    findings: dict[str, Finding] = {}
    for section in rubric.sections:
        check = f"{section.id}_filled"
        lines = parsed.sections.get(section.id)
        title = f"'{section.heading}'"  # quoted, as the reader sees the heading
        if lines is None:
            message = (f"No section {title}: add the heading '## {section.heading}' and "
                       "write the section under it.")
            passed = False
        elif _has_placeholder(lines):
            message = (f"The section {title} still has a '...' placeholder: replace it "
                       "with your own text.")
            passed = False
        else:
            words = len(_words(_strip_placeholders(lines)))
            passed = words >= section.min_words
            message = (f"The section {title} is filled in ({words} words)." if passed else
                       f"The section {title} has only {words} words: it needs at least "
                       f"{section.min_words}. The guidance lines (starting with >) do not "
                       "count.")
        findings[check] = Finding(section.id, check, passed, message)
    return findings


def _title_finding(parsed: _Parsed) -> Finding:
    title = parsed.title
    if title is None:
        return Finding("key_message", "title", False,
                       "The notebook has no title: start the first cell with '# ' and a title.")
    if any(t in _PLACEHOLDERS for t in title.split()) or title.strip().endswith("..."):
        return Finding("key_message", "title", False,
                       "The title still holds the template's '...': write your own title.")
    return Finding("key_message", "title", True, f"Title: '{title}'.")


def _key_message_length(parsed: _Parsed, rubric: Rubric) -> Finding:
    limit = rubric.key_message_word_limit
    lines = parsed.sections.get("key_message")
    if not lines or _has_placeholder(lines):
        return Finding("key_message", "key_message_length", False,
                       f"Write the key message first (at most {limit} words).")
    words = len(_words(_strip_placeholders(lines)))
    if words > limit:
        return Finding("key_message", "key_message_length", False,
                       f"The key message has {words} words; keep it to {limit} or fewer. A "
                       "busy reader should get the point in two or three sentences.")
    return Finding("key_message", "key_message_length", True,
                   f"The key message has {words} words (limit {limit}).")


def _figures_finding(parsed: _Parsed, section: str, check: str, criterion: str,
                     need: int, what: str, advice: str) -> Finding:
    lines = parsed.sections.get(section) or []
    figures = set(_NUMBER.findall(_strip_placeholders(lines)))
    if len(figures) >= need:
        return Finding(criterion, check, True, f"The section quotes {what} ({len(figures)} "
                                                "different numbers).")
    return Finding(criterion, check, False, advice)


def _options_finding(parsed: _Parsed, rubric: Rubric) -> Finding:
    text = _strip_placeholders(parsed.sections.get("options") or []).lower()
    missing = [aspect for aspect, words in rubric.option_aspects.items()
               if not any(w in text for w in words)]
    if not missing:
        return Finding("options", "options_criteria", True,
                       "The options are weighed on " + ", ".join(rubric.option_aspects) + ".")
    return Finding("options", "options_criteria", False,
                   "The options section does not discuss " + " or ".join(missing) + ". Say, "
                   "for each option, what it costs, whether it can be done with the people "
                   "and time available, and who benefits or could be left out.")


def _chart_findings(charts: list[_Chart]) -> list[Finding]:
    if not charts:
        advice = ("No chart in the saved outputs. Run the chart cell, then save the notebook "
                  "(a chart only counts once its output is saved).")
        return [Finding("chart", "chart_present", False, advice),
                Finding("chart", "chart_description", False,
                        "Add a chart with a text description: .properties(description=...)."),
                Finding("chart", "chart_bars_from_zero", False,
                        "No chart to check for a cut axis yet.")]
    findings = [Finding("chart", "chart_present", True,
                        f"{len(charts)} chart{'s' if len(charts) > 1 else ''} in the outputs.")]
    undescribed = []
    for chart in charts:
        if chart.spec is not None:
            description = chart.spec.get("description")
            ok = isinstance(description, str) and len(_words(description)) >= \
                _DESCRIPTION_MIN_WORDS
        else:  # a widget whose state was not saved: read the cell's code instead
            ok = "description=" in chart.source
        if not ok:
            undescribed.append(chart.cell)
    if undescribed:
        findings.append(Finding(
            "chart", "chart_description", False,
            f"The chart in {_cells(undescribed)} has no text description "
            f"(or one under {_DESCRIPTION_MIN_WORDS} words). Add .properties(description="
            "\"...\") saying what the chart shows and what the reader should see in it."))
    else:
        findings.append(Finding("chart", "chart_description", True,
                                "Every chart has a text description."))
    cut = [(chart.cell, field_name) for chart in charts if chart.spec is not None
           for field_name in _bars_not_from_zero(chart.spec)]
    if cut:
        where = ", ".join(f"'{name}'" for _, name in cut)
        findings.append(Finding(
            "chart", "chart_bars_from_zero", False,
            f"Bars that do not start at zero in {_cells(sorted({c for c, _ in cut}))}, "
            f"for {where}. A bar's length is its value, so a cut "
            "axis exaggerates differences. Let the axis start at zero, or draw dots instead."))
    else:
        findings.append(Finding("chart", "chart_bars_from_zero", True,
                                "No bar chart with a cut value axis."))
    return findings


def _sources_list_finding(parsed: _Parsed) -> Finding:
    lines = [ln for ln in parsed.sections.get("sources") or [] if ln.strip()]
    items = [ln for ln in lines if _LIST_ITEM.match(ln)] or lines
    if len(items) >= 2 and not _has_placeholder(lines):
        return Finding("sources", "sources_filled", True, f"{len(items)} sources listed.")
    if parsed.sections.get("sources") is None:
        return Finding("sources", "sources_filled", False,
                       "No section 'Sources': add '## Sources' and list each source (data "
                       "and research) as a bullet point.")
    return Finding("sources", "sources_filled", False,
                   "List at least two sources, one per bullet point: the data you used (with "
                   "the year) and the research or documents behind your options.")


def _synthetic_finding(parsed: _Parsed, charts: list[_Chart], rubric: Rubric) -> Finding:
    code = "\n".join(_source(cell) for _, cell in parsed.code_cells)
    if not re.search(r"\bdatasets\.load\(", code):
        return Finding("sources", "synthetic_data_labelled", True,
                       "The brief does not load the course's sample data.")
    texts = list(parsed.text)
    for chart in charts:
        if chart.spec is not None:
            texts.extend(_chart_texts(chart.spec))
    haystack = "\n".join(texts).lower()
    if any(label in haystack for label in rubric.synthetic_labels):
        return Finding("sources", "synthetic_data_labelled", True,
                       "The brief says that the sample data are fictional.")
    return Finding("sources", "synthetic_data_labelled", False,
                   "The brief uses the course's sample data but never says they are fictional. "
                   "Say so in the text and in the chart's title or subtitle, so that no reader "
                   "takes a Valdoria figure for a real statistic.")


def _run_findings(parsed: _Parsed) -> list[Finding]:
    code = [(n, c) for n, c in parsed.code_cells if _source(c).strip()]
    not_run = [n for n, c in code if c.get("execution_count") is None]
    errors = [(n, o.get("ename", "Error")) for n, c in code for o in c.get("outputs", []) or []
              if o.get("output_type") == "error"]
    counts = [c.get("execution_count") for _, c in code if c.get("execution_count") is not None]
    in_order = all(a < b for a, b in pairwise(counts))
    if errors:
        names = ", ".join(sorted({name for _, name in errors}))
        where = _cells(sorted({n for n, _ in errors}))
        run = Finding("sources", "ran_cleanly", False,
                      f"The saved outputs show an error ({names}) in {where}. Fix it, then "
                      "run Kernel > Restart Kernel and Run All Cells, and save.")
    elif not_run:
        run = Finding("sources", "ran_cleanly", False,
                      f"Some code was never run: {_cells(not_run)}. Run Kernel > Restart "
                      "Kernel and Run All Cells, then save.")
    elif not in_order:
        run = Finding("sources", "ran_cleanly", False,
                      "The cells were run out of order, so a reader may not get the same "
                      "results. Run Kernel > Restart Kernel and Run All Cells, then save.")
    else:
        run = Finding("sources", "ran_cleanly", True,
                      "The saved outputs show one clean run from top to bottom.")
    placeholders = [n for n, c in code
                    if any(_CODE_PLACEHOLDER.search(line.split("#")[0].strip()) or
                           line.strip() == "..." for line in _source(c).splitlines())]
    if placeholders:
        holder = Finding("sources", "no_code_placeholders", False,
                         f"Code still holds a '...' placeholder in {_cells(placeholders)}: "
                         "replace it with your own code, "
                         "or delete the cell if you do not need it.")
    else:
        holder = Finding("sources", "no_code_placeholders", True,
                         "No '...' placeholder left in the code.")
    return [run, holder]


def check_brief(path: str | os.PathLike[str], rubric: Rubric | None = None) -> BriefReport:
    """Check a saved brief notebook against the mechanical checks of the rubric.

    Raises :class:`BriefError` (with what to do) when the file is missing or is not a
    notebook. The notebook is read, never executed.
    """
    rubric = rubric or load_rubric()
    path = Path(path)
    nb = _read_notebook(path)
    parsed = _parse(nb, rubric)
    charts = _charts(nb, parsed.code_cells)
    sections = _section_findings(parsed, rubric)
    computed: dict[str, Finding] = dict(sections)
    computed["title"] = _title_finding(parsed)
    computed["key_message_length"] = _key_message_length(parsed, rubric)
    computed["evidence_figures"] = _figures_finding(
        parsed, "evidence", "evidence_figures", "evidence", 2, "figures",
        "Quote at least two figures from your indicators in the text (with their year and "
        "unit), so that the reader does not have to read them off the chart.")
    computed["monitoring_targets"] = _figures_finding(
        parsed, "monitoring", "monitoring_targets", "monitoring", 1, "baselines or targets",
        "Give each monitoring indicator its baseline and a target with a date (for example "
        "'from 34% in 2024 to 28% in 2027').")
    computed["options_criteria"] = _options_finding(parsed, rubric)
    computed.update({f.check: f for f in _chart_findings(charts)})
    computed["sources_filled"] = _sources_list_finding(parsed)
    computed["synthetic_data_labelled"] = _synthetic_finding(parsed, charts, rubric)
    computed.update({f.check: f for f in _run_findings(parsed)})

    ordered = []
    for criterion in rubric.criteria:
        for item in criterion.checks:
            if item.id not in computed:
                raise RuntimeError(f"rubric.yml lists check {item.id!r}, which the checker "
                                   "does not implement")
            ordered.append(computed[item.id])
    return BriefReport(name=path.name, findings=tuple(ordered), rubric=rubric)


def current_notebook(fallback: str | os.PathLike[str]) -> Path:
    """The path of the notebook this kernel runs for, or ``fallback`` if it is not known.

    JupyterLab tells the kernel its notebook's path (``JPY_SESSION_NAME``), relative to the
    folder JupyterLab started in; the kernel runs in the notebook's own folder, so the file
    name is tried there too. Book builds and nbval do not set it: ``fallback`` is used.
    """
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb"):
        for candidate in (Path(session), Path(Path(session).name)):
            if candidate.is_file():
                return candidate
    return Path(fallback)
