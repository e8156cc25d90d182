"""The episode template, read once: what a chapter or notebook promises its reader.

Every chapter states its questions, objectives, teaching and exercise minutes and
prerequisites in its front matter, under the key ``episode`` (next to ``audience:``)::

    ---
    episode:
      questions:
        - What is the role of evidence in an education system?
      objectives:
        - name the four families of {term}`evidence` ...
      teaching_minutes: 30
      exercise_minutes: 50
      exercise_note: the notebook     # optional: where the exercise time is spent
      prerequisites: The chapter {ref}`m1-what-is-evidence`.
    ---

A notebook keeps the same mapping in its metadata (``metadata["episode"]``), where
MyST-NB leaves it alone; a notebook is all exercise, so it may leave ``teaching_minutes``
out. Its opening cell (Overview, Prerequisites, Time) stays the text participants read in
JupyterLab, and the tests check that the two agree. The "At a glance" block that opens a
chapter is drawn from its front matter (:func:`render_glance`, used by
:mod:`emiskit.sphinxext.episode`), the study path reads its minutes from it
(:mod:`emiskit.sphinxext.studypath`) and the tests check it through :func:`read_episode`:
one format, one parser.

Optional keys: ``objectives_lead`` (the sentence before the objectives, default "By the
end of this chapter you will be able to:"), ``exercise_note`` (shown in brackets after
the exercise minutes; when it mentions a notebook, the notebooks that follow are counted
inside the chapter's time), ``time_text`` (the time sentence in words, when minutes alone
do not say it), ``guiding_questions`` (ids of the cycle's guiding questions the page
answers). Values are MyST Markdown: roles such as ``{ref}`` and ``{term}`` work.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "EPISODE_KEY",
    "Episode",
    "EpisodeError",
    "front_matter",
    "front_matter_lines",
    "parse_episode",
    "read_episode",
    "read_metadata",
    "render_glance",
]

EPISODE_KEY = "episode"
DEFAULT_LEAD = "By the end of this chapter you will be able to:"
_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)^---[ \t]*$\n?", re.M | re.S)


class EpisodeError(ValueError):
    """A page's episode front matter cannot be read; the message says what to change."""


@dataclass(frozen=True)
class Episode:
    """One page's episode front matter."""

    questions: tuple[str, ...]
    objectives: tuple[str, ...]
    teaching_minutes: int
    exercise_minutes: int
    prerequisites: str
    objectives_lead: str = DEFAULT_LEAD
    exercise_note: str = ""
    time_text: str = ""
    guiding_questions: tuple[str, ...] = ()
    audience: str = "participant"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def covers_notebooks(self) -> bool:
        """The exercise time is spent in the notebook(s) that follow the chapter."""
        return "notebook" in self.exercise_note.lower()

    @property
    def time_sentence(self) -> str:
        if self.time_text:
            return self.time_text
        note = f" ({self.exercise_note})" if self.exercise_note else ""
        return (f"Teaching: {self.teaching_minutes} minutes. "
                f"Exercises: {self.exercise_minutes} minutes{note}.")


def front_matter_lines(text: str) -> int:
    """How many lines the front matter (with its two ``---`` fences) takes; 0 if none."""
    match = _FRONT.match(text)
    return 0 if match is None else match.group(0).count("\n")


def front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a MyST page (empty if it has none)."""
    match = _FRONT.match(text)
    if not match:
        return {}
    data = yaml.safe_load(match.group("yaml")) or {}
    if not isinstance(data, dict):
        raise EpisodeError("the front matter is not a mapping of keys to values")
    return data


def read_metadata(path: Path | str) -> dict[str, Any]:
    """Front matter of a ``.md`` page or metadata of an ``.ipynb`` notebook."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        try:
            return json.loads(text).get("metadata", {})
        except json.JSONDecodeError as error:
            raise EpisodeError(f"{path} is not a readable notebook: {error}") from error
    try:
        return front_matter(text)
    except yaml.YAMLError as error:
        raise EpisodeError(f"{path}: the front matter is not valid YAML: {error}") from error


def _texts(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise EpisodeError(f"{where}: '{key}' must be a non-empty list of sentences")
    return tuple(" ".join(v.split()) for v in value)


def _minutes(value: Any, key: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise EpisodeError(f"{where}: '{key}' must be a whole number of minutes above 0 "
                           f"(got {value!r})")
    return value


def parse_episode(metadata: dict[str, Any], where: str = "<page>", *,
                  notebook: bool = False) -> Episode | None:
    """The episode of a page's front matter or notebook metadata; None if it declares none.

    A notebook is all exercise: its ``teaching_minutes`` may be left out (0).
    """
    data = metadata.get(EPISODE_KEY)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise EpisodeError(f"{where}: '{EPISODE_KEY}' must be a mapping (questions, "
                           f"objectives, teaching_minutes, exercise_minutes, prerequisites)")
    required = ["questions", "objectives", "exercise_minutes", "prerequisites"]
    if not notebook:
        required.insert(2, "teaching_minutes")
    missing = [k for k in required if k not in data]
    if missing:
        raise EpisodeError(f"{where}: the episode front matter has no {', '.join(missing)}")
    prerequisites = data["prerequisites"]
    if not isinstance(prerequisites, str) or not prerequisites.strip():
        raise EpisodeError(f"{where}: 'prerequisites' must be a sentence (write 'None.' if "
                           f"there are none)")
    known = {"questions", "objectives", "teaching_minutes", "exercise_minutes",
             "prerequisites", "objectives_lead", "exercise_note", "time_text",
             "guiding_questions"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise EpisodeError(f"{where}: unknown episode key(s) {', '.join(unknown)}; the keys "
                           f"are {', '.join(sorted(known))}")
    guiding = data.get("guiding_questions", [])
    return Episode(
        questions=_texts(data["questions"], "questions", where),
        objectives=_texts(data["objectives"], "objectives", where),
        teaching_minutes=(_minutes(data["teaching_minutes"], "teaching_minutes", where)
                          if not notebook or "teaching_minutes" in data else 0),
        exercise_minutes=_minutes(data["exercise_minutes"], "exercise_minutes", where),
        prerequisites=" ".join(prerequisites.split()),
        objectives_lead=" ".join(str(data.get("objectives_lead", DEFAULT_LEAD)).split()),
        exercise_note=" ".join(str(data.get("exercise_note", "")).split()),
        time_text=" ".join(str(data.get("time_text", "")).split()),
        guiding_questions=tuple(str(g) for g in guiding),
        audience=str(metadata.get("audience", "participant")),
    )


def read_episode(path: Path | str) -> Episode | None:
    """The episode a chapter (``.md``) or notebook (``.ipynb``) declares, or None."""
    path = Path(path)
    return parse_episode(read_metadata(path), str(path), notebook=path.suffix == ".ipynb")


def render_glance(episode: Episode) -> str:
    """The "At a glance" block, as MyST Markdown, drawn from the episode front matter."""
    questions = "\n".join(f"- {q}" for q in episode.questions)
    objectives = "\n".join(f"- {o}" for o in episode.objectives)
    return (
        "```{admonition} At a glance\n"
        ":class: episode-overview\n\n"
        f"**Questions**\n\n{questions}\n\n"
        f"**Objectives.** {episode.objectives_lead}\n\n{objectives}\n\n"
        f"**Time.** {episode.time_sentence}\n\n"
        f"**Prerequisites.** {episode.prerequisites}\n"
        "```\n"
    )
