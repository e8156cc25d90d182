"""Build one edition of the book with Jupyter Book 1, the same way for both editions.

This is ``jupyter-book build . --builder html -W -n --keep-going`` with two differences:
the edition is passed to :mod:`emiskit.sphinxext.editions`, and each edition has its own
output folder and Sphinx cache (the executed notebooks' cache is shared, so a notebook
runs once for both).
"""

from __future__ import annotations

from pathlib import Path

from emiskit.paths import course_root
from emiskit.publishing.editions import OUTPUT_DIRS, PARTICIPANT, check_edition


def output_dir(edition: str, root: Path | None = None) -> Path:
    return (root or course_root()) / OUTPUT_DIRS[check_edition(edition)]


def doctree_dir(edition: str, root: Path | None = None) -> Path:
    suffix = "" if edition == PARTICIPANT else f"-{edition}"
    return (root or course_root()) / "_build" / f".doctrees{suffix}"


def build_book(
    edition: str = PARTICIPANT,
    root: Path | None = None,
    *,
    strict: bool = True,
    builder: str = "html",
) -> int:
    """Build ``edition`` into its output folder; return 0 on success, 1 on failure.

    ``strict`` turns warnings into errors (reported all at once, at the end) and makes
    every cross-reference that does not resolve a warning.
    """
    from jupyter_book.sphinx import build_sphinx

    root = (root or course_root()).resolve()
    check_edition(edition)
    outdir = output_dir(edition, root) if builder == "html" else root / "_build" / builder
    overrides: dict[str, object] = {
        "external_toc_path": str(root / "_toc.yml"),
        "emiskit_edition": edition,
        "latex_individualpages": False,  # jupyter-book expects it (LaTeX builds only)
    }
    if strict:
        overrides["nitpicky"] = True
    print(f"Building the {edition} edition of the book into {outdir}", flush=True)
    result = build_sphinx(
        root,
        outdir,
        noconfig=True,
        path_config=str(root / "_config.yml"),
        confoverrides=overrides,
        doctreedir=doctree_dir(edition, root),
        builder=builder,
        warningiserror=strict,
        keep_going=strict,
    )
    if isinstance(result, BaseException):
        print(f"The build stopped: {result}", flush=True)
        return 1
    if result:
        print(
            "The build found problems (listed above as WARNING or ERROR, each with the page "
            "it is on). Fix them and run the build again: only what changed is rebuilt.",
            flush=True,
        )
        return 1
    print(f"Done: open {outdir / 'index.html'}", flush=True)
    return 0
