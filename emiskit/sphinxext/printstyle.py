"""Give every page of the book a print stylesheet, so that it prints as a handout.

Participants on weak connections print, from their browser or with ``make handouts``
(:mod:`emiskit.publishing.handouts`). On paper the sidebar, the navigation, the launch
and search buttons are noise; a link needs its address written out; a chart or a table
split across two sheets is hard to read; and what is folded away on screen (dropdowns,
notes, hints) would be lost. ``printstyle/emiskit-print.css`` (all of it inside
``@media print``) deals with each. Solutions stay folded: the participant edition does not
give them away on paper either, so sphinx-togglebutton's own unfolding on print, which
opens solutions too, is turned off there.

The folder is added to the static path in ``config-inited``, after Jupyter Book has
scanned the static path (which would otherwise link every stylesheet it finds), and the
stylesheet is linked once, last, so its rules win over the theme's.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

FOLDER = Path(__file__).parent / "printstyle"
STYLESHEET = "emiskit-print.css"


def _on_config_inited(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(FOLDER)]
    if getattr(config, "emiskit_edition", "participant") == "participant":
        # sphinx-togglebutton clicks every folded note open before printing, solutions
        # included; the stylesheet unfolds the others itself.
        config.togglebutton_open_on_print = False


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Copy the stylesheet again: Sphinx copies static files only when some page was
    rewritten, so an edit to the stylesheet alone would never reach the built book."""
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / STYLESHEET
        source = FOLDER / STYLESHEET
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _on_config_inited, priority=400)  # before togglebutton
    app.connect("build-finished", _on_build_finished)
    app.add_css_file(STYLESHEET, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
