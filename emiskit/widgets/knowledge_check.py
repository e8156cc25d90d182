"""Knowledge checks: a question, an answer, immediate feedback and an explanation.

Write a check in a notebook cell::

    from emiskit.widgets import single_choice
    single_choice("Which ratio can be above 100?",
                  ["The gross enrolment ratio", "The net enrolment rate"],
                  key="ek1.…")

or, in a MyST chapter, in a code cell tagged ``remove-input``::

    knowledge_check('''
    Which ratio can be above 100?

    - The gross enrolment ratio
    - The net enrolment rate

    key: ek1.…
    ''')

The ``key`` holds the answer, the explanation and any feedback, lightly encoded so that
learners do not read the answer in the notebook. Make it once from a plainly written
check with :func:`encode_check` (``[x]`` marks the right options, ``answer: 12.5 ± 0.5``
a number) and paste the result. Passing ``answer=`` instead of ``key=`` also works (handy
while drafting; the answer is then visible in the cell).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
from IPython.display import display

from emiskit.i18n import get_language, t, using

from ._base import LABEL_STYLE, html_widget, note_html, resolve_mode
from .logic import checks as logic
from .logic.checks import CheckSpec, Verdict

# ipywidgets gives radio and checkbox labels one fixed-height line, so a long option
# overflows (and its radio button can vanish); let the labels of a check wrap instead.
CHECK_CSS = (
    "<style>"
    ".emiskit-check .widget-radio-box label, .emiskit-check .jupyter-widget-radio-box label"
    # ipywidgets writes the text before the radio button and floats the button left;
    # row-reverse puts it first again without the float.
    "{height:auto;line-height:1.4;white-space:normal;display:flex;align-items:flex-start;"
    "flex-direction:row-reverse;justify-content:flex-end;margin:0.2em 0}"
    ".emiskit-check .widget-radio-box input, .emiskit-check .jupyter-widget-radio-box input"
    "{float:none;flex-shrink:0;height:1.4em;margin-top:0}"
    ".emiskit-check .widget-checkbox, .emiskit-check .jupyter-widget-checkbox"
    "{height:auto;width:auto}"
    ".emiskit-check .widget-checkbox label, .emiskit-check .jupyter-widget-checkbox label"
    "{white-space:normal;align-items:flex-start;line-height:1.4}"
    "</style>"
)


class KnowledgeCheck:
    """A knowledge check on screen: question, answer control, a Check button, feedback.

    ``reveal_after``: the explanation is shown after a right answer, or after this many
    tries. ``hint`` (or the spec's own ``hint``): a nudge shown after a first wrong answer,
    while the explanation is still hidden, so that the learner tries once more with help
    before reading the solution.
    """

    def __init__(self, spec: CheckSpec, *, reveal_after: int = 2,
                 mode: str | None = None, hint: str = "") -> None:
        spec.answer_key()  # fail now, for the author, if the key does not fit
        self.spec = spec
        self.hint = " ".join(str(hint).split()) or spec.hint
        self.reveal_after = reveal_after
        self.mode = resolve_mode(mode)
        self.language = get_language()
        self.attempts = 0
        self.verdict: Verdict | None = None
        self.question = html_widget(f'{CHECK_CSS}<p style="font-weight:600;margin:0.2em 0">'
                                    f"{html.escape(spec.question)}</p>")
        self.answer: widgets.Widget
        self.boxes: list[widgets.Checkbox] = []
        if spec.kind == "single":
            self.answer = widgets.RadioButtons(
                options=[(o, i) for i, o in enumerate(spec.options)], value=None,
                description=t("check.your_answer"), style=LABEL_STYLE,
                layout=widgets.Layout(width="auto"))
        elif spec.kind == "multiple":
            self.boxes = [widgets.Checkbox(value=False, description=o, indent=False,
                                           layout=widgets.Layout(width="auto"))
                          for o in spec.options]
            self.answer = widgets.VBox([widgets.HTML(f"<em>{t('check.choose_all')}</em>"),
                                        *self.boxes])
        else:
            label = t("check.your_answer") + (f" ({spec.unit})" if spec.unit else "")
            self.answer = widgets.Text(value="", description=label,
                                       placeholder=t("check.number_placeholder"),
                                       style=LABEL_STYLE, continuous_update=False)
        self.button = widgets.Button(description=t("check.check"),
                                     tooltip=t("check.check_tooltip"),
                                     button_style="primary")
        self.button.on_click(lambda _: self.check())
        self.feedback = html_widget()
        if self.mode == "static":
            self.feedback.value = note_html(t("check.static_note"))
        self.widget = widgets.VBox(
            [self.question, self.answer, self.button, self.feedback],
            layout=widgets.Layout(border="1px solid #cccccc", padding="0.5em 1em",
                                  margin="0.5em 0", width="auto"))
        self.widget.add_class("emiskit-check")

    def response(self) -> int | list[int] | str | None:
        """What the learner has chosen or typed."""
        if self.spec.kind == "single":
            return self.answer.value  # type: ignore[attr-defined]
        if self.spec.kind == "multiple":
            return [i for i, box in enumerate(self.boxes) if box.value]
        return self.answer.value  # type: ignore[attr-defined]

    def check(self) -> Verdict:
        """Check the current answer, show feedback and return the verdict."""
        verdict = logic.grade(self.spec, self.response())
        if verdict.status not in ("empty", "invalid"):
            self.attempts += 1
        self.verdict = verdict
        with using(self.language):
            self.feedback.value = self.feedback_html(verdict)
        return verdict

    def feedback_html(self, verdict: Verdict) -> str:
        """The feedback for a verdict (the explanation only once it may be revealed)."""
        status = verdict.status
        if status == "empty":
            return note_html(t("check.empty"), "warning")
        if status == "invalid":
            return note_html(t("check.invalid"), "warning")
        parts = [f"<strong>{t(f'check.{status}')}</strong>"]
        if status == "partial":
            parts.append(html.escape(t("check.partial_detail", right=verdict.right_chosen,
                                       total=verdict.n_right, wrong=verdict.wrong_chosen)))
        parts += [html.escape(f) for f in verdict.feedback]
        reveal = verdict.correct or self.attempts >= self.reveal_after
        if reveal and verdict.explanation:
            parts.append(f"<em>{t('check.explanation')}</em> {html.escape(verdict.explanation)}")
        elif not verdict.correct:
            if self.hint:
                parts.append(f"<em>{t('check.hint')}</em> {html.escape(self.hint)}")
            parts.append(t("check.try_again"))
        kind = "good" if verdict.correct else "bad"
        return note_html("<br>".join(parts), kind)

    def _ipython_display_(self) -> None:
        display(self.widget)


def _make(spec: CheckSpec, **kwargs: object) -> KnowledgeCheck:
    return KnowledgeCheck(spec, **kwargs)  # type: ignore[arg-type]


def single_choice(question: str, options: Sequence[str], answer: int | None = None, *,
                  key: str | None = None, explanation: str = "",
                  feedback: Sequence[str] | None = None, reveal_after: int = 2,
                  mode: str | None = None, hint: str = "") -> KnowledgeCheck:
    """A question with one right option (``answer``: its position, counting from 0)."""
    spec = CheckSpec(question, "single", key, tuple(options)) if key else logic.make_spec(
        question, "single", options=options, answer=answer, explanation=explanation,
        feedback=feedback)
    return _make(spec, reveal_after=reveal_after, mode=mode, hint=hint)


def multiple_choice(question: str, options: Sequence[str],
                    answers: Sequence[int] | None = None, *, key: str | None = None,
                    explanation: str = "", feedback: Sequence[str] | None = None,
                    reveal_after: int = 2, mode: str | None = None,
                    hint: str = "") -> KnowledgeCheck:
    """A question where every right option must be ticked (``answers``: positions)."""
    spec = CheckSpec(question, "multiple", key, tuple(options)) if key else logic.make_spec(
        question, "multiple", options=options, answer=answers, explanation=explanation,
        feedback=feedback)
    return _make(spec, reveal_after=reveal_after, mode=mode, hint=hint)


def numeric_answer(question: str, answer: float | None = None, *, tolerance: float = 0.0,
                   unit: str = "", key: str | None = None, explanation: str = "",
                   reveal_after: int = 2, mode: str | None = None,
                   hint: str = "") -> KnowledgeCheck:
    """A question answered with a number, right within ``± tolerance``."""
    spec = CheckSpec(question, "numeric", key, (), unit) if key else logic.make_spec(
        question, "numeric", answer=answer, tolerance=tolerance, explanation=explanation,
        unit=unit)
    return _make(spec, reveal_after=reveal_after, mode=mode, hint=hint)


def knowledge_check(text: str, *, reveal_after: int = 2,
                    mode: str | None = None, hint: str = "") -> KnowledgeCheck:
    """A check written in the text format (see :func:`~.logic.checks.parse_check_text`);
    for MyST chapters, in a code cell tagged ``remove-input``."""
    return _make(logic.parse_check_text(text), reveal_after=reveal_after, mode=mode, hint=hint)


def encode_check(text: str) -> str:
    """Turn a plainly written check into one with an encoded ``key:``; paste the result in
    place of the plain version. Run it in a scratch cell, not in the learners' notebook."""
    return logic.encode_check_text(text)
