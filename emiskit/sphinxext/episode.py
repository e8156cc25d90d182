"""Draw each page's "At a glance" block from its episode front matter.

A chapter declares its questions, objectives, minutes and prerequisites once, in its front
matter (see :mod:`emiskit.episodes`). As the page is read, this extension puts the "At a
glance" admonition (class ``episode-overview``) right under the page's title, where the
course's readers expect it, so the block and the study path can never disagree. A page
whose episode front matter is malformed is reported as a warning naming the problem (an
error under ``-W``).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from emiskit.episodes import EpisodeError, front_matter, parse_episode, render_glance

logger = logging.getLogger(__name__)

_TITLE = re.compile(r"^# .*$\n?", re.M)


def with_glance(text: str, where: str = "<page>") -> str:
    """The MyST source with the "At a glance" block inserted under its title (if any)."""
    if not text.startswith("---"):
        return text
    episode = parse_episode(front_matter(text), where)
    if episode is None:
        return text
    closing = text.find("\n---", 3)
    title = _TITLE.search(text, closing + 4 if closing >= 0 else 0)
    if title is None:
        raise EpisodeError(f"{where}: the page has episode front matter but no '# Title' "
                           f"line to put the 'At a glance' block under")
    end = title.end()
    return f"{text[:end]}\n{render_glance(episode)}\n{text[end:]}"


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    try:
        source[0] = with_glance(source[0], docname)
    except (EpisodeError, ValueError) as error:
        logger.warning(str(error), location=docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _on_source_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
