"""Data-quality inspector: pick a table; each rule's problems are listed with examples."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
from IPython.display import HTML

from emiskit.i18n import t

from ._base import Component, dropdown
from ._data import load_tables
from .logic import quality as logic
from .logic.common import fmt_number, table_html

DEFAULT_TABLES: tuple[str, ...] = ("census_raw", "schools", "enrolment", "teachers",
                                   "students", "assessment")
EXAMPLES = 5


class QualityInspector(Component):
    """Run the data-quality rules on a table and show what each one finds.

    ``table_names`` are the tables offered in the menu (all are checked when the
    inspector is created); ``tables`` replaces sample tables by your own.
    """

    title_key = "quality.title"
    intro_key = "quality.intro"

    def __init__(
        self,
        table: str = "census_raw",
        *,
        table_names: Sequence[str] = DEFAULT_TABLES,
        tables: Mapping[str, pd.DataFrame] | None = None,
        scale: str = "workshop",
        mode: str | None = None,
    ) -> None:
        super().__init__(mode)
        self.table_names = tuple(table_names)
        self._given = tables
        self._scale = scale
        self._results: dict[str, list[logic.RuleResult]] = {}
        # Run every table's rules now (about a second per large national table), so that
        # choosing a table later only shows results already found.
        for name in self.table_names:
            self.inspect(name)
        self.table_menu = dropdown(t("quality.table"), [(n, n) for n in self.table_names],
                                   table)
        self.rule = dropdown(t("quality.show_examples"), [("—", "")], "")
        self.controls = [self.table_menu, self.rule]
        self.results: list[logic.RuleResult] = []
        self.table = pd.DataFrame()
        self.chart: alt.TopLevelMixin | None = None
        self._fill_rules()
        self._compute()
        self.table_menu.observe(self._table_changed, names="value")
        self._watch()

    def _tables(self, name: str) -> dict[str, pd.DataFrame]:
        return load_tables(logic.tables_needed(name), self._scale, self._given)

    def inspect(self, name: str) -> list[logic.RuleResult]:
        """The rules' results for table ``name`` (computed once, then remembered)."""
        if name not in self._results:
            self._results[name] = logic.inspect(name, self._tables(name))
        return self._results[name]

    def _fill_rules(self) -> None:
        results = self.inspect(self.table_menu.value)
        found = [(f"{r.rule.title} ({fmt_number(r.count)})", r.rule.key)
                 for r in results if r.count]
        options = found or [(t("quality.none_found"), "")]
        with self.quiet():
            self.rule.options = options
            self.rule.value = options[0][1]

    def _table_changed(self, change: dict[str, object]) -> None:
        self._fill_rules()

    def _compute(self) -> None:
        name = self.table_menu.value
        self.results = self.inspect(name)
        self.table = logic.summary(self.results)
        self.chart = logic.quality_chart(self.results, name)
        total = int(self.table["problems"].sum())
        rules = int((self.table["problems"] > 0).sum())
        self.message = t("quality.sentence", rules=rules, problems=fmt_number(total)) \
            if total else t("quality.clean", table=name)
        self.message_kind = "warning" if total else "good"

    def examples_html(self, key: str) -> str:
        """A rule's explanation and its first examples as an HTML table."""
        result = next((r for r in self.results if r.rule.key == key), None)
        if result is None:
            return ""
        rows = result.examples(EXAMPLES)
        columns = {c: logic.column_header(c) for c in rows.columns}
        caption = t("quality.examples_caption", rule=result.rule.title, shown=len(rows),
                    total=fmt_number(result.count))
        decimals = dict.fromkeys(rows.columns, 0)
        decimals["times_capacity"] = 1
        body = table_html(rows.astype("object").where(rows.notna(), None), columns,
                          caption=caption, decimals=decimals)
        return (f"<p>{html.escape(result.rule.why)}</p>"
                f'<div style="overflow-x:auto">{body}</div>')

    def _summary_html(self) -> str:
        frame = self.table.assign(why=[r.rule.why for r in self.results])
        return table_html(frame, {"rule": t("quality.rule"), "problems": t("quality.problems"),
                                  "why": t("quality.why")},
                          caption=t("quality.summary_caption", table=self.table_menu.value),
                          decimals={"problems": 0})

    def _table_html(self) -> str:
        return self._summary_html() + self.examples_html(self.rule.value)

    def _extra_static_outputs(self) -> list[object]:
        # Examples of every rule that found something, folded (<details> needs no script).
        parts = []
        for result in self.results:
            if result.count:
                parts.append(f"<details><summary>{html.escape(result.rule.title)} "
                             f"({fmt_number(result.count)})</summary>"
                             f"{self.examples_html(result.rule.key)}</details>")
        return [HTML("".join(parts))] if parts else []

    def static_chart(self) -> alt.TopLevelMixin:
        summaries = {n: logic.summary(self.inspect(n)) for n in self.table_names}
        return logic.static_quality_chart(summaries, self.table_menu.value)
