"""Build the participant or the facilitator edition of the book from the same source.

The edition comes from the Sphinx setting ``emiskit_edition`` (``emiskit book build
--edition`` sets it; a plain ``jupyter-book build .`` gives the participant edition, or
the one named by the ``EMISKIT_EDITION`` environment variable). This extension:

1. swaps ``_toc.yml`` for the edition's table of contents (see
   :mod:`emiskit.publishing.editions`) before sphinx-external-toc reads it;
2. in the participant edition, removes every facilitator-note block from the pages as
   they are read, so the notes are neither shown nor searchable; in the facilitator
   edition, shows them unfolded;
3. in the facilitator edition, titles each solution page "Solution: ..." and shows a
   banner on every page, so nobody mistakes it for the participants' book;
4. keeps launch buttons (Binder, JupyterHub, Colab) only on pages that are notebooks in
   the repository: Colab cannot open a MyST Markdown chapter, and the solutions are not in
   the public repository.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from emiskit.publishing.editions import (
    FACILITATOR,
    FACILITATOR_NOTE_CLASS,
    PARTICIPANT,
    SOLUTIONS_DIR,
    EditionError,
    check_edition,
    write_edition_toc,
)

BANNER = (
    "Facilitator edition: session plans, facilitator notes and the solutions of the graded "
    "exercises are shown. Publish the participant edition to participants."
)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    try:
        edition = check_edition(config.emiskit_edition)
        toc = Path(config.external_toc_path)
        if not toc.is_absolute():
            toc = Path(app.srcdir) / toc
        generated = write_edition_toc(
            toc, Path(app.srcdir), edition, Path(app.outdir).parent / ".emiskit"
        )
    except EditionError as error:
        raise ExtensionError(str(error)) from error
    config.external_toc_path = str(generated)
    if edition == FACILITATOR:
        config.exclude_patterns = [
            p for p in config.exclude_patterns if not p.startswith(SOLUTIONS_DIR)
        ]
        options = dict(config.html_theme_options)
        options["announcement"] = BANNER
        config.html_theme_options = options


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if app.config.emiskit_edition == PARTICIPANT:
        for node in list(doctree.findall(nodes.Element)):
            if FACILITATOR_NOTE_CLASS in node.get("classes", []) and node.parent is not None:
                node.parent.remove(node)
        return
    for node in doctree.findall(nodes.Element):
        if FACILITATOR_NOTE_CLASS in node.get("classes", []):
            # Open, not folded away: the notes are what this edition is for.
            node["classes"] = [c for c in node["classes"] if c != "dropdown"]
    if docname.startswith(SOLUTIONS_DIR + "/"):
        title = next(doctree.findall(nodes.title), None)
        if title is not None and not title.astext().startswith("Solution"):
            title.insert(0, nodes.Text("Solution: "))


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    buttons = context.get("header_buttons")
    if not buttons or pagename not in app.env.all_docs:
        return
    source = Path(app.env.doc2path(pagename))
    launchable = source.suffix == ".ipynb" and not pagename.startswith(SOLUTIONS_DIR + "/")
    if not launchable:
        buttons[:] = [b for b in buttons if b.get("label") != "launch-buttons"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(
        "emiskit_edition", os.environ.get("EMISKIT_EDITION", PARTICIPANT), "env", [str]
    )
    # Before sphinx-external-toc reads the table of contents (priority 900).
    app.connect("config-inited", _on_config_inited, priority=100)
    # Before Sphinx collects titles and search terms from the page.
    app.connect("doctree-read", _on_doctree_read, priority=100)
    # After sphinx-book-theme adds its launch buttons (priority 501).
    app.connect("html-page-context", _on_html_page_context, priority=510)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
