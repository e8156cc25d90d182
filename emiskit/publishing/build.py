"""Build one edition of the book with Jupyter Book 1, the same way for both editions.

This is ``jupyter-book build . --builder html -W -n --keep-going`` with three
differences: the edition is passed to :mod:`emiskit.sphinxext.editions`; each edition has
its own output folder and Sphinx cache (the executed notebooks' cache is shared, so a
notebook runs once for both); and both caches are dropped when the data change. Jupyter
Book reuses a notebook's outputs while its code is unchanged, so without that a book
rebuilt on regenerated data, or on a country's own extract (``data_dir`` in
``emiskit.toml``), would still show the old figures.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from emiskit.paths import course_root, datasets_dir
from emiskit.publishing.editions import OUTPUT_DIRS, PARTICIPANT, check_edition


def output_dir(edition: str, root: Path | None = None) -> Path:
    return (root or course_root()) / OUTPUT_DIRS[check_edition(edition)]


def doctree_dir(edition: str, root: Path | None = None) -> Path:
    suffix = "" if edition == PARTICIPANT else f"-{edition}"
    return (root or course_root()) / "_build" / f".doctrees{suffix}"


STAMP = "emiskit-data-fingerprint"


def data_fingerprint(folder: Path) -> str:
    """A hash of every file in the data folder (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if "national" in rel.parts:  # benchmark data, never read by the book
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def execution_cache(root: Path) -> Path:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return root / (config.get("execute", {}).get("cache") or "_build/.jupyter_cache")


def stale(folder: Path, fingerprint: str) -> bool:
    """True when ``folder`` holds results computed on other data than ``fingerprint``."""
    stamp = folder / STAMP
    if not folder.exists():
        return False
    return not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != fingerprint


def _stamp(folder: Path, fingerprint: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STAMP).write_text(fingerprint + "\n", encoding="utf-8")


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
    fingerprint = data_fingerprint(datasets_dir())
    cache, doctrees = execution_cache(root), doctree_dir(edition, root)
    if stale(cache, fingerprint):
        print("The data have changed since the notebooks last ran: running them again.",
              flush=True)
        shutil.rmtree(cache)
    fresh = stale(doctrees, fingerprint)
    _stamp(cache, fingerprint)
    _stamp(doctrees, fingerprint)
    result = build_sphinx(
        root,
        outdir,
        noconfig=True,
        path_config=str(root / "_config.yml"),
        confoverrides=overrides,
        doctreedir=doctrees,
        freshenv=fresh,
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
