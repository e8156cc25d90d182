"""Interactive exercises for the course: ipywidgets components over pure, tested logic.

Each component works in JupyterLab 4 and Colab with a running kernel, and shows a useful
static view in the published book (its starting state, plus an Altair chart with its own
menus and sliders that readers can use with no kernel). All text goes through
:mod:`emiskit.i18n` (English and Spanish).

>>> from emiskit.widgets import IndicatorExplorer
>>> IndicatorExplorer(indicator="ner", breakdown="district")   # doctest: +SKIP

Components:

* :func:`single_choice`, :func:`multiple_choice`, :func:`numeric_answer`,
  :func:`knowledge_check` — knowledge checks with immediate feedback;
  :func:`encode_check` hides the answer of a check before it is published;
* :class:`IndicatorExplorer` — indicators by year, level and breakdown;
* :class:`GapExplorer` — gaps between groups, 95% intervals, small groups suppressed;
* :class:`ThresholdExplorer` — early-warning thresholds, precision and recall;
* :class:`QualityInspector` — data-quality rules with example rows;
* :class:`SelfAssessment` — a rubric (SABER-EMIS by default), chart and next steps.

The computations live in :mod:`emiskit.widgets.logic` (no ipywidgets there).
"""

from .gap_explorer import GapExplorer
from .indicator_explorer import IndicatorExplorer
from .knowledge_check import (
    KnowledgeCheck,
    encode_check,
    knowledge_check,
    multiple_choice,
    numeric_answer,
    single_choice,
)
from .quality_inspector import QualityInspector
from .self_assessment import SelfAssessment
from .threshold_explorer import ThresholdExplorer

__all__ = [
    "GapExplorer",
    "IndicatorExplorer",
    "KnowledgeCheck",
    "QualityInspector",
    "SelfAssessment",
    "ThresholdExplorer",
    "encode_check",
    "knowledge_check",
    "multiple_choice",
    "numeric_answer",
    "single_choice",
]
