"""Serve the book's JavaScript from its own static files, so it works with no internet.

Altair's HTML output loads vega, vega-lite and vega-embed from a public CDN, and widget
snapshots and math need require.js, the ipywidgets HTML manager and MathJax. The npm
packages pinned in ``package.json`` hold the same libraries. This extension:

1. copies the needed files from ``node_modules`` into ``_static/libs/`` (added to the
   static path in ``config-inited``, after Jupyter Book has already scanned the static
   path, so these files are not injected into every page's head);
2. rewrites the CDN addresses in each page's body to relative paths (keeping ``?noext``,
   which stops require.js from appending ``.js``);
3. on pages with widget snapshots, tells require.js where the widget manager's fonts are
   (it would otherwise look for them next to the page) and loads a shim that lets the
   widget manager typeset with MathJax 3;
4. drops sphinx-thebe's scripts, which Jupyter Book 1 always adds: live code in the page
   would load thebe from a CDN, and the course launches notebooks in JupyterLab, Colab
   or Binder instead;
5. warns, naming the page, about any CDN address left in the page, so a build with
   warnings as errors fails instead of publishing a page that needs the internet.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

LIBS = "libs"  # folder under _static (not "vendor": pydata-sphinx-theme uses that)

# npm package -> files (or folders) to copy, relative to the package folder, and where
# they go under _static/libs/.
VENDORED: dict[str, list[tuple[str, str]]] = {
    "vega": [("build/vega.min.js", "vega.min.js")],
    "vega-lite": [("build/vega-lite.min.js", "vega-lite.min.js")],
    "vega-embed": [("build/vega-embed.min.js", "vega-embed.min.js")],
    "requirejs": [("require.js", "require.js")],
    "@jupyter-widgets/html-manager": [("dist", "html-manager")],
    "mathjax": [
        ("es5/tex-mml-chtml.js", "mathjax/tex-mml-chtml.js"),
        ("es5/input", "mathjax/input"),
        ("es5/output/chtml", "mathjax/output/chtml"),
        ("es5/a11y", "mathjax/a11y"),
        ("es5/ui", "mathjax/ui"),
    ],
}

# Source maps and the non-AMD widget bundle are not used by the book.
SKIPPED_FILES = shutil.ignore_patterns("*.map", "*.d.ts", "embed.js", "embed.js.LICENSE.txt")

# The libraries Altair asks for, by the name it uses in its CDN address.
VEGA_FILES = {
    "vega": "vega.min.js",
    "vega-lib": "vega.min.js",
    "vega-lite": "vega-lite.min.js",
    "vega-embed": "vega-embed.min.js",
}
VEGA_URL = re.compile(
    r"https://cdn\.jsdelivr\.net/npm/(?P<lib>vega-lite|vega-embed|vega-lib|vega)"
    r"(?:@(?P<version>[0-9][0-9.]*))?(?P<query>\?noext)?"
)
# Any address on a public CDN left in a page after rewriting is a defect.
CDN_URL = re.compile(
    r"https?://(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|"
    r"code\.jquery\.com|cdn\.plot\.ly|fonts\.googleapis\.com)[^\s\"'<>)]*"
)


# Widget modules bundled in the html-manager, which load fonts relative to their path.
# (the names the html-manager bundle defines; a font 404 in the browser tests means one
# is missing here).
WIDGET_MODULES = (
    "@jupyter-widgets/base",
    "@jupyter-widgets/base7",
    "@jupyter-widgets/controls",
    "@jupyter-widgets/controls7",
    "@jupyter-widgets/html-manager",
    "@jupyter-widgets/output",
)

# Files of this package served beside the npm libraries.
OWN_STATIC = Path(__file__).parent / "static"
MATHJAX_SHIM = "widgets-mathjax-shim.js"


def _node_modules(app: Sphinx) -> Path:
    return Path(app.confdir) / "node_modules"


def installed_versions(node_modules: Path) -> dict[str, str]:
    """Return the installed version of each vendored npm package."""
    versions = {}
    for package in VENDORED:
        manifest = node_modules / package / "package.json"
        versions[package] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return versions


def stage_libraries(node_modules: Path, staging: Path) -> None:
    """Copy the vendored files into ``staging/libs`` (replacing an older copy)."""
    target = staging / LIBS
    if target.exists():
        shutil.rmtree(target)
    for package, items in VENDORED.items():
        for source, dest in items:
            src = node_modules / package / source
            if not src.exists():
                raise ExtensionError(
                    f"The book needs {src}, which is missing. Install the JavaScript "
                    "libraries with `npm ci` in the course folder (`make book` does it)."
                )
            out = target / dest
            out.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, out, ignore=SKIPPED_FILES)
            else:
                shutil.copy2(src, out)
    shutil.copy2(OWN_STATIC / MATHJAX_SHIM, target / MATHJAX_SHIM)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    node_modules = _node_modules(app)
    if not node_modules.is_dir():
        raise ExtensionError(
            f"No JavaScript libraries found at {node_modules}. Run `npm ci` in the course "
            "folder first (`make book` does it), so the book works with no internet."
        )
    app.emiskit_lib_versions = installed_versions(node_modules)  # type: ignore[attr-defined]
    staging = Path(app.outdir).parent / ".emiskit-static"
    stage_libraries(node_modules, staging)
    config.html_static_path = [*config.html_static_path, str(staging)]


def _major(version: str) -> str:
    return version.split(".")[0]


def rewrite_cdn_urls(html: str, prefix: str, versions: dict[str, str]) -> tuple[str, list[str]]:
    """Point Altair's CDN addresses at the local copies.

    ``prefix`` is the relative path from the page to ``_static/libs/``. Returns the new
    HTML and a list of problems (a version the local copy cannot serve).
    """
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        lib, wanted = match["lib"], match["version"]
        package = "vega" if lib == "vega-lib" else lib
        have = versions.get(package, "")
        if wanted and not (have == wanted or (wanted.count(".") == 0 and _major(have) == wanted)):
            problems.append(f"{lib}@{wanted} requested but {package} {have} is vendored")
        return f"{prefix}{VEGA_FILES[lib]}{match['query'] or ''}"

    return VEGA_URL.sub(replace, html), problems


def _is_thebe(script: Any) -> bool:
    return "thebe" in str(script) or "THEBE_JS_URL" in getattr(script, "attributes", {}).get(
        "body", ""
    )


def _script_text(script: Any) -> str:
    return f"{script} {getattr(script, 'attributes', {}).get('body', '')}"


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [script for script in scripts if not _is_thebe(script)]
        if any("html-manager/embed-amd.js" in str(script) for script in scripts):
            base = context["pathto"](f"_static/{LIBS}/html-manager", 1)
            # Read by require.js when it loads (so it must come first). The widget
            # modules compute where their fonts are from their own module paths; every
            # font ships in the html-manager folder.
            paths = {name: f"{base}/{name.rsplit('/', 1)[-1]}" for name in WIDGET_MODULES}
            paths["@jupyter-widgets/html-manager/dist"] = base
            app.add_js_file(
                None, body=f"var require = {{paths: {json.dumps(paths)}}};", priority=200
            )
            # After Sphinx's MathJax configuration (priority 500), which it extends.
            app.add_js_file(f"{LIBS}/{MATHJAX_SHIM}", priority=600)
    leftovers = set(CDN_URL.findall(" ".join(_script_text(s) for s in scripts or [])))
    body = context.get("body") or ""
    if body:
        prefix = context["pathto"](f"_static/{LIBS}/", 1)
        versions = getattr(app, "emiskit_lib_versions", {})
        body, problems = rewrite_cdn_urls(body, prefix, versions)
        context["body"] = body
        for problem in problems:
            logger.warning(
                f"{pagename}: {problem}; update package.json", type="emiskit", subtype="offline"
            )
        leftovers |= set(CDN_URL.findall(body))
    for url in sorted(leftovers):
        logger.warning(
            f"{pagename}: the page loads {url} from the internet, so it will not work "
            "offline; vendor it in emiskit/sphinxext/offline.py",
            type="emiskit",
            subtype="offline",
        )


# Pages Sphinx writes that are not documents of the book.
GENERATED_PAGES = {"index", "genindex", "search", "py-modindex"}


def remove_stale_pages(outdir: Path, docnames: set[str]) -> list[Path]:
    """Delete HTML pages left by earlier builds of documents the book no longer has.

    Sphinx never deletes outputs, so a page removed from the table of contents would
    otherwise still be published (and still be searched by the browser tests).
    """
    removed = []
    for page in outdir.rglob("*.html"):
        name = page.relative_to(outdir).with_suffix("").as_posix()
        if name.startswith("_") or name in GENERATED_PAGES or name in docnames:
            continue
        page.unlink()
        removed.append(page)
    return removed


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        for page in remove_stale_pages(Path(app.outdir), set(app.env.found_docs)):
            logger.info(f"removed stale page {page}")


def _fingerprint() -> int:
    """A number that changes when this extension or its static files change, so that
    Sphinx rebuilds every page instead of keeping pages written by an older version."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(OWN_STATIC.iterdir()):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _on_config_inited)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
    return {
        "version": "1",
        "env_version": _fingerprint(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
