"""Small helpers shared by the widgets' pure logic: labels, tables as HTML, chart basics.

Nothing here imports ipywidgets, so the logic can be tested and benchmarked without a
browser or a kernel.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from emiskit import charts
from emiskit.i18n import get_language, has, t

#: Where a table has many groups, charts show this many at each end (the table shows all).
MAX_CHART_GROUPS = 30


def value_label(column: str, value: Any) -> str:
    """The display label of a coded value (``area`` ``urban`` → "Urban"/"Urbana")."""
    key = f"value.{column}.{value}"
    return t(key) if has(key) else str(value)


def fmt_number(value: Any, decimals: int = 1) -> str:
    """A number for a table or a sentence: rounded, thousands separated, "—" if missing.

    English writes 1,234.5; Spanish 1 234,5 (a narrow space between thousands and a
    decimal comma, as the Real Academia Española recommends).
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return t("common.yes") if value else t("common.no")
    if isinstance(value, (int, float)):
        text = f"{value:,.{0 if isinstance(value, int) else decimals}f}"
        if get_language() == "es":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text
    return str(value)


def table_html(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    caption: str = "",
    decimals: Mapping[str, int] | None = None,
    max_rows: int | None = None,
) -> str:
    """Render a small table as plain, deterministic HTML (no random ids), with a caption.

    ``columns`` maps the frame's column names to the headers shown (already translated);
    only those columns are shown, in that order.
    """
    decimals = dict(decimals or {})
    shown = frame if max_rows is None else frame.head(max_rows)
    parts = ['<table class="emiskit-table dataframe">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    parts += [f'<th scope="col">{html.escape(h)}</th>' for h in columns.values()]
    parts.append("</tr></thead><tbody>")
    names = list(columns)
    for row in shown[names].itertuples(index=False, name=None):
        cells = []
        for name, value in zip(names, row, strict=True):
            if hasattr(value, "item"):
                value = value.item()
            text = fmt_number(value, decimals.get(name, 1))
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            align = ' style="text-align:right"' if numeric else ""
            cells.append(f"<td{align}>{html.escape(text)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if max_rows is not None and len(frame) > max_rows:
        parts.append(f"<p><em>{html.escape(t('common.more_rows', n=len(frame) - max_rows))}"
                     "</em></p>")
    return "".join(parts)


def ends(frame: pd.DataFrame, by: str, n: int = MAX_CHART_GROUPS) -> tuple[pd.DataFrame, bool]:
    """Keep the ``n // 2`` lowest and highest rows by ``by`` when a table is too long to
    chart; return the rows and whether any were left out."""
    if len(frame) <= n:
        return frame, False
    ordered = frame.sort_values(by, kind="stable")
    half = n // 2
    return pd.concat([ordered.head(half), ordered.tail(half)]), True


def inline_csv(frame: pd.DataFrame) -> alt.InlineData:
    """Chart data as CSV text inside the spec: about a third of the size of the usual
    JSON records, which matters for pages read on slow connections. Numeric columns are
    parsed as numbers, the others kept as text."""
    parse = {c: "number" if pd.api.types.is_numeric_dtype(frame[c].dtype)
             and not pd.api.types.is_bool_dtype(frame[c].dtype) else "string"
             for c in frame.columns}
    text = frame.to_csv(index=False, lineterminator="\n")
    return alt.InlineData(values=text, format=alt.DataFormat(type="csv", parse=parse))


def ensure_theme() -> None:
    """Use the course theme for charts built by the widgets (without changing renderers)."""
    if alt.theme.active != charts.THEME_NAME:
        alt.theme.enable(charts.THEME_NAME)


def select_param(
    name: str, options: Sequence[Any], labels: Sequence[str], label: str, value: Any = None
) -> alt.Parameter:
    """An Altair parameter bound to a menu (works in the published book, no kernel)."""
    return alt.param(
        name=name,
        value=options[0] if value is None else value,
        bind=alt.binding_select(options=list(options), labels=list(labels), name=label + " "),
    )


def range_param(name: str, value: float, low: float, high: float, step: float,
                label: str) -> alt.Parameter:
    """An Altair parameter bound to a slider."""
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=low, max=high, step=step, name=label + " "),
    )

