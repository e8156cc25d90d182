"""What every interactive component shares: where it runs, how it shows itself, how its
chart updates in place.

Two ways of showing a component, chosen from where the kernel runs
(:func:`emiskit.charts.detect_renderer`):

* **live** (JupyterLab, Notebook, Colab): one ipywidgets box holding the controls, the
  table and the chart; a control change recomputes and redraws in place. The chart is an
  ``altair.JupyterChart`` widget that carries its own JavaScript (offline) in JupyterLab,
  and an ``Output`` widget showing the chart through Colab's renderer in Colab.
* **static** (the book build, nbval, nbconvert — kernels started by nbclient): the
  controls as a widget snapshot, then the table and an Altair chart **with its own menus
  and sliders** as ordinary outputs. Ordinary outputs are where the book's offline
  extension points Altair at the book's own copy of Vega, and the chart's menus keep
  working for online readers with no kernel. (A chart inside an ``Output`` widget would
  sit in the widget-state JSON, where the CDN addresses are not rewritten.) If the
  notebook is then used with a kernel anyway (VS Code, say), the controls still work:
  they update those outputs through display handles.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import altair as alt
import ipywidgets as widgets
from IPython.display import HTML, DisplayHandle, display

from emiskit import charts
from emiskit.i18n import get_language, t, using

from .logic.common import ensure_theme

Mode = Literal["live", "static"]
MODES: tuple[str, ...] = ("live", "static")

LABEL_STYLE = {"description_width": "initial"}


def resolve_mode(mode: str | None = None) -> Mode:
    """``live`` with a notebook front end, ``static`` under nbclient (see module doc)."""
    if mode is not None:
        if mode not in MODES:
            raise ValueError(f"mode must be 'live' or 'static', not {mode!r}")
        return mode  # type: ignore[return-value]
    return "static" if charts.detect_renderer() == "html" else "live"


def dropdown(label: str, options: Sequence[tuple[str, Any]], value: Any,
             tooltip: str = "") -> widgets.Dropdown:
    """A labelled menu (a native ``<select>``: keyboard-friendly, read by screen readers)."""
    return widgets.Dropdown(options=list(options), value=value, description=label,
                            tooltip=tooltip or label, style=LABEL_STYLE,
                            layout=widgets.Layout(width="auto"))


def html_widget(value: str = "") -> widgets.HTML:
    return widgets.HTML(value=value, layout=widgets.Layout(width="100%"))


def note_html(text: str, kind: str = "note") -> str:
    """A short message; ``role="status"`` so screen readers announce changes."""
    colour = {"note": "#444444", "warning": "#8a4b00", "good": "#005a3c", "bad": "#8a2b00"}
    return (f'<div role="status" aria-live="polite" style="color:{colour.get(kind, "#444")};'
            f'margin:0.3em 0">{text}</div>')


class ChartPane:
    """A chart that redraws in place in a live notebook.

    ``kind="jupyterchart"``: an ``altair.JupyterChart`` widget whose spec is replaced on
    update; its JavaScript comes from ``vl-convert-python`` (no internet needed).
    ``kind="output"``: an ``Output`` widget cleared and drawn again with the active Altair
    renderer (used in Colab). By default JupyterChart where ``emiskit.charts`` picks the
    offline renderer, Output elsewhere.
    """

    def __init__(self, chart: alt.TopLevelMixin, kind: str | None = None) -> None:
        if kind is None:
            kind = "jupyterchart" if charts.detect_renderer() == "offline" else "output"
        self.kind = kind
        self.chart = chart
        if kind == "jupyterchart":
            alt.JupyterChart.enable_offline(True)
            self.widget: widgets.DOMWidget = alt.JupyterChart(chart)
        else:
            self.widget = widgets.Output()
            self._draw(chart)

    def _draw(self, chart: alt.TopLevelMixin) -> None:
        out: widgets.Output = self.widget  # type: ignore[assignment]
        out.clear_output(wait=True)
        out.append_display_data(chart)

    def update(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart
        if self.kind == "jupyterchart":
            self.widget.chart = chart  # type: ignore[attr-defined]
        else:
            self._draw(chart)


class Component:
    """Base of the interactive components: controls, a table, a chart, a message.

    Subclasses set ``self.controls`` (the widgets a learner changes), implement
    :meth:`_compute` (pure logic → ``self.table``, ``self.chart``, ``self.message``),
    :meth:`_table_html` and, where the interaction can run in a browser,
    :meth:`static_chart`. Reading ``component.table`` and ``component.chart`` after
    changing a control (``explorer.year.value = 2022``) is how the tests check them.
    """

    title_key = ""
    intro_key = ""

    def __init__(self, mode: str | None = None) -> None:
        ensure_theme()
        self.mode: Mode = resolve_mode(mode)
        # A component keeps the language it was created in, even when it redraws later.
        self.language = get_language()
        self.message = ""
        self.message_kind = "note"
        self.controls: list[widgets.Widget] = []
        self._handles: dict[str, DisplayHandle] = {}
        self._live: widgets.VBox | None = None
        self._snapshot: widgets.VBox | None = None
        self._pane: ChartPane | None = None
        # Created with the live box only, so the static view stores no unused widgets.
        self._table_widget: widgets.HTML | None = None
        self._message_widget: widgets.HTML | None = None
        self._holding = False

    # -- to be provided by subclasses ---------------------------------------------------

    def _compute(self) -> None:
        raise NotImplementedError

    def _table_html(self) -> str:
        raise NotImplementedError

    def static_chart(self) -> alt.TopLevelMixin | None:
        """The chart with menus/sliders for the published book (None if not possible)."""
        return None

    def _extra_static_outputs(self) -> list[Any]:
        return []

    # -- shared behaviour ---------------------------------------------------------------

    def _watch(self) -> None:
        for control in self.controls:
            control.observe(self._changed, names="value")

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Change controls without updating (for controls that depend on each other)."""
        before, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = before

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls and update once at the end."""
        with self.quiet():
            yield
        self.update()

    def _changed(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Recompute from the controls' values and redraw what is on screen."""
        with using(self.language):
            self._compute()
            self._render()

    def _message_html(self) -> str:
        return note_html(self.message, self.message_kind) if self.message else ""

    def _render(self) -> None:
        if self._table_widget is not None:
            self._table_widget.value = self._table_html()
        if self._message_widget is not None:
            self._message_widget.value = self._message_html()
        if self._pane is not None and self.chart is not None:
            self._pane.update(self.chart)
        if "table" in self._handles:
            self._handles["table"].update(HTML(self._message_html() + self._table_html()))
        if "chart" in self._handles and self.chart is not None:
            self._handles["chart"].update(self.chart)

    def _header(self) -> widgets.HTML:
        parts = []
        if self.title_key:
            parts.append(f"<strong>{t(self.title_key)}</strong>")
        if self.intro_key:
            parts.append(f"<div>{t(self.intro_key)}</div>")
        return html_widget("".join(parts))

    def controls_box(self) -> widgets.Box:
        return widgets.Box(self.controls, layout=widgets.Layout(
            display="flex", flex_flow="row wrap", align_items="center",
            grid_gap="4px 18px"))

    @property
    def widget(self) -> widgets.VBox:
        """The live component: controls, message, table and chart in one box."""
        with using(self.language):
            return self._live_box()

    def _live_box(self) -> widgets.VBox:
        if self._live is None:
            self._table_widget = html_widget(self._table_html())
            self._message_widget = html_widget(self._message_html())
            children: list[widgets.Widget] = [self._header(), self.controls_box(),
                                              self._message_widget, self._table_widget]
            if self.chart is not None:
                self._pane = ChartPane(self.chart)
                children.append(self._pane.widget)
            self._live = widgets.VBox(children, layout=widgets.Layout(width="100%"))
        return self._live

    def snapshot(self) -> widgets.VBox:
        """The controls with a note saying they need a running notebook (static view)."""
        with using(self.language):
            note = html_widget(note_html(t("common.static_note")))
            return widgets.VBox([self._header(), self.controls_box(), note])

    def _ipython_display_(self) -> None:
        if self.mode == "live":
            display(self.widget)
            return
        with using(self.language):
            self._display_static()

    def _display_static(self) -> None:
        self._snapshot = self.snapshot()
        display(self._snapshot)
        self._keep("table", display(HTML(self._message_html() + self._table_html()),
                                    display_id=True))
        chart = self.static_chart()
        if chart is None:
            chart = self.chart
        if chart is not None:
            self._keep("chart", display(chart, display_id=True))
        for extra in self._extra_static_outputs():
            display(extra)

    def _keep(self, name: str, handle: DisplayHandle | None) -> None:
        # Outside IPython, display() prints and returns no handle.
        if handle is not None:
            self._handles[name] = handle
