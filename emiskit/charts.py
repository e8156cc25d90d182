"""Chart set-up shared by every notebook: one palette, one theme, a renderer that works
offline wherever the notebook runs.

Where a chart is drawn decides how its JavaScript (vega, vega-lite, vega-embed) arrives:

- **JupyterLab or Notebook** (a kernel started by a Jupyter server): JupyterLab 4.6 draws
  Vega-Lite v3–v5 only, and Altair 6 writes v6, so the default renderer would fetch the
  libraries from a CDN. Altair's ``jupyter`` renderer with ``offline=True`` instead sends
  them inside an anywidget, bundled by ``vl-convert-python``: charts draw with no internet
  and their parameters stay interactive.
- **The book build, nbval and nbconvert** (a kernel started by nbclient): the ``html``
  renderer, whose CDN addresses the book's Sphinx extension rewrites to the book's own
  copies (``emiskit/sphinxext/offline.py``). A widget would be an empty snapshot there.
- **Colab**: its own renderer (Colab is online by nature).

``EMISKIT_CHARTS=offline|html|colab`` overrides the choice.
"""

from __future__ import annotations

import os
import sys
from typing import Literal

import altair as alt

Renderer = Literal["offline", "html", "colab"]

# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
# Sequential scheme for ordered categories (quintiles, performance levels).
SEQUENTIAL_SCHEME = "viridis"

THEME_NAME = "emiskit"


@alt.theme.register(THEME_NAME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "range": {"category": PALETTE, "ordinal": {"scheme": SEQUENTIAL_SCHEME}},
            "mark": {"color": PALETTE[0]},
            "axis": {"labelFontSize": 12, "titleFontSize": 13},
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "title": {"fontSize": 15, "anchor": "start"},
            "view": {"stroke": None},
        }
    }


def detect_renderer() -> Renderer:
    """Pick the renderer for the place this kernel runs in (see the module docstring)."""
    chosen = os.environ.get("EMISKIT_CHARTS", "").strip().lower()
    if chosen in ("offline", "html", "colab"):
        return chosen  # type: ignore[return-value]
    if "google.colab" in sys.modules:
        return "colab"
    # jupyter_server sets JPY_SESSION_NAME for kernels it starts for a notebook; nbclient
    # (book builds, nbval, nbconvert) does not.
    if os.environ.get("JPY_SESSION_NAME"):
        return "offline"
    return "html"


def setup(renderer: Renderer | None = None) -> Renderer:
    """Enable the course theme and an offline-safe renderer; return the renderer used.

    Call it once at the top of a notebook: ``from emiskit import charts; charts.setup()``.
    """
    renderer = renderer or detect_renderer()
    alt.theme.enable(THEME_NAME)
    if renderer == "offline":
        alt.renderers.enable("jupyter", offline=True)
    elif renderer == "colab":
        alt.renderers.enable("colab")
    else:
        alt.renderers.enable("html")
    return renderer
